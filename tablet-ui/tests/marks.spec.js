// Marks on the script supervisor's view: the take a mark goes to is named in large type, a second
// tap on a mark says that it takes the mark off, undo says what it undid, wild tracks are chosen at
// roll, and the log shows every mark a script supervisor writes.

import { expect, test } from './fixtures.js';
import { pairTablet, takes } from './tablet.js';

async function rollAndCut(page, testid = 'roll-cut') {
  await page.getByTestId(testid).click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
}

test('the marked take is named large, un-circling is announced, and undo says what it undid', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12A-A').click();
  await rollAndCut(page);
  const target = page.getByTestId('marked-take');
  await expect(target).toHaveText('Marking 12A-A/1');
  // Large type: legible at arm's length, not a small grey line.
  const size = await target.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);

  const circle = page.getByTestId('status-circled');
  await expect(circle).toHaveText('Circle');
  await circle.click();
  await expect(circle).toHaveText('Circled ✓');
  await expect(circle).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await takes(slated))[0].status).toBe('circled');
  // A second tap un-circles, and says so.
  await circle.click();
  await expect(page.getByTestId('notice')).toHaveText('12A-A/1 un-circled.');
  await expect(circle).toHaveText('Circle');
  await expect.poll(async () => (await takes(slated))[0].status).toBe('none');

  await page.getByTestId('status-ng').click();
  await expect.poll(async () => (await takes(slated))[0].status).toBe('ng');
  await expect(page.getByTestId('take-1').getByTestId('take-tag')).toHaveText(['NG']);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('notice')).toHaveText(/^Undid .*12A-A\/1/);
  await expect.poll(async () => (await takes(slated))[0].status).toBe('none');
});

test('a wild track is chosen at roll, and the log shows PU, SER, WT, MOS, FS and NG', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12-B').click();
  const rolled = page.waitForRequest((request) => request.method() === 'POST' && request.url().includes('/roll'));
  await page.getByTestId('roll-wild').click();
  expect((await rolled).postDataJSON()).toMatchObject({ wild: true });
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  await expect.poll(async () => (await takes(slated))[0]?.wild).toBe(true);
  // No WT toggle afterwards: a wild track is what was rolled.
  await expect(page.getByTestId('flag-wild')).toHaveCount(0);

  await rollAndCut(page, 'roll-pickup');
  await page.getByTestId('flag-mos').click();
  await rollAndCut(page, 'roll-series');
  await page.getByTestId('status-false_start').click();
  await rollAndCut(page);
  await page.getByTestId('status-ng').click();
  await expect.poll(async () => (await takes(slated)).map((take) => [take.kind, take.mos, take.status])).toEqual([
    ['normal', false, 'none'],
    ['pickup', true, 'none'],
    ['series', false, 'false_start'],
    ['normal', false, 'ng'],
  ]);
  const tags = page.getByTestId('takes').getByTestId('take-tag');
  // Newest first.
  await expect(tags).toHaveText(['NG', 'SER', 'FS', 'PU', 'MOS', 'WT']);
});
