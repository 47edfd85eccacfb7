// The day bar on the script supervisor's view: call, lunch, back in and wrap marked in one tap at
// the tap's time, shown in the tablet's time of day, changed only through a choice, live from other
// tablets and the API, and kept with their own time when marked offline.

import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

/** The current day as the box lists it. */
async function currentDay(slated) {
  const answer = await slated.api('GET', '/api/v1/days');
  expect(answer.status).toBe(200);
  return answer.json.days.find((day) => day.current);
}

/** "07:02": an instant in the page's time of day, as the tablet writes it. */
function localClock(page, iso) {
  return page.evaluate((at) => {
    const date = new Date(at);
    return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  }, iso);
}

test('tapping Call marks it now and shows its time; a marked one is cleared only through the choice', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('day-mark-call-time')).toHaveText('–');

  const before = Date.now();
  await page.getByTestId('day-mark-call').click();
  await expect.poll(async () => (await currentDay(slated)).marks.call ?? null).not.toBeNull();
  const called = (await currentDay(slated)).marks.call;
  expect(Date.parse(called)).toBeGreaterThanOrEqual(before - 2000);
  expect(Date.parse(called)).toBeLessThanOrEqual(Date.now() + 2000);
  await expect(page.getByTestId('day-mark-call-time')).toHaveText(await localClock(page, called));
  await expect(page.getByTestId('day-mark-call')).toHaveAttribute('aria-pressed', 'true');

  // A second tap asks; keeping it changes nothing.
  await page.getByTestId('day-mark-call').click();
  await expect(page.getByTestId('day-mark-choice')).toBeVisible();
  await page.getByTestId('day-mark-cancel').click();
  await expect(page.getByTestId('day-mark-choice')).toBeHidden();
  expect((await currentDay(slated)).marks.call).toBe(called);

  await page.getByTestId('day-mark-call').click();
  await page.getByTestId('day-mark-clear').click();
  await expect(page.getByTestId('day-mark-call-time')).toHaveText('–');
  await expect.poll(async () => (await currentDay(slated)).marks.call ?? null).toBeNull();
});

test('a mark made through the API, and one cleared, show on the tablet live', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const day = await currentDay(slated);
  const lunch = `${day.date}T12:30:00.000Z`;
  const listings = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/project') listings.push(request.url());
  });
  const marked = await slated.api('PUT', `/api/v1/days/${day.id}/marks/lunch`, { at: lunch });
  expect(marked.status).toBe(200);
  await expect(page.getByTestId('day-mark-lunch-time')).toHaveText(await localClock(page, lunch), { timeout: 1000 });
  await expect(page.getByTestId('day-mark-lunch')).toHaveAttribute('aria-pressed', 'true');

  const cleared = await slated.api('DELETE', `/api/v1/days/${day.id}/marks/lunch`);
  expect(cleared.status).toBe(200);
  await expect(page.getByTestId('day-mark-lunch-time')).toHaveText('–', { timeout: 1000 });
  // The event's payload was enough: the day was not loaded again for it.
  expect(listings).toEqual([]);
});

test('a wrap marked offline waits on the tablet and reaches the box with the time it was tapped', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);

  const tapped = Date.now();
  await page.getByTestId('day-mark-wrap').click();
  await expect(page.getByTestId('day-mark-wrap')).toHaveAttribute('data-waiting', 'true');
  await expect(page.getByTestId('day-mark-wrap-time')).not.toHaveText('–');
  await page.waitForTimeout(1500);
  const offlineUntil = Date.now();

  await context.setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await expect.poll(async () => (await currentDay(slated)).marks.wrap ?? null).not.toBeNull();
  const wrap = Date.parse((await currentDay(slated)).marks.wrap);
  expect(wrap).toBeGreaterThanOrEqual(tapped - 2000);
  expect(wrap).toBeLessThan(offlineUntil);
  await expect(page.getByTestId('day-mark-wrap')).toHaveAttribute('data-waiting', 'false');
  await context.close();
});

test('a back in before lunch is refused by the box and the tablet says so', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const day = await currentDay(slated);
  // Lunch an hour from now (another tablet's mistake): back in now is before it.
  const later = new Date(Date.now() + 3600_000).toISOString();
  expect((await slated.api('PUT', `/api/v1/days/${day.id}/marks/lunch`, { at: later })).status).toBe(200);
  await expect(page.getByTestId('day-mark-lunch')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('day-mark-lunch_end').click();
  await expect(page.getByText(/Back from lunch was not applied: .*back from lunch at .* would be before lunch/)).toBeVisible();
  await expect(page.getByTestId('day-mark-lunch_end-time')).toHaveText('–');
});

test('a tablet that only reads sees the day bar but cannot mark', async ({ page, slated }) => {
  const day = await currentDay(slated);
  expect((await slated.api('PUT', `/api/v1/days/${day.id}/marks/call`, { at: `${day.date}T07:00:00.000Z` })).status).toBe(200);
  await pairTablet(page, slated, 'viewer', 'Video village');
  // The viewer gets the director's view, which has no day bar: the marks are the script's.
  await expect(page.getByTestId('day-bar')).toHaveCount(0);
});
