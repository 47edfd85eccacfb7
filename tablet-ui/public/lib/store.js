// What the tablet knows and how it stays current: the production's log and the DIT's picture,
// loaded from the API, kept live by the event stream, and saved on the tablet so that a reload with
// no Wi-Fi still shows the day. Marks go through the outbox (lib/outbox.js) and are shown at once,
// applied on top of what the box last said, until the box has them.

import { OfflineError, request, whenUnpaired } from './api.js';
import { randomHex } from './dom.js';
import * as outbox from './outbox.js';
import { current, forget, keepRights } from './session.js';
import { clockTimecode, countOn, isClock, timecodeAt } from './timecode.js';

export const state = {
  project: null,
  day: null,
  scenes: [],
  takes: [], // the box's takes with the marks still waiting applied on top
  clips: new Map(),
  cards: [],
  /** Devices in the box that slate-mountd did not mount as cards, with the reason. */
  mountFailures: [],
  offloads: [],
  progress: new Map(), // offload id → its latest offload.progress payload
  destinations: [],
  cameras: [],
  jobs: [],
  unmatched: [],
  unmatchedWanted: 100, // how many the view has asked to see; the box lists them a page at a time
  unmatchedMore: false, // the box has more than those
  phrases: [], // the script supervisor's one-tap notes, from the box's [tablet] settings
  // The box's timecode clock (GET /api/v1/timecode, kept by timecode.changed): what the running
  // timecode and every roll and cut are stamped from. null: not known yet, or an older box that
  // has none (`clockMissing`), whose timecode is the time of day.
  clock: null,
  clockMissing: false,
  online: false,
  queued: 0,
  notice: null,
};

const listeners = new Set();
let scheduled = false;

/** Calls `listener` (batched, once a frame) whenever the state changes. */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const tickers = new Set();

/** Calls `listener` eight times a second, for what moves on its own (a running timecode). */
export function everyTick(listener) {
  tickers.add(listener);
  return () => tickers.delete(listener);
}

export function changed() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    for (const listener of listeners) listener(state);
  });
}

export function notify(text) {
  state.notice = text;
  changed();
}

// ---- Loading --------------------------------------------------------------------------------

const SNAPSHOT = 'slate.snapshot';
let serverTakes = [];
let waiting = []; // outbox records, oldest first
let ids = new Map(); // placeholder → take id, for takes rolled offline
// The sequence of the last event each take was applied from: a listing made before it (its
// answer can arrive after the event) does not put the older take back.
const appliedAt = new Map();
// A take as the box answered this tablet's roll, cut or mark of it. The stream can lag the answer
// (a busy Wi-Fi): the take's earlier events, still on their way, carry it as it was before, and
// applied as they come they would put a cut take back to rolling for a moment, under a finger
// about to tap. So until the stream brings the take as answered (its events are in order, so all
// the earlier ones have come by then), its events are counted but not shown; a listing made
// before the answer does not put it back either. The stream can also be ahead of the answer: the
// take's recent events are kept, and an answer the stream has already brought is not held. Held
// for a while at most: a take whose own event never comes (the stream missed it) is shown as the
// stream says again.
const answered = new Map(); // take id → { take, until }
const recentEvents = new Map(); // take id → [{ take, at }], the stream's last few, newest last
const ANSWER_HELD_MS = 10000;
const ANSWER_FIELDS = ['take', 'kind', 'wild', 'mos', 'vfx', 'status', 'flagged', 'notes', 'cameras', 'roll_tc', 'cut_tc', 'cut_at', 'undone'];

function sameTake(a, b) {
  return ANSWER_FIELDS.every((field) => JSON.stringify(a[field] ?? null) === JSON.stringify(b[field] ?? null));
}

/** Shows the take the box answered with, unless the stream has already brought it and more. */
function acceptAnswer(take) {
  const now = Date.now();
  const seen = (recentEvents.get(take.id) ?? []).filter((each) => now - each.at < ANSWER_HELD_MS);
  if (seen.some((each) => sameTake(each.take, take))) {
    answered.delete(take.id);
    applyTake(seen.at(-1).take);
    return;
  }
  applyTake(take);
  answered.set(take.id, { take, until: now + ANSWER_HELD_MS });
}

/** A take from the stream: shown unless it is older than an answer the tablet already shows. */
function acceptEventTake(take) {
  const now = Date.now();
  const seen = (recentEvents.get(take.id) ?? []).filter((each) => now - each.at < ANSWER_HELD_MS).slice(-15);
  seen.push({ take, at: now });
  recentEvents.set(take.id, seen);
  if (!olderThanAnswer(take)) applyTake(take);
}

/** True while `take` (from an event or a listing) is older than the box's answer the tablet has. */
function olderThanAnswer(take) {
  const held = answered.get(take.id);
  if (!held) return false;
  if (Date.now() > held.until) {
    answered.delete(take.id);
    return false;
  }
  const same = sameTake(held.take, take);
  if (same) answered.delete(take.id);
  return !same;
}

/** The listing's takes, with any take an event newer than the listing changed kept as it is. */
function mergeListing(listed, sequence) {
  if (!Number.isFinite(sequence)) return listed;
  const current = new Map(serverTakes.map((take) => [take.id, take]));
  const held = new Set(listed.filter((take) => current.has(take.id) && olderThanAnswer(take)).map((take) => take.id));
  const newer = (id) => (appliedAt.get(id) ?? -1) > sequence || held.has(id);
  const merged = listed.filter((take) => !newer(take.id) || current.has(take.id)).map((take) => (newer(take.id) ? current.get(take.id) : take));
  for (const take of serverTakes) {
    if (newer(take.id) && !merged.some((each) => each.id === take.id)) merged.push(take);
  }
  return merged.sort((a, b) => (a.rolled_at === b.rolled_at ? a.id - b.id : a.rolled_at < b.rolled_at ? -1 : 1));
}

const loaders = {
  production: async () => {
    const [project, scenes, takes, tablet] = await Promise.all([
      request('GET', '/api/v1/project'),
      request('GET', '/api/v1/scenes'),
      request('GET', '/api/v1/takes'),
      request('GET', '/api/v1/tablet'),
    ]);
    state.phrases = tablet.quick_phrases;
    state.project = project.project;
    state.day = project.day;
    state.scenes = scenes.scenes;
    serverTakes = mergeListing(takes.takes, takes.sequence);
    saveSnapshot();
    // An older box gives no setup.next_take: the next number is then worked out from the takes of
    // every day the tablet can see (numbers run per setup across days).
    if (!boxNumbersTakes()) await loadEarlierDays();
  },
  clips: async () => {
    // The latest clips, for the takes of the day; older ones are a page away (`next`).
    const answer = await request('GET', '/api/v1/clips?limit=500');
    state.clips = new Map(answer.clips.map((clip) => [clip.id, clip]));
  },
  cards: async () => {
    const answer = await request('GET', '/api/v1/cards');
    state.cards = answer.cards;
    state.mountFailures = answer.mount_failures ?? [];
  },
  offloads: async () => {
    state.offloads = (await request('GET', '/api/v1/offloads')).offloads ?? [];
  },
  destinations: async () => {
    state.destinations = (await request('GET', '/api/v1/destinations')).destinations ?? [];
  },
  cameras: async () => {
    state.cameras = (await request('GET', '/api/v1/cameras')).cameras;
  },
  jobs: async () => {
    state.jobs = (await request('GET', '/api/v1/media/jobs?limit=200')).jobs ?? [];
  },
  unmatched: async () => {
    const { rows, more } = await pages('/api/v1/unmatched-clips', 'clips', state.unmatchedWanted);
    state.unmatched = rows;
    state.unmatchedMore = more;
    state.unmatchedLoaded = true;
  },
  timecode: async () => {
    // An event that comes while the answer is on its way is newer than the answer.
    const version = clockVersion;
    let answer;
    try {
      answer = await request('GET', '/api/v1/timecode');
    } catch (error) {
      // An older box: no clock to follow, its timecode is the time of day.
      if (error.status === 404) {
        keepClock(null, true);
        return;
      }
      throw error;
    }
    if (version === clockVersion) keepClock(answer);
  },
};

const needed = new Set(['production', 'timecode']);
const due = new Set();
let refreshTimer = null;

/** Loads these parts (names of `loaders`) from now on, at once and after each relevant event. */
export function need(...parts) {
  for (const part of parts) needed.add(part);
  refresh(...parts);
}

/** Reloads parts soon; several asks within 150 ms are one load. */
/**
 * The rows of a paged listing from its first page, following each page's `next` until `wanted`
 * rows are in; `more` when the box has further pages. (An older box gives one whole list.)
 */
async function pages(first, name, wanted) {
  let rows = [];
  let target = first;
  while (target && rows.length < wanted) {
    const page = await request('GET', target);
    rows = rows.concat(page[name] ?? []);
    target = page.next ?? null;
  }
  return { rows, more: Boolean(target) };
}

/** The unmatched view's "More clips": the next page too, from now on. */
export function showMoreUnmatched() {
  state.unmatchedWanted = state.unmatched.length + 100;
  refresh('unmatched');
}

export function refresh(...parts) {
  for (const part of parts) if (needed.has(part)) due.add(part);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(load, 150);
}

async function load() {
  const parts = [...due];
  due.clear();
  try {
    await Promise.all(parts.map((part) => loaders[part]()));
  } catch (error) {
    if (error instanceof OfflineError) setOnline(false);
    else if (error.status !== 401) notify(error.message);
  }
  recompute();
}

// ---- Take numbers -------------------------------------------------------------------------------

/** Whether the box says each setup's next number (setup.next_take). */
function boxNumbersTakes() {
  return state.scenes.some((scene) => scene.setups.some((setup) => Number.isFinite(setup.next_take)));
}

const EARLIER = 'slate.earlierDays';
let earlier = readEarlier(); // {days: {dayId: {setupId: highest number}}}

function readEarlier() {
  try {
    return JSON.parse(localStorage.getItem(EARLIER) ?? 'null') ?? { days: {} };
  } catch {
    return { days: {} };
  }
}

async function loadEarlierDays() {
  const { days } = await request('GET', '/api/v1/days');
  const today = state.day?.id;
  for (const day of days ?? []) {
    if (day.id === today || earlier.days[day.id]) continue;
    const { takes } = await request('GET', `/api/v1/takes?day=${day.id}`);
    const highest = {};
    for (const take of takes) highest[take.setup_id] = Math.max(highest[take.setup_id] ?? 0, take.take);
    earlier.days[day.id] = highest;
  }
  try {
    localStorage.setItem(EARLIER, JSON.stringify(earlier));
  } catch {
    // Without it the next start asks the box again.
  }
}

/**
 * The number the setup's next take gets, as the box will give it: the box's setup.next_take (kept
 * current by take.rolled events), never a count of today's takes. An older box that does not say
 * it: one past the highest number the setup has had on any day.
 */
export function nextTakeNumber(setupId) {
  const found = setupOf(setupId);
  const today = state.takes.filter((take) => take.setup_id === setupId && !(boxNumbersTakes() && take.wild));
  const highestToday = today.reduce((high, take) => Math.max(high, take.take), 0);
  if (Number.isFinite(found?.setup.next_take)) return Math.max(found.setup.next_take, highestToday + 1);
  let highest = highestToday;
  for (const [day, setups] of Object.entries(earlier.days)) {
    if (Number(day) !== state.day?.id) highest = Math.max(highest, setups[setupId] ?? 0);
  }
  return highest + 1;
}

/** The number the scene's next wild track gets, when the box says it (scene.next_wild). */
export function nextWildNumber(setupId) {
  const found = setupOf(setupId);
  if (!Number.isFinite(found?.scene.next_wild)) return null;
  const highest = state.takes.filter((take) => take.wild && take.scene === found.scene.number).reduce((high, take) => Math.max(high, take.take), 0);
  return Math.max(found.scene.next_wild, highest + 1);
}

/** A take's name as the box writes it: 12A-A/3, 12A/WT2; built the same way when the box gives none. */
export function takeName(take) {
  if (!take) return '';
  if (take.name) return take.name;
  if (take.wild && take.wildNumber) return `${take.scene}/WT${take.take}`;
  return `${take.scene}-${take.setup}/${take.take}`;
}

/** A take from the box (an answer or an event's payload) replaces the one the tablet has. */
function applyTake(take) {
  const index = serverTakes.findIndex((each) => each.id === take.id);
  const today = state.day?.id;
  const elsewhere = take.undone || (today !== undefined && take.day !== undefined && take.day !== null && take.day !== today);
  if (elsewhere) {
    if (index >= 0) serverTakes.splice(index, 1);
  } else if (index >= 0) {
    serverTakes[index] = take;
  } else {
    serverTakes.push(take);
    serverTakes.sort((a, b) => (a.rolled_at === b.rolled_at ? a.id - b.id : a.rolled_at < b.rolled_at ? -1 : 1));
  }
  // The box's next number is past every number rolled: keep the setup's in step.
  const found = setupOf(take.setup_id);
  if (found && Number.isFinite(found.setup.next_take) && !take.wild) {
    found.setup.next_take = Math.max(found.setup.next_take, take.take + 1);
  }
  if (found && Number.isFinite(found.scene.next_wild) && take.wild) {
    found.scene.next_wild = Math.max(found.scene.next_wild, take.take + 1);
  }
}

function isTake(value) {
  return value && typeof value === 'object' && typeof value.id === 'number' && value.setup_id !== undefined;
}

function saveSnapshot() {
  const snapshot = { project: state.project, day: state.day, scenes: state.scenes, takes: serverTakes, phrases: state.phrases };
  try {
    localStorage.setItem(SNAPSHOT, JSON.stringify(snapshot));
  } catch {
    // A full quota only costs the offline start-up; the box still has everything.
  }
}

function loadSnapshot() {
  try {
    const snapshot = JSON.parse(localStorage.getItem(SNAPSHOT) ?? 'null');
    if (!snapshot) return;
    state.project = snapshot.project;
    state.day = snapshot.day;
    state.scenes = snapshot.scenes ?? [];
    serverTakes = snapshot.takes ?? [];
    state.phrases = snapshot.phrases ?? [];
  } catch {
    // An unreadable snapshot is the same as none.
  }
}

// ---- Marks waiting, shown at once ---------------------------------------------------------------

function resolve(id) {
  return ids.get(id) ?? id;
}

function setupOf(setupId) {
  for (const scene of state.scenes) {
    for (const setup of scene.setups) if (setup.id === setupId) return { scene, setup };
  }
  return null;
}

/**
 * A clash is two live takes of a setup with one number. The box flags both (`clash`), but a payload
 * is the take as it was when its event was made, and the box sends only the take that changed: so
 * the flags are kept in step here from the numbers the tablet has (the box's ids, still with the
 * same number, and any other take of the setup now holding it).
 */
function markClashes(takes) {
  const live = takes.filter((take) => typeof take.id === 'number' && !take.wild);
  const byId = new Map(live.map((take) => [take.id, take]));
  for (const take of live) {
    const same = live.filter((other) => other !== take && other.setup_id === take.setup_id && other.take === take.take).map((other) => other.id);
    const boxSays = (take.clash ?? []).filter((id) => !byId.has(id) || byId.get(id).take === take.take);
    const all = [...new Set([...boxSays, ...same])];
    if (all.length || Array.isArray(take.clash)) take.clash = all;
  }
}

function recompute() {
  const takes = serverTakes.map((take) => ({ ...take }));
  const byId = new Map(takes.map((take) => [String(take.id), take]));
  for (const record of waiting) {
    const local = record.local ?? {};
    if (local.kind === 'roll') {
      const found = setupOf(local.setupId);
      if (byId.has(String(resolve(local.placeholder)))) continue; // the box has it already
      // Its event can come before the answer to the roll: the same setup rolled at the same frame.
      if (local.rollTc && takes.some((each) => each.setup_id === local.setupId && each.roll_tc === local.rollTc)) continue;
      const rate = timecodeRate();
      const take = {
        id: local.placeholder,
        setup_id: local.setupId,
        scene: found?.scene.number ?? '?',
        setup: found?.setup.letter ?? '?',
        // The number the tablet showed when it rolled: the slate's number.
        take: local.number ?? takes.filter((each) => each.setup_id === local.setupId).reduce((high, each) => Math.max(high, each.take), 0) + 1,
        wildNumber: Boolean(local.body?.wild && local.wildNumbered),
        kind: local.body?.kind ?? 'normal',
        wild: Boolean(local.body?.wild),
        mos: Boolean(local.body?.mos),
        vfx: false,
        status: 'none',
        flagged: false,
        notes: '',
        cameras: local.body?.cameras ?? [],
        rate,
        rolled_at: local.body?.at ?? new Date(record.queuedAt).toISOString(),
        roll_tc: local.rollTc ?? timecodeOf(record.queuedAt, rate),
        tc_source: local.tcSource ?? state.clock?.source,
        cut_at: null,
        cut_tc: null,
        clips: [],
        waiting: true,
      };
      takes.push(take);
      byId.set(String(take.id), take);
    } else if (local.kind === 'cut' || local.kind === 'patch') {
      const take = byId.get(String(resolve(local.takeId))) ?? byId.get(String(local.takeId));
      if (!take) continue;
      if (local.kind === 'cut' && !take.cut_tc) {
        take.cut_tc = local.cutTc;
        take.cut_at = local.at ?? new Date(record.queuedAt).toISOString();
      }
      if (local.kind === 'patch') {
        const { number, ...marks } = local.body;
        Object.assign(take, marks);
        if (number !== undefined) {
          take.take = number;
          delete take.name;
          take.clash = [];
        }
        if (marks.notes !== undefined) take.notesWaiting = true;
      }
      take.waiting = true;
    }
  }
  markClashes(takes);
  state.takes = takes;
  state.queued = waiting.length;
  changed();
}

async function reloadWaiting() {
  waiting = await outbox.pending();
  ids = await outbox.knownIds();
  recompute();
}

/** Queues a mark and sends it when it can. `local` says how to show it until the box has it. */
async function queue(method, path, body, local, label) {
  const session = current();
  const record = {
    method,
    path,
    body,
    key: `${session?.device ?? 'tablet'}-${randomHex(12)}`,
    placeholder: local?.kind === 'roll' ? local.placeholder : undefined,
    local,
    label,
  };
  try {
    await outbox.enqueue(record);
  } catch (error) {
    // No IndexedDB (a private window, a full disk): the mark cannot wait on the tablet, so it is
    // sent now, once, and the person is told if it does not arrive.
    try {
      await request(method, path, body, { 'Idempotency-Key': record.key });
      refresh('production');
    } catch (sendError) {
      notify(`${label} was not saved: this tablet cannot keep marks (${error.message}) and the box did not take it (${sendError.message}).`);
    }
    return;
  }
  await reloadWaiting();
  flush();
}

// The box's clock as this tablet best knows it: its own, corrected by the box's time in the event
// stream's hello (kept for offline starts). Rolls and cuts carry it as "at", so a mark made with no
// Wi-Fi is stamped when it was made, not when it reached the box, and its clips still match. The
// running timecode on screen is read from the same clock, so what a tap sends is what was shown.
let skew = Number(localStorage.getItem('slate.clockSkew')) || 0;
export function clockNow() {
  return Date.now() + skew;
}

// The box's timecode clock, kept for offline starts like the day: a free-running clock read at one
// instant reads the same later, so a reload with no Wi-Fi still shows (and stamps) the box's
// timecode. `clockVersion` counts the clocks heard from events. The jams heard of are kept too
// (the last few): the box reads a take's cut on the clock its roll was read on, so a take rolled
// before a jam is counted on from the jam that held at its roll.
const CLOCK = 'slate.timecodeClock';
let clockVersion = 0;
let jams = [];

function keepClock(clock, missing = false) {
  state.clock = isClock(clock) ? clock : null;
  state.clockMissing = missing;
  const jam = state.clock?.jam;
  if (jam?.timecode && Number.isFinite(Date.parse(jam.at)) && !jams.some((each) => each.at === jam.at && each.timecode === jam.timecode)) {
    jams = [...jams, { timecode: jam.timecode, at: jam.at }].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-20);
  }
  try {
    localStorage.setItem(CLOCK, JSON.stringify({ clock: state.clock, missing, jams }));
  } catch {
    // Only an offline start would miss it.
  }
  changed();
}

function loadClock() {
  try {
    const kept = JSON.parse(localStorage.getItem(CLOCK) ?? 'null');
    if (!kept) return;
    state.clock = isClock(kept.clock) ? kept.clock : null;
    state.clockMissing = Boolean(kept.missing);
    jams = Array.isArray(kept.jams) ? kept.jams : [];
  } catch {
    // Unreadable: as if never heard; loaded again once the box is reachable.
  }
}

/** The rate timecodes are stamped at: the box's clock's, else the project's. */
export function timecodeRate() {
  return state.clock?.rate ?? state.project?.fps ?? '23.976';
}

/**
 * The box's timecode at the instant `ms` of the box's clock (now by default): its timecode clock
 * counted on from its last reading; an older box without one: the time of day at `rate`.
 */
export function timecodeNow(rate = timecodeRate(), ms = clockNow()) {
  return state.clock ? clockTimecode(state.clock, ms) : timecodeAt(ms, rate);
}

/** The instant's timecode on the box's clock, as for a roll or a cut stamped at `ms`. */
export function timecodeOf(ms, rate = timecodeRate()) {
  return timecodeNow(rate, ms);
}

export class JamError extends Error {}
export const JAM_OFFLINE = 'Offline: nothing was sent. A jam needs the box now and cannot wait on this tablet to be sent later.';

/**
 * Jams the box's clock: it reads `timecode` at the instant `at` (box clock, ms), the instant the
 * person tapped. Sent now or never: a jam is "the sync box reads this now", and kept in the outbox
 * to be sent later it would set the clock from a moment long gone. Resolves with the box's clock.
 */
export async function jam(timecode, at = clockNow()) {
  if (!state.online) throw new JamError(JAM_OFFLINE);
  let answer;
  try {
    answer = await request('POST', '/api/v1/timecode/jam', { timecode, at: new Date(at).toISOString() });
  } catch (error) {
    if (error instanceof OfflineError) {
      setOnline(false);
      throw new JamError(JAM_OFFLINE);
    }
    throw error;
  }
  clockVersion += 1;
  keepClock(answer);
  return state.clock;
}

/**
 * Rolls the setup: `number` is the number the tablet shows (the box keeps it), `at` the instant the
 * tablet showed when tapped (box clock, ms).
 */
export function roll(setupId, body, { number, at = clockNow() } = {}) {
  const rate = timecodeRate();
  const placeholder = `local-${randomHex(8)}`;
  const stamped = { ...body, at: new Date(at).toISOString() };
  if (Number.isFinite(number)) stamped.number = number;
  const found = setupOf(setupId);
  const wildNumbered = Boolean(body.wild && Number.isFinite(found?.scene.next_wild));
  return queue(
    'POST',
    `/api/v1/setups/${setupId}/roll`,
    stamped,
    { kind: 'roll', setupId, placeholder, body: stamped, number, wildNumbered, rollTc: timecodeOf(at, rate), tcSource: state.clock?.source },
    'A roll',
  );
}

/** Cuts the take at `at`, the instant whose timecode the tablet showed when CUT was tapped. */
export function cut(take, at = clockNow()) {
  const iso = new Date(at).toISOString();
  return queue('POST', `/api/v1/takes/${take.id}/cut`, { at: iso }, { kind: 'cut', takeId: take.id, at: iso, cutTc: runningTimecode(take, at) }, 'A cut');
}

export function patch(take, body) {
  return queue('PATCH', `/api/v1/takes/${take.id}`, body, { kind: 'patch', takeId: take.id, body }, 'A mark');
}

/** Renumbers a take by hand (how a clash is resolved): the script supervisor's, not a mark. */
export function renumber(take, number) {
  return queue('PUT', `/api/v1/takes/${take.id}/number`, { number }, { kind: 'patch', takeId: take.id, body: { number } }, 'A renumbering');
}

export function undo() {
  return queue('POST', '/api/v1/undo', undefined, { kind: 'undo' }, 'An undo');
}

// ---- The day's marks ----------------------------------------------------------------------------
// Call, lunch, back from lunch and wrap, as the script supervisor marks them for the Daily Progress
// Report. They wait in the outbox like any mark, stamped with the instant of the tap (box clock), so
// one made with no Wi-Fi keeps the time it was made.

/** The day's marks in the JSON's names, with their URL spelling and the words on the tablet. */
export const DAY_MARKS = [
  { kind: 'call', path: 'call', label: 'Call', phrase: 'Call' },
  { kind: 'lunch', path: 'lunch', label: 'Lunch', phrase: 'Lunch' },
  { kind: 'lunch_end', path: 'lunch-end', label: 'Back in', phrase: 'Back from lunch' },
  { kind: 'wrap', path: 'wrap', label: 'Wrap', phrase: 'Wrap' },
];

/** Marks the current day's `kind` (call, lunch, lunch_end, wrap) at the tap, `at` (box clock, ms). */
export function markDay(kind, at = clockNow()) {
  const mark = DAY_MARKS.find((each) => each.kind === kind);
  const day = state.day?.id;
  if (!mark || !day) return Promise.resolve();
  const iso = new Date(at).toISOString();
  return queue('PUT', `/api/v1/days/${day}/marks/${mark.path}`, { at: iso }, { kind: 'day-mark', day, mark: kind, at: iso }, mark.phrase);
}

/** Clears the current day's `kind`. */
export function clearDayMark(kind) {
  const mark = DAY_MARKS.find((each) => each.kind === kind);
  const day = state.day?.id;
  if (!mark || !day) return Promise.resolve();
  return queue('DELETE', `/api/v1/days/${day}/marks/${mark.path}`, undefined, { kind: 'day-mark', day, mark: kind, at: null }, `Clearing ${mark.phrase.toLowerCase()}`);
}

/**
 * The current day's marks as the tablet shows them: the box's, with those still waiting applied on
 * top. {kind: {at, waiting}}; a kind not marked is absent.
 */
export function dayMarks() {
  const shown = {};
  for (const [kind, at] of Object.entries(state.day?.marks ?? {})) shown[kind] = { at, waiting: false };
  for (const record of waiting) {
    const local = record.local ?? {};
    if (local.kind !== 'day-mark' || local.day !== state.day?.id) continue;
    if (local.at) shown[local.mark] = { at: local.at, waiting: true };
    else delete shown[local.mark];
  }
  return shown;
}

/** A day from the box (an answer to a mark): its marks replace the current day's. */
function applyDayMarks(day) {
  if (!day || day.id !== state.day?.id || typeof day.marks !== 'object') return;
  state.day = { ...state.day, marks: { ...day.marks } };
  saveSnapshot();
  changed();
}

/** A day.marked event's payload ({day, kind, at | null}) applied to the current day. */
function applyDayMark(payload) {
  if (payload.day !== state.day?.id || typeof payload.kind !== 'string') return;
  const marks = { ...(state.day.marks ?? {}) };
  if (typeof payload.at === 'string') marks[payload.kind] = payload.at;
  else delete marks[payload.kind];
  state.day = { ...state.day, marks };
  saveSnapshot();
  changed();
}

/**
 * A running take's timecode now, as its cut would be stamped. A box with a timecode clock reads a
 * cut on the clock the take's roll was read on (a jam during the take neither stretches nor
 * shrinks it): the clock as it is if it reads the take's roll_tc at its roll, else the jam that
 * held at the roll if the tablet heard of it and it reads roll_tc, else the roll's timecode plus
 * the take's length (within a frame of the box's). An older box stamps the time of day at the cut.
 */
export function runningTimecode(take, ms = clockNow()) {
  const rate = take.rate ?? timecodeRate();
  const rolled = Date.parse(take.rolled_at ?? '');
  if (state.clockMissing || !take.roll_tc || !(ms >= rolled)) return timecodeOf(ms, rate);
  if (timecodeOf(rolled, rate) === take.roll_tc) return timecodeOf(ms, rate);
  const then = jams.findLast((jam) => Date.parse(jam.at) <= rolled);
  if (then && countOn(then.timecode, Date.parse(then.at), rolled, rate) === take.roll_tc) return countOn(then.timecode, Date.parse(then.at), ms, rate);
  return countOn(take.roll_tc, rolled, ms, rate) ?? timecodeOf(ms, rate);
}

// ---- Notes being typed ---------------------------------------------------------------------------

/** The note the field shows for `take`: its draft if one is being typed, else what it has. */
export function noteText(take) {
  return outbox.draft(take.id)?.text ?? take.notes ?? '';
}

/** Keeps what is typed for `take` as a draft (not sent). */
export function keepDraft(take, text) {
  if (text === (take.notes ?? '')) outbox.dropDraft(take.id);
  else outbox.keepDraft(take.id, text);
  changed();
}

export function hasDraft(take) {
  return Boolean(take && outbox.draft(take.id));
}

/** Saves `take`'s note: queued like any mark, then the draft is gone. Nothing changed, nothing sent. */
export function saveNote(take, text = noteText(take)) {
  outbox.dropDraft(take.id);
  if (text === (take.notes ?? '') && !take.notesWaiting) {
    changed();
    return Promise.resolve();
  }
  return patch(take, { notes: text });
}

/** "draft" (typed, not saved), "queued" (saved on the tablet, not yet on the box) or "saved". */
export function noteState(take) {
  if (!take) return 'saved';
  if (hasDraft(take)) return 'draft';
  return take.notesWaiting ? 'queued' : 'saved';
}

/** What an undo's answer says it undid, in a sentence. */
function undoMessage(answer) {
  if (answer?.message) return answer.message;
  const take = serverTakes.find((each) => each.id === answer?.take) ?? state.takes.find((each) => each.id === answer?.take);
  const what = { roll: 'the roll', cut: 'the cut', marks: 'the last mark', void: 'the roll (kept as a void take)' }[answer?.undid] ?? 'the last change';
  return `Undid ${what} of ${take ? takeName(take) : `take ${answer?.take ?? '?'}`}.`;
}

let flushing = false;
let retryTimer = null;

/** Sends waiting marks in order, each once; stops at the first that cannot reach the box. */
export async function flush() {
  if (flushing) return;
  flushing = true;
  let sent = 0;
  try {
    for (const record of await outbox.pending()) {
      const path = record.path.replace(/local-[0-9a-f]+/g, (placeholder) => ids.get(placeholder) ?? placeholder);
      try {
        const answer = await request(record.method, path, record.body, { 'Idempotency-Key': record.key });
        if (record.placeholder && answer?.id) {
          await outbox.rememberId(record.placeholder, answer.id);
          ids.set(record.placeholder, answer.id);
          outbox.moveDraft(record.placeholder, answer.id);
        }
        // A roll, cut or mark answers with the take as it now is: show that at once rather than
        // the take as it was until the listing is loaded again.
        if (isTake(answer)) {
          acceptAnswer(answer);
          saveSnapshot();
        }
        if (record.local?.kind === 'day-mark') applyDayMarks(answer);
        if (record.local?.kind === 'undo') notify(undoMessage(answer));
        await outbox.remove(record.n);
        sent += 1;
      } catch (error) {
        if (error instanceof OfflineError || error.status >= 500 || error.status === 429) {
          setOnline(false);
          break;
        }
        if (error.status === 401) break;
        // Refused for good (a take cut twice, nothing left to undo): say so and go on.
        await outbox.remove(record.n);
        notify(`${record.label} was not applied: ${error.message}`);
      }
    }
  } finally {
    flushing = false;
    await reloadWaiting();
    clearTimeout(retryTimer);
    if (waiting.length) retryTimer = setTimeout(flush, 3000);
    // What the box did with them comes back in their answers and on the event stream.
    if (sent) refresh('unmatched');
  }
}

// ---- The event stream ---------------------------------------------------------------------------

let socket = null;
let retryDelay = 1000;
let started = false;

function setOnline(online) {
  if (state.online === online) return;
  state.online = online;
  changed();
  if (!online && socket && socket.readyState === WebSocket.OPEN) socket.close();
}

// What a listing must be loaded again for: only what an event's payload does not carry itself.
const REFRESH_ON = [
  [/^(scene|setup|shotlist|day|project)\./, ['production']],
  // A new day jams a time-of-day clock; its timecode.changed says so too, this is in case not.
  [/^(day|project)\./, ['timecode']],
  [/^media\./, ['clips', 'jobs', 'unmatched']],
  [/^offload\.(queued|preflight|started|sealing|finished|destination_failed)$/, ['offloads', 'cards', 'destinations', 'unmatched']],
  // A tethered burst's stills join its offload as they come: its file count grows.
  [/^offload\.files_added$/, ['offloads']],
  [/^card\./, ['cards']],
  [/^camera\./, ['cameras']],
];

// The last event this tablet has applied: a reconnect resumes the stream after it (?since=), so
// nothing is missed and nothing is loaded twice.
let lastSequence = null;

/**
 * A take event applied to the tablet's takes from its payload: the take object the box sends
 * (`{"take": {...}}`). An older box sends only what changed; what can be applied from that is, and
 * anything else loads the listing again.
 */
function applyTakeEvent(event) {
  const payload = event.payload ?? {};
  const id = isTake(payload.take) ? payload.take.id : payload.id;
  if (Number.isFinite(event.seq) && id !== undefined) appliedAt.set(id, Math.max(appliedAt.get(id) ?? -1, event.seq));
  if (isTake(payload.take)) {
    acceptEventTake(payload.take);
    return true;
  }
  const known = serverTakes.find((take) => take.id === payload.id);
  if (event.kind === 'take.updated' && known && payload.changes && typeof payload.changes === 'object') {
    const { number, ...marks } = payload.changes;
    if (number !== undefined) return false;
    Object.assign(known, marks);
    return true;
  }
  if (event.kind === 'take.cut' && known && payload.cut_tc) {
    known.cut_tc = payload.cut_tc;
    known.cut_at ??= event.time ?? new Date().toISOString();
    return true;
  }
  return false;
}

const eventListeners = new Set();

/**
 * Calls `listener(event)` for each event the stream brings, after the store has applied it: for a
 * panel that asks the box for something no listing here holds (the wrap check). Returns the
 * function that stops it.
 */
export function whenEvent(listener) {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

function onEvent(event) {
  applyEvent(event);
  for (const listener of eventListeners) listener(event);
}

function applyEvent(event) {
  if (Number.isFinite(event.seq)) lastSequence = Math.max(lastSequence ?? 0, event.seq);
  if (event.kind === 'offload.progress') {
    state.progress.set(event.payload.id, event.payload);
    changed();
    return;
  }
  if (event.kind === 'timecode.changed') {
    clockVersion += 1;
    if (isClock(event.payload)) keepClock(event.payload);
    else refresh('timecode');
    return;
  }
  if (event.kind === 'device.revoked' && String(event.payload?.id) === String(current()?.device)) {
    unpaired('This tablet was unpaired on the box (its pairing was revoked). Pair it again with a new PIN.');
    return;
  }
  if (event.kind === 'day.marked') {
    // The payload is the whole change: no listing to load again.
    applyDayMark(event.payload ?? {});
    return;
  }
  if (/^take\./.test(event.kind)) {
    if (applyTakeEvent(event)) {
      saveSnapshot();
      recompute();
    } else {
      refresh('production');
    }
    return;
  }
  if (event.kind === 'clip.matched') {
    const taken = event.payload?.take_object;
    const clip = event.payload?.clip;
    // The clip leaves whichever take had it; the take it is now on comes whole in the payload.
    for (const take of serverTakes) {
      if (take.id !== event.payload?.take && take.clips?.some((each) => each.id === clip)) take.clips = take.clips.filter((each) => each.id !== clip);
    }
    if (isTake(taken)) {
      if (Number.isFinite(event.seq)) appliedAt.set(taken.id, Math.max(appliedAt.get(taken.id) ?? -1, event.seq));
      acceptEventTake(taken);
    }
    else if (event.payload?.take !== null && event.payload?.take !== undefined) refresh('production');
    saveSnapshot();
    recompute();
    refresh('unmatched');
    return;
  }
  for (const [pattern, parts] of REFRESH_ON) if (pattern.test(event.kind)) refresh(...parts);
}

/** Asks the box what this tablet may do; an older box without GET /api/v1/session: the role's. */
async function loadRights() {
  try {
    const answer = await request('GET', '/api/v1/session');
    if (keepRights(answer)) rightsChanged();
  } catch {
    // 404 from an older box, or offline: the rights kept (or the role's) stay.
  }
}
let rightsChanged = () => {};

function connect() {
  if (!current()) return;
  // No network at all: wait for the browser's "online" rather than knocking on a closed door.
  if (navigator.onLine === false) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const resume = lastSequence !== null ? `?since=${lastSequence}` : '';
  socket = new WebSocket(`${scheme}://${location.host}/api/v1/events${resume}`);
  const mine = socket;
  socket.addEventListener('message', (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (data.kind === 'stream.too_old') {
      // The box no longer keeps what was missed: load everything again, from its latest.
      lastSequence = Number.isFinite(data.sequence) ? data.sequence : lastSequence;
      refresh(...needed);
      return;
    }
    if (data.type === 'hello') {
      if (Number.isFinite(data.time_ms)) {
        skew = data.time_ms - Date.now();
        localStorage.setItem('slate.clockSkew', String(skew));
      }
      retryDelay = 1000;
      setOnline(true);
      if (!resume) {
        // A first connection: load everything once; from here on the stream keeps it current.
        if (Number.isFinite(data.latest)) lastSequence = Math.max(lastSequence ?? 0, data.latest);
        refresh(...needed);
      } else {
        // The clock is read again on every reconnect: the skew just changed, and the box may have
        // been restarted (a new clock, no event about it).
        refresh('timecode');
      }
      loadRights();
      flush();
    } else if (data.type === 'event') {
      onEvent(data);
    }
  });
  let greeted = false;
  socket.addEventListener('open', () => {
    greeted = true;
  });
  socket.addEventListener('close', (close) => {
    if (socket === mine) socket = null;
    // Refused before it opened: ask the API why (a 401 there sends the tablet back to pairing).
    if (!greeted && navigator.onLine !== false) request('GET', '/api/v1/project').catch(() => {});
    if (close.code === 1008 && close.reason === 'revoked') {
      unpaired('This tablet was unpaired on the box (its pairing was revoked). Pair it again with a new PIN.');
      return;
    }
    setOnline(false);
    if (current() && navigator.onLine !== false) setTimeout(() => socket || connect(), retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  });
}

let unpairedCallback = () => {};

function unpaired(reason) {
  forget(reason);
  lastSequence = null;
  if (socket) socket.close();
  unpairedCallback();
}

/** Starts loading and listening; `onUnpaired` runs when the box no longer knows this tablet. */
export async function start(onUnpaired, onRightsChanged = () => {}) {
  unpairedCallback = onUnpaired;
  rightsChanged = onRightsChanged;
  whenUnpaired(() => unpaired());
  if (started) {
    // Paired again after being sent back to pairing: listen again.
    if (!socket) connect();
    refresh(...needed);
    return;
  }
  started = true;
  loadSnapshot();
  loadClock();
  await reloadWaiting();
  refresh('production', 'timecode');
  connect();
  window.addEventListener('online', () => {
    if (!socket) connect();
    flush();
  });
  window.addEventListener('offline', () => setOnline(false));
  // The running timecode moves on its own: only what shows it is told, not every view.
  setInterval(() => {
    const now = clockNow();
    for (const listener of tickers) listener(state, now);
  }, 1000 / 8);
  // The box's clock and this tablet's drift apart a little (an LTC source is not the box's
  // crystal): its reading is taken again each minute, not only when it changes state.
  setInterval(() => {
    if (state.online) refresh('timecode');
  }, 60_000);
}
