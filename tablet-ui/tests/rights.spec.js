// Rights from the box: the views a tablet gets and the controls it is offered come from
// GET /api/v1/session, not from a copy of the role table in the browser.

import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

test('the box says what the tablet may do', async ({ page, slated }) => {
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/session');
  await pairTablet(page, slated, 'script', 'Script iPad');
  const session = await (await answered).json();
  expect(session).toMatchObject({ role: 'script', rights: ['open', 'read', 'mark', 'log'] });
  await expect(page.getByTestId('tab-script')).toBeVisible();
  await expect(page.getByTestId('tab-director')).toBeVisible();
  await expect(page.getByTestId('tab-dit')).toHaveCount(0);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('slate.session')).rights)).toEqual(['open', 'read', 'mark', 'log']);
});

test('views and controls follow the rights the box serves, not the role the tablet paired with', async ({ page, slated }) => {
  // The box's answer for a tablet whose rights were narrowed to reading: a script tablet then gets
  // no roll control and no script view.
  await page.route('**/api/v1/session', (route) => route.fulfill({ json: { actor: 'device/1', role: 'script', name: 'Script iPad', rights: ['open', 'read'] } }));
  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('tab-script')).toHaveCount(0);
  await expect(page.getByTestId('tab-director')).toBeVisible();
  await expect(page.getByTestId('tab-dit')).toBeVisible();
  await expect(page.getByTestId('roll-cut')).toHaveCount(0);
});

test('an older box without /api/v1/session: the role the tablet paired with decides', async ({ page, slated }) => {
  await page.route('**/api/v1/session', (route) => route.fulfill({ status: 404, json: { error: { code: 'not_found', message: 'No such route.' } } }));
  await pairTablet(page, slated, 'director', 'Director iPad');
  await expect(page.getByTestId('tab-director')).toBeVisible();
  await expect(page.getByTestId('tab-script')).toHaveCount(0);
});
