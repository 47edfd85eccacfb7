// The box's timecode clock on the script view: the running timecode is read from the box's clock
// (GET /api/v1/timecode and its timecode.changed events), not from the tablet's time of day; the
// clock's source and state sit beside it; "jam now" sets it by hand, and rolls and cuts are then
// stamped with the jammed clock, also when queued offline.

import path from 'node:path';
import { expect, test } from './fixtures.js';
import { pairTablet, takes } from './tablet.js';

const RATE = 24000 / 1001; // the test box's project runs at 23.976
const NOMINAL = 24;

/** "07:00:01:12" → frames since 00:00:00:00 at 23.976 (never drop-frame). */
function framesOf(text) {
  const found = /^(\d\d):(\d\d):(\d\d)[:;](\d\d)$/.exec(text);
  expect(found, `"${text}" is a timecode`).not.toBeNull();
  const [hours, minutes, seconds, frames] = found.slice(1).map(Number);
  return ((hours * 60 + minutes) * 60 + seconds) * NOMINAL + frames;
}

/** Frames from `earlier` to `later` (negative if `later` is before), across midnight if need be. */
function framesAfter(later, earlier) {
  const day = 24 * 3600 * NOMINAL;
  const apart = (((framesOf(later) - framesOf(earlier)) % day) + day) % day;
  return apart > day / 2 ? apart - day : apart;
}

// Screenshots go where touch.spec.js keeps its own: test-results/screenshots.
function shot(testInfo, name) {
  return path.join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
}

/** Opens "Jam…", types `timecode` and taps "Jam now"; resolves with the POST the tap sent. */
async function jamByHand(page, timecode) {
  await page.getByTestId('jam-open').click();
  await page.getByTestId('jam-timecode').fill(timecode);
  const sent = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/timecode/jam');
  await page.getByTestId('jam-apply').click();
  return sent;
}

test('on a fresh box the script view shows the time-of-day clock, free-running, and reads it', async ({ page, slated }) => {
  const box = await slated.api('GET', '/api/v1/timecode');
  expect(box.status).toBe(200);
  expect(box.json).toMatchObject({ source: 'time_of_day', state: 'free_run', rate: '23.976', drop_frame: false, message: '' });

  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('clock-state')).toHaveText('TOD · free-run');
  await expect(page.getByTestId('clock-state')).toHaveAttribute('data-tone', 'calm');
  await expect(page.getByTestId('clock-warning')).toBeHidden();
  // What the tablet shows is the box's reading counted on, to within a second (the screen is
  // redrawn eight times a second, and the tablet knows the box's clock to a few ms).
  const reading = (await slated.api('GET', '/api/v1/timecode')).json;
  const shown = await page.getByTestId('timecode').textContent();
  const elapsed = (Date.now() - Date.parse(reading.at)) / 1000;
  expect(Math.abs(framesAfter(shown, reading.timecode) - elapsed * RATE)).toBeLessThan(RATE);
});

test('a jam by hand: the timecode reads from the jam, and another tablet hears of it without reloading', async ({ browser, slated }, testInfo) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const script = await first.newPage();
  const other = await second.newPage();
  await pairTablet(script, slated, 'script', 'Script iPad');
  // The other tablet counts the timecode.changed events its stream brings, and is marked so that a
  // reload (which would lose the mark) cannot pass for an update.
  const heard = [];
  other.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (String(payload).includes('"timecode.changed"')) heard.push(JSON.parse(payload));
    }),
  );
  await pairTablet(other, slated, 'script', 'Second unit iPad');
  await expect(other.getByTestId('clock-state')).toHaveText('TOD · free-run');
  await other.evaluate(() => {
    window.notReloaded = true;
  });

  const answer = await jamByHand(script, '07:00:00:00');
  expect(answer.status()).toBe(200);
  const body = answer.request().postDataJSON();
  expect(body.timecode).toBe('07:00:00:00');
  expect(body.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(Math.abs(Date.parse(body.at) - Date.now())).toBeLessThan(5000);
  await expect(script.getByTestId('jam-timecode')).toBeHidden();

  // The running timecode now counts from 07:00:00:00: a few seconds after it at most (a value, not
  // a speed).
  await expect(script.getByTestId('timecode')).toHaveText(/^07:00:0\d:\d\d$/);
  const shown = await script.getByTestId('timecode').textContent();
  expect(framesAfter(shown, '07:00:00:00')).toBeGreaterThanOrEqual(0);
  expect(framesAfter(shown, '07:00:00:00')).toBeLessThan(5 * NOMINAL);
  await expect(script.getByTestId('clock-state')).toHaveText('Jammed by hand 07:00:00:00');
  const box = (await slated.api('GET', '/api/v1/timecode')).json;
  expect(box).toMatchObject({ state: 'free_run', jam: { timecode: '07:00:00:00', how: 'manual' } });

  // The other tablet, from the event alone.
  await expect(other.getByTestId('clock-state')).toHaveText('Jammed by hand 07:00:00:00');
  await expect(other.getByTestId('timecode')).toHaveText(/^07:00:\d\d:\d\d$/);
  const otherShows = framesAfter(await other.getByTestId('timecode').textContent(), '07:00:00:00');
  expect(otherShows >= 0 && otherShows < 10 * NOMINAL, `the other tablet is ${otherShows} frames past the jam`).toBe(true);
  expect(await other.evaluate(() => window.notReloaded)).toBe(true);
  expect(heard.some((event) => event.payload?.jam?.how === 'manual')).toBe(true);
  await script.screenshot({ path: shot(testInfo, 'timecode-jammed-landscape') });
  await first.close();
  await second.close();
});

test('a roll and a cut after a jam are stamped with the jammed clock, the very frames shown', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12-A').click();
  const jammed = await jamByHand(page, '07:00:00:00');
  expect(jammed.status()).toBe(200);
  await expect(page.getByTestId('clock-state')).toHaveText('Jammed by hand 07:00:00:00');

  // The page's clock held still at instants after the jam but already past for the box (which
  // takes no "at" from the future): what a tap sends is what was on screen, to the frame. The roll
  // is late in its frame (747 ms after the jam: frame 17.91) and the cut early in its (2010 ms:
  // frame 48.19): the box reads the cut on the clock (frame 48), so a cut shown as the roll's
  // timecode plus the take's length (17 + 30.28 frames: 47) would be a frame short.
  const jamAt = Date.parse((await jammed.json()).jam.at);
  const skew = Number(await page.evaluate(() => localStorage.getItem('slate.clockSkew'))) || 0;
  await page.waitForTimeout(Math.max(0, jamAt + 3000 - Date.now()));
  await page.clock.setFixedTime(jamAt + 747 - skew);
  const timecode = page.getByTestId('timecode');
  await page.waitForTimeout(300);
  const shownAtRoll = await timecode.textContent();
  expect(shownAtRoll).toBe('07:00:00:17');
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.clock.setFixedTime(jamAt + 2010 - skew);
  await page.waitForTimeout(300);
  const shownAtCut = await timecode.textContent();
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);

  await expect.poll(async () => (await takes(slated))[0]?.cut_tc ?? null).not.toBeNull();
  const [take] = await takes(slated);
  expect(take.roll_tc.startsWith('07:00:')).toBe(true);
  expect(take).toMatchObject({ roll_tc: shownAtRoll, cut_tc: shownAtCut, tc_source: 'manual' });
  expect(shownAtCut).toBe('07:00:02:00');
  await expect(page.getByTestId('take-1')).toContainText(`${shownAtRoll} – ${shownAtCut}`);
});

test('a jam during a take moves neither its timecode on screen nor its cut on the box', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12-A').click();
  const first = await jamByHand(page, '07:00:00:00');
  expect(first.status()).toBe(200);
  const firstAt = Date.parse((await first.json()).jam.at);
  const skew = Number(await page.evaluate(() => localStorage.getItem('slate.clockSkew'))) || 0;
  await page.waitForTimeout(Math.max(0, firstAt + 1500 - Date.now()));
  // Rolled 747 ms after the first jam (frame 17.91): 07:00:00:17.
  await page.clock.setFixedTime(firstAt + 747 - skew);
  await page.waitForTimeout(300);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await expect.poll(async () => (await takes(slated))[0]?.roll_tc ?? null).toBe('07:00:00:17');

  // Jammed again while the take rolls.
  await page.clock.setFixedTime(Date.now() - skew - 200);
  const second = await jamByHand(page, '08:00:00:00');
  expect(second.status()).toBe(200);
  const secondAt = Date.parse((await second.json()).jam.at);
  await expect(page.getByTestId('clock-state')).toHaveText('Jammed by hand 08:00:00:00');
  await page.waitForTimeout(Math.max(0, secondAt + 1500 - Date.now()));
  // Cut 500 ms after the second jam: still on the clock the roll was read on.
  await page.clock.setFixedTime(secondAt + 500 - skew);
  await page.waitForTimeout(300);
  const shownAtCut = await page.getByTestId('timecode').textContent();
  expect(shownAtCut).toMatch(/^07:00:\d\d:\d\d$/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
  await expect.poll(async () => (await takes(slated))[0]?.cut_tc ?? null).not.toBeNull();
  const [take] = await takes(slated);
  expect(take).toMatchObject({ roll_tc: '07:00:00:17', cut_tc: shownAtCut });
  // The next take is on the new clock.
  await expect(page.getByTestId('timecode')).toHaveText(/^08:00:0\d:\d\d$/);
});

test('offline: no jam is sent, and a roll and cut queued offline show the jammed clock', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12-A').click();
  expect((await jamByHand(page, '07:00:00:00')).status()).toBe(200);
  await expect(page.getByTestId('clock-state')).toHaveText('Jammed by hand 07:00:00:00');

  const jams = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/timecode/jam') jams.push(request.postDataJSON());
  });
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);
  await page.getByTestId('jam-open').click();
  await expect(page.getByTestId('jam-message')).toContainText('Offline');
  await page.getByTestId('jam-timecode').fill('08:00:00:00');
  await page.getByTestId('jam-apply').click();
  await expect(page.getByTestId('jam-message')).toContainText('nothing was sent');
  await expect(page.getByTestId('clock-state')).toHaveText('Jammed by hand 07:00:00:00');
  await page.getByTestId('jam-open').click();

  // Queued on the tablet: the placeholder's roll and cut read the jammed clock.
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await expect(page.getByTestId('take-1')).toContainText(/07:00:\d\d:\d\d rolling/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('take-1')).toContainText(/07:00:\d\d:\d\d – 07:00:\d\d:\d\d/);
  await expect(page.getByTestId('queued')).toHaveText('2 marks waiting');
  // A reload with no Wi-Fi keeps the box's clock.
  await page.reload();
  await expect(page.getByTestId('clock-state')).toHaveText('Jammed by hand 07:00:00:00');
  await expect(page.getByTestId('timecode')).toHaveText(/^07:00:\d\d:\d\d$/);

  await context.setOffline(false);
  await expect(page.getByTestId('queued')).toHaveText('All marks sent', { timeout: 15000 });
  const [take] = await takes(slated);
  expect(take.roll_tc).toMatch(/^07:00:/);
  expect(take.cut_tc).toMatch(/^07:00:/);
  expect(jams).toEqual([]);
  await context.close();
});

test('a timecode that does not exist is refused on the tablet, and the box\'s own refusal is shown', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const jams = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/timecode/jam') jams.push(request.postDataJSON());
  });
  await page.getByTestId('jam-open').click();
  for (const [typed, why] of [
    ['25:00:00:00', 'hours go from 00 to 23'],
    ['07:00:00:24', 'frames go from 00 to 23'],
    ['7:00', 'type HH:MM:SS:FF'],
  ]) {
    await page.getByTestId('jam-timecode').fill(typed);
    await page.getByTestId('jam-apply').click();
    await expect(page.getByTestId('jam-message')).toContainText(why);
    await expect(page.getByTestId('jam-message')).toBeVisible();
  }
  expect(jams).toEqual([]);
  await expect(page.getByTestId('clock-state')).toHaveText('TOD · free-run');

  // A body the tablet would never send, as if its check were missing: the box's 400 is shown.
  await page.route('**/api/v1/timecode/jam', (route) => route.continue({ postData: JSON.stringify({ timecode: '25:00:00:00', at: new Date().toISOString() }) }));
  await page.getByTestId('jam-timecode').fill('07:00:00:00');
  const refused = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/timecode/jam');
  await page.getByTestId('jam-apply').click();
  const answer = await refused;
  expect(answer.status()).toBe(400);
  const { error } = await answer.json();
  expect(error.message).toBeTruthy();
  await expect(page.getByTestId('jam-message')).toContainText(error.message);
  await expect(page.getByTestId('clock-state')).toHaveText('TOD · free-run');
  expect((await slated.api('GET', '/api/v1/timecode')).json.source).toBe('time_of_day');
});

test('an older box without /api/v1/timecode: the time of day, as before, and no jam control', async ({ page, slated }) => {
  await page.route('**/api/v1/timecode', (route) => route.fulfill({ status: 404, json: { error: { code: 'not_found', message: 'No such route.' } } }));
  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('clock-state')).toHaveText('TOD');
  await expect(page.getByTestId('jam-open')).toBeHidden();
  // The tablet's time of day on the box's clock, at the project's rate, within a frame or so.
  const [shown, expected] = await page.evaluate(async () => {
    const { clockNow } = await import('/lib/store.js');
    const { timecodeAt } = await import('/lib/timecode.js');
    const text = document.querySelector('[data-testid="timecode"]').textContent;
    return [text, timecodeAt(clockNow(), '23.976')];
  });
  expect(Math.abs(framesAfter(expected, shown))).toBeLessThanOrEqual(4);
  await expect(page.getByTestId('notice')).toBeHidden();
});

test.describe('on a box set to LTC with no signal on its input', () => {
  test.use({ slatedOptions: { extraConfig: '[timecode]\nsource = "ltc"\nltc_input = "file:/nonexistent/ltc.wav"\n' } });

  test('the script view warns in amber with the box\'s sentence, and it fits a phone and both tablet orientations', async ({ browser, slated }, testInfo) => {
    const box = (await slated.api('GET', '/api/v1/timecode')).json;
    expect(box).toMatchObject({ source: 'ltc', state: 'no_signal' });
    expect(box.message).not.toBe('');
    for (const size of [
      { name: 'phone', width: 390, height: 844 },
      { name: 'portrait', width: 768, height: 1024 },
      { name: 'landscape', width: 1024, height: 768 },
    ]) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
      const page = await context.newPage();
      await pairTablet(page, slated, 'script', `Script ${size.name}`);
      await expect(page.getByTestId('clock-state')).toHaveText('LTC · no signal');
      await expect(page.getByTestId('clock-state')).toHaveAttribute('data-tone', 'warn');
      await expect(page.getByTestId('clock-warning')).toBeVisible();
      await expect(page.getByTestId('clock-warning')).toHaveText(box.message);
      const colour = await page.getByTestId('clock-warning').evaluate((element) => getComputedStyle(element).color);
      expect(colour, 'the warning is amber (--warn)').toBe('rgb(255, 179, 64)');
      await page.getByTestId('jam-open').click();
      await page.getByTestId('jam-timecode').fill('25:00:00:00');
      await page.getByTestId('jam-apply').click();
      await expect(page.getByTestId('jam-message')).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${size.name}: nothing wider than the screen`).toBeLessThanOrEqual(size.width);
      for (const testid of ['timecode', 'clock-state', 'clock-warning', 'jam-open', 'jam-timecode', 'jam-apply', 'jam-message']) {
        const found = await page.getByTestId(testid).boundingBox();
        expect(found, testid).not.toBeNull();
        expect(found.x >= 0 && found.x + found.width <= size.width, `${size.name}: ${testid} within the width`).toBe(true);
      }
      await page.getByTestId('clock-state').scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot(testInfo, `timecode-no-signal-${size.name}`) });
      await context.close();
    }
  });
});

test('the clock\'s states in the words the script view uses', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const words = await page.evaluate(async () => {
    const { clockStateText } = await import('/views/script.js');
    const base = { rate: '23.976', drop_frame: false, timecode: '14:00:00:00', frames: 1209600, at: '2026-12-01T14:00:00.000Z', jam: null, holdover_since: null, message: '' };
    const since = new Date(2026, 11, 1, 14, 2).toISOString(); // 14:02 on this tablet's clock
    return [
      { ...base, source: 'time_of_day', state: 'free_run' },
      { ...base, source: 'ltc', state: 'locked' },
      { ...base, source: 'ltc', state: 'holdover', holdover_since: since },
      { ...base, source: 'ltc', state: 'refused' },
      { ...base, source: 'ltc', state: 'no_signal' },
      { ...base, source: 'time_of_day', state: 'free_run', jam: { timecode: '07:00:00:00', at: base.at, how: 'manual', by: 'device/1' } },
      { ...base, source: 'manual', state: 'free_run', jam: { timecode: '07:00:00:00', at: base.at, how: 'clip', by: 'device/1' } },
    ].map((clock) => {
      const { text, tone } = clockStateText(clock);
      return `${text} (${tone})`;
    });
  });
  expect(words).toEqual([
    'TOD · free-run (calm)',
    'LTC · locked (calm)',
    'LTC · holdover since 14:02 (warn)',
    'LTC refused (warn)',
    'LTC · no signal (warn)',
    'Jammed by hand 07:00:00:00 (calm)',
    'Jammed from a clip 07:00:00:00 (calm)',
  ]);
});

test('the running timecode is counted from the box\'s reading as the box counts it (values worked out by hand)', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const read = await page.evaluate(async () => {
    const { clockTimecode } = await import('/lib/timecode.js');
    const T0 = Date.parse('2026-12-01T14:00:00.000Z');
    const jammed = (timecode, frames, rate = '23.976', drop = false, readAt = '2026-12-01T14:00:00.000Z') => ({
      source: 'time_of_day',
      state: 'free_run',
      rate,
      drop_frame: drop,
      timecode,
      frames,
      at: readAt,
      jam: { timecode, at: '2026-12-01T14:00:00.000Z', how: 'manual', by: 'device/1' },
    });
    return [
      // An hour of real time after a 06:00:00:00 jam at 23.976 (the figure).
      clockTimecode(jammed('06:00:00:00', 518400), T0 + 3_600_000),
      // Read 40 ms after the jam (frame 0.96, so 07:00:00:00), shown 50 ms after it (frame 1.20):
      // 07:00:00:01, as the box stamps that instant, though only 10 ms passed since the reading.
      clockTimecode({ ...jammed('07:00:00:00', 604800), at: '2026-12-01T14:00:00.040Z' }, T0 + 50),
      // The same reading with no jam to count from: only the whole frames since the reading.
      clockTimecode({ ...jammed('07:00:00:00', 604800), at: '2026-12-01T14:00:00.040Z', jam: null, source: 'ltc' }, T0 + 50),
      // Midnight at 23.976: one frame (42 ms) after 23:59:59:23.
      clockTimecode(jammed('23:59:59:23', 2073599), T0 + 42),
      // 29.97 drop-frame: one frame (34 ms) after 00:00:59;29 is 00:01:00;02.
      clockTimecode(jammed('00:00:59;29', 1799, '29.97', true), T0 + 34),
    ];
  });
  expect(read).toEqual(['06:59:56:09', '07:00:00:01', '07:00:00:00', '00:00:00:00', '00:01:00;02']);
});
