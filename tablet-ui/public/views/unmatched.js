// Clips on no take, for the DIT and the script supervisor: each with why it matched nothing and, for
// a role that may, a take to put it on.

import { request } from '../lib/api.js';
import { fill, fillIfChanged, h, reconcile } from '../lib/dom.js';
import * as store from '../lib/store.js';
import { takeName } from '../lib/store.js';

/** Keeps `list` (a <ul>) showing the clips on no take; `canAssign` adds the take choice. */
export function showUnmatched(list, state, canAssign) {
  reconcile(
    list,
    state.unmatched,
    (clip) => clip.id,
    () => h('li', { class: 'unmatched' }),
    (element, clip) => {
      if (element.contains(document.activeElement)) return; // a choice being made stays
      const takes = state.takes.filter((take) => typeof take.id === 'number');
      const signature = JSON.stringify([clip, takes.map((take) => [take.id, take.take, take.roll_tc]), canAssign]);
      if (element.dataset.signature === signature) return;
      const choice = h(
        'select',
        { 'aria-label': `Take for ${clip.name}` },
        h('option', { value: '' }, 'Choose a take'),
        takes.map((take) => h('option', { value: take.id }, `${takeName(take)} ${take.roll_tc}`)),
      );
      const assign = h(
        'button',
        {
          class: 'secondary',
          onclick: async () => {
            if (!choice.value) return;
            try {
              await request('PUT', `/api/v1/clips/${clip.id}/take`, { take: Number(choice.value) });
              store.refresh('unmatched', 'production');
            } catch (error) {
              store.notify(`${clip.name} was not assigned: ${error.message}`);
            }
          },
        },
        'Assign',
      );
      fillIfChanged(element, signature, h('span', {}, h('strong', {}, clip.name), ` ${clip.roll} · ${clip.start_tc ?? 'no timecode'} · ${clip.reason}`), canAssign ? h('span', { class: 'assign' }, choice, assign) : null);
    },
  );
  // The box lists them a page at a time: the rest are a tap away.
  let more = list.nextElementSibling;
  if (!more || more.dataset.testid !== 'unmatched-more') {
    more = h('button', { class: 'secondary', 'data-testid': 'unmatched-more', onclick: () => store.showMoreUnmatched() }, 'More clips');
    list.after(more);
  }
  more.hidden = !state.unmatchedMore;
  // Only the box knows which clips are on no take: offline, or before it has answered, say so
  // rather than claim that every clip is on one.
  if (!state.unmatched.length) {
    const known = state.online && state.unmatchedLoaded;
    fill(list, h('li', { class: 'empty', 'data-testid': 'unmatched-empty' }, known ? 'Every clip is on a take.' : 'Offline: which clips are on no take cannot be known until the box is reachable.'));
  }
}
