// Keeps the app shell so that the tablet opens the app with no Wi-Fi. Network first, so a box with
// a newer app serves it at once; the cache only when the box cannot be reached. The API is never
// cached here: the app keeps its own copy of the day and its waiting marks.

const CACHE = 'slate-shell-v8';
const SHELL = [
  '/',
  '/index.html',
  '/style.css',
  '/app.js',
  '/manifest.webmanifest',
  '/lib/api.js',
  '/lib/dom.js',
  '/lib/outbox.js',
  '/lib/session.js',
  '/lib/store.js',
  '/lib/timecode.js',
  '/views/day_bar.js',
  '/views/deliverables.js',
  '/views/dit.js',
  '/views/director.js',
  '/views/pair.js',
  '/views/script.js',
  '/views/unmatched.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? caches.match('/index.html'))),
  );
});
