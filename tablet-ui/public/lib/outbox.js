// Marks waiting to reach the box, kept in IndexedDB so that neither a dropped Wi-Fi nor a reload
// loses one. Each has its Idempotency-Key from the moment it is made: sent twice (a reply lost on
// the way back), the box applies it once. A take rolled offline has no id yet; marks on it name a
// placeholder, replaced by the real id once the roll has been applied.

const NAME = 'slate';
let opened = null;

function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('outbox', { keyPath: 'n', autoIncrement: true });
      db.createObjectStore('ids', { keyPath: 'placeholder' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(storeName, mode, action) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(storeName, mode);
    const result = action(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(result?.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

/** Keeps a mark: {method, path, body, key, placeholder?}. */
export function enqueue(mark) {
  return run('outbox', 'readwrite', (store) => store.add({ ...mark, queuedAt: Date.now() }));
}

/** Every waiting mark, oldest first. */
export function pending() {
  return run('outbox', 'readonly', (store) => store.getAll());
}

export function remove(n) {
  return run('outbox', 'readwrite', (store) => store.delete(n));
}

export function rememberId(placeholder, id) {
  return run('ids', 'readwrite', (store) => store.put({ placeholder, id }));
}

export async function knownIds() {
  const rows = await run('ids', 'readonly', (store) => store.getAll());
  return new Map(rows.map((row) => [row.placeholder, row.id]));
}

// ---- Drafts -------------------------------------------------------------------------------------
// A note being typed, per take, kept beside the waiting marks: neither ROLL, a quick phrase, another
// view, a reload nor a dropped Wi-Fi loses it. It leaves only when it is saved (and so queued like
// any mark) or typed away. Kept in localStorage, written on every keystroke and read back
// synchronously, so that a reload a moment after typing still finds the last letter.

const DRAFTS = 'slate.drafts';

function allDrafts() {
  try {
    const drafts = JSON.parse(localStorage.getItem(DRAFTS) ?? '{}');
    return drafts && typeof drafts === 'object' ? drafts : {};
  } catch {
    return {};
  }
}

function keepDrafts(drafts) {
  try {
    localStorage.setItem(DRAFTS, JSON.stringify(drafts));
  } catch {
    // A full quota: the text stays in the field, only a reload would lose it.
  }
}

/** The draft of take `takeId` ({text, since}) or null. */
export function draft(takeId) {
  return allDrafts()[String(takeId)] ?? null;
}

/** Every draft, by take id. */
export function drafts() {
  return allDrafts();
}

export function keepDraft(takeId, text) {
  const drafts = allDrafts();
  drafts[String(takeId)] = { text, since: drafts[String(takeId)]?.since ?? Date.now() };
  keepDrafts(drafts);
}

export function dropDraft(takeId) {
  const drafts = allDrafts();
  delete drafts[String(takeId)];
  keepDrafts(drafts);
}

/** A take rolled offline got its id from the box: its draft follows it. */
export function moveDraft(placeholder, id) {
  const drafts = allDrafts();
  if (!drafts[placeholder]) return;
  drafts[String(id)] = drafts[placeholder];
  delete drafts[placeholder];
  keepDrafts(drafts);
}
