// Touch and legibility: every control a finger uses is at least 44×44 CSS px in each view, in
// landscape and portrait on a tablet and on a phone; a screenshot of each is kept for people to
// look at (test-results/screenshots).

import path from 'node:path';
import { expect, test } from './fixtures.js';
import { logTake, pairTablet, setupId } from './tablet.js';

const SIZES = [
  { name: 'landscape', width: 1024, height: 768 },
  { name: 'portrait', width: 768, height: 1024 },
  { name: 'phone', width: 390, height: 844 },
];

// Screenshots go beside the test results, where people look for them: test-results/screenshots.
function shot(testInfo, name) {
  return path.join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
}

// Every visible control: buttons, links used as tabs, fields and choices.
async function tooSmall(page) {
  return page.evaluate(() => {
    const small = [];
    for (const element of document.querySelectorAll('button, a[href], input, select, textarea')) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      if (box.width < 44 || box.height < 44) {
        small.push(`${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || element.name || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

test('every control is at least 44×44 px in each view and orientation', async ({ browser, slated }, testInfo) => {
  await logTake(slated, await setupId(slated, '12', 'A'), 1);
  const card = await slated.makeCard('A001R1AB', { clips: 1, frames: 24 });
  await slated.api('POST', '/api/v1/offloads', { source: card });

  for (const size of SIZES) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const page = await context.newPage();
    await page.goto(`${slated.url}/`);
    await expect(page.getByTestId('pin')).toBeVisible();
    expect(await tooSmall(page), `pairing, ${size.name}`).toEqual([]);
    await page.screenshot({ path: shot(testInfo, `pairing-${size.name}`), fullPage: true });

    await pairTablet(page, slated, 'dit', `DIT ${size.name}`);
    for (const view of ['script', 'director', 'dit']) {
      await page.getByTestId(`tab-${view}`).click();
      await expect(page.getByTestId(`tab-${view}`)).toHaveAttribute('aria-current', 'page');
      if (view === 'script') await expect(page.getByTestId('take-1')).toBeVisible();
      if (view === 'director') await expect(page.getByTestId('take-title')).toHaveText('12-A/1');
      if (view === 'dit') await expect(page.getByTestId('verdict').first()).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
      expect(await tooSmall(page), `${view}, ${size.name}`).toEqual([]);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${view}, ${size.name}`).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: shot(testInfo, `${view}-${size.name}`), fullPage: true });
    }
    await context.close();
  }
});

test('the light theme is one tap away and stays chosen', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
