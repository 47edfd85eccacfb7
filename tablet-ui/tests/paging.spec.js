// Listings the box gives a page at a time: the tablet shows the first page of the clips on no take
// and the next ones on "More clips", following each page's `next` link.

import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

test('the clips on no take come a page at a time, the rest on More clips', async ({ page, slated }) => {
  // A production with 250 clips on no take. No card here could make that many in a test's time,
  // so the box's pages are given as it gives them: oldest first, `limit` rows after the cursor.
  const clips = Array.from({ length: 250 }, (_, n) => ({ id: n + 1, name: `A${String(n + 1).padStart(3, '0')}C001`, camera: 'A', roll: 'A001', start_tc: null, end_tc: null, rate: null, reason: 'no timecode' }));
  const asked = [];
  await page.route('**/api/v1/unmatched-clips*', async (route) => {
    const url = new URL(route.request().url());
    asked.push(url.pathname + url.search);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const after = url.searchParams.has('after') ? Number(url.searchParams.get('after').split('.')[1]) : 0;
    const rows = clips.filter((clip) => clip.id > after).slice(0, limit);
    const last = rows.at(-1);
    const next = last && last.id < clips.length ? `/api/v1/unmatched-clips?after=${last.id}.${last.id}&limit=${limit}` : null;
    await route.fulfill({ json: { clips: rows, next } });
  });
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const unmatched = page.getByTestId('unmatched');
  await expect(unmatched.locator('li.unmatched')).toHaveCount(100);
  await expect(unmatched).toContainText('A100C001');
  await expect(unmatched).not.toContainText('A101C001');
  const more = unmatched.getByTestId('unmatched-more');
  await more.click();
  await expect(unmatched.locator('li.unmatched')).toHaveCount(200);
  await expect(unmatched).toContainText('A200C001');
  await more.click();
  await expect(unmatched.locator('li.unmatched')).toHaveCount(250);
  await expect(more).toBeHidden();
  // Each page was asked for once from where the one before ended: the box's link, followed.
  expect(asked).toContain('/api/v1/unmatched-clips?after=200.200&limit=100');
});
