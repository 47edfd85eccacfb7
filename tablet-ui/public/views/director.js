// The director's view: the day's takes as cards, newest first, with a thumbnail that plays the proxy
// inline when tapped; flag and circle in one tap; filter to circled or flagged. New takes and
// thumbnails arrive on their own from the event stream.

import { fill, h, reconcile } from '../lib/dom.js';
import { current as session, may } from '../lib/session.js';
import * as store from '../lib/store.js';

const STATUS_TEXT = { none: '', circled: 'Circled', hold: 'Hold', ng: 'NG', false_start: 'False start' };

export function directorView(main) {
  const canMark = may(session()?.role, 'mark');
  store.need('clips');
  let filter = sessionStorage.getItem('slate.directorFilter') ?? 'all';
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
  const grid = h('div', { class: 'take-cards', 'data-testid': 'take-cards' });
  const empty = h('p', { class: 'empty' });
  main.replaceChildren(h('section', { class: 'director-view', 'aria-label': 'Director' }, h('div', { class: 'filters', role: 'group', 'aria-label': 'Show' }, filters), empty, grid));

  function firstClip(take) {
    for (const clip of take.clips ?? []) {
      const known = store.state.clips.get(clip.id);
      if (known) return known;
    }
    return null;
  }

  function createCard() {
    const media = h('div', { class: 'media' });
    const title = h('h3', { 'data-testid': 'take-title' });
    const status = h('span', { class: 'status', 'data-testid': 'take-status' });
    const flag = h('button', { class: 'flag-button', 'data-testid': 'flag', 'aria-label': 'Flag' }, '★');
    const circle = h('button', { class: 'circle-button', 'data-testid': 'circle' }, 'Circle');
    const notes = h('p', { class: 'take-notes' });
    const meta = h('p', { class: 'meta' });
    return h('article', { class: 'take-card' }, media, h('div', { class: 'card-body' }, h('div', { class: 'card-title' }, title, status), meta, notes, canMark ? h('div', { class: 'card-actions' }, flag, circle) : null));
  }

  function updateCard(card, take) {
    const [media, body] = card.children;
    card.dataset.status = take.status;
    card.dataset.flagged = take.flagged ? 'true' : 'false';
    card.setAttribute('data-take', String(take.id));
    const title = body.querySelector('[data-testid="take-title"]');
    title.textContent = `${take.scene}/${take.setup}/${take.take}`;
    body.querySelector('[data-testid="take-status"]').textContent = STATUS_TEXT[take.status] ?? '';
    body.querySelector('.meta').textContent = `${take.roll_tc}${take.cut_tc ? ` – ${take.cut_tc}` : ' rolling'} · ${(take.cameras ?? []).join(' ')}`;
    body.querySelector('.take-notes').textContent = take.notes ?? '';
    const flag = body.querySelector('[data-testid="flag"]');
    if (flag) {
      flag.setAttribute('aria-pressed', take.flagged ? 'true' : 'false');
      flag.onclick = () => store.patch(take, { flagged: !take.flagged });
      const circle = body.querySelector('[data-testid="circle"]');
      circle.setAttribute('aria-pressed', take.status === 'circled' ? 'true' : 'false');
      circle.onclick = () => store.patch(take, { status: take.status === 'circled' ? 'none' : 'circled' });
    }
    // The media area keeps a playing video; it only changes when there is something new to show.
    const clip = firstClip(take);
    const wanted = clip?.thumbnail ? `${clip.thumbnail}?width=640` : '';
    const shown = `${wanted} ${clip?.proxy ? 'playable' : ''} ${take.clips?.length ?? 0}`;
    if (media.dataset.shown !== shown && !media.querySelector('video')) {
      media.dataset.shown = shown;
      if (wanted) {
        fill(media, h('img', { src: wanted, alt: `Take ${take.take}`, loading: 'lazy', 'data-testid': 'thumbnail' }), clip.proxy ? h('span', { class: 'play', 'aria-hidden': 'true' }, '▶') : null);
      } else {
        fill(media, h('span', { class: 'no-picture' }, take.clips?.length ? 'Picture on its way' : take.wild ? 'Wild track' : 'No clip yet'));
      }
    }
    media.onclick = () => {
      if (!clip?.proxy || media.querySelector('video')) return;
      const video = h('video', { src: clip.proxy, controls: true, playsinline: true, preload: 'auto', 'data-testid': 'proxy' });
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
    reconcile(grid, takes, (take) => take.id, createCard, updateCard);
  }

  update();
  return update;
}
