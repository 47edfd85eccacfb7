// The DIT's view: an offload runs to its verdict on screen, per destination, and a destination that
// fails says NOT SAFE with the reason.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';
import { pairTablet } from './tablet.js';

test('an offload runs to completion in the DIT view and ends safe to format', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  await expect(page.getByTestId('destinations')).toContainText('raid');
  const card = await slated.makeCard('A001R1AB', { roll: 'A001', clips: 2, frames: 48 });
  const started = await slated.api('POST', '/api/v1/offloads', { source: card });
  expect(started.status).toBe(202);
  const offload = page.getByTestId(`offload-${started.json.id}`);
  await expect(offload).toBeVisible();
  await expect(offload.getByTestId('verdict')).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
  await expect(offload.getByTestId('destination-raid')).toContainText('verified');
  await expect(offload.getByTestId('destination-shuttle').locator('progress')).toHaveAttribute('value', '100');
});

test('a destination that fails shows NOT SAFE with its reason', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const card = await slated.makeCard('A002R1AB', { roll: 'A002', clips: 1, frames: 24 });
  // A drive where the card's folder cannot be made: a file is in its way.
  const blocked = `${slated.dir}/blocked`;
  await mkdir(blocked, { recursive: true });
  await writeFile(`${blocked}/A002`, 'not a folder');
  const started = await slated.api('POST', '/api/v1/offloads', { source: card, destinations: ['raid', blocked] });
  expect(started.status).toBe(202);
  const offload = page.getByTestId(`offload-${started.json.id}`);
  await expect(offload.getByTestId('verdict')).toHaveText('NOT SAFE', { timeout: 60000 });
  await expect(offload.getByTestId('offload-reason')).toContainText('at least 2 required');
  await expect(offload.locator('.destination.failed .reason')).toContainText('Not a directory');
});

for (const role of ['dit', 'script']) {
  test(`a clip on no take is assigned to a take by the ${role} tablet`, async ({ page, slated }) => {
    await pairTablet(page, slated, role, `${role} tablet`);
    // A take, and a card shot at 03:00, a time no take covers.
    const setup = (await slated.api('GET', '/api/v1/scenes')).json.scenes[0].setups[0].id;
    const rolled = await slated.api('POST', `/api/v1/setups/${setup}/roll`, {});
    await slated.api('POST', `/api/v1/takes/${rolled.json.id}/cut`);
    const card = await slated.makeCard('A004R1AB', { roll: 'A004', clips: 1, frames: 24, startTc: '03:00:00:00' });
    expect((await slated.api('POST', '/api/v1/offloads', { source: card })).status).toBe(202);
    const unmatched = page.getByTestId('unmatched');
    await expect(unmatched).toContainText('A004', { timeout: 60000 });
    await expect(unmatched).toContainText('no take overlaps', { timeout: 60000 });
    await unmatched.locator('select').selectOption(String(rolled.json.id));
    await unmatched.getByRole('button', { name: 'Assign' }).click();
    await expect(unmatched).toContainText('Every clip is on a take.');
    const take = (await slated.api('GET', '/api/v1/takes')).json.takes[0];
    expect(take.clips).toHaveLength(1);
    expect(take.clips[0].method).toBe('manual');
  });
}

test('a card in the box is offloaded with one tap and ends safe to format', async ({ page, slated }) => {
  await pairTablet(page, slated, 'camera', 'Camera cart');
  // A card arrives (auto-offload is off in these tests): the DIT view offers to offload it.
  const made = await slated.makeCard('A005R1AB', { roll: 'A005', clips: 1, frames: 24 });
  await rename(made, `${slated.dir}/incoming/A005R1AB`);
  const card = page.getByTestId('card-A005');
  await expect(card.getByTestId('verdict')).toHaveText('Not offloaded', { timeout: 30000 });
  // By the id the box gave the card, never by its folder: a tablet may offload only what the box found.
  const { cards } = (await slated.api('GET', '/api/v1/cards')).json;
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/api/v1/cards/'));
  await card.getByTestId('offload-card').click();
  expect(new URL((await sent).url()).pathname).toBe(`/api/v1/cards/${cards[0].id}/offload`);
  expect((await sent).postData()).not.toContain('incoming');
  await expect(card.getByTestId('verdict')).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
  await expect(card.getByTestId('offload-card')).toHaveCount(0);
  const offloads = (await slated.api('GET', '/api/v1/offloads')).json.offloads;
  expect(offloads).toHaveLength(1);
  expect(offloads[0]).toMatchObject({ roll: 'A005', safe: true });
});

test('a viewer sees the cards but is offered nothing to change', async ({ page, slated }) => {
  await pairTablet(page, slated, 'viewer', 'Producer phone');
  await page.getByTestId('tab-dit').click();
  const made = await slated.makeCard('A006R1AB', { roll: 'A006', clips: 1, frames: 24 });
  await rename(made, `${slated.dir}/incoming/A006R1AB`);
  await expect(page.getByTestId('card-A006').getByTestId('verdict')).toHaveText('Not offloaded', { timeout: 30000 });
  await expect(page.getByTestId('offload-card')).toHaveCount(0);
});

test('final figures replace progress, and a second offload of a safe card shows its duplicate verdict', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const card = await slated.makeCard('A007R1AB', { roll: 'A007', clips: 4, frames: 24 });
  const first = await slated.api('POST', '/api/v1/offloads', { source: card });
  expect(first.status).toBe(202);
  const offload = page.getByTestId(`offload-${first.json.id}`);
  await expect(offload.getByTestId('verdict')).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
  const { total_files: files } = (await slated.api('GET', `/api/v1/offloads/${first.json.id}`)).json;
  expect(files).toBe(4);
  // The box's final count, not the last progress message.
  for (const destination of ['raid', 'shuttle']) {
    await expect(offload.getByTestId(`destination-${destination}`).getByTestId('figures')).toContainText('4 of 4 files verified');
  }

  const again = await slated.api('POST', '/api/v1/offloads', { source: card });
  expect(again.status).toBe(202);
  const second = page.getByTestId(`offload-${again.json.id}`);
  await expect(second.getByTestId('verdict')).toHaveText(/^Already safe — copied on /, { timeout: 30000 });
  await expect(page.getByTestId('offloads')).not.toContainText('Offloading…');
  // No staging or destination paths, and "1 file" never "1 files".
  await expect(page.getByTestId('offloads')).not.toContainText(slated.dir);
  await expect(page.getByTestId('offloads')).not.toContainText('/tmp/');
  await expect(page.locator('main')).not.toContainText(/\b1 files\b/);
});

test('camera downloads do not push card offloads off the list', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  const card = await slated.makeCard('A008R1AB', { roll: 'A008', clips: 1, frames: 24 });
  const started = await slated.api('POST', '/api/v1/offloads', { source: card });
  await expect(page.getByTestId(`offload-${started.json.id}`).getByTestId('verdict')).toHaveText('SAFE TO FORMAT', { timeout: 60000 });
  // A stills-heavy day: 30 one-file downloads from a tethered camera after the card. No camera
  // here can shoot them, so the listing the box would give is added to what it gives.
  await page.route('**/api/v1/offloads', async (route) => {
    const answer = await route.fetch();
    const body = await answer.json();
    const top = Math.max(...body.offloads.map((each) => each.id));
    for (let n = 1; n <= 30; n += 1) {
      body.offloads.unshift({ id: top + n, source: `${slated.dir}/data/tether/C${n}`, roll: 'S001', label: `DSC_${String(n).padStart(4, '0')}.NEF`, state: 'finished', verdict: 'safe', safe: true, reason: '', total_files: 1, total_bytes: 24_000_000, verify: 'full', destinations: [] });
    }
    await route.fulfill({ response: answer, json: body });
  });
  await page.reload();
  await expect(page.getByTestId('camera-downloads-summary')).toHaveText('30 files from tethered cameras · 30 safe');
  await expect(page.getByTestId(`offload-${started.json.id}`).getByTestId('verdict')).toHaveText('SAFE TO FORMAT');
  await expect(page.getByTestId('offloads')).not.toContainText('DSC_');
});

test('a tethered burst is one line whose file count grows as its stills come', async ({ page, slated }) => {
  await pairTablet(page, slated, 'dit', 'DIT cart');
  // No camera here can shoot a burst: the box's listing is given one batch that grows.
  let stills = 12;
  await page.route('**/api/v1/offloads', async (route) => {
    const answer = await route.fetch();
    const body = await answer.json();
    body.offloads.unshift({ id: 900, source: `${slated.dir}/data/tether/cam/1700000000000-1`, roll: 'STILLS', label: 'IMG_0001.JPG', state: stills < 30 ? 'copying' : 'finished', verdict: stills < 30 ? null : 'safe', safe: stills >= 30, reason: '', total_files: stills, total_bytes: stills * 5_000_000, verify: 'full', destinations: [] });
    await route.fulfill({ response: answer, json: body });
  });
  await page.reload();
  await expect(page.getByTestId('camera-downloads-summary')).toHaveText('12 files from tethered cameras in 1 batch · 0 safe · 12 copying');
  await expect(page.getByTestId('camera-download-900')).toContainText('IMG_0001.JPG (12 files) roll STILLS');
  stills = 30;
  // An offload's events have the tablet ask for the listing again (a batch's own are
  // offload.files_added, then offload.finished): here a card's.
  const card = await slated.makeCard('A009R1AB', { roll: 'A009', clips: 1, frames: 24 });
  await slated.api('POST', '/api/v1/offloads', { source: card });
  await expect(page.getByTestId('camera-downloads-summary')).toHaveText('30 files from tethered cameras in 1 batch · 30 safe', { timeout: 30000 });
  await expect(page.getByTestId('camera-download-900')).toContainText('IMG_0001.JPG (30 files) roll STILLS · SAFE TO FORMAT');
  await expect(page.getByTestId('offloads')).not.toContainText('IMG_0001');
});
