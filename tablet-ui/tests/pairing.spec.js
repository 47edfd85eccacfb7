// Pairing: a PIN from `slate pair` pairs the tablet; a wrong one is refused; a tablet revoked on
// the box goes back to pairing and says why.

import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

test('a PIN from the box pairs the tablet and its role decides the views', async ({ page, slated }) => {
  const session = await pairTablet(page, slated, 'script', 'Script iPad');
  expect(session.role).toBe('script');
  await expect(page.getByTestId('tab-script')).toBeVisible();
  await expect(page.getByTestId('tab-director')).toBeVisible();
  await expect(page.getByTestId('tab-dit')).toHaveCount(0);
  const devices = await slated.api('GET', '/api/v1/devices');
  expect(devices.json.devices.map((device) => device.name)).toContain('Script iPad');
  // Paired for good: a reload stays paired.
  await page.reload();
  await expect(page.getByTestId('current-setup')).toHaveText(/Scene 12 · Setup A/);
});

test('a wrong PIN is refused and nothing is paired', async ({ page, slated }) => {
  await page.goto(`${slated.url}/`);
  const right = await slated.pin('director');
  const wrong = right === '000000' ? '000001' : '000000';
  await page.getByTestId('pin').fill(wrong);
  await page.getByTestId('pair').click();
  await expect(page.getByTestId('pair-message')).toHaveText(/wrong, used or expired/);
  await expect(page.getByTestId('pin')).toBeVisible();
  const devices = await slated.api('GET', '/api/v1/devices');
  expect(devices.json.devices.filter((device) => device.role === 'director')).toHaveLength(0);
});

test('a tablet revoked on the box returns to pairing with the reason', async ({ page, slated }) => {
  const session = await pairTablet(page, slated, 'director', 'Director iPad');
  const revoked = await slated.slate('revoke', String(session.device));
  expect(revoked.code).toBe(0);
  await expect(page.getByTestId('pin')).toBeVisible();
  await expect(page.getByTestId('pair-message')).toHaveText(/unpaired/);
  expect(await page.evaluate(() => localStorage.getItem('slate.session'))).toBeNull();
});
