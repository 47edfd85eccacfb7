// Editorial's deliverables on the tablet: each day's ALE and CSV downloaded from the DIT's and the
// script supervisor's views under the box's file name, an error answer said to the user, and the
// wrap check of the day, live as takes are rolled and cut and clips come in, kept when the box
// cannot be reached. The director's view has neither.

import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';
import { pairTablet, setupId } from './tablet.js';

/** The current day as the box has it: {id, number, date, …}. */
async function currentDay(slated) {
  const answer = await slated.api('GET', '/api/v1/project');
  expect(answer.status).toBe(200);
  return answer.json.day;
}

/** Taps `button` and returns the download it starts: {name, bytes}. */
async function downloadFrom(page, button) {
  const started = page.waitForEvent('download');
  await button.click();
  const download = await started;
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** The start timecode of a clip that begins half a second into a take rolled at `rollTc` (23.976). */
function clipStartIn(rollTc) {
  const [hours, minutes, seconds, frames] = rollTc.split(/[:;]/).map(Number);
  const start = ((hours * 60 + minutes) * 60 + seconds) * 24 + frames + 12;
  const pad = (value) => String(value).padStart(2, '0');
  return `${pad(Math.floor(start / 86400) % 24)}:${pad(Math.floor(start / 1440) % 60)}:${pad(Math.floor(start / 24) % 60)}:${pad(start % 24)}`;
}

test("the DIT view downloads the current day's ALE under the box's name", async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const day = await currentDay(slated);
  const row = page.getByTestId('deliverables').getByTestId(`day-${day.id}`);
  await expect(row).toContainText(`Day ${day.number}`);
  const sent = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/exports/ale');
  const file = await downloadFrom(page, row.getByTestId('download-ale'));
  // With the tablet's token in the header (a plain link could not send it), for this day.
  const request = await sent;
  expect(new URL(request.url()).searchParams.get('day')).toBe(String(day.id));
  expect(await request.headerValue('authorization')).toMatch(/^Bearer \S+$/);
  expect(file.name).toBe(`Night_Run_day${String(day.number).padStart(2, '0')}_${day.date}.ale`);
  expect(file.bytes.toString('utf8')).toMatch(/^Heading\r?\n/);
  await expect(page.getByTestId('deliverables-message')).toHaveText(`Saved ${file.name}.`);
});

test("the script view downloads the editor's log as CSV with Excel's byte-order mark", async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const day = await currentDay(slated);
  const row = page.getByTestId('deliverables').getByTestId(`day-${day.id}`);
  const file = await downloadFrom(page, row.getByTestId('download-csv'));
  expect(file.name).toMatch(new RegExp(`^Night_Run_day${String(day.number).padStart(2, '0')}_${day.date}\\.csv$`));
  expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
});

test('a day the box refuses to export says why, and saves nothing', async ({ page, slated }) => {
  // The box lists a day it no longer has (another tablet's listing, a day since removed): its
  // export answers 404 with a message, which the tablet shows.
  await page.route('**/api/v1/days', async (route) => {
    const answer = await route.fetch();
    const body = await answer.json();
    body.days.push({ id: 9999, number: 0, date: '2026-01-01', unit: 'main', started_at: '2026-01-01T08:00:00.000Z', current: false, takes: 0 });
    await route.fulfill({ response: answer, json: body });
  });
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const refused = await slated.api('GET', '/api/v1/exports/ale?day=9999');
  expect(refused.status).toBe(404);
  expect(refused.json.error.message).toBeTruthy();
  let downloads = 0;
  page.on('download', () => {
    downloads += 1;
  });
  await page.getByTestId('day-9999').getByTestId('download-ale').click();
  const message = page.getByTestId('deliverables-message');
  await expect(message).toBeVisible();
  await expect(message).toContainText('The ALE of day 0 was not made');
  await expect(message).toContainText(refused.json.error.message);
  expect(downloads).toBe(0);
});

test('the wrap check lists a take rolled and never cut, and follows it as it is cut and its clip comes in', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const check = page.getByTestId('wrap-check');
  const summary = check.getByTestId('check-summary');
  const day = await currentDay(slated);
  await expect(summary).toHaveText(`Day ${day.number} is complete`);

  // Another tablet rolls 12-A on camera A only and does not cut it.
  const rolled = await slated.api('POST', `/api/v1/setups/${await setupId(slated, '12', 'A')}/roll`, { cameras: ['A'] });
  expect([200, 201]).toContain(rolled.status);
  const neverCut = check.getByTestId('check-never_cut');
  await expect(neverCut.locator('h3')).toHaveText(/^Never cut/);
  const { items } = (await slated.api('GET', `/api/v1/check?day=${day.id}`)).json;
  const item = items.find((each) => each.kind === 'never_cut');
  expect(item.take_id).toBe(rolled.json.id);
  await expect(neverCut.getByTestId('check-item')).toHaveText(item.message);
  // (A take still rolling has no clip yet either: its camera is missing too.)
  await expect(summary).toHaveText(`Day ${day.number}: ${items.length} item${items.length === 1 ? '' : 's'} to look at`);

  // Cut (after the clip below would end): not "never cut" any more, but camera A has no clip of it.
  await new Promise((done) => setTimeout(done, 3000));
  expect((await slated.api('POST', `/api/v1/takes/${rolled.json.id}/cut`)).status).toBe(200);
  await expect(neverCut).toHaveCount(0);
  const missing = check.getByTestId('check-camera_missing');
  await expect(missing.locator('h3')).toHaveText(/^Camera missing/);

  // Its item opens the take: the marks go to it.
  await page.getByTestId('setup-13-A').click();
  await expect(page.getByTestId('current-setup')).toHaveText('Scene 13 · Setup A');
  await missing.getByRole('button').first().click();
  await expect(page.getByTestId('current-setup')).toHaveText('Scene 12 · Setup A');
  await expect(page.getByTestId('marked-take')).toHaveText(`Marking ${rolled.json.name ?? '12-A/1'}`);

  // Camera A's card, shot during the take, offloaded safe: the day is complete.
  const card = await slated.makeCard('A001R1AB', { roll: 'A001', clips: 1, frames: 48, startTc: clipStartIn(rolled.json.roll_tc) });
  expect((await slated.api('POST', '/api/v1/offloads', { source: card })).status).toBe(202);
  await expect(summary).toHaveText(`Day ${day.number} is complete`, { timeout: 60000 });
  await expect(check.getByTestId('check-item')).toHaveCount(0);
});

test('the wrap check says when the box cannot be reached and keeps its last result', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const check = page.getByTestId('wrap-check');
  const rolled = await slated.api('POST', `/api/v1/setups/${await setupId(slated, '12', 'A')}/roll`, { cameras: ['A'] });
  expect([200, 201]).toContain(rolled.status);
  await expect(check.getByTestId('check-never_cut')).toBeVisible();
  await expect(check.getByTestId('check-offline')).toBeHidden();
  const before = await check.getByTestId('check-summary').textContent();
  expect(before).toMatch(/ items? to look at$/);

  await page.context().setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);
  await expect(check.getByTestId('check-offline')).toHaveText(/^The box cannot be reached: this is the check from /);
  await check.getByTestId('check').click();
  await expect(check.getByTestId('check')).toBeEnabled();
  await expect(check.getByTestId('check-offline')).toBeVisible();
  await expect(check.getByTestId('check-never_cut')).toBeVisible();
  await expect(check.getByTestId('check-summary')).toHaveText(before);

  // Back: checked again at once, without a tap.
  await page.context().setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText('Connected', { timeout: 20000 });
  await expect(check.getByTestId('check-offline')).toBeHidden();
  await expect(check.getByTestId('check-never_cut')).toBeVisible();
});

test("the director's view has neither the wrap check nor the downloads", async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('wrap-check')).toBeVisible();
  await expect(page.getByTestId('deliverables')).toBeVisible();
  await page.getByTestId('tab-director').click();
  await expect(page.getByTestId('filter-all')).toBeVisible();
  await expect(page.getByTestId('wrap-check')).toHaveCount(0);
  await expect(page.getByTestId('deliverables')).toHaveCount(0);

  const director = await page.context().browser().newContext();
  const directorPage = await director.newPage();
  await pairTablet(directorPage, slated, 'director', 'Director iPad');
  await expect(directorPage.getByTestId('filter-all')).toBeVisible();
  await expect(directorPage.getByTestId('wrap-check')).toHaveCount(0);
  await expect(directorPage.getByTestId('deliverables')).toHaveCount(0);
  await expect(directorPage.getByTestId('download-ale')).toHaveCount(0);
  await director.close();
});
