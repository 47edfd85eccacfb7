// Editorial's deliverables on the DIT's and the script supervisor's tablets: for each shooting day
// the ALE an assistant editor merges into Avid, the editor's log as CSV, the Editor's Log and the
// Daily Progress Report as PDF, and the wrap check of
// the current day (what editorial would otherwise find missing the next morning). The files come
// with the tablet's token in the Authorization header, which a plain link cannot send: fetched,
// then saved from a Blob under the name the box gives.

import { OfflineError, download, request } from '../lib/api.js';
import { fill, fillIfChanged, h } from '../lib/dom.js';
import * as store from '../lib/store.js';

// The wrap check is asked again on what can change it, but not more than once in this long: a
// take's marks or an offload's states come in bursts, and the check reads the whole day.
const CHECK_GAP_MS = 3000;
// What can change the wrap check. Not offload.progress nor the media jobs' progress: many a second.
const CHECK_ON = /^(take\.|clip\.|day\.|card\.|offload\.(?!progress$)|media\.(probed|failed)$)/;

// The check's kinds in the order an assistant editor reads them, with their labels.
const KINDS = [
  ['clip_on_no_take', 'Clip on no take'],
  ['camera_missing', 'Camera missing'],
  ['mos_with_audio', 'MOS with sound'],
  ['sound_missing', 'No sound'],
  ['wild_track_with_picture', 'Wild track with picture'],
  ['two_clips_one_camera', 'Two clips on one camera'],
  ['never_cut', 'Never cut'],
  ['card_not_safe', 'Card not safe'],
  ['clip_without_timecode', 'No timecode'],
];
const LABELS = new Map(KINDS);

/** "never_cut" → "Never cut"; a kind this tablet does not know yet is still readable. */
export function kindLabel(kind) {
  if (LABELS.has(kind)) return LABELS.get(kind);
  const words = String(kind ?? '').replaceAll('_', ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Other';
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function readStored(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function keep(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full quota only costs what a reload with no Wi-Fi shows.
  }
}

/**
 * `run` at once or soon, never two at a time and not more often than every `gap` ms; an ask while
 * one runs makes one more run after it (so the last change is always read).
 */
function throttled(run, gap) {
  let last = -Infinity;
  let timer = null;
  let running = false;
  let again = false;
  async function go() {
    timer = null;
    running = true;
    last = Date.now();
    try {
      await run();
    } finally {
      running = false;
      if (again) {
        again = false;
        soon();
      }
    }
  }
  function soon() {
    if (running) {
      again = true;
      return;
    }
    if (!timer) timer = setTimeout(go, Math.max(0, last + gap - Date.now()));
  }
  function now() {
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    go();
  }
  return { soon, now };
}

/** Calls `listener` for the stream's events until `left()` says the view was left. */
function untilLeft(left, listener) {
  const stop = store.whenEvent((event) => {
    if (left()) stop();
    else listener(event);
  });
}

/** The day's number as the file names write it: 1 → "01". */
function dayNumber(day) {
  return String(day?.number ?? day?.id ?? '').padStart(2, '0');
}

/** Saves `blob` as `name` in the tablet's downloads. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the Blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const FORMATS = {
  ale: { label: 'ALE', what: 'ALE', extension: 'ale', path: (day) => `/api/v1/exports/ale?day=${encodeURIComponent(day.id)}` },
  csv: { label: 'CSV', what: "editor's log (CSV)", extension: 'csv', path: (day) => `/api/v1/exports/csv?day=${encodeURIComponent(day.id)}` },
  'editors-log': { label: 'Log PDF', what: "Editor's Log", extension: 'pdf', path: (day) => `/api/v1/reports/day?kind=editors-log&day=${encodeURIComponent(day.id)}` },
  progress: { label: 'Progress PDF', what: 'Daily Progress Report', extension: 'pdf', path: (day) => `/api/v1/reports/day?kind=progress&day=${encodeURIComponent(day.id)}` },
};

/**
 * Fetches one of the box's files with the tablet's token and saves it under the box's name;
 * `say(text, tone)` tells how it went. `fallback` names it when the box gives no name.
 */
export async function fetchAndSave(path, fallback, what, say) {
  try {
    const { blob, name } = await download(path);
    const file = name ?? fallback;
    save(blob, file);
    say(`Saved ${file}.`, 'ok');
    return true;
  } catch (error) {
    if (error instanceof OfflineError) say(`The box cannot be reached: the ${what} was not downloaded. Try again when connected.`, 'bad');
    else if (error.status !== 401) say(`The ${what} was not made: ${error.message}`, 'bad');
    return false;
  }
}

const DAYS = 'slate.days';

/**
 * "Deliverables": one row per shooting day (the current one first, then each earlier day, newest
 * first) with the ALE and the CSV to download. Returns {element, update(state)}.
 */
export function deliverablesPanel() {
  const list = h('ul', { class: 'plain deliverable-days', 'data-testid': 'deliverable-days' });
  const message = h('p', { class: 'deliverables-message', 'data-testid': 'deliverables-message', role: 'alert', hidden: true });
  const element = h(
    'section',
    { class: 'panel deliverables', 'aria-label': 'Deliverables', 'data-testid': 'deliverables' },
    h('h2', {}, 'Deliverables'),
    h('p', { class: 'hint' }, 'The ALE merges into Avid on Tape or Source File; the CSV is the editor’s log; the PDFs are the day’s Editor’s Log and Daily Progress Report.'),
    list,
    message,
  );
  let days = readStored(DAYS)?.days ?? [];
  let shownDay = store.state.day?.id;
  let wasOnline = store.state.online;
  const busy = new Set(); // "ale:3": a download on its way
  let mounted = false; // on screen once: a panel of a view since left asks nothing more
  const left = () => mounted && !element.isConnected;

  function say(text, tone) {
    message.textContent = text;
    message.dataset.tone = tone;
    message.hidden = !text;
  }

  const reload = throttled(async () => {
    if (left()) return;
    try {
      const answer = await request('GET', '/api/v1/days');
      days = answer?.days ?? [];
      keep(DAYS, { days });
      show();
    } catch (error) {
      // Offline: the days last listed stay; the box's refusal is said.
      if (!(error instanceof OfflineError) && error.status !== 401) say(`The days could not be listed: ${error.message}`, 'bad');
    }
  }, CHECK_GAP_MS);

  async function fetchFile(day, format) {
    const { what, extension } = FORMATS[format];
    const key = `${format}:${day.id}`;
    if (busy.has(key)) return;
    busy.add(key);
    show();
    try {
      await fetchAndSave(FORMATS[format].path(day), `slate_day${dayNumber(day)}_${format}.${extension}`, `${what} of day ${day.number}`, say);
    } finally {
      busy.delete(key);
      show();
    }
  }

  /** The current day and the days before it, the current one first. */
  function shown() {
    const current = store.state.day;
    const listed = days.length ? days : current ? [{ ...current, current: true }] : [];
    const today = listed.find((day) => day.current) ?? listed.find((day) => day.id === current?.id) ?? null;
    const started = (day) => day.started_at ?? day.date ?? '';
    const earlier = listed.filter((day) => day !== today && (!today || started(day) <= started(today))).sort((a, b) => (started(a) === started(b) ? b.id - a.id : started(a) < started(b) ? 1 : -1));
    return today ? [today, ...earlier] : earlier;
  }

  function show() {
    const rows = shown();
    fillIfChanged(
      list,
      JSON.stringify([rows, [...busy]]),
      rows.length
        ? rows.map((day) =>
            h(
              'li',
              { class: 'deliverable-day', 'data-testid': `day-${day.id}` },
              h('span', { class: 'day-name' }, h('strong', {}, `Day ${day.number}`), h('small', {}, ` ${day.date ?? ''}${day.unit && day.unit !== 'main' ? ` · ${day.unit} unit` : ''}${day.current ? ' · current' : ''}${Number.isFinite(day.takes) ? ` · ${plural(day.takes, 'take')}` : ''}`)),
              h(
                'span',
                { class: 'downloads' },
                Object.entries(FORMATS).map(([format, { label, what }]) =>
                  h(
                    'button',
                    {
                      class: 'secondary download',
                      'data-testid': `download-${format}`,
                      'aria-label': `Download the ${what} of day ${day.number}`,
                      'aria-busy': busy.has(`${format}:${day.id}`) ? 'true' : undefined,
                      disabled: busy.has(`${format}:${day.id}`),
                      onclick: () => fetchFile(day, format),
                    },
                    label,
                  ),
                ),
              ),
            ),
          )
        : h('li', { class: 'empty' }, 'No shooting day yet.'),
    );
  }

  function update(state) {
    mounted = true;
    if (state.day?.id !== shownDay) {
      shownDay = state.day?.id;
      reload.soon();
    }
    if (state.online && !wasOnline) reload.soon();
    wasOnline = state.online;
    show();
  }

  // A new day, and each day's count of takes.
  untilLeft(left, (event) => {
    if (/^(day\.|take\.(rolled|undone)$)/.test(event.kind)) reload.soon();
  });
  show();
  reload.now();
  return { element, update };
}

const CHECK = 'slate.wrapCheck';

/**
 * "Wrap check" of the current day: complete, or its items grouped by kind. An item about a take
 * is a button when `showTake(takeId)` is given and the tablet has the take. When the box cannot be
 * reached the panel says so and keeps the last check. Returns {element, update(state)}.
 */
export function wrapCheckPanel({ showTake = null } = {}) {
  const checkButton = h('button', { class: 'secondary', 'data-testid': 'check', type: 'button' }, 'Check');
  const summary = h('p', { class: 'check-summary', 'data-testid': 'check-summary', role: 'status' });
  const offline = h('p', { class: 'check-offline', 'data-testid': 'check-offline', role: 'status', hidden: true });
  const problem = h('p', { class: 'reason', 'data-testid': 'check-error', role: 'alert', hidden: true });
  const groups = h('div', { class: 'check-groups', 'data-testid': 'check-items' });
  const element = h(
    'section',
    { class: 'panel wrap-check', 'aria-label': 'Wrap check', 'data-testid': 'wrap-check' },
    h('div', { class: 'panel-head' }, h('h2', {}, 'Wrap check'), checkButton),
    summary,
    offline,
    problem,
    groups,
  );
  // {answer: GET /api/v1/check's answer, at: when it was read}, kept for a reload with no Wi-Fi.
  let result = readStored(CHECK);
  let unreachable = false;
  let checking = false;
  let shownDay = store.state.day?.id;
  let wasOnline = store.state.online;
  let mounted = false;
  const left = () => mounted && !element.isConnected;

  const check = throttled(async () => {
    if (left()) return;
    const day = store.state.day?.id;
    checking = true;
    show();
    try {
      const answer = await request('GET', day !== undefined && day !== null ? `/api/v1/check?day=${encodeURIComponent(day)}` : '/api/v1/check');
      result = { answer, at: Date.now() };
      keep(CHECK, result);
      unreachable = false;
      problem.hidden = true;
    } catch (error) {
      if (error instanceof OfflineError) unreachable = true;
      else if (error.status !== 401) {
        problem.textContent = `The box did not check the day: ${error.message}`;
        problem.hidden = false;
      }
    } finally {
      checking = false;
      show();
    }
  }, CHECK_GAP_MS);
  checkButton.addEventListener('click', () => check.now());

  function itemView(item) {
    const take = showTake && item.take_id !== undefined && item.take_id !== null ? store.state.takes.find((each) => each.id === item.take_id) : null;
    const text = item.message || [item.take, item.clip].filter(Boolean).join(' ') || kindLabel(item.kind);
    if (!take) return h('li', { class: 'check-item', 'data-testid': 'check-item' }, text);
    return h(
      'li',
      { class: 'check-item', 'data-testid': 'check-item' },
      h('button', { class: 'check-take', type: 'button', 'data-take': String(item.take_id), title: `Show ${store.takeName(take)}`, onclick: () => showTake(item.take_id) }, text),
    );
  }

  function show() {
    const answer = result?.answer ?? null;
    // The last check of another day (the day changed while offline) says nothing about this one.
    const current = store.state.day?.id;
    const stale = answer && current !== undefined && current !== null && answer.day?.id !== undefined && answer.day.id !== current;
    const items = answer?.items ?? [];
    const day = answer?.day?.number ?? store.state.day?.number ?? '';
    let text;
    if (!answer) text = checking ? 'Checking the day…' : 'Not checked yet.';
    else if (answer.complete || !items.length) text = `Day ${day} is complete`;
    else text = `Day ${day}: ${plural(items.length, 'item')} to look at`;
    if (stale) text = `${text} (an earlier day's check)`;
    summary.textContent = text;
    summary.dataset.state = !answer ? 'none' : answer.complete || !items.length ? 'complete' : 'items';
    summary.title = result?.at ? `Checked at ${clockTime(result.at)}` : '';
    checkButton.disabled = checking;
    checkButton.setAttribute('aria-busy', checking ? 'true' : 'false');

    offline.hidden = !unreachable;
    offline.textContent = unreachable ? (result ? `The box cannot be reached: this is the check from ${clockTime(result.at)}.` : 'The box cannot be reached: the day cannot be checked now.') : '';

    const byKind = new Map();
    for (const item of items) {
      if (!byKind.has(item.kind)) byKind.set(item.kind, []);
      byKind.get(item.kind).push(item);
    }
    const order = [...KINDS.map(([kind]) => kind).filter((kind) => byKind.has(kind)), ...[...byKind.keys()].filter((kind) => !LABELS.has(kind))];
    const takes = showTake ? items.map((item) => store.state.takes.some((take) => take.id === item.take_id)) : [];
    fillIfChanged(
      groups,
      JSON.stringify([items, takes]),
      order.map((kind) =>
        h(
          'div',
          { class: 'check-group', 'data-testid': `check-${kind}`, 'data-kind': kind },
          h('h3', {}, kindLabel(kind), h('small', {}, ` ${byKind.get(kind).length}`)),
          h('ul', { class: 'plain check-list' }, byKind.get(kind).map(itemView)),
        ),
      ),
    );
  }

  function update(state) {
    mounted = true;
    if (state.day?.id !== shownDay) {
      shownDay = state.day?.id;
      check.soon();
    }
    // The box gone: said at once, not at the next tap. Back: checked again.
    if (!state.online && wasOnline) unreachable = true;
    if (state.online && !wasOnline) check.soon();
    wasOnline = state.online;
    show();
  }

  untilLeft(left, (event) => {
    if (CHECK_ON.test(event.kind)) check.soon();
  });
  show();
  check.now();
  return { element, update };
}
