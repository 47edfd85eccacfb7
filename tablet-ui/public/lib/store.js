// What the tablet knows and how it stays current: the production's log and the DIT's picture,
// loaded from the API, kept live by the event stream, and saved on the tablet so that a reload with
// no Wi-Fi still shows the day. Marks go through the outbox (lib/outbox.js) and are shown at once,
// applied on top of what the box last said, until the box has them.

import { OfflineError, request, whenUnpaired } from './api.js';
import { randomHex } from './dom.js';
import * as outbox from './outbox.js';
import { current, forget } from './session.js';
import { advance, format, rateOf } from './timecode.js';

export const state = {
  project: null,
  day: null,
  scenes: [],
  takes: [], // the box's takes with the marks still waiting applied on top
  clips: new Map(),
  cards: [],
  offloads: [],
  progress: new Map(), // offload id → its latest offload.progress payload
  destinations: [],
  cameras: [],
  jobs: [],
  unmatched: [],
  phrases: [], // the script supervisor's one-tap notes, from the box's [tablet] settings
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
    serverTakes = takes.takes;
    saveSnapshot();
  },
  clips: async () => {
    const answer = await request('GET', '/api/v1/clips');
    state.clips = new Map(answer.clips.map((clip) => [clip.id, clip]));
  },
  cards: async () => {
    state.cards = (await request('GET', '/api/v1/cards')).cards;
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
    state.jobs = (await request('GET', '/api/v1/media/jobs')).jobs ?? [];
  },
  unmatched: async () => {
    state.unmatched = (await request('GET', '/api/v1/unmatched-clips')).clips;
  },
};

const needed = new Set(['production']);
const due = new Set();
let refreshTimer = null;

/** Loads these parts (names of `loaders`) from now on, at once and after each relevant event. */
export function need(...parts) {
  for (const part of parts) needed.add(part);
  refresh(...parts);
}

/** Reloads parts soon; several asks within 150 ms are one load. */
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

/** The number the setup's next take gets: one past the highest ever used. */
export function nextTakeNumber(setupId) {
  return state.takes.filter((take) => take.setup_id === setupId).reduce((high, take) => Math.max(high, take.take), 0) + 1;
}

function timeOfDayTimecode(rate) {
  const now = new Date();
  const seconds = now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds() + now.getMilliseconds() / 1000;
  return format(seconds * rateOf(rate).real, rate);
}

function recompute() {
  const takes = serverTakes.map((take) => ({ ...take }));
  const byId = new Map(takes.map((take) => [String(take.id), take]));
  for (const record of waiting) {
    const local = record.local ?? {};
    if (local.kind === 'roll') {
      const found = setupOf(local.setupId);
      if (byId.has(String(resolve(local.placeholder)))) continue; // the box has it already
      const rate = state.project?.fps ?? '23.976';
      const take = {
        id: local.placeholder,
        setup_id: local.setupId,
        scene: found?.scene.number ?? '?',
        setup: found?.setup.letter ?? '?',
        take: takes.filter((each) => each.setup_id === local.setupId).reduce((high, each) => Math.max(high, each.take), 0) + 1,
        kind: local.body?.kind ?? 'normal',
        wild: Boolean(local.body?.wild),
        mos: Boolean(local.body?.mos),
        vfx: false,
        status: 'none',
        flagged: false,
        notes: '',
        cameras: local.body?.cameras ?? [],
        rate,
        rolled_at: new Date(record.queuedAt).toISOString(),
        roll_tc: local.rollTc ?? timeOfDayTimecode(rate),
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
        take.cut_at = new Date(record.queuedAt).toISOString();
      }
      if (local.kind === 'patch') Object.assign(take, local.body);
      take.waiting = true;
    }
  }
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
// Wi-Fi is stamped when it was made, not when it reached the box, and its clips still match.
let skew = Number(localStorage.getItem('slate.clockSkew')) || 0;
function boxNow() {
  return Date.now() + skew;
}

export function roll(setupId, body) {
  const rate = state.project?.fps ?? '23.976';
  const placeholder = `local-${randomHex(8)}`;
  const stamped = { ...body, at: new Date(boxNow()).toISOString() };
  return queue('POST', `/api/v1/setups/${setupId}/roll`, stamped, { kind: 'roll', setupId, placeholder, body: stamped, rollTc: timeOfDayTimecode(rate) }, 'A roll');
}

export function cut(take) {
  const rate = take.rate ?? state.project?.fps ?? '23.976';
  return queue('POST', `/api/v1/takes/${take.id}/cut`, { at: new Date(boxNow()).toISOString() }, { kind: 'cut', takeId: take.id, cutTc: timeOfDayTimecode(rate) }, 'A cut');
}

export function patch(take, body) {
  return queue('PATCH', `/api/v1/takes/${take.id}`, body, { kind: 'patch', takeId: take.id, body }, 'A mark');
}

export function undo() {
  return queue('POST', '/api/v1/undo', undefined, { kind: 'undo' }, 'An undo');
}

/** A running take's timecode now, from its roll timecode and the time since it rolled. */
export function runningTimecode(take) {
  const since = (boxNow() - Date.parse(take.rolled_at)) / 1000;
  return advance(take.roll_tc, Math.max(0, since), take.rate);
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
        }
        // A roll, cut or mark answers with the take as it now is: show that at once rather than
        // the take as it was until the listing is loaded again.
        if (answer && typeof answer.id === 'number' && answer.setup_id !== undefined) {
          const index = serverTakes.findIndex((take) => take.id === answer.id);
          if (index >= 0) serverTakes[index] = answer;
          else serverTakes.push(answer);
          saveSnapshot();
        }
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
    if (sent) refresh('production', 'unmatched');
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

const REFRESH_ON = [
  [/^(take|scene|setup|shotlist|day|project)\./, ['production']],
  [/^clip\.matched$/, ['production', 'unmatched']],
  [/^media\./, ['clips', 'jobs', 'unmatched']],
  [/^offload\.(queued|preflight|started|sealing|finished|destination_failed)$/, ['offloads', 'cards', 'destinations', 'unmatched']],
  [/^card\./, ['cards']],
  [/^camera\./, ['cameras']],
];

function onEvent(event) {
  if (event.kind === 'offload.progress') {
    state.progress.set(event.payload.id, event.payload);
    changed();
    return;
  }
  if (event.kind === 'device.revoked' && String(event.payload?.id) === String(current()?.device)) {
    unpaired('This tablet was unpaired on the box (its pairing was revoked). Pair it again with a new PIN.');
    return;
  }
  for (const [pattern, parts] of REFRESH_ON) if (pattern.test(event.kind)) refresh(...parts);
}

function connect() {
  if (!current()) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/api/v1/events`);
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'hello') {
      if (Number.isFinite(data.time_ms)) {
        skew = data.time_ms - Date.now();
        localStorage.setItem('slate.clockSkew', String(skew));
      }
      retryDelay = 1000;
      setOnline(true);
      refresh(...needed);
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
    socket = null;
    // Refused before it opened: ask the API why (a 401 there sends the tablet back to pairing).
    if (!greeted) request('GET', '/api/v1/project').catch(() => {});
    if (close.code === 1008 && close.reason === 'revoked') {
      unpaired('This tablet was unpaired on the box (its pairing was revoked). Pair it again with a new PIN.');
      return;
    }
    setOnline(false);
    if (current()) setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  });
}

let unpairedCallback = () => {};

function unpaired(reason) {
  forget(reason);
  if (socket) socket.close();
  unpairedCallback();
}

/** Starts loading and listening; `onUnpaired` runs when the box no longer knows this tablet. */
export async function start(onUnpaired) {
  unpairedCallback = onUnpaired;
  whenUnpaired(() => unpaired());
  if (started) {
    // Paired again after being sent back to pairing: listen again.
    if (!socket) connect();
    refresh(...needed);
    return;
  }
  started = true;
  loadSnapshot();
  await reloadWaiting();
  refresh('production');
  connect();
  window.addEventListener('online', () => {
    if (!socket) connect();
    flush();
  });
  window.addEventListener('offline', () => setOnline(false));
  // The running timecode moves on its own: only what shows it is told, not every view.
  setInterval(() => {
    for (const listener of tickers) listener(state);
  }, 1000 / 8);
}
