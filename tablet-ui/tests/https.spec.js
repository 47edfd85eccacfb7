// A tablet on the set's Wi-Fi reaches the box by name (slate.local), not at 127.0.0.1. Over HTTPS,
// with the box's CA trusted, the app is a secure context: its service worker opens it with no
// Wi-Fi, and marks made offline are applied once when the tablet is back. Over plain HTTP on that
// name the tablet is shown how to switch to HTTPS instead.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { eventKinds, takes } from './tablet.js';

test.use({ slatedOptions: { tls: true } });

/** Chromium with a home of its own whose NSS database trusts the box's CA, and slate.local
 * resolving to the box (here 127.0.0.1), as mDNS resolves it on a set. */
async function tabletTrusting(slated) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'slate-tablet-'));
  const nssdb = path.join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
  execFileSync('certutil', [
    '-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'Slate box',
    '-i', path.join(slated.dir, 'data', 'tls', 'ca.crt'),
  ]);
  const browser = await chromium.launch({
    executablePath: process.env.SLATE_CHROMIUM || '/usr/bin/chromium',
    env: { ...process.env, HOME: home },
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP slate.local 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

test('over HTTPS at slate.local the app opens offline and applies queued marks once', async ({ slated }) => {
  expect(slated.httpsPort).toBeGreaterThan(0);
  const tablet = await tabletTrusting(slated);
  try {
    const context = await tablet.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const origin = `https://slate.local:${slated.httpsPort}`;
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.getByTestId('pin').fill(await slated.pin('script'));
    await page.getByTestId('device-name').fill('Script iPad');
    await page.getByTestId('pair').click();
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await page.waitForFunction(() => localStorage.getItem('slate.snapshot') !== null);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.getByTestId('setup-12-A').click();
    await page.getByTestId('roll-cut').click();
    await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
    await page.getByTestId('roll-cut').click();
    await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
    await expect(page.getByTestId('queued')).toHaveText('All marks sent');
    // Take 1 rolled and cut on the box before the Wi-Fi goes.
    await expect.poll(async () => (await takes(slated)).map((take) => take.cut_tc !== null)).toEqual([true]);

    await context.setOffline(true);
    await expect(page.getByTestId('connection')).toHaveText(/Offline/);
    await page.getByTestId('status-circled').click();
    await page.getByTestId('roll-cut').click();
    await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
    await page.getByTestId('roll-cut').click();
    await expect(page.getByTestId('queued')).toHaveText('3 marks waiting');

    // No Wi-Fi and a reload: the service worker opens the app, with the day and the queue.
    await page.reload();
    await expect(page.getByTestId('queued')).toHaveText('3 marks waiting');
    await expect(page.getByTestId('take-2')).toBeVisible();
    expect(await takes(slated)).toHaveLength(1);

    await context.setOffline(false);
    await expect(page.getByTestId('queued')).toHaveText('All marks sent', { timeout: 15000 });
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    const logged = await takes(slated);
    expect(logged.map((take) => take.take)).toEqual([1, 2]);
    expect(logged[0].status).toBe('circled');
    const events = await eventKinds(slated);
    expect(events.filter((kind) => kind === 'take.rolled')).toHaveLength(2);
    expect(events.filter((kind) => kind === 'take.cut')).toHaveLength(2);
    await context.close();
  } finally {
    await tablet.close();
  }
});

test('over plain HTTP at slate.local the tablet is told to switch to HTTPS', async ({ slated }) => {
  const tablet = await tabletTrusting(slated);
  try {
    const page = await tablet.browser.newPage();
    await page.goto(`http://slate.local:${slated.port}/`);
    await expect(page).toHaveURL(`http://slate.local:${slated.port}/trust`);
    await expect(page.getByRole('heading', { name: 'Switch to HTTPS' })).toBeVisible();
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const open = page.getByRole('link', { name: `Open https://slate.local:${slated.httpsPort}/` });
    await expect(open).toBeVisible();
    // The link leads to the app over HTTPS, which this tablet already trusts.
    await open.click();
    await expect(page.getByTestId('pin')).toBeVisible();
    expect(page.url()).toBe(`https://slate.local:${slated.httpsPort}/`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  } finally {
    await tablet.close();
  }
});
