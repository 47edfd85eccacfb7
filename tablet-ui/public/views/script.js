// The script supervisor's view: the day's shot list by scene, one large Roll / Cut control for the
// current setup, marks in one tap each, notes, and undo. Every mark is shown at once and queued on
// the tablet until the box has it (lib/store.js), so a dropped Wi-Fi loses nothing.

import { request } from '../lib/api.js';
import { fill, fillIfChanged, h, reconcile } from '../lib/dom.js';
import { current as session, may } from '../lib/session.js';
import * as store from '../lib/store.js';
import { showUnmatched } from './unmatched.js';

const STATUSES = [
  ['circled', 'Circled'],
  ['hold', 'Hold'],
  ['ng', 'NG'],
  ['false_start', 'False start'],
];
export function scriptView(main) {
  const role = session()?.role;
  const canRoll = may(role, 'roll');
  let setupId = Number(localStorage.getItem('slate.currentSetup')) || null;
  let takeId = null; // the take marks go to; null: the setup's latest
  let cameras = null; // cameras toggled for the next roll; null: the setup's own
  let noteFor = null;

  const search = h('input', { type: 'search', class: 'search', placeholder: 'Scene', 'aria-label': 'Find a scene', 'data-testid': 'scene-search', inputmode: 'search' });
  const sceneList = h('div', { class: 'scenes', 'data-testid': 'scenes' });
  const newSceneNumber = h('input', { class: 'short', placeholder: 'New scene', 'aria-label': 'New scene number', maxlength: 16, 'data-testid': 'new-scene-number' });
  const newSceneButton = h('button', { type: 'submit', class: 'secondary', 'data-testid': 'new-scene' }, 'Add scene');
  const newScene = h('form', { class: 'inline' }, newSceneNumber, newSceneButton);

  const heading = h('h2', { class: 'current-setup', 'data-testid': 'current-setup' });
  const nextTake = h('span', { class: 'next-take', 'data-testid': 'next-take' });
  const newSetup = h('button', { class: 'secondary', 'data-testid': 'new-setup' }, 'New setup');
  const cameraToggles = h('div', { class: 'toggles', role: 'group', 'aria-label': 'Cameras rolling' });
  const rollCut = h('button', { class: 'roll', 'data-testid': 'roll-cut' });
  const rollPickup = h('button', { class: 'secondary', 'data-testid': 'roll-pickup' }, 'Roll pickup');
  const rollSeries = h('button', { class: 'secondary', 'data-testid': 'roll-series' }, 'Roll series');
  const timecode = h('div', { class: 'timecode', 'data-testid': 'timecode', 'aria-live': 'off' });
  const statusButtons = STATUSES.map(([status, label]) => h('button', { class: `mark status-${status}`, 'data-testid': `status-${status}`, 'aria-pressed': 'false', onclick: () => setStatus(status) }, label));
  const flagButtons = [
    h('button', { class: 'mark', 'data-testid': 'flag-mos', 'aria-pressed': 'false', onclick: () => toggle('mos') }, 'MOS'),
    h('button', { class: 'mark', 'data-testid': 'flag-wild', 'aria-pressed': 'false', onclick: () => toggle('wild') }, 'WT'),
  ];
  const markedTake = h('p', { class: 'marked-take', 'data-testid': 'marked-take' });
  const notes = h('textarea', { class: 'notes', rows: 2, maxlength: 2000, 'aria-label': 'Notes', placeholder: 'Notes', 'data-testid': 'notes' });
  const saveNote = h('button', { class: 'secondary', 'data-testid': 'save-note' }, 'Save note');
  const quick = h('div', { class: 'phrases', role: 'group', 'aria-label': 'Quick notes' });
  const undo = h('button', { class: 'secondary', 'data-testid': 'undo' }, 'Undo');
  const takeList = h('ol', { class: 'take-list', 'data-testid': 'takes' });
  const unmatched = h('ul', { class: 'plain' });
  store.need('unmatched');

  const view = h(
    'section',
    { class: 'script-view', 'aria-label': 'Script supervisor' },
    h('aside', { class: 'shotlist' }, search, sceneList, canRoll ? newScene : null),
    h(
      'div',
      { class: 'slate' },
      h('div', { class: 'slate-head' }, heading, nextTake, canRoll ? newSetup : null),
      canRoll ? cameraToggles : null,
      canRoll ? h('div', { class: 'roll-row' }, rollCut, h('div', { class: 'roll-kinds' }, rollPickup, rollSeries)) : null,
      timecode,
      markedTake,
      h('div', { class: 'marks', role: 'group', 'aria-label': 'Marks' }, statusButtons, flagButtons),
      h('div', { class: 'note-row' }, notes, saveNote),
      quick,
      h('div', { class: 'actions' }, undo),
      takeList,
      h('section', { class: 'panel', 'aria-label': 'Clips on no take', 'data-testid': 'unmatched' }, h('h2', {}, 'Clips on no take'), unmatched),
    ),
  );
  main.replaceChildren(view);

  function setups() {
    return store.state.scenes.flatMap((scene) => scene.setups.map((setup) => ({ scene, setup })));
  }
  function currentSetup() {
    const all = setups();
    return all.find((each) => each.setup.id === setupId) ?? all[0] ?? null;
  }
  function takesOf(id) {
    return store.state.takes.filter((take) => take.setup_id === id).sort((a, b) => a.take - b.take);
  }
  function rolling(id) {
    return takesOf(id).find((take) => !take.cut_tc) ?? null;
  }
  function markTarget() {
    const picked = currentSetup();
    if (!picked) return null;
    const list = takesOf(picked.setup.id);
    return list.find((take) => String(take.id) === String(takeId)) ?? list.at(-1) ?? null;
  }
  function choose(id) {
    setupId = id;
    takeId = null;
    cameras = null;
    localStorage.setItem('slate.currentSetup', String(id));
    update();
  }
  function rollWith(kind) {
    const picked = currentSetup();
    if (!picked) return;
    takeId = null;
    store.roll(picked.setup.id, { cameras: nextCameras(picked), kind });
  }
  function nextCameras(picked) {
    if (cameras) return cameras;
    const own = picked.setup.cameras ?? [];
    return own.length ? own : store.state.project?.cameras ?? ['A'];
  }
  function setStatus(status) {
    const take = markTarget();
    if (take) store.patch(take, { status: take.status === status ? 'none' : status });
  }
  function toggle(flag) {
    const take = markTarget();
    if (take) store.patch(take, { [flag]: !take[flag] });
  }
  function addPhrase(phrase) {
    const take = markTarget();
    if (!take) return;
    const text = take.notes ? `${take.notes}; ${phrase}` : phrase;
    notes.value = text;
    store.patch(take, { notes: text });
  }

  search.addEventListener('input', update);
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const match = setups().find(({ scene }) => scene.number.toUpperCase().startsWith(search.value.trim().toUpperCase()));
    if (match) choose(match.setup.id);
  });
  newScene.addEventListener('submit', async (event) => {
    event.preventDefault();
    const number = newSceneNumber.value.trim();
    if (!number) return;
    try {
      const scene = await request('POST', '/api/v1/scenes', { number });
      newSceneNumber.value = '';
      await reloadThen(() => choose(scene.setups[0].id));
    } catch (error) {
      store.notify(`Scene ${number} was not added: ${error.message}`);
    }
  });
  newSetup.addEventListener('click', async () => {
    const picked = currentSetup();
    if (!picked) return;
    try {
      const setup = await request('POST', `/api/v1/scenes/${picked.scene.id}/setups`, {});
      await reloadThen(() => choose(setup.id));
    } catch (error) {
      store.notify(`No new setup: ${error.message}`);
    }
  });
  async function reloadThen(action) {
    const scenes = await request('GET', '/api/v1/scenes');
    store.state.scenes = scenes.scenes;
    action();
    store.refresh('production');
  }
  rollCut.addEventListener('click', () => {
    const picked = currentSetup();
    if (!picked) return;
    const take = rolling(picked.setup.id);
    if (take) store.cut(take);
    else rollWith('normal');
  });
  rollPickup.addEventListener('click', () => rollWith('pickup'));
  rollSeries.addEventListener('click', () => rollWith('series'));
  saveNote.addEventListener('click', () => {
    const take = markTarget();
    if (take) store.patch(take, { notes: notes.value });
  });
  undo.addEventListener('click', () => store.undo());

  function update() {
    const state = store.state;
    const picked = currentSetup();
    const filter = search.value.trim().toUpperCase();
    // The shot list, by scene; the current setup highlighted.
    const scenes = state.scenes.filter((scene) => !filter || scene.number.toUpperCase().startsWith(filter));
    reconcile(
      sceneList,
      scenes,
      (scene) => scene.id,
      () => h('div', { class: 'scene' }, h('h3'), h('div', { class: 'setups' })),
      (element, scene) => {
        fillIfChanged(element.firstChild, JSON.stringify([scene.number, scene.omitted, scene.int_ext, scene.location]), `Scene ${scene.number}`, scene.omitted ? h('small', {}, ' omitted') : null, scene.location ? h('small', {}, ` ${scene.int_ext} ${scene.location}`.trimEnd()) : null);
        const counts = scene.setups.map((setup) => state.takes.filter((take) => take.setup_id === setup.id).length);
        fillIfChanged(
          element.lastChild,
          JSON.stringify([scene.setups.map((setup) => [setup.id, setup.letter]), counts, picked?.setup.id]),
          scene.setups.map((setup, index) => {
            const count = counts[index];
            return h(
              'button',
              {
                class: `setup${picked && picked.setup.id === setup.id ? ' current' : ''}`,
                'aria-current': picked && picked.setup.id === setup.id ? 'true' : undefined,
                'data-testid': `setup-${scene.number}-${setup.letter}`,
                onclick: () => choose(setup.id),
              },
              setup.letter,
              count ? h('small', {}, ` ${count}`) : null,
            );
          }),
        );
      },
    );

    showUnmatched(unmatched, state, may(role, 'assign'));
    if (!picked) {
      heading.textContent = 'No shot list yet';
      nextTake.textContent = '';
      return;
    }
    const running = rolling(picked.setup.id);
    heading.textContent = `Scene ${picked.scene.number} · Setup ${picked.setup.letter}`;
    nextTake.textContent = running ? `Take ${running.take} rolling` : `Take ${store.nextTakeNumber(picked.setup.id)}`;
    rollCut.textContent = running ? 'CUT' : 'ROLL';
    rollCut.dataset.state = running ? 'rolling' : 'stopped';
    rollPickup.disabled = rollSeries.disabled = Boolean(running);
    timecode.textContent = running ? store.runningTimecode(running) : '';
    timecode.hidden = !running;

    const selected = running ? running.cameras : nextCameras(picked);
    const all = [...new Set([...(state.project?.cameras ?? []), ...selected])];
    fillIfChanged(
      cameraToggles,
      JSON.stringify([all, selected, Boolean(running), picked.setup.id]),
      all.map((camera) =>
        h(
          'button',
          {
            class: 'camera',
            'aria-pressed': selected.includes(camera) ? 'true' : 'false',
            'data-testid': `camera-${camera}`,
            disabled: Boolean(running),
            onclick: () => {
              const base = nextCameras(picked);
              cameras = base.includes(camera) ? base.filter((each) => each !== camera) : [...base, camera].sort();
              update();
            },
          },
          camera,
        ),
      ),
    );

    // The one-tap notes, as the box's [tablet] quick_phrases set them.
    if (quick.dataset.phrases !== JSON.stringify(state.phrases)) {
      quick.dataset.phrases = JSON.stringify(state.phrases);
      fill(quick, state.phrases.map((phrase) => h('button', { class: 'phrase', onclick: () => addPhrase(phrase) }, phrase)));
    }

    const target = markTarget();
    markedTake.textContent = target ? `Marks go to take ${target.take}${target.waiting ? ' (waiting to be sent)' : ''}` : 'No take yet on this setup';
    for (const [index, [status]] of STATUSES.entries()) {
      statusButtons[index].setAttribute('aria-pressed', target?.status === status ? 'true' : 'false');
      statusButtons[index].disabled = !target;
    }
    flagButtons[0].setAttribute('aria-pressed', target?.mos ? 'true' : 'false');
    flagButtons[1].setAttribute('aria-pressed', target?.wild ? 'true' : 'false');
    for (const button of [...flagButtons, saveNote]) button.disabled = !target;
    if (target && (noteFor !== String(target.id) || document.activeElement !== notes)) {
      if (document.activeElement !== notes) notes.value = target.notes ?? '';
      noteFor = String(target.id);
    }

    reconcile(
      takeList,
      takesOf(picked.setup.id).reverse(),
      (take) => take.id,
      () => h('li', { class: 'take' }),
      (element, take) => {
        element.classList.toggle('selected', target && String(target.id) === String(take.id));
        element.dataset.status = take.status;
        element.dataset.testid = `take-${take.take}`;
        element.setAttribute('data-testid', `take-${take.take}`);
        element.onclick = () => {
          takeId = take.id;
          update();
        };
        fillIfChanged(
          element,
          JSON.stringify(take),
          h('strong', {}, `${take.scene}${take.setup}/${take.take}`),
          take.kind !== 'normal' ? h('span', { class: 'tag' }, take.kind === 'pickup' ? 'PU' : 'SER') : null,
          h('span', { class: `status status-${take.status}`, 'data-testid': 'take-status' }, take.status === 'none' ? '' : STATUSES.find(([status]) => status === take.status)?.[1]),
          take.flagged ? h('span', { class: 'flag', title: "Director's flag" }, '★') : null,
          take.mos ? h('span', { class: 'tag' }, 'MOS') : null,
          take.wild ? h('span', { class: 'tag' }, 'WT') : null,
          h('span', { class: 'tc' }, `${take.roll_tc}${take.cut_tc ? ` – ${take.cut_tc}` : ' rolling'}`),
          h('span', { class: 'cams' }, (take.cameras ?? []).join(' ')),
          take.clips?.length ? h('span', { class: 'clips' }, `${take.clips.length} clip${take.clips.length > 1 ? 's' : ''}`) : null,
          take.notes ? h('span', { class: 'take-notes' }, take.notes) : null,
          take.waiting ? h('span', { class: 'waiting', title: 'Waiting to be sent' }, '⏳') : null,
        );
      },
    );
  }

  // The running timecode, eight times a second, without redrawing the rest.
  const stopTicking = store.everyTick(() => {
    if (!view.isConnected) return stopTicking();
    const picked = currentSetup();
    const running = picked && rolling(picked.setup.id);
    if (running) timecode.textContent = store.runningTimecode(running);
  });

  update();
  return update;
}
