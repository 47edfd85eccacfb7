// The day bar on the script supervisor's view: Call, Lunch, Back in and Wrap, the times the Daily
// Progress Report prints. A tap on one not yet marked marks it at the tap; a tap on one marked
// opens a choice beside it (mark again now, or clear) rather than changing a time by accident.
// Marks wait in the outbox like every mark (lib/store.js), so one made offline keeps its time.

import { h } from '../lib/dom.js';
import { may } from '../lib/session.js';
import * as store from '../lib/store.js';

/** "07:02" for an instant, in this tablet's time of day. */
function localClock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function dayBar() {
  const canMark = may('dayMarks');
  let choosing = null; // the kind whose choice is open
  const buttons = new Map();
  for (const { kind, label } of store.DAY_MARKS) {
    const time = h('span', { class: 'day-mark-time', 'data-testid': `day-mark-${kind}-time` });
    const button = h(
      'button',
      { type: 'button', class: 'day-mark', 'data-testid': `day-mark-${kind}`, 'aria-pressed': 'false', onclick: () => tapped(kind) },
      h('span', { class: 'day-mark-label' }, label),
      time,
    );
    buttons.set(kind, { button, time });
  }
  const choiceTitle = h('span', { class: 'day-choice-title' });
  const again = h('button', { type: 'button', class: 'primary', 'data-testid': 'day-mark-again', onclick: () => chose('again') }, 'Mark again now');
  const clear = h('button', { type: 'button', class: 'secondary', 'data-testid': 'day-mark-clear', onclick: () => chose('clear') }, 'Clear');
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-testid': 'day-mark-cancel', onclick: () => close() }, 'Keep');
  const choice = h('div', { class: 'day-choice', role: 'group', 'data-testid': 'day-mark-choice', hidden: true }, choiceTitle, again, clear, cancel);
  const element = h(
    'section',
    { class: 'day-bar', 'aria-label': 'The day: call, lunch, back in, wrap', 'data-testid': 'day-bar' },
    h('div', { class: 'day-marks' }, [...buttons.values()].map(({ button }) => button)),
    choice,
  );

  function tapped(kind) {
    // The instant of the tap, not of any later answer: what the report should say.
    const at = store.clockNow();
    if (!store.dayMarks()[kind]) {
      close();
      store.markDay(kind, at);
      return;
    }
    if (choosing === kind) {
      close();
      return;
    }
    choosing = kind;
    const { phrase } = store.DAY_MARKS.find((each) => each.kind === kind);
    choiceTitle.textContent = `${phrase} was marked at ${localClock(store.dayMarks()[kind].at)}.`;
    choice.hidden = false;
    for (const [each, { button }] of buttons) button.setAttribute('aria-expanded', each === kind ? 'true' : 'false');
  }
  function chose(what) {
    const kind = choosing;
    close();
    if (!kind) return;
    if (what === 'again') store.markDay(kind, store.clockNow());
    else store.clearDayMark(kind);
  }
  function close() {
    choosing = null;
    choice.hidden = true;
    for (const { button } of buttons.values()) button.removeAttribute('aria-expanded');
  }

  function update(state) {
    const marks = store.dayMarks();
    for (const [kind, { button, time }] of buttons) {
      const mark = marks[kind];
      const text = mark ? localClock(mark.at) : '–';
      if (time.textContent !== text) time.textContent = text;
      button.setAttribute('aria-pressed', mark ? 'true' : 'false');
      button.dataset.waiting = mark?.waiting ? 'true' : 'false';
      button.title = mark?.waiting ? 'Waiting to be sent' : '';
      button.disabled = !canMark || !state.day;
    }
    // A mark cleared on another tablet closes its choice here.
    if (choosing && !marks[choosing]) close();
  }

  return { element, update };
}
