// The director's view: the day's takes as cards grouped by setup, newest setup first, each with the
// marks a script supervisor writes (PU, SER, WT, MOS, FS, NG), a clash flag when the box has one, a
// thumbnail that plays the proxy inline when tapped, and a choice of which camera's clip to play;
// flag and circle in one tap; filter to circled or flagged. New takes and thumbnails arrive on their
// own from the event stream.

import { fill, h, reconcile } from '../lib/dom.js';
import { may } from '../lib/session.js';
import * as store from '../lib/store.js';
import { clashText, takeTags } from './script.js';

const STATUS_TEXT = { none: '', circled: 'Circled', hold: 'Hold', ng: 'NG', false_start: 'False start' };

export function directorView(main) {
  const canMark = may('mark');
  store.need('clips');
  let filter = sessionStorage.getItem('slate.directorFilter') ?? 'all';
  const chosenCamera = new Map(); // take id → the camera whose clip is shown
  const filters = [
    ['all', 'All takes'],
    ['circled', 'Circled'],
    ['flagged', 'Flagged'],
  ].map(([name, label]) =>
    h('button', {
      class: 'chip',
      'data-testid': `filter-${name}`,
      onclick: () => {
        filter = name;
        sessionStorage.setItem('slate.directorFilter', name);
        update();
      },
    }, label),
  );
  const groups = h('div', { class: 'setup-groups', 'data-testid': 'take-cards' });
  const empty = h('p', { class: 'empty' });
  main.replaceChildren(h('section', { class: 'director-view', 'aria-label': 'Director' }, h('div', { class: 'filters', role: 'group', 'aria-label': 'Show' }, filters), empty, groups));

  // The take's clips the box knows, by camera (first clip of each camera).
  function clipsByCamera(take) {
    const byCamera = new Map();
    for (const clip of take.clips ?? []) {
      const known = store.state.clips.get(clip.id);
      // The camera: the box's, else the letter a camera's clip name starts with (A001C003…).
      const camera = clip.camera || known?.camera || /^([A-Z])\d{3}C\d/.exec(clip.name ?? '')?.[1] || '?';
      if (!byCamera.has(camera)) byCamera.set(camera, known ?? null);
    }
    return byCamera;
  }

  function createCard() {
    const media = h('div', { class: 'media' });
    const title = h('h3', { 'data-testid': 'take-title' });
    const status = h('span', { class: 'status', 'data-testid': 'take-status' });
    const tags = h('span', { class: 'tags', 'data-testid': 'take-tags' });
    const clash = h('p', { class: 'clash', 'data-testid': 'clash', hidden: true });
    const cameras = h('div', { class: 'camera-choice', role: 'group', 'aria-label': 'Camera to play' });
    const flag = h('button', { class: 'flag-button', 'data-testid': 'flag', 'aria-label': 'Flag' }, '★');
    const circle = h('button', { class: 'circle-button', 'data-testid': 'circle' }, 'Circle');
    const notes = h('p', { class: 'take-notes' });
    const meta = h('p', { class: 'meta' });
    return h(
      'article',
      { class: 'take-card' },
      media,
      h('div', { class: 'card-body' }, h('div', { class: 'card-title' }, title, tags, status), clash, cameras, meta, notes, canMark ? h('div', { class: 'card-actions' }, flag, circle) : null),
    );
  }

  function showMedia(media, take, clip, camera) {
    const wanted = clip?.thumbnail ? `${clip.thumbnail}?width=640` : '';
    const shown = `${clip?.id ?? ''} ${wanted} ${clip?.proxy ? 'playable' : ''} ${take.clips?.length ?? 0}`;
    const playing = media.querySelector('video');
    if (media.dataset.shown === shown || (playing && playing.dataset.clip === String(clip?.id))) return;
    media.dataset.shown = shown;
    if (wanted) {
      fill(media, h('img', { src: wanted, alt: `${store.takeName(take)}${camera && camera !== '?' ? `, camera ${camera}` : ''}`, loading: 'lazy', 'data-testid': 'thumbnail' }), clip.proxy ? h('span', { class: 'play', 'aria-hidden': 'true' }, '▶') : null);
    } else {
      fill(media, h('span', { class: 'no-picture' }, take.clips?.length ? 'Picture on its way' : take.wild ? 'Wild track' : 'No clip yet'));
    }
  }

  function updateCard(card, take) {
    const [media, body] = card.children;
    card.dataset.status = take.status;
    card.dataset.flagged = take.flagged ? 'true' : 'false';
    card.setAttribute('data-take', String(take.id));
    body.querySelector('[data-testid="take-title"]').textContent = store.takeName(take);
    body.querySelector('[data-testid="take-status"]').textContent = take.status === 'ng' || take.status === 'false_start' ? '' : STATUS_TEXT[take.status] ?? '';
    fill(body.querySelector('[data-testid="take-tags"]'), takeTags(take).map((tag) => h('span', { class: 'tag' }, tag)));
    const clash = body.querySelector('[data-testid="clash"]');
    clash.textContent = clashText(take);
    clash.hidden = !clash.textContent;
    card.classList.toggle('clashing', !clash.hidden);
    body.querySelector('.meta').textContent = `${take.roll_tc}${take.cut_tc ? ` – ${take.cut_tc}` : ' rolling'} · ${(take.cameras ?? []).join(' ')}`;
    body.querySelector('.take-notes').textContent = take.notes ?? '';
    const flag = body.querySelector('[data-testid="flag"]');
    if (flag) {
      flag.setAttribute('aria-pressed', take.flagged ? 'true' : 'false');
      flag.onclick = () => store.patch(take, { flagged: !take.flagged });
      const circle = body.querySelector('[data-testid="circle"]');
      const circled = take.status === 'circled';
      circle.setAttribute('aria-pressed', circled ? 'true' : 'false');
      circle.textContent = circled ? 'Circled ✓' : 'Circle';
      circle.title = circled ? 'Un-circle' : 'Circle';
      circle.onclick = () => {
        store.patch(take, { status: circled ? 'none' : 'circled' });
        if (circled) store.notify(`${store.takeName(take)} un-circled.`);
      };
    }
    // Which camera's clip: the director's choice, else the first camera with a clip.
    const byCamera = clipsByCamera(take);
    let camera = chosenCamera.get(take.id);
    if (!byCamera.has(camera)) camera = [...byCamera.keys()][0];
    const choice = body.querySelector('.camera-choice');
    const signature = JSON.stringify([[...byCamera.keys()], camera]);
    if (choice.dataset.signature !== signature) {
      choice.dataset.signature = signature;
      fill(
        choice,
        byCamera.size > 1
          ? [...byCamera.keys()].map((each) =>
              h(
                'button',
                {
                  class: 'chip',
                  'data-testid': `play-camera-${each}`,
                  'aria-pressed': each === camera ? 'true' : 'false',
                  onclick: () => {
                    chosenCamera.set(take.id, each);
                    const video = media.querySelector('video');
                    if (video) video.remove();
                    media.dataset.shown = '';
                    update();
                  },
                },
                `Cam ${each}`,
              ),
            )
          : [],
      );
    }
    const clip = byCamera.get(camera) ?? null;
    // The media area keeps a playing video; it only changes when there is something new to show.
    showMedia(media, take, clip, camera);
    media.onclick = () => {
      if (!clip?.proxy || media.querySelector('video')) return;
      const video = h('video', { src: clip.proxy, controls: true, playsinline: true, preload: 'auto', 'data-testid': 'proxy', dataset: { clip: String(clip.id) } });
      fill(media, video);
      video.play().catch(() => {
        // Autoplay can be refused; the controls are there to start it by hand.
      });
    };
  }

  function update() {
    const takes = store.state.takes
      .filter((take) => filter === 'all' || (filter === 'circled' ? take.status === 'circled' : take.flagged))
      .sort((a, b) => (a.rolled_at < b.rolled_at ? 1 : -1));
    for (const chip of filters) chip.setAttribute('aria-pressed', chip.dataset.testid === `filter-${filter}` ? 'true' : 'false');
    empty.textContent = takes.length ? '' : filter === 'all' ? 'No takes yet today.' : `No ${filter} takes yet.`;
    // Grouped by setup, the setup shot most recently first; newest take first within it.
    const bySetup = new Map();
    for (const take of takes) {
      if (!bySetup.has(take.setup_id)) bySetup.set(take.setup_id, { id: take.setup_id, name: `${take.scene}-${take.setup}`, title: `Scene ${take.scene} · Setup ${take.setup}`, takes: [] });
      bySetup.get(take.setup_id).takes.push(take);
    }
    reconcile(
      groups,
      [...bySetup.values()],
      (group) => group.id,
      () => h('section', { class: 'setup-group' }, h('h2', { class: 'setup-title' }), h('div', { class: 'take-cards' })),
      (element, group) => {
        element.setAttribute('data-testid', `setup-group-${group.name}`);
        element.firstChild.textContent = group.title;
        reconcile(element.lastChild, group.takes, (take) => take.id, createCard, updateCard);
      },
    );
  }

  update();
  return update;
}
