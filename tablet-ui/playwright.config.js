// Browser tests of the tablet UI: @playwright/test drives Debian's Chromium (never a downloaded
// browser) against a real slated started by tests/slated.js. Run with `npx playwright test`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests',
  // One worker, one file at a time: each spec file gets its own slated (see tests/fixtures.js).
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.SLATE_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Even with the flags above, Chromium 156 looks up accounts.google.com and
        // update.googleapis.com. The tests only talk to slated on loopback: resolve nothing else.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    },
    viewport: { width: 1024, height: 768 },
    serviceWorkers: 'allow',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
