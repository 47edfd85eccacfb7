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
