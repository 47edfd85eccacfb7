// The DIT's view: the cards present with one large verdict each, offloads with a bar per
// destination, destinations with their free space, cameras, media jobs, and clips on no take to
// assign.

import { request } from '../lib/api.js';
import { bytes, duration, fill, fillIfChanged, h, reconcile } from '../lib/dom.js';
import { current as session, may } from '../lib/session.js';
import * as store from '../lib/store.js';
import { showUnmatched } from './unmatched.js';

function verdictBadge(offload) {
  if (!offload) return h('span', { class: 'badge neutral', 'data-testid': 'verdict' }, 'Not offloaded');
  if (offload.state !== 'finished') return h('span', { class: 'badge busy', 'data-testid': 'verdict' }, offload.state === 'interrupted' ? 'Interrupted: not safe' : 'Offloading…');
  if (offload.verdict === 'safe') return h('span', { class: 'badge safe', 'data-testid': 'verdict' }, 'SAFE TO FORMAT');
  return h('span', { class: 'badge unsafe', 'data-testid': 'verdict' }, 'NOT SAFE');
}

function section(title, testid, ...content) {
  return h('section', { class: 'panel', 'aria-label': title, 'data-testid': testid }, h('h2', {}, title), ...content);
}

export function ditView(main) {
  const role = session()?.role;
  store.need('cards', 'offloads', 'destinations', 'cameras', 'jobs', 'unmatched');
  const cards = h('div', { class: 'cards' });
  const offloads = h('div', { class: 'offloads' });
  const destinations = h('ul', { class: 'plain' });
  const cameras = h('ul', { class: 'plain' });
  const jobs = h('ul', { class: 'plain' });
  const unmatched = h('ul', { class: 'plain' });
  main.replaceChildren(
    h(
      'section',
      { class: 'dit-view', 'aria-label': 'DIT' },
      section('Cards', 'cards', cards),
      section('Offloads', 'offloads', offloads),
      section('Destinations', 'destinations', destinations),
      section('Cameras', 'cameras', cameras),
      section('Media jobs', 'jobs', jobs),
      section('Clips on no take', 'unmatched', unmatched),
    ),
  );

  function destinationRow(offload, destination, index) {
    const live = store.state.progress.get(offload.id)?.destinations?.[index];
    const total = offload.total_bytes || 0;
    const work = total * (offload.verify === 'none' ? 1 : 2);
    const finished = offload.state === 'finished';
    const done = finished ? work : live ? live.bytes_written + live.bytes_verified : 0;
    const percent = work > 0 ? Math.min(100, Math.round((100 * done) / work)) : finished ? 100 : 0;
    const speed = !finished && live?.bytes_per_second ? live.bytes_per_second : null;
    const eta = speed ? (work - done) / speed : null;
    const files = live ? `${live.files_verified} of ${offload.total_files} files verified${live.files_failed ? `, ${live.files_failed} failed` : ''}` : `${offload.total_files} files`;
    const failed = destination.state === 'failed';
    return h(
      'div',
      { class: `destination${failed ? ' failed' : ''}`, 'data-testid': `destination-${destination.name}` },
      h('div', { class: 'destination-head' }, h('strong', {}, destination.name), h('span', {}, failed ? 'failed' : destination.state)),
      h('progress', { max: 100, value: failed ? 0 : percent, 'aria-label': `${destination.name}: ${percent}%` }),
      h('div', { class: 'figures' }, `${bytes(finished ? total : live?.bytes_verified ?? 0)} of ${bytes(total)} verified`, speed ? ` · ${bytes(speed)}/s · ${duration(eta)} left` : '', ` · ${files}`),
      failed && destination.reason ? h('p', { class: 'reason', 'data-testid': 'destination-reason' }, destination.reason) : null,
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
        // A card not offloaded yet, or whose offload did not end safe, can be offloaded from here
        // (to the default destinations) by a role that may.
        const ended = !offload || ['finished', 'refused', 'interrupted', 'cancelled'].includes(offload.state);
        const offerable = may(role, 'offload') && ended && offload?.verdict !== 'safe';
        element.setAttribute('data-testid', `card-${card.roll || card.label}`);
        fillIfChanged(
          element,
          JSON.stringify([card, offload, offerable]),
          h('div', { class: 'card-head' }, h('h3', {}, card.label || card.path.split('/').pop()), verdictBadge(offload)),
          h('p', { class: 'meta' }, `${card.layout} · roll ${card.roll || '?'} · ${card.clips} clips · ${card.files} files · ${bytes(card.used_bytes)}`),
          offload && offload.state === 'finished' && offload.verdict !== 'safe' && offload.reason ? h('p', { class: 'reason' }, offload.reason) : null,
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

    const recent = [...state.offloads].sort((a, b) => b.id - a.id).slice(0, 8);
    reconcile(
      offloads,
      recent,
      (offload) => offload.id,
      () => h('article', { class: 'offload' }),
      (element, offload) => {
        element.setAttribute('data-testid', `offload-${offload.id}`);
        fill(
          element,
          h('div', { class: 'card-head' }, h('h3', {}, `Roll ${offload.roll || '?'}`, h('small', {}, ` ${offload.source}`)), verdictBadge(offload)),
          offload.state === 'finished' && offload.verdict !== 'safe' ? h('p', { class: 'reason', 'data-testid': 'offload-reason' }, offload.reason || 'Not every file was verified on enough destinations.') : null,
          (offload.destinations ?? []).map((destination, index) => destinationRow(offload, destination, index)),
        );
      },
    );
    if (!recent.length) fill(offloads, h('p', { class: 'empty' }, 'No offload yet.'));

    fill(
      destinations,
      state.destinations.map((destination) =>
        h('li', {}, h('strong', {}, destination.name), ` ${destination.path} · `, destination.present ? `${bytes(destination.free_bytes)} free of ${bytes(destination.total_bytes)}` : 'not present', destination.present && !destination.writable ? ' · read-only' : ''),
      ),
    );
    if (!state.destinations.length) fill(destinations, h('li', { class: 'empty' }, 'No destination configured.'));

    fill(
      cameras,
      state.cameras.map((camera) =>
        h('li', {}, h('strong', {}, camera.model), ` ${camera.connected ? 'connected' : 'not connected'} · roll ${camera.roll} · ${camera.files_taken} files`, camera.last_error ? h('span', { class: 'reason' }, ` · ${camera.last_error}`) : null),
      ),
    );
    if (!state.cameras.length) fill(cameras, h('li', { class: 'empty' }, 'No camera connected.'));

    const active = state.jobs.filter((job) => job.state === 'queued' || job.state === 'running');
    fill(
      jobs,
      active.map((job) => h('li', {}, `${job.kind} · ${job.name} · ${job.state}${job.progress ? ` ${Math.round(job.progress * 100)}%` : ''}`)),
    );
    if (!active.length) fill(jobs, h('li', { class: 'empty' }, 'Nothing queued.'));

    showUnmatched(unmatched, state, may(role, 'assign'));
  }

  update();
  return update;
}
