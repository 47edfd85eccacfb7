// Steps the specs share: pairing a browser context as a tablet, and reading what the box holds.

import { expect } from '@playwright/test';

/** Opens the app in `page`, pairs it with a fresh PIN for `role`, and waits for it to be live. */
export async function pairTablet(page, slated, role, name = `${role} tablet`) {
  await page.goto(`${slated.url}/`);
  await page.getByTestId('pin').fill(await slated.pin(role));
  await page.getByTestId('device-name').fill(name);
  await page.getByTestId('pair').click();
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  // Loaded: the day is on the tablet (what it would open with offline).
  await page.waitForFunction(() => localStorage.getItem('slate.snapshot') !== null);
  return page.evaluate(() => JSON.parse(localStorage.getItem('slate.session')));
}

/** The current day's takes, as the box has them. */
export async function takes(slated) {
  const answer = await slated.api('GET', '/api/v1/takes');
  expect(answer.status).toBe(200);
  return answer.json.takes;
}

/** The id of scene `number`'s setup `letter` in the shot list. */
export async function setupId(slated, number, letter) {
  const answer = await slated.api('GET', '/api/v1/scenes');
  const scene = answer.json.scenes.find((each) => each.number === number);
  return scene.setups.find((each) => each.letter === letter).id;
}

/** Rolls and cuts a take through the API (as another tablet would), `seconds` long. */
export async function logTake(slated, setup, seconds = 1) {
  const rolled = await slated.api('POST', `/api/v1/setups/${setup}/roll`, {});
  // 201 from a box that answers a new take as created, 200 from an older one.
  expect([200, 201]).toContain(rolled.status);
  await new Promise((done) => setTimeout(done, seconds * 1000));
  const cut = await slated.api('POST', `/api/v1/takes/${rolled.json.id}/cut`);
  expect(cut.status).toBe(200);
  return cut.json;
}

/** The kinds of every event in the box's log, oldest first (read from its catalogue). */
export async function eventKinds(slated) {
  const { execFileSync } = await import('node:child_process');
  const database = `${slated.dir}/data/catalogue.db`;
  return execFileSync('/usr/bin/sqlite3', [database, 'SELECT kind FROM events ORDER BY sequence'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}
