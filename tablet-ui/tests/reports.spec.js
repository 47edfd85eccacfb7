// The PDF reports on the tablet: the DIT downloads a card's offload report from its offload, and
// the script supervisor the day's Editor's Log and Daily Progress Report from the Deliverables
// panel, each under the box's name and as a real PDF.

import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

/** Taps `button` and returns the download it starts: {name, bytes}. */
async function downloadFrom(page, button) {
  const started = page.waitForEvent('download');
  await button.click();
  const download = await started;
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

test("the DIT view downloads a finished card's offload report", async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const card = await slated.makeCard('A004R1AB', { roll: 'A004', clips: 2, frames: 24 });
  const started = await slated.api('POST', '/api/v1/offloads', { source: card });
  expect(started.status).toBe(202);
  const offload = page.getByTestId(`offload-${started.json.id}`);
  await expect(offload.getByTestId('verdict')).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
  const file = await downloadFrom(page, offload.getByTestId('offload-report'));
  expect(file.name).toBe('A004_offload.pdf');
  expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(offload.getByTestId('report-message')).toHaveText('Saved A004_offload.pdf.');
});

test("the script view downloads the day's Editor's Log and Progress Report as PDF", async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  const day = (await slated.api('GET', '/api/v1/project')).json.day;
  const row = page.getByTestId('deliverables').getByTestId(`day-${day.id}`);
  const number = String(day.number).padStart(2, '0');
  const log = await downloadFrom(page, row.getByTestId('download-editors-log'));
  expect(log.name).toBe(`Night_Run_day${number}_${day.date}_editors-log.pdf`);
  expect(log.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const progress = await downloadFrom(page, row.getByTestId('download-progress'));
  expect(progress.name).toBe(`Night_Run_day${number}_${day.date}_progress.pdf`);
  expect(progress.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
