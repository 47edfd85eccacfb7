// The DIT's view: the cards present with one large verdict each, offloads with a bar per
// destination, destinations with their free space, cameras, media jobs, clips on no take to
// assign, the day's wrap check, and each day's ALE and CSV for editorial.

import { request } from '../lib/api.js';
import { bytes, duration, fill, fillIfChanged, h, reconcile } from '../lib/dom.js';
import { may } from '../lib/session.js';
import * as store from '../lib/store.js';
import { deliverablesPanel, fetchAndSave, wrapCheckPanel } from './deliverables.js';
import { showUnmatched } from './unmatched.js';

const RUNNING = ['queued', 'preflight', 'copying', 'sealing'];

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function when(text) {
  const time = Date.parse(text);
  if (!Number.isFinite(time)) return text || 'an earlier offload';
  return new Date(time).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** The earlier offload that already made this card safe (for a duplicate). */
function earlierSafe(offload, offloads) {
  return offloads
    .filter((each) => each.id < offload.id && each.verdict === 'safe' && (each.source === offload.source || (offload.roll && each.roll === offload.roll)))
    .sort((a, b) => b.id - a.id)[0] ?? null;
}

/**
 * Reasons name folders by their full path; the tablet names destinations by their names and a card
 * by its label, never by a staging path.
 */
export function readable(reason, offload) {
  let text = String(reason ?? '');
  for (const destination of offload?.destinations ?? []) {
    for (const path of [destination.card_folder, destination.root]) {
      if (path) text = text.split(path).join(destination.name);
    }
  }
  if (offload?.source) text = text.split(offload.source).join(offload.label || offload.roll || 'the card');
  return text.replace(/(?:\/[^\s/,;:()'"]+)+\/([^\s/,;:()'"]+)/g, '$1').replace(/; offload it again with --again/, '');
}

/** What an offload's state means, with its badge class and the words the DIT reads. */
function verdictOf(offload, offloads) {
  if (!offload) return { tone: 'neutral', text: 'Not offloaded' };
  switch (offload.state) {
    case 'queued':
      return { tone: 'busy', text: 'Queued' };
    case 'preflight':
      return { tone: 'busy', text: 'Checking the card…' };
    case 'copying':
      return { tone: 'busy', text: 'Copying…' };
    case 'sealing':
      return { tone: 'busy', text: 'Sealing…' };
    case 'duplicate': {
      const earlier = earlierSafe(offload, offloads);
      const on = earlier?.finished_at ?? /already offloaded on (\S+)/.exec(offload.reason ?? '')?.[1];
      return { tone: 'safe', text: `Already safe — copied on ${when(on)}`, detail: earlier ? `Offload ${earlier.id} made it safe; nothing was copied again.` : 'Nothing was copied again.' };
    }
    case 'refused':
      return { tone: 'unsafe', text: 'REFUSED — not safe', detail: readable(offload.reason, offload) || 'The box refused to start this offload.' };
    case 'interrupted':
      return { tone: 'unsafe', text: 'INTERRUPTED — not safe', detail: readable(offload.reason, offload) || 'The offload stopped before it finished: resume it.' };
    case 'cancelled':
      return { tone: 'unsafe', text: 'CANCELLED — not safe', detail: readable(offload.reason, offload) || 'The offload was cancelled.' };
    case 'failed':
      return { tone: 'unsafe', text: 'FAILED — not safe', detail: readable(offload.reason, offload) };
    case 'finished':
      if (offload.verdict === 'safe') return { tone: 'safe', text: 'SAFE TO FORMAT' };
      return { tone: 'unsafe', text: 'NOT SAFE', detail: readable(offload.reason, offload) || 'Not every file was verified on enough destinations.' };
    default:
      if (offload.verdict === 'safe' || offload.state === 'safe') return { tone: 'safe', text: 'SAFE TO FORMAT' };
      if (offload.verdict === 'not_safe' || offload.state === 'not_safe') return { tone: 'unsafe', text: 'NOT SAFE', detail: readable(offload.reason, offload) };
      return { tone: 'neutral', text: `State: ${offload.state}`, detail: readable(offload.reason, offload) };
  }
}

function verdictBadge(verdict) {
  return h('span', { class: `badge ${verdict.tone}`, 'data-testid': 'verdict' }, verdict.text);
}

/**
 * Whether this offload is a tethered camera's: a burst of stills (a batch, staged in the box's
 * tether folder and named by its first file) or a one-file offload named by its file.
 */
function fromCamera(offload) {
  const named = /\.[A-Za-z0-9]{2,5}$/.test(offload.label ?? '') && !/^[A-Z]\d{3}/.test(offload.label ?? '');
  return named && (offload.total_files === 1 || /\/tether\//.test(offload.source ?? ''));
}

function section(title, testid, ...content) {
  return h('section', { class: 'panel', 'aria-label': title, 'data-testid': testid }, h('h2', {}, title), ...content);
}

export function ditView(main) {
  store.need('cards', 'offloads', 'destinations', 'cameras', 'jobs', 'unmatched');
  const cards = h('div', { class: 'cards' });
  // A card pushed in that the box could not mount: said plainly, until it is taken out or mounts.
  const mountFailures = h('div', { class: 'mount-failures', 'data-testid': 'mount-failures' });
  const offloads = h('div', { class: 'offloads' });
  const cameraDownloads = h('div', { class: 'camera-downloads' });
  const destinations = h('ul', { class: 'plain' });
  const cameras = h('ul', { class: 'plain' });
  const jobs = h('ul', { class: 'plain' });
  const unmatched = h('ul', { class: 'plain' });
  // What editorial gets from the day, and what it would find missing.
  const wrapCheck = wrapCheckPanel();
  const deliverables = deliverablesPanel();
  main.replaceChildren(
    h(
      'section',
      { class: 'dit-view', 'aria-label': 'DIT' },
      section('Cards', 'cards', mountFailures, cards),
      section('Offloads', 'offloads', offloads),
      section('Camera downloads', 'camera-downloads', cameraDownloads),
      section('Destinations', 'destinations', destinations),
      section('Cameras', 'cameras', cameras),
      section('Media jobs', 'jobs', jobs),
      section('Clips on no take', 'unmatched', unmatched),
      wrapCheck.element,
      deliverables.element,
    ),
  );

  // Final figures, once an offload has ended, from the box's own count of each destination's files.
  const finals = new Map(); // offload id → GET /api/v1/offloads/{id}
  const asked = new Set();
  function finalOf(offload) {
    if (RUNNING.includes(offload.state)) return null;
    const key = `${offload.id}:${offload.state}`;
    if (!asked.has(key)) {
      asked.add(key);
      request('GET', `/api/v1/offloads/${offload.id}`)
        .then((detail) => {
          finals.set(offload.id, detail);
          store.state.progress.delete(offload.id);
          store.changed();
        })
        .catch(() => asked.delete(key));
    }
    return finals.get(offload.id) ?? null;
  }

  function destinationRow(offload, destination, index) {
    const final = finalOf(offload)?.destinations?.[index] ?? null;
    const live = final ? null : store.state.progress.get(offload.id)?.destinations?.[index];
    const total = offload.total_bytes || 0;
    const files = offload.total_files ?? 0;
    const work = total * (offload.verify === 'none' ? 1 : 2);
    const ended = !RUNNING.includes(offload.state);
    const failed = destination.state === 'failed';
    let verifiedFiles;
    let verifiedBytes;
    if (final) {
      verifiedFiles = final.files?.verified ?? (offload.verify === 'none' ? final.files?.copied ?? 0 : 0);
      verifiedBytes = final.bytes_verified ?? 0;
    } else if (ended && offload.verdict === 'safe') {
      verifiedFiles = files;
      verifiedBytes = total;
    } else {
      verifiedFiles = live?.files_verified ?? 0;
      verifiedBytes = live?.bytes_verified ?? 0;
    }
    const done = final || (ended && offload.verdict === 'safe') ? (verifiedFiles === files ? work : verifiedBytes * 2) : live ? live.bytes_written + live.bytes_verified : 0;
    const percent = work > 0 ? Math.min(100, Math.round((100 * done) / work)) : ended && !failed ? 100 : 0;
    const speed = !ended && live?.bytes_per_second ? live.bytes_per_second : null;
    const eta = speed ? (work - done) / speed : null;
    const failedFiles = final ? final.files?.failed ?? 0 : live?.files_failed ?? 0;
    const fileText = !ended || final || offload.verdict === 'safe'
      ? `${verifiedFiles} of ${plural(files, 'file')} verified${failedFiles ? `, ${failedFiles} failed` : ''}`
      : plural(files, 'file');
    const stateText = failed ? 'failed' : ended ? (verifiedFiles === files && files > 0 ? 'verified' : destination.state === 'done' ? 'done' : destination.state) : destination.state;
    return h(
      'div',
      { class: `destination${failed ? ' failed' : ''}`, 'data-testid': `destination-${destination.name}` },
      h('div', { class: 'destination-head' }, h('strong', {}, destination.name), h('span', {}, stateText)),
      h('progress', { max: 100, value: failed ? 0 : percent, 'aria-label': `${destination.name}: ${percent}%` }),
      h('div', { class: 'figures', 'data-testid': 'figures' }, fileText, ` · ${bytes(final || ended ? verifiedBytes : verifiedBytes)} of ${bytes(total)}`, speed ? ` · ${bytes(speed)}/s · ${duration(eta)} left` : ''),
      failed && destination.reason ? h('p', { class: 'reason', 'data-testid': 'destination-reason' }, readable(destination.reason, offload)) : null,
    );
  }

  async function control(offload, action) {
    try {
      await request('POST', `/api/v1/offloads/${offload.id}/${action}`);
      store.refresh('offloads', 'cards');
    } catch (error) {
      store.notify(`Offload ${offload.id} was not ${action === 'resume' ? 'resumed' : 'cancelled'}: ${error.message}`);
    }
  }

  // The card's offload report: kept by the box once its thumbnails are made, made afresh before.
  function reportButton(offload) {
    if (!offload.verdict) return null;
    const message = h('span', { class: 'report-message', 'data-testid': 'report-message', role: 'status' });
    const button = h(
      'button',
      {
        class: 'secondary',
        type: 'button',
        'data-testid': 'offload-report',
        'aria-label': `Download the offload report of roll ${offload.roll || '?'}`,
        onclick: async () => {
          button.disabled = true;
          await fetchAndSave(`/api/v1/offloads/${encodeURIComponent(offload.id)}/report.pdf`, `${offload.roll || 'card'}_offload.pdf`, `offload report of roll ${offload.roll || '?'}`, (text) => {
            message.textContent = text;
          });
          button.disabled = false;
        },
      },
      'Report PDF',
    );
    return h('span', { class: 'offload-report' }, button, message);
  }

  function offloadActions(offload) {
    const report = reportButton(offload);
    const control = controlButton(offload);
    return report || control ? h('div', { class: 'offload-actions' }, report, control) : null;
  }

  function controlButton(offload) {
    if (!may('offload')) return null;
    if (offload.state === 'interrupted') return h('button', { class: 'primary', 'data-testid': 'resume', onclick: () => control(offload, 'resume') }, 'Resume');
    if (RUNNING.includes(offload.state)) return h('button', { class: 'secondary', 'data-testid': 'cancel', onclick: () => control(offload, 'cancel') }, 'Cancel');
    return null;
  }

  function offloadCard(element, offload) {
    const verdict = verdictOf(offload, store.state.offloads);
    element.setAttribute('data-testid', `offload-${offload.id}`);
    fill(
      element,
      h('div', { class: 'card-head' }, h('h3', {}, offload.label || `Roll ${offload.roll || '?'}`, h('small', {}, ` roll ${offload.roll || '?'} · ${plural(offload.total_files ?? 0, 'file')} · ${bytes(offload.total_bytes)}`)), verdictBadge(verdict)),
      verdict.detail ? h('p', { class: verdict.tone === 'safe' ? 'detail' : 'reason', 'data-testid': 'offload-reason' }, verdict.detail) : null,
      offload.state === 'duplicate' ? null : (offload.destinations ?? []).map((destination, index) => destinationRow(offload, destination, index)),
      offloadActions(offload),
    );
  }

  function update() {
    const state = store.state;
    const latestByRoll = new Map();
    for (const offload of state.offloads) {
      const known = latestByRoll.get(offload.source);
      if (!known || known.id < offload.id) latestByRoll.set(offload.source, offload);
    }
    reconcile(
      cards,
      state.cards,
      (card) => card.id,
      () => h('article', { class: 'card' }),
      (element, card) => {
        const offload = card.offload ?? latestByRoll.get(card.path) ?? null;
        const verdict = verdictOf(offload, state.offloads);
        // A card not offloaded yet, or whose offload did not end safe, can be offloaded from here
        // (to the default destinations) by a role that may; an interrupted one is resumed instead.
        const ended = !offload || !RUNNING.includes(offload.state);
        const offerable = may('offload') && ended && offload?.verdict !== 'safe' && offload?.state !== 'duplicate' && offload?.state !== 'interrupted';
        element.setAttribute('data-testid', `card-${card.roll || card.label}`);
        fillIfChanged(
          element,
          JSON.stringify([card, offload, offerable, verdict]),
          h('div', { class: 'card-head' }, h('h3', {}, card.label || card.path.split('/').pop()), verdictBadge(verdict)),
          h('p', { class: 'meta' }, `${card.layout} · roll ${card.roll || '?'} · ${plural(card.clips, 'clip')} · ${plural(card.files, 'file')} · ${bytes(card.used_bytes)}`),
          verdict.detail && verdict.tone !== 'safe' ? h('p', { class: 'reason' }, verdict.detail) : null,
          offload?.state === 'interrupted' ? offloadActions(offload) : null,
          offerable
            ? h('button', {
                class: 'primary',
                'data-testid': 'offload-card',
                onclick: async (event) => {
                  event.currentTarget.disabled = true;
                  try {
                    await request('POST', `/api/v1/cards/${encodeURIComponent(card.id)}/offload`, { again: Boolean(offload) });
                    store.refresh('offloads', 'cards');
                  } catch (error) {
                    store.notify(`${card.label || card.path} was not offloaded: ${error.message}`);
                    store.refresh('cards');
                  }
                },
              }, offload ? 'Offload again' : 'Offload')
            : null,
        );
      },
    );
    if (!state.cards.length) fill(cards, h('p', { class: 'empty' }, 'No card in the box.'));
    reconcile(
      mountFailures,
      state.mountFailures ?? [],
      (failure) => failure.device,
      () => h('article', { class: 'card mount-failed', role: 'alert' }),
      (element, failure) => {
        element.setAttribute('data-testid', `mount-failure-${failure.device.split('/').pop()}`);
        fillIfChanged(
          element,
          JSON.stringify(failure),
          h('div', { class: 'card-head' }, h('h3', {}, `${failure.device} was not mounted`)),
          h('p', { class: 'meta' }, failure.file_system ? `File system: ${failure.file_system}` : 'No file system found'),
          h('p', { class: 'reason' }, failure.error),
        );
      },
    );

    // Card offloads first and on their own: a stills-heavy day of camera downloads does not push
    // them off the list. The camera's downloads are counted apart, the latest few shown.
    const sorted = [...state.offloads].sort((a, b) => b.id - a.id);
    const recent = sorted.filter((offload) => !fromCamera(offload)).slice(0, 8);
    reconcile(offloads, recent, (offload) => offload.id, () => h('article', { class: 'offload' }), offloadCard);
    if (!recent.length) fill(offloads, h('p', { class: 'empty' }, 'No offload yet.'));
    // A burst is one offload, one line, its count growing as its stills come.
    const downloads = sorted.filter(fromCamera);
    const filesOf = (list) => list.reduce((sum, offload) => sum + (offload.total_files ?? 1), 0);
    const downloaded = filesOf(downloads);
    const safeDownloads = filesOf(downloads.filter((offload) => offload.verdict === 'safe'));
    const running = filesOf(downloads.filter((offload) => RUNNING.includes(offload.state)));
    const bursts = downloads.length === downloaded ? '' : ` in ${downloads.length === 1 ? '1 batch' : `${downloads.length} batches`}`;
    fillIfChanged(
      cameraDownloads,
      JSON.stringify(downloads.slice(0, 5).map((offload) => [offload.id, offload.state, offload.verdict, offload.label, offload.total_files]).concat([downloads.length, downloaded, safeDownloads])),
      downloads.length
        ? [
            h('p', { class: 'meta', 'data-testid': 'camera-downloads-summary' }, `${plural(downloaded, 'file')} from tethered cameras${bursts} · ${safeDownloads} safe${running ? ` · ${running} copying` : ''}`),
            h(
              'ul',
              { class: 'plain' },
              downloads.slice(0, 5).map((offload) =>
                h('li', { 'data-testid': `camera-download-${offload.id}` }, h('strong', {}, offload.label), (offload.total_files ?? 1) > 1 ? ` (${plural(offload.total_files, 'file')})` : '', ` roll ${offload.roll || '?'} · `, verdictOf(offload, state.offloads).text),
              ),
            ),
          ]
        : h('p', { class: 'empty' }, 'No camera downloads.'),
    );

    fill(
      destinations,
      state.destinations.map((destination) =>
        h('li', {}, h('strong', {}, destination.name), ' · ', destination.present ? `${bytes(destination.free_bytes)} free of ${bytes(destination.total_bytes)}` : 'not present', destination.present && !destination.writable ? ' · read-only' : ''),
      ),
    );
    if (!state.destinations.length) fill(destinations, h('li', { class: 'empty' }, 'No destination configured.'));

    fill(
      cameras,
      state.cameras.map((camera) =>
        h('li', {}, h('strong', {}, camera.model), ` ${camera.connected ? 'connected' : 'not connected'} · roll ${camera.roll} · ${plural(camera.files_taken ?? 0, 'file')}`, camera.last_error ? h('span', { class: 'reason' }, ` · ${camera.last_error}`) : null),
      ),
    );
    if (!state.cameras.length) fill(cameras, h('li', { class: 'empty' }, 'No camera connected.'));

    const active = state.jobs.filter((job) => job.state === 'queued' || job.state === 'running');
    fill(
      jobs,
      active.map((job) => h('li', {}, `${job.kind} · ${job.name} · ${job.state}${job.progress ? ` ${Math.round(job.progress * 100)}%` : ''}`)),
    );
    if (!active.length) fill(jobs, h('li', { class: 'empty' }, 'Nothing queued.'));

    showUnmatched(unmatched, state, may('assign'));
    wrapCheck.update(state);
    deliverables.update(state);
  }

  update();
  return update;
}
