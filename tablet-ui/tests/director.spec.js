// The director's view: takes as cards with their thumbnails, a proxy that plays inline, and a flag
// set on the tablet that the box has.

import { expect, test } from './fixtures.js';
import { logTake, pairTablet, setupId, takes } from './tablet.js';

test('a take shows its thumbnail, plays its proxy inline, and a flag reaches the box', async ({ page, slated }) => {
  await pairTablet(page, slated, 'director', 'Director iPad');
  // A take logged on another tablet, and the card that shot it offloaded: its clip lands on the
  // take by timecode and gets a thumbnail and a proxy.
  const take = await logTake(slated, await setupId(slated, '12', 'A'), 3);
  await expect(page.getByTestId('take-title')).toHaveText('12-A/1');
  const [hours, minutes, seconds, frames] = take.roll_tc.split(/[:;]/).map(Number);
  const start = ((hours * 60 + minutes) * 60 + seconds) * 24 + frames + 12;
  const pad = (value) => String(value).padStart(2, '0');
  const startTc = `${pad(Math.floor(start / 86400) % 24)}:${pad(Math.floor(start / 1440) % 60)}:${pad(Math.floor(start / 24) % 60)}:${pad(start % 24)}`;
  const card = await slated.makeCard('A003R1AB', { roll: 'A003', clips: 1, frames: 48, startTc });
  const started = await slated.api('POST', '/api/v1/offloads', { source: card });
  expect(started.status).toBe(202);

  const thumbnail = page.getByTestId('thumbnail');
  await expect(thumbnail).toBeVisible({ timeout: 60000 });
  await expect.poll(() => thumbnail.evaluate((image) => image.naturalWidth)).toBeGreaterThan(0);
  // The proxy: once it is made, a tap plays it.
  await expect.poll(async () => (await slated.api('GET', '/api/v1/clips')).json.clips.some((clip) => clip.proxy), { timeout: 60000 }).toBe(true);
  await expect(page.locator('.play')).toBeVisible({ timeout: 10000 });
  await page.locator('.media').first().click();
  const video = page.getByTestId('proxy');
  await expect(video).toBeVisible();
  await video.evaluate(
    (element) =>
      new Promise((resolve, reject) => {
        element.addEventListener('timeupdate', resolve, { once: true });
        element.addEventListener('error', () => reject(new Error(`video error ${element.error?.code}`)), { once: true });
        element.muted = true;
        element.play().catch(reject);
      }),
  );

  await page.getByTestId('flag').click();
  await expect(page.getByTestId('flag')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await takes(slated))[0].flagged).toBe(true);
  await page.getByTestId('filter-flagged').click();
  await expect(page.getByTestId('take-title')).toHaveText('12-A/1');
  await page.getByTestId('filter-circled').click();
  await expect(page.getByTestId('take-title')).toHaveCount(0);
});
