// What the walk found: the pairing page on a phone, the take log above the fold on a landscape
// iPad, the marks next to ROLL on a phone, the director's cards (marks, grouped by setup, a choice of
// camera), and an offline reload that does not claim every clip is on a take.

import { expect, test } from './fixtures.js';
import { logTake, pairTablet, setupId } from './tablet.js';

const PHONE = { width: 390, height: 844 };

function within(box, size) {
  return box && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

test('the pairing page fits a phone and does not say Offline before pairing', async ({ browser, slated }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${slated.url}/`);
  for (const testid of ['pin', 'pair']) {
    expect(within(await page.getByTestId(testid).boundingBox(), PHONE), testid).toBe(true);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByTestId('connection')).toBeHidden();
  await expect(page.locator('body')).not.toContainText('Offline');
  await context.close();
});

test('the take log starts above the fold in landscape, and the marks are not below ROLL on a phone', async ({ browser, slated }) => {
  await logTake(slated, await setupId(slated, '12', 'A'), 0);
  const landscape = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  let page = await landscape.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('take-1')).toBeVisible();
  const log = await page.getByTestId('take-1').boundingBox();
  expect(log.y + log.height).toBeLessThanOrEqual(768);
  await landscape.close();

  const phone = await browser.newContext({ viewport: PHONE });
  page = await phone.newPage();
  await pairTablet(page, slated, 'script', 'Script phone');
  const marks = await page.getByTestId('status-circled').boundingBox();
  const roll = await page.getByTestId('roll-cut').boundingBox();
  expect(marks.y + marks.height).toBeLessThanOrEqual(roll.y);
  expect(within(roll, PHONE)).toBe(true);
  expect(within(await page.getByTestId('marked-take').boundingBox(), PHONE)).toBe(true);
  await phone.close();
});

test('director cards show the marks, are grouped by setup, and play the camera chosen', async ({ page, slated }) => {
  await pairTablet(page, slated, 'director', 'Director iPad');
  const twelve = await setupId(slated, '12', 'A');
  const take = await logTake(slated, twelve, 3);
  const pickup = await slated.api('POST', `/api/v1/setups/${twelve}/roll`, { kind: 'pickup', mos: true });
  await slated.api('POST', `/api/v1/takes/${pickup.json.id}/cut`);
  const wild = await slated.api('POST', `/api/v1/setups/${await setupId(slated, '13', 'A')}/roll`, { wild: true });
  await slated.api('POST', `/api/v1/takes/${wild.json.id}/cut`);
  await expect(page.getByTestId('setup-group-12-A').getByTestId('take-title')).toHaveCount(2);
  await expect(page.getByTestId('setup-group-13-A').getByTestId('take-tags')).toContainText('WT');
  const pickupCard = page.locator(`[data-take="${pickup.json.id}"]`);
  await expect(pickupCard.getByTestId('take-tags')).toHaveText('PUMOS');

  // Two cameras rolled take 1: a card from each, both over the take's timecode.
  const [hours, minutes, seconds, frames] = take.roll_tc.split(/[:;]/).map(Number);
  const start = ((hours * 60 + minutes) * 60 + seconds) * 24 + frames + 12;
  const pad = (value) => String(value).padStart(2, '0');
  const startTc = `${pad(Math.floor(start / 86400) % 24)}:${pad(Math.floor(start / 1440) % 60)}:${pad(Math.floor(start / 24) % 60)}:${pad(start % 24)}`;
  for (const roll of ['A009', 'B009']) {
    const card = await slated.makeCard(`${roll}R1AB`, { roll, clips: 1, frames: 24, startTc });
    expect((await slated.api('POST', '/api/v1/offloads', { source: card })).status).toBe(202);
  }
  const card = page.locator(`[data-take="${take.id}"]`);
  await expect(card.getByTestId('play-camera-B')).toBeVisible({ timeout: 60000 });
  await expect(card.getByTestId('thumbnail')).toHaveAttribute('alt', /camera A/, { timeout: 60000 });
  await card.getByTestId('play-camera-B').click();
  await expect(card.getByTestId('play-camera-B')).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByTestId('thumbnail')).toHaveAttribute('alt', /camera B/, { timeout: 60000 });
});

test('an offline reload does not claim every clip is on a take', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect(page.getByTestId('unmatched')).toContainText('Every clip is on a take.');
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('unmatched')).toContainText('cannot be known');
  await expect(page.getByTestId('unmatched')).not.toContainText('Every clip is on a take.');
  await context.close();
});
