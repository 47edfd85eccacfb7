// Two tablets on the same day: what one logs, the other shows within a second, from the event
// stream.

import { expect, test } from './fixtures.js';
import { pairTablet, takes } from './tablet.js';

test('a take rolled, cut and circled on one tablet appears on the other within 1 s', async ({ browser, slated }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const script = await first.newPage();
  const other = await second.newPage();
  await pairTablet(script, slated, 'script', 'Script iPad');
  await pairTablet(other, slated, 'script', 'Second unit iPad');
  for (const page of [script, other]) await page.getByTestId('setup-12-B').click();

  await script.getByTestId('roll-cut').click();
  await expect(script.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await expect(script.getByTestId('timecode')).toHaveText(/^\d\d:\d\d:\d\d:\d\d$/);
  await expect(other.getByTestId('take-1')).toContainText('rolling', { timeout: 1000 });

  await script.getByTestId('roll-cut').click();
  await expect(other.getByTestId('take-1')).not.toContainText('rolling', { timeout: 1000 });

  await script.getByTestId('status-circled').click();
  await expect(other.getByTestId('take-1').getByTestId('take-status')).toHaveText('Circled', { timeout: 1000 });
  await expect(other.getByTestId('status-circled')).toHaveAttribute('aria-pressed', 'true');

  const logged = await takes(slated);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ scene: '12', setup: 'B', take: 1, status: 'circled' });
  expect(logged[0].cut_tc).not.toBeNull();
  await first.close();
  await second.close();
});
