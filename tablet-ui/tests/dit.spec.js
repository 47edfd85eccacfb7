// The DIT's view: an offload runs to its verdict on screen, per destination, and a destination that
// fails says NOT SAFE with the reason.

import { mkdir, writeFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

test('an offload runs to completion in the DIT view and ends safe to format', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  await expect(page.getByTestId('destinations')).toContainText('raid');
  const card = await slated.makeCard('A001R1AB', { roll: 'A001', clips: 2, frames: 48 });
  const started = await slated.api('POST', '/api/v1/offloads', { source: card });
  expect(started.status).toBe(202);
  const offload = page.getByTestId(`offload-${started.json.id}`);
  await expect(offload).toBeVisible();
  await expect(offload.getByTestId('verdict')).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
  await expect(offload.getByTestId('destination-raid')).toContainText('verified');
  await expect(offload.getByTestId('destination-shuttle').locator('progress')).toHaveAttribute('value', '100');
});

test('a destination that fails shows NOT SAFE with its reason', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const card = await slated.makeCard('A002R1AB', { roll: 'A002', clips: 1, frames: 24 });
  // A drive where the card's folder cannot be made: a file is in its way.
  const blocked = `${slated.dir}/blocked`;
  await mkdir(blocked, { recursive: true });
  await writeFile(`${blocked}/A002`, 'not a folder');
  const started = await slated.api('POST', '/api/v1/offloads', { source: card, destinations: ['raid', blocked] });
  expect(started.status).toBe(202);
  const offload = page.getByTestId(`offload-${started.json.id}`);
  await expect(offload.getByTestId('verdict')).toHaveText('NOT SAFE', { timeout: 60000 });
  await expect(offload.getByTestId('offload-reason')).toContainText('at least 2 required');
  await expect(offload.locator('.destination.failed .reason')).toContainText('Not a directory');
});
