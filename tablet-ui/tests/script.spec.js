// The script supervisor's view beyond rolling and marking: finding a scene, a new setup and a new
// scene without leaving the view, a pickup in one tap, a note from a quick phrase, and undo.

import { expect, test } from './fixtures.js';
import { pairTablet, takes } from './tablet.js';

test('a scene is found, a setup and a scene are added, a pickup rolled, a note made and undone', async ({ page, slated }) => {
  await pairTablet(page, slated, 'script', 'Script iPad');
  await expect(page.getByTestId('scenes')).toContainText('Scene 12');
  await page.getByTestId('scene-search').fill('13');
  await expect(page.getByTestId('scenes')).not.toContainText('Scene 12');
  await page.getByTestId('scene-search').press('Enter');
  await expect(page.getByTestId('current-setup')).toHaveText('Scene 13 · Setup A');

  // A new setup on scene 13 (it has A and B): C, current at once.
  await page.getByTestId('new-setup').click();
  await expect(page.getByTestId('current-setup')).toHaveText('Scene 13 · Setup C');
  await expect(page.getByTestId('next-take')).toHaveText('Take 1');

  // A pickup in one tap, then cut; a quick phrase goes into the notes.
  await page.getByTestId('roll-pickup').click();
  await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
  await page.getByTestId('roll-cut').click();
  await expect(page.getByTestId('take-1')).toContainText('PU');
  await page.getByTestId('status-ng').click();
  await page.getByRole('button', { name: 'Boom in shot' }).click();
  await expect(page.getByTestId('notes')).toHaveValue('Boom in shot');
  await expect.poll(async () => (await takes(slated))[0]?.notes).toBe('Boom in shot');
  let logged = (await takes(slated))[0];
  expect(logged).toMatchObject({ scene: '13', setup: 'C', take: 1, kind: 'pickup', status: 'ng' });

  // Undo takes back this tablet's last change: the note, then the NG.
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await takes(slated))[0].notes).toBe('');
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await takes(slated))[0].status).toBe('none');
  await expect(page.getByTestId('status-ng')).toHaveAttribute('aria-pressed', 'false');

  // A scene added on set: it comes with setup A and is current.
  await page.getByTestId('scene-search').fill('');
  await page.getByTestId('new-scene-number').fill('99');
  await page.getByTestId('new-scene').click();
  await expect(page.getByTestId('current-setup')).toHaveText('Scene 99 · Setup A');
  const scenes = await slated.api('GET', '/api/v1/scenes');
  expect(scenes.json.scenes.at(-1)).toMatchObject({ number: '99', setups: [{ letter: 'A' }] });
  logged = await takes(slated);
  expect(logged).toHaveLength(1);
});

test('a director tablet gets no roll control and cannot add scenes', async ({ page, slated }) => {
  await pairTablet(page, slated, 'director', 'Director iPad');
  await expect(page.getByTestId('tab-script')).toHaveCount(0);
  await page.goto(`${slated.url}/#/script`);
  await expect(page.getByTestId('filter-all')).toBeVisible();
  await expect(page.getByTestId('roll-cut')).toHaveCount(0);
});

test.describe('with the set\'s own quick phrases', () => {
  test.use({ slatedOptions: { extraConfig: '[tablet]\nquick_phrases = ["Siren", "Dog barking"]\n' } });

  test('the quick notes are the ones the box is set up with', async ({ page, slated }) => {
    await pairTablet(page, slated, 'script', 'Script iPad');
    await expect(page.getByTestId('current-setup')).toHaveText('Scene 12 · Setup A');
    await page.getByTestId('roll-cut').click();
    await expect(page.getByTestId('roll-cut')).toHaveText(/^CUT/);
    await page.getByTestId('roll-cut').click();
    const phrases = page.getByRole('group', { name: 'Quick notes' }).getByRole('button');
    await expect(phrases).toHaveText(['Siren', 'Dog barking']);
    await page.getByRole('button', { name: 'Dog barking' }).click();
    await expect.poll(async () => (await takes(slated))[0]?.notes).toBe('Dog barking');
  });
});
