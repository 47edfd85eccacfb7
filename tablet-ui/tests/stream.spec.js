// The tablet follows the event stream: after a reconnect it resumes with ?since=<last event seen>
// and applies the events' payloads to what it shows, instead of loading whole listings again.

import { expect, test } from './fixtures.js';
import { logTake, pairTablet, setupId, takes } from './tablet.js';

const LISTINGS = ['/api/v1/takes', '/api/v1/scenes', '/api/v1/project', '/api/v1/tablet'];

test('a tablet back from offline gets 20 marks in one ?since= replay and no listing is loaded again', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  const setup = await setupId(slated, '12', 'A');
  const logged = [];
  for (let n = 0; n < 20; n += 1) logged.push(await logTake(slated, setup, 0));
  await expect(page.getByTestId('take-20')).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);
  // Counted from here: what the tablet asks for once it is back.
  const listings = [];
  const streams = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (LISTINGS.includes(path)) listings.push(path);
  });
  page.on('websocket', (socket) => streams.push(socket.url()));

  // 20 marks made elsewhere while this tablet is away.
  for (const [index, take] of logged.entries()) {
    const marked = await slated.api('PATCH', `/api/v1/takes/${take.id}`, { notes: `Mark ${index + 1}` });
    expect(marked.status).toBe(200);
  }

  await context.setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  for (let n = 1; n <= 20; n += 1) {
    await expect(page.getByTestId(`take-${n}`)).toContainText(`Mark ${n}`);
  }
  expect(streams).toHaveLength(1);
  expect(new URL(streams[0]).searchParams.get('since')).toMatch(/^\d+$/);
  expect(listings).toEqual([]);
  await context.close();
});

test('a tablet back from offline applies rolls and cuts made meanwhile from their payloads', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  const setup = await setupId(slated, '12', 'A');
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);
  const listings = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (LISTINGS.includes(path)) listings.push(path);
  });
  for (let n = 0; n < 5; n += 1) await logTake(slated, setup, 0);
  await context.setOffline(false);
  await expect(page.getByTestId('take-5')).toBeVisible();
  await expect(page.getByTestId('next-take')).toHaveText('Take 6');
  expect(listings).toEqual([]);
  await context.close();
});

test('a take event late on the stream does not put a take the box already answered back as it was', async ({ page, slated }) => {
  // The stream lags the answers (a busy Wi-Fi): every event reaches the tablet 1.5 s after the box sent it.
  await page.routeWebSocket(/\/api\/v1\/events/, (socket) => {
    const box = socket.connectToServer();
    box.onMessage((message) => setTimeout(() => socket.send(message), 1500));
  });
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('setup-12A-A').click();
  const button = page.getByTestId('roll-cut');
  await button.click();
  await expect(button).toHaveText(/^CUT/);
  // The roll's answer is in: the cut goes out before the roll's event reaches the tablet.
  await expect(page.getByTestId('queued')).toHaveText('All marks sent');
  await button.click();
  await expect(button).toHaveText(/^ROLL/);
  // Every state the button shows from here on, until both events have come and gone.
  await button.evaluate((element) => {
    window.rollStates = [element.dataset.state];
    new MutationObserver(() => {
      if (window.rollStates.at(-1) !== element.dataset.state) window.rollStates.push(element.dataset.state);
    }).observe(element, { attributes: true, attributeFilter: ['data-state'] });
  });
  await expect.poll(async () => (await takes(slated))[0]?.cut_tc).toBeTruthy();
  await page.waitForTimeout(3000);
  expect(await page.evaluate(() => window.rollStates)).toEqual(['stopped']);
  await expect(page.getByTestId('take-1')).toContainText('12A-A/1');
});
