// The script supervisor's view: the day's shot list by scene, one large Roll / Cut control for the
// current setup showing the number the box will give, marks in one tap each on the take named in
// large type, notes kept as drafts until saved, and undo that says what it undid. Every mark is
// shown at once and queued on the tablet until the box has it (lib/store.js), so a dropped Wi-Fi
// loses nothing. Beside the running timecode: which clock it is read from and whether that clock
// can be trusted (GET /api/v1/timecode), and "jam now" for whoever may log. Below the log: the day's
// wrap check (an item about a take opens it) and each day's ALE and CSV for editorial. Above the
// slate: the day's call, lunch, back from lunch and wrap (views/day_bar.js).

import { request } from '../lib/api.js';
import { fill, fillIfChanged, h, reconcile } from '../lib/dom.js';
import { may } from '../lib/session.js';
import * as store from '../lib/store.js';
import { checkTimecode } from '../lib/timecode.js';
import { dayBar } from './day_bar.js';
import { deliverablesPanel, wrapCheckPanel } from './deliverables.js';
import { showUnmatched } from './unmatched.js';

const STATUSES = [
  ['circled', 'Circle', 'Circled ✓', 'un-circled'],
  ['hold', 'Hold', 'Hold ✓', 'taken off hold'],
  ['ng', 'NG', 'NG ✓', 'no longer NG'],
  ['false_start', 'False start', 'False start ✓', 'no longer a false start'],
];
const STATUS_TEXT = { circled: 'Circled', hold: 'Hold', ng: 'NG', false_start: 'FS' };
const NOTE_STATE = { draft: 'Draft — not saved', queued: 'Queued', saved: 'Saved' };

/** The tags a script supervisor writes beside a take: PU, SER, WT, MOS, FS, NG… */
export function takeTags(take) {
  const tags = [];
  if (take.kind === 'pickup') tags.push('PU');
  if (take.kind === 'series') tags.push('SER');
  if (take.wild) tags.push('WT');
  if (take.mos) tags.push('MOS');
  if (take.vfx) tags.push('VFX');
  if (take.status === 'false_start') tags.push('FS');
  if (take.status === 'ng') tags.push('NG');
  return tags;
}

const CLOCK_SOURCE = { time_of_day: 'TOD', manual: 'Manual', ltc: 'LTC' };
const CLOCK_STATE = { free_run: 'free-run', locked: 'locked', locking: 'locking', holdover: 'holdover', no_signal: 'no signal', refused: 'refused' };
// A clock locked to LTC or free-running from a jam is as good as the cameras'; anything else (LTC
// lost, refused, not there) is a clock to keep an eye on.
const CALM_CLOCK = new Set(['free_run', 'locked']);

/** "14:02" for an instant, in this tablet's time of day. */
function hoursMinutes(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * The clock the timecode comes from, in the words a script supervisor reads at a glance:
 * {text, tone ("calm" | "warn" | "unknown"), detail}. `missing`: an older box, which has no clock
 * but the time of day.
 */
export function clockStateText(clock, missing = false) {
  if (!clock) return missing ? { text: 'TOD', tone: 'calm', detail: 'Time of day (this box has no timecode clock)' } : { text: 'Clock not known yet', tone: 'unknown', detail: '' };
  const state = CLOCK_STATE[clock.state] ?? String(clock.state ?? '').replaceAll('_', ' ');
  const jam = clock.jam;
  let text;
  // `source` is the box's setting; the last jam says what the clock counts from now. A hand jam on
  // a time-of-day box is what the cameras were set to, and says so; LTC's state comes first.
  if (clock.source === 'ltc' && clock.state === 'refused') text = 'LTC refused';
  else if (clock.source === 'ltc' && clock.state === 'holdover') text = clock.holdover_since ? `LTC · holdover since ${hoursMinutes(clock.holdover_since)}` : 'LTC · holdover';
  else if (clock.source !== 'ltc' && jam?.how === 'manual') text = `Jammed by hand ${jam.timecode}`;
  else if (clock.source !== 'ltc' && jam?.how === 'clip') text = `Jammed from a clip ${jam.timecode}`;
  else text = `${CLOCK_SOURCE[clock.source] ?? clock.source} · ${state}`;
  const detail = [
    `${clock.rate} fps${clock.drop_frame ? ' drop-frame' : ''}`,
    jam ? `jammed to ${jam.timecode} at ${hoursMinutes(jam.at)} (${jam.how})` : 'never jammed',
    Number.isFinite(clock.drift_frames_per_hour) ? `drift ${clock.drift_frames_per_hour.toFixed(1)} frames/h` : null,
    clock.ltc ? `LTC ${clock.ltc.rate ?? ''} ${Number.isFinite(clock.ltc.level_dbfs) ? `${clock.ltc.level_dbfs.toFixed(1)} dBFS` : ''}, ${clock.ltc.dropouts ?? 0} dropouts`.replace(/\s+/g, ' ') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return { text, tone: CALM_CLOCK.has(clock.state) ? 'calm' : 'warn', detail };
}

/** "CLASH — take 3 twice" when the box says another live take of the setup has this number. */
export function clashText(take) {
  return Array.isArray(take.clash) && take.clash.length ? `CLASH — take ${take.take} twice` : '';
}

// A tap on a slate control must not take the focus from the note being typed: the keyboard stays
// up, and the note is not saved half-typed by the blur.
const keepFocus = { onmousedown: (event) => event.preventDefault() };

export function scriptView(main) {
  const canRoll = may('roll');
  const canMark = may('mark');
  const canRenumber = may('renumber');
  const canJam = may('jam');
  let setupId = Number(localStorage.getItem('slate.currentSetup')) || null;
  let takeId = null; // the take marks go to; null: the setup's latest
  let cameras = null; // cameras toggled for the next roll; null: the setup's own
  let noteFor = null; // the take whose note the field shows
  let shownAt = store.clockNow(); // the instant whose timecode is on screen
  let shownNumber = null; // the number ROLL shows
  let restored = false;
  let leaving = false;
  window.addEventListener('pagehide', () => {
    leaving = true;
  });

  const search = h('input', { type: 'search', class: 'search', placeholder: 'Scene', 'aria-label': 'Find a scene', 'data-testid': 'scene-search', inputmode: 'search' });
  const sceneList = h('div', { class: 'scenes', 'data-testid': 'scenes' });
  const newSceneNumber = h('input', { class: 'short', placeholder: 'New scene', 'aria-label': 'New scene number', maxlength: 16, 'data-testid': 'new-scene-number' });
  const newSceneButton = h('button', { type: 'submit', class: 'secondary', 'data-testid': 'new-scene' }, 'Add scene');
  const newScene = h('form', { class: 'inline' }, newSceneNumber, newSceneButton);

  const heading = h('h2', { class: 'current-setup', 'data-testid': 'current-setup' });
  const nextTake = h('span', { class: 'next-take', 'data-testid': 'next-take' });
  const newSetup = h('button', { class: 'secondary', 'data-testid': 'new-setup' }, 'New setup');
  const toScenes = h('button', { class: 'secondary to-scenes', onclick: () => sceneList.scrollIntoView({ block: 'start' }) }, 'Scenes');
  const cameraToggles = h('div', { class: 'toggles', role: 'group', 'aria-label': 'Cameras rolling' });
  const rollLabel = h('span', { class: 'roll-label' });
  const rollNumber = h('span', { class: 'roll-number', 'data-testid': 'roll-number' });
  const rollCut = h('button', { class: 'roll', 'data-testid': 'roll-cut', ...keepFocus }, rollLabel, rollNumber);
  const rollPickup = h('button', { class: 'secondary', 'data-testid': 'roll-pickup', ...keepFocus }, 'Roll PU');
  const rollSeries = h('button', { class: 'secondary', 'data-testid': 'roll-series', ...keepFocus }, 'Roll SER');
  const rollWild = h('button', { class: 'secondary', 'data-testid': 'roll-wild', ...keepFocus }, 'Roll WT');
  const timecode = h('div', { class: 'timecode', 'data-testid': 'timecode', 'aria-live': 'off' });
  const clockState = h('span', { class: 'clock-state', 'data-testid': 'clock-state', role: 'status' });
  const clockWarning = h('p', { class: 'clock-warning', 'data-testid': 'clock-warning', role: 'alert', hidden: true });
  const jamOpen = h('button', { type: 'button', class: 'secondary jam-open', 'data-testid': 'jam-open', 'aria-expanded': 'false', hidden: true }, 'Jam…');
  const jamTimecode = h('input', {
    class: 'jam-timecode',
    'data-testid': 'jam-timecode',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 11,
    placeholder: 'HH:MM:SS:FF',
    'aria-label': 'Timecode the sync box reads at the tap',
  });
  const jamApply = h('button', { type: 'submit', class: 'primary', 'data-testid': 'jam-apply' }, 'Jam now');
  const jamMessage = h('p', { class: 'jam-message', 'data-testid': 'jam-message', role: 'alert' });
  const jamForm = h(
    'form',
    { class: 'jam', hidden: true, 'aria-label': 'Jam the clock', novalidate: true },
    h('label', { class: 'jam-label' }, h('span', {}, 'Reads at the tap'), jamTimecode),
    jamApply,
    jamMessage,
  );
  let jamPressedAt = null; // the instant Jam now was pressed (box clock): the jam's "at"
  const statusButtons = STATUSES.map(([status]) => h('button', { class: `mark status-${status}`, 'data-testid': `status-${status}`, 'aria-pressed': 'false', ...keepFocus, onclick: () => setStatus(status) }));
  const mosButton = h('button', { class: 'mark', 'data-testid': 'flag-mos', 'aria-pressed': 'false', ...keepFocus, onclick: () => toggle('mos') }, 'MOS');
  const markedTake = h('p', { class: 'marked-take', 'data-testid': 'marked-take', 'aria-live': 'polite' });
  const notes = h('textarea', { class: 'notes', rows: 2, maxlength: 2000, 'aria-label': 'Notes', placeholder: 'Notes', 'data-testid': 'notes' });
  const saveNote = h('button', { class: 'secondary', 'data-testid': 'save-note', ...keepFocus }, 'Save note');
  const noteState = h('span', { class: 'note-state', 'data-testid': 'note-state', role: 'status' });
  const quick = h('div', { class: 'phrases', role: 'group', 'aria-label': 'Quick notes' });
  const undo = h('button', { class: 'secondary', 'data-testid': 'undo', ...keepFocus }, 'Undo');
  const takeList = h('ol', { class: 'take-list', 'data-testid': 'takes' });
  const unmatched = h('ul', { class: 'plain' });
  store.need('unmatched');
  // The wrap check's items about a take open that take here, for its marks and notes.
  const wrapCheck = wrapCheckPanel({ showTake: (id) => showTake(id) });
  const deliverables = deliverablesPanel();
  const day = dayBar();

  const view = h(
    'section',
    { class: 'script-view', 'aria-label': 'Script supervisor' },
    h('aside', { class: 'shotlist' }, search, sceneList, canRoll && may('scene') ? newScene : null),
    h(
      'div',
      { class: 'slate' },
      day.element,
      h('div', { class: 'slate-head' }, heading, nextTake, canRoll ? newSetup : null, toScenes),
      h('div', { class: 'marking' }, markedTake, h('div', { class: 'marks', role: 'group', 'aria-label': 'Marks' }, statusButtons, mosButton)),
      canRoll ? cameraToggles : null,
      canRoll ? h('div', { class: 'roll-row' }, rollCut, h('div', { class: 'roll-kinds' }, rollPickup, rollSeries, rollWild)) : null,
      h('div', { class: 'clock' }, h('div', { class: 'clock-row' }, timecode, clockState, canJam ? jamOpen : null), clockWarning, canJam ? jamForm : null),
      h('div', { class: 'note-row' }, notes, h('div', { class: 'note-side' }, saveNote, noteState)),
      quick,
      h('div', { class: 'actions' }, undo),
    ),
    h(
      'div',
      { class: 'log' },
      h('h2', { class: 'log-title' }, 'Takes'),
      takeList,
      h('section', { class: 'panel', 'aria-label': 'Clips on no take', 'data-testid': 'unmatched' }, h('h2', {}, 'Clips on no take'), unmatched),
      wrapCheck.element,
      deliverables.element,
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
  // Listings follow roll time, oldest first.
  function takesOf(id) {
    return store.state.takes
      .filter((take) => take.setup_id === id)
      .sort((a, b) => (a.rolled_at === b.rolled_at ? String(a.id).localeCompare(String(b.id)) : a.rolled_at < b.rolled_at ? -1 : 1));
  }
  function rolling(id) {
    return takesOf(id).findLast((take) => !take.cut_tc) ?? null;
  }
  function markTarget() {
    const picked = currentSetup();
    if (!picked) return null;
    const list = takesOf(picked.setup.id);
    return list.find((take) => String(take.id) === String(takeId)) ?? list.at(-1) ?? null;
  }
  function choose(id) {
    keepTypedNote();
    setupId = id;
    takeId = null;
    cameras = null;
    localStorage.setItem('slate.currentSetup', String(id));
    update();
  }
  /** Makes `id` the take marked, on its setup, and brings it into view. */
  function showTake(id) {
    const take = store.state.takes.find((each) => each.id === id);
    if (!take) return;
    if (take.setup_id !== currentSetup()?.setup.id) choose(take.setup_id);
    else keepTypedNote();
    takeId = take.id;
    update();
    takeList.querySelector(`[data-key="${CSS.escape(String(take.id))}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }
  function rollWith(kind, wild = false) {
    const picked = currentSetup();
    if (!picked) return;
    // A note still being typed stays with its take: marks keep going to it until it is saved.
    const target = markTarget();
    takeId = target && store.hasDraft(target) ? target.id : null;
    const number = wild ? store.nextWildNumber(picked.setup.id) ?? undefined : shownNumber ?? store.nextTakeNumber(picked.setup.id);
    store.roll(picked.setup.id, { cameras: nextCameras(picked), kind, ...(wild ? { wild: true } : {}) }, { number, at: store.clockNow() });
  }
  function nextCameras(picked) {
    if (cameras) return cameras;
    const own = picked.setup.cameras ?? [];
    return own.length ? own : store.state.project?.cameras ?? ['A'];
  }
  function setStatus(status) {
    const take = markTarget();
    if (!take) return;
    if (take.status === status) {
      // A second tap takes the mark off, and says so: never a silent toggle.
      const [, , , undone] = STATUSES.find(([each]) => each === status);
      store.patch(take, { status: 'none' });
      store.notify(`${store.takeName(take)} ${undone}.`);
    } else {
      store.patch(take, { status });
    }
  }
  function toggle(flag) {
    const take = markTarget();
    if (take) store.patch(take, { [flag]: !take[flag] });
  }
  function addPhrase(phrase) {
    const take = markTarget();
    if (!take) return;
    const before = store.noteText(take);
    const text = before.trim() ? `${before.replace(/[\s;]+$/, '')}; ${phrase}` : phrase;
    notes.value = text;
    noteFor = String(take.id);
    // Added to a note being typed, it stays part of the draft; on its own it is one tap, saved.
    if (store.hasDraft(take)) store.keepDraft(take, text);
    else store.saveNote(take, text);
  }
  function keepTypedNote() {
    const take = markTarget();
    if (take && String(take.id) === noteFor && store.hasDraft(take)) store.saveNote(take, notes.value);
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
    // The cut is stamped with the instant whose timecode is on screen.
    if (take) store.cut(take, shownAt);
    else rollWith('normal');
  });
  rollPickup.addEventListener('click', () => rollWith('pickup'));
  rollSeries.addEventListener('click', () => rollWith('series'));
  rollWild.addEventListener('click', () => rollWith('normal', true));
  notes.addEventListener('input', () => {
    const take = markTarget();
    if (!take) return;
    noteFor = String(take.id);
    store.keepDraft(take, notes.value);
  });
  // Leaving the field saves what was typed (not when the page itself is going away: the draft is
  // kept for when it comes back).
  notes.addEventListener('blur', () => {
    if (leaving || document.visibilityState === 'hidden') return;
    keepTypedNote();
  });
  saveNote.addEventListener('click', () => {
    const take = markTarget();
    if (!take) return;
    store.saveNote(take, String(take.id) === noteFor ? notes.value : store.noteText(take));
    // The take stays the one marked (its note stays in view); the next ROLL moves on.
    if (takeId === null) takeId = take.id;
    update();
  });
  undo.addEventListener('click', () => store.undo());

  // Jam now: the person reads the sync box (or a camera), types what it will read, and taps Jam
  // now as it reads that. The tap's instant, not the answer's, is the jam's "at".
  const OFFLINE_JAM = 'Offline: a jam needs the box now and cannot wait on this tablet. Connect to jam.';
  function showJamMessage(text) {
    jamMessage.textContent = text;
  }
  jamOpen.addEventListener('click', () => {
    jamForm.hidden = !jamForm.hidden;
    jamOpen.setAttribute('aria-expanded', jamForm.hidden ? 'false' : 'true');
    showJamMessage(store.state.online ? '' : OFFLINE_JAM);
    if (!jamForm.hidden) {
      jamTimecode.focus();
      jamTimecode.select();
    }
  });
  jamApply.addEventListener('pointerdown', () => {
    jamPressedAt = store.clockNow();
  });
  jamForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const now = store.clockNow();
    const at = jamPressedAt !== null && now - jamPressedAt >= 0 && now - jamPressedAt < 2000 ? jamPressedAt : now;
    jamPressedAt = null;
    const clock = store.state.clock;
    const checked = checkTimecode(jamTimecode.value, clock?.rate ?? store.timecodeRate(), clock?.drop_frame ?? false);
    if (checked.error) {
      showJamMessage(checked.error);
      return;
    }
    if (!store.state.online) {
      showJamMessage(store.JAM_OFFLINE);
      return;
    }
    showJamMessage('');
    jamApply.disabled = true;
    try {
      await store.jam(checked.timecode, at);
      jamForm.hidden = true;
      jamOpen.setAttribute('aria-expanded', 'false');
      jamTimecode.value = '';
      store.notify(`Clock jammed: it read ${checked.timecode} at the tap.`);
    } catch (error) {
      showJamMessage(error instanceof store.JamError ? error.message : `The box did not jam the clock: ${error.message}`);
    } finally {
      jamApply.disabled = false;
    }
  });

  function showClock(state) {
    const { text, tone, detail } = clockStateText(state.clock, state.clockMissing);
    if (clockState.textContent !== text) clockState.textContent = text;
    clockState.dataset.tone = tone;
    clockState.title = detail;
    const message = state.clock?.message ?? '';
    if (clockWarning.textContent !== message) clockWarning.textContent = message;
    clockWarning.hidden = !message;
    // Nothing to jam on a box without a clock.
    jamOpen.hidden = !state.clock;
    if (!state.clock) jamForm.hidden = true;
    if (!jamForm.hidden && !state.online && !jamMessage.textContent) showJamMessage(OFFLINE_JAM);
    if (!jamForm.hidden && state.online && [OFFLINE_JAM, store.JAM_OFFLINE].includes(jamMessage.textContent)) showJamMessage('');
  }

  function showTimecode(picked, running, now) {
    shownAt = now;
    // While a take rolls: its timecode as its cut would be stamped (on the clock of its roll).
    timecode.textContent = running ? store.runningTimecode(running, now) : store.timecodeNow(store.timecodeRate(), now);
    timecode.dataset.state = running ? 'rolling' : 'idle';
  }

  function renumberForm(take) {
    const input = h('input', { type: 'number', min: 1, class: 'short', 'aria-label': `New number for ${store.takeName(take)}`, 'data-testid': 'renumber-number', value: store.nextTakeNumber(take.setup_id) });
    const form = h(
      'form',
      { class: 'inline renumber', hidden: true, onclick: (event) => event.stopPropagation() },
      input,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'renumber-apply' }, 'Renumber'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const number = Number(input.value);
      if (!Number.isInteger(number) || number < 1) return;
      store.renumber(take, number);
      form.hidden = true;
    });
    return form;
  }

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

    showUnmatched(unmatched, state, may('assign'));
    wrapCheck.update(state);
    deliverables.update(state);
    day.update(state);
    showClock(state);
    if (!picked) {
      heading.textContent = 'No shot list yet';
      nextTake.textContent = '';
      return;
    }
    // After a reload, a note left as a draft brings its take back as the one marked.
    if (!restored && state.takes.length) {
      restored = true;
      if (takeId === null) {
        const drafted = takesOf(picked.setup.id).findLast((take) => store.hasDraft(take));
        if (drafted && drafted !== takesOf(picked.setup.id).at(-1)) takeId = drafted.id;
      }
    }
    const running = rolling(picked.setup.id);
    const number = store.nextTakeNumber(picked.setup.id);
    shownNumber = number;
    heading.textContent = `Scene ${picked.scene.number} · Setup ${picked.setup.letter}`;
    nextTake.textContent = running ? `Take ${running.take} rolling` : `Take ${number}`;
    rollLabel.textContent = running ? 'CUT' : 'ROLL';
    rollNumber.textContent = running ? store.takeName(running) : `${picked.scene.number}-${picked.setup.letter}/${number}`;
    rollCut.dataset.state = running ? 'rolling' : 'stopped';
    rollPickup.disabled = rollSeries.disabled = rollWild.disabled = Boolean(running);
    showTimecode(picked, running, store.clockNow());

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
      fill(quick, state.phrases.map((phrase) => h('button', { class: 'phrase', ...keepFocus, onclick: () => addPhrase(phrase) }, phrase)));
    }

    const target = markTarget();
    markedTake.textContent = target ? `Marking ${store.takeName(target)}${target.waiting ? ' (waiting to be sent)' : ''}` : 'No take yet on this setup';
    markedTake.dataset.state = target ? 'target' : 'none';
    for (const [index, [status, label, pressed]] of STATUSES.entries()) {
      const on = target?.status === status;
      statusButtons[index].setAttribute('aria-pressed', on ? 'true' : 'false');
      statusButtons[index].textContent = on ? pressed : label;
      if (status === 'circled') statusButtons[index].title = on ? 'Un-circle' : 'Circle';
      statusButtons[index].disabled = !target || !canMark;
    }
    mosButton.setAttribute('aria-pressed', target?.mos ? 'true' : 'false');
    for (const button of [mosButton, saveNote]) button.disabled = !target || !canMark;
    notes.disabled = !target || !canMark;
    if (target && (noteFor !== String(target.id) || document.activeElement !== notes)) {
      notes.value = store.noteText(target);
      noteFor = String(target.id);
    } else if (!target) {
      notes.value = '';
      noteFor = null;
    }
    const kept = target ? store.noteState(target) : null;
    noteState.textContent = kept ? NOTE_STATE[kept] : '';
    noteState.dataset.state = kept ?? 'none';

    reconcile(
      takeList,
      takesOf(picked.setup.id).reverse(),
      (take) => take.id,
      (take) => h('li', { class: 'take' }, h('div', { class: 'take-line' }), canRenumber ? renumberForm(take) : null),
      (element, take) => {
        element.classList.toggle('selected', Boolean(target && String(target.id) === String(take.id)));
        element.dataset.status = take.status;
        element.setAttribute('data-testid', `take-${take.take}`);
        element.onclick = () => {
          keepTypedNote();
          takeId = take.id;
          update();
        };
        const clash = clashText(take);
        element.classList.toggle('clashing', Boolean(clash));
        const drafted = store.hasDraft(take);
        fillIfChanged(
          element.firstChild,
          JSON.stringify([take, drafted]),
          h('strong', { class: 'take-name' }, store.takeName(take)),
          takeTags(take).map((tag) => h('span', { class: 'tag', 'data-testid': 'take-tag' }, tag)),
          h('span', { class: `status status-${take.status}`, 'data-testid': 'take-status' }, take.status === 'circled' || take.status === 'hold' ? STATUS_TEXT[take.status] : ''),
          take.flagged ? h('span', { class: 'flag', title: "Director's flag" }, '★') : null,
          clash ? h('span', { class: 'clash', 'data-testid': 'clash' }, clash) : null,
          clash && canRenumber
            ? h(
                'button',
                {
                  class: 'secondary',
                  'data-testid': 'renumber',
                  onclick: (event) => {
                    event.stopPropagation();
                    const form = element.querySelector('.renumber');
                    form.hidden = !form.hidden;
                    if (!form.hidden) form.querySelector('input').focus();
                  },
                },
                'Renumber…',
              )
            : null,
          h('span', { class: 'tc' }, `${take.roll_tc}${take.cut_tc ? ` – ${take.cut_tc}` : ' rolling'}`),
          h('span', { class: 'cams' }, (take.cameras ?? []).join(' ')),
          take.clips?.length ? h('span', { class: 'clips' }, `${take.clips.length} clip${take.clips.length > 1 ? 's' : ''}`) : null,
          (take.warnings ?? []).map((warning) => h('span', { class: 'warning' }, warning)),
          take.notes ? h('span', { class: 'take-notes' }, take.notes) : null,
          drafted ? h('span', { class: 'tag draft' }, 'Draft note') : null,
          take.waiting ? h('span', { class: 'waiting', title: 'Waiting to be sent' }, '⏳') : null,
        );
        if (!clash) {
          const form = element.querySelector('.renumber');
          if (form) form.hidden = true;
        }
      },
    );
  }

  // The running timecode, eight times a second, without redrawing the rest.
  const stopTicking = store.everyTick((state, now) => {
    if (!view.isConnected) return stopTicking();
    const picked = currentSetup();
    if (picked) showTimecode(picked, rolling(picked.setup.id), now);
  });

  update();
  return update;
}
