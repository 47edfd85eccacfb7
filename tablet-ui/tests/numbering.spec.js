// Take numbers from the box, and time to the frame: the tablet shows the number the box will give
// (per setup, across days), a roll sends the number and the instant the tablet showed, and a cut's
// timecode on the box is the one on screen when CUT was tapped.

import { expect, test } from './fixtures.js';
import { logTake, pairTablet, setupId, takes } from './tablet.js';

test('after slate day new the tablet shows the number the box gives, and the roll gets it', async ({ page, slated }) => {
  const setup = await setupId(slated, '12', 'A');
  for (let n = 0; n < 5; n += 1) await logTake(slated, setup, 0);
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12-A').click();
  await expect(page.getByTestId('next-take')).toHaveText('Take 6');

  const day = await slated.slate('day', 'new');
  expect(day.code, day.stderr).toBe(0);
  // A new day: no take of it yet, but the setup's numbers go on from day 1.
  await expect(page.getByTestId('take-5')).toHaveCount(0);
  await expect(page.getByTestId('next-take')).toHaveText('Take 6');
  await expect(page.getByTestId('roll-number')).toHaveText('12-A/6');

  const rolled = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/api/v1/setups/${setup}/roll`));
  await page.getByTestId('roll-cut').click();
  expect((await rolled).postDataJSON()).toMatchObject({ number: 6 });
  await expect.poll(async () => (await takes(slated)).map((take) => take.take)).toEqual([6]);
  await expect(page.getByTestId('take-6')).toBeVisible();
  await expect(page.getByTestId('next-take')).toHaveText('Take 6 rolling');
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('next-take')).toHaveText('Take 7');
});

test('with a fixed page clock the cut the box records is the timecode shown at the tap', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12-B').click();
  // A minute ago, at a millisecond inside a frame: what a tap sends is what was on screen.
  const fixed = Math.floor(Date.now() / 1000) * 1000 - 60_000 + 517;
  await page.clock.setFixedTime(fixed);
  const timecode = page.getByTestId('timecode');
  await expect(timecode).toHaveText(/^\d\d:\d\d:\d\d:\d\d$/);
  await page.waitForTimeout(300);
  const shownAtRoll = await timecode.textContent();
  const number = await page.getByTestId('next-take').textContent();

  const rolled = page.waitForRequest((request) => request.method() === 'POST' && request.url().includes('/roll'));
  await page.getByTestId('roll-cut').click();
  const rollBody = (await rolled).postDataJSON();
  expect(rollBody.number).toBe(Number(number.replace('Take ', '')));
  expect(Math.abs(Date.parse(rollBody.at) - fixed)).toBeLessThan(1000);
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.waitForTimeout(300);
  const shownAtCut = await timecode.textContent();

  const cut = page.waitForRequest((request) => request.method() === 'POST' && request.url().includes('/cut'));
  await page.getByTestId('roll-cut').click();
  const cutBody = (await cut).postDataJSON();
  expect(cutBody.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
  // The screen says ROLL as soon as the cut is queued; the box has it a moment later.
  await expect.poll(async () => (await takes(slated))[0]?.cut_tc).toBe(shownAtCut);
  const [take] = await takes(slated);
  expect(take.roll_tc).toBe(shownAtRoll);
  await expect(page.getByTestId('take-1')).toContainText(`${shownAtRoll} – ${shownAtCut}`);
});

test('two tablets, one offline, roll the same setup: both takes keep their numbers and both flag the clash', async ({ browser, slated }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const script = await first.newPage();
  const other = await second.newPage();
  await pairTablet(script, slated, 'script', 'Script iPad');
  await pairTablet(other, slated, 'script', 'Second unit iPad');
  for (const page of [script, other]) {
    await page.getByTestId('setup-12-B').click();
    await expect(page.getByTestId('next-take')).toHaveText('Take 1');
  }
  await second.setOffline(true);
  await expect(other.getByTestId('connection')).toHaveText(/Offline/);
  // The offline tablet rolls first, the online one a moment later: both slates said take 1.
  await other.getByTestId('roll-cut').click();
  await script.getByTestId('roll-cut').click();
  await other.getByTestId('roll-cut').click();
  await script.getByTestId('roll-cut').click();
  await second.setOffline(false);
  await expect(other.getByTestId('queued')).toHaveText('All marks sent', { timeout: 15000 });

  await expect.poll(async () => (await takes(slated)).map((take) => take.take)).toEqual([1, 1]);
  const logged = await takes(slated);
  expect(logged.every((take) => take.clash.length === 1)).toBe(true);
  for (const [name, page] of [['online tablet', script], ['offline tablet', other]]) {
    await expect(page.getByTestId('clash'), name).toHaveCount(2);
    await expect(page.getByTestId('clash').first()).toHaveText('CLASH — take 1 twice');
  }
  await other.getByTestId('tab-director').click();
  await expect(other.locator('[data-testid="clash"]:visible')).toHaveCount(2);
  await expect(other.getByTestId('clash').first()).toHaveText('CLASH — take 1 twice');

  // Resolved by hand on the script view: renumber one take; the flags go on every view.
  const row = script.getByTestId('take-1').first();
  await row.getByTestId('renumber').click();
  await row.getByTestId('renumber-number').fill('2');
  const renumbered = script.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith('/number'));
  await row.getByTestId('renumber-apply').click();
  expect((await renumbered).request().postDataJSON()).toEqual({ number: 2 });
  expect((await renumbered).status()).toBe(200);
  await expect.poll(async () => (await takes(slated)).map((take) => take.take).sort()).toEqual([1, 2]);
  await expect(script.getByTestId('clash')).toHaveCount(0);
  // The tablet that rolled offline hears of it too, on the director's cards it is showing (each
  // card keeps a hidden flag) and on the script view.
  await expect(other.getByTestId('clash').first()).toBeHidden();
  await expect(other.locator('[data-testid="clash"]:visible')).toHaveCount(0);
  await other.getByTestId('tab-script').click();
  await expect(other.getByTestId('clash')).toHaveCount(0);
  await first.close();
  await second.close();
});
