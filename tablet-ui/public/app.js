// The tablet app: pairing, then the views the tablet's role is offered (script supervisor,
// director, DIT), live from the event stream and usable with no Wi-Fi (lib/store.js).

import { h } from './lib/dom.js';
import { current, viewsFor } from './lib/session.js';
import * as store from './lib/store.js';
import { ditView } from './views/dit.js';
import { directorView } from './views/director.js';
import { pairView } from './views/pair.js';
import { scriptView } from './views/script.js';

const VIEWS = {
  script: { label: 'Script', open: scriptView },
  director: { label: 'Director', open: directorView },
  dit: { label: 'DIT', open: ditView },
};

const main = document.getElementById('view');
const tabs = document.getElementById('tabs');
const connection = document.getElementById('connection');
const queued = document.getElementById('queued');
const notice = document.getElementById('notice');
let updateView = null;
let noticeTimer = null;

// The app shell is kept by a service worker so that a reload with no Wi-Fi still opens the app
// (browsers allow service workers on HTTPS and on the box itself, 127.0.0.1).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}

// Dark by default (night exteriors, dark stages); light for daylight exteriors.
const theme = localStorage.getItem('slate.theme') ?? 'dark';
document.documentElement.dataset.theme = theme;
document.getElementById('theme').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('slate.theme', next);
});

function showHeader(state) {
  // Before pairing there is no connection to speak of: no red "Offline" on the pairing page.
  connection.hidden = queued.hidden = !current();
  connection.dataset.state = state.online ? 'online' : 'offline';
  connection.textContent = state.online ? 'Connected' : 'Offline: marks are kept on this tablet';
  queued.dataset.count = String(state.queued);
  queued.textContent = state.queued ? `${state.queued} mark${state.queued > 1 ? 's' : ''} waiting` : 'All marks sent';
  if (state.notice) {
    notice.textContent = state.notice;
    notice.hidden = false;
    state.notice = null;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      notice.hidden = true;
    }, 8000);
  }
}

function route() {
  const session = current();
  if (!session) {
    tabs.replaceChildren();
    connection.hidden = queued.hidden = true;
    updateView = null;
    pairView(main, () => {
      location.hash = `#/${viewsFor()[0]}`;
      route();
    });
    return;
  }
  connection.hidden = queued.hidden = false;
  // The views and controls follow the rights the box gives this tablet (GET /api/v1/session).
  const allowed = viewsFor();
  let name = location.hash.replace(/^#\//, '');
  if (!allowed.includes(name)) name = allowed[0];
  tabs.replaceChildren(
    ...allowed.map((view) =>
      h('a', { href: `#/${view}`, class: 'tab', 'aria-current': view === name ? 'page' : undefined, 'data-testid': `tab-${view}` }, VIEWS[view].label),
    ),
  );
  updateView = VIEWS[name].open(main);
  store.start(
    () => route(),
    () => route(),
  );
  store.changed();
}

store.subscribe((state) => {
  showHeader(state);
  if (updateView && current()) updateView(state);
});
window.addEventListener('hashchange', route);
route();
