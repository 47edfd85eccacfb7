// Offline: marks made with no connection are kept on the tablet (through a reload), sent when the
// box is reachable again, and each applied exactly once.

import { expect, test } from './fixtures.js';
import { eventKinds, pairTablet, takes } from './tablet.js';

test('five marks made offline survive a reload and are applied once when back online', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByTestId('setup-12-A').click();
  // Take 1, logged while the Wi-Fi works.
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
  await expect(page.getByTestId('queued')).toHaveText('All marks sent');
  await expect.poll(async () => (await takes(slated)).length).toBe(1);

  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);
  // Five marks: circle take 1, MOS on it, a quick note, then roll and cut take 2.
  await page.getByTestId('status-circled').click();
  await page.getByTestId('flag-mos').click();
  await page.getByRole('button', { name: 'Plane overhead' }).click();
  const rolledOffline = Date.now();
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
  await expect(page.getByTestId('queued')).toHaveText('5 marks waiting');
  await expect(page.getByTestId('take-2')).toBeVisible();

  // A reload with no connection: the app opens from the tablet, with the day and the queue.
  await page.reload();
  await expect(page.getByTestId('queued')).toHaveText('5 marks waiting');
  await expect(page.getByTestId('take-2')).toBeVisible();
  await expect(page.getByTestId('take-1').getByTestId('take-status')).toHaveText('Circled');
  expect(await takes(slated)).toHaveLength(1);

  // Long enough offline that a mark stamped when sent could not pass for one stamped when made.
  await page.waitForTimeout(Math.max(0, rolledOffline + 4000 - Date.now()));
  await context.setOffline(false);
  await expect(page.getByTestId('queued')).toHaveText('All marks sent', { timeout: 15000 });
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  const logged = await takes(slated);
  expect(logged.map((take) => take.take)).toEqual([1, 2]);
  expect(logged[0]).toMatchObject({ status: 'circled', mos: true, notes: 'Plane overhead' });
  expect(logged[1].cut_tc).not.toBeNull();
  // Stamped when rolled on the tablet, not when the box heard of it (to the second).
  const rolledAt = Date.parse(logged[1].rolled_at);
  expect(rolledAt).toBeGreaterThanOrEqual(Math.floor(rolledOffline / 1000) * 1000 - 1000);
  expect(rolledAt).toBeLessThanOrEqual(rolledOffline + 1000);
  // Each mark once: one event per mark in the log.
  const events = await eventKinds(slated);
  expect(events.filter((kind) => kind === 'take.rolled')).toHaveLength(2);
  expect(events.filter((kind) => kind === 'take.cut')).toHaveLength(2);
  expect(events.filter((kind) => kind === 'take.updated')).toHaveLength(3);
  await context.close();
});
