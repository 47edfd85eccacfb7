// Playwright's `test` with a `slated` fixture: a real slated (tests/slated.js) for the spec file.
//
//   import { test, expect } from './fixtures.js';
//   test('...', async ({ page, slated }) => { await page.goto(slated.url + '/'); ... });
//
// Each test gets a fresh slated (a new temp folder, an empty catalogue with the demo shot list
// imported): starting one takes well under a second, and no test sees another's takes, offloads or
// paired tablets. A worker-scoped pool keeps the current daemon and the test (and options) it was
// started for; the test-scoped `slated` fixture stops it and starts a new one for the next test.
// The last one is stopped when the worker ends.
//
// Options: `test.use({ slatedOptions: { autoOffload: true } })` in a spec file.
// Test-scoped fixtures are not available in beforeAll/afterAll; use the tests themselves.

import { test as base, expect } from '@playwright/test';
import { startSlated } from './slated.js';

export const test = base.extend({
  slatedOptions: [{}, { option: true }],

  _slatedPool: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pool = { current: null, key: null };
      await use(pool);
      if (pool.current) {
        await pool.current.stop();
        pool.current = null;
      }
    },
    { scope: 'worker' },
  ],

  slated: async ({ _slatedPool: pool, slatedOptions }, use, testInfo) => {
    const key = JSON.stringify([testInfo.testId, slatedOptions]);
    if (pool.key !== key) {
      if (pool.current) {
        const old = pool.current;
        pool.current = null;
        pool.key = null;
        await old.stop();
      }
      pool.current = await startSlated(slatedOptions);
      pool.key = key;
    }
    await use(pool.current);
  },
});

export { expect };
