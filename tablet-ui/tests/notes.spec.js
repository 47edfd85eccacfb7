// Nothing typed is lost: a note being typed is a draft of its take, kept on the tablet through ROLL,
// a quick phrase (which adds to it), a view change, a reload and a dropped Wi-Fi, until it is saved
// (Save, or leaving the field); the tablet says which state the note is in.

import { expect, test } from './fixtures.js';
import { eventKinds, pairTablet, takes } from './tablet.js';

test('a note typed and not saved survives ROLL, a quick phrase, a reload and offline, and arrives once', async ({ browser, slated }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByTestId('setup-12-A').click();
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^ROLL/);
  await expect(page.getByTestId('marked-take')).toHaveText('Marking 12-A/1');

  const notes = page.getByTestId('notes');
  await notes.fill('Soft on the pull');
  await expect(page.getByTestId('note-state')).toHaveText('Draft — not saved');

  // ROLL: take 2 rolls, and the note stays with take 1, still a draft.
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await expect(page.getByTestId('marked-take')).toHaveText('Marking 12-A/1');
  await expect(notes).toHaveValue('Soft on the pull');

  // A quick phrase adds to what is typed, it does not replace it.
  await page.getByRole('button', { name: 'Plane overhead' }).click();
  const typed = 'Soft on the pull; Plane overhead';
  await expect(notes).toHaveValue(typed);
  await expect(page.getByTestId('note-state')).toHaveText('Draft — not saved');

  await page.reload();
  await expect(notes).toHaveValue(typed);
  await expect(page.getByTestId('marked-take')).toHaveText('Marking 12-A/1');
  await expect(page.getByTestId('note-state')).toHaveText('Draft — not saved');

  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/Offline/);
  await page.reload();
  await expect(notes).toHaveValue(typed);
  // Nothing was sent: a draft is the tablet's until it is saved.
  expect((await takes(slated))[0].notes).toBe('');

  await page.getByTestId('save-note').click();
  await expect(page.getByTestId('note-state')).toHaveText('Queued');
  await context.setOffline(false);
  await expect(page.getByTestId('queued')).toHaveText('All marks sent', { timeout: 15000 });
  await page.getByTestId('take-1').click();
  await expect(page.getByTestId('note-state')).toHaveText('Saved');
  await expect(notes).toHaveValue(typed);

  const logged = await takes(slated);
  expect(logged[0]).toMatchObject({ take: 1, notes: typed });
  expect(logged[1].notes).toBe('');
  // Once: a single change of the notes in the box's log.
  expect((await eventKinds(slated)).filter((kind) => kind === 'take.updated')).toHaveLength(1);
  await context.close();
});

test('leaving the field saves the note, and it is still there after another view', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  const notes = page.getByTestId('notes');
  await notes.fill('Dolly bump at the end');
  await expect(page.getByTestId('note-state')).toHaveText('Draft — not saved');
  await page.getByTestId('tab-director').click();
  await expect(page.getByTestId('take-title')).toHaveText('12-A/1');
  await page.getByTestId('tab-script').click();
  await expect(notes).toHaveValue('Dolly bump at the end');
  await expect.poll(async () => (await takes(slated))[0].notes).toBe('Dolly bump at the end');
  await expect(page.getByTestId('note-state')).toHaveText('Saved');
});
