// The tablet's pairing: its token, role and device id, kept in localStorage so a reload or a
// restart of the browser keeps the tablet paired. The token also goes into the slate_token cookie,
// which is what the box reads for <img>, <video> and the event stream (a browser cannot give those
// an Authorization header); changes are always sent with the header.

const KEY = 'slate.session';

export function current() {
  try {
    const session = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return session && typeof session.token === 'string' ? session : null;
  } catch {
    return null;
  }
}

export function save(session) {
  localStorage.setItem(KEY, JSON.stringify(session));
  document.cookie = `slate_token=${session.token}; path=/; max-age=31536000; SameSite=Strict`;
}

export function forget(reason) {
  localStorage.removeItem(KEY);
  document.cookie = 'slate_token=; path=/; max-age=0; SameSite=Strict';
  if (reason) sessionStorage.setItem('slate.unpaired', reason);
}

/** Why the tablet was sent back to pairing, once. */
export function takeUnpairedReason() {
  const reason = sessionStorage.getItem('slate.unpaired');
  sessionStorage.removeItem('slate.unpaired');
  return reason;
}

// A box that cannot say what this tablet may do (no GET /api/v1/session) gets a tablet that only
// reads: the box's table is the only one, and the browser keeps no copy of it.
const READ_ONLY = ['open', 'read'];

/** The rights this tablet has: the box's answer to GET /api/v1/session, else the fallback. */
export function rightsOf(session = current()) {
  if (Array.isArray(session?.rights)) return session.rights;
  return READ_ONLY;
}

/** Keeps what the box says this tablet may do ({role, name, rights}). */
export function keepRights(answer) {
  const session = current();
  if (!session || !Array.isArray(answer?.rights)) return false;
  const changed = JSON.stringify(session.rights) !== JSON.stringify(answer.rights) || (answer.role && answer.role !== session.role);
  if (!changed) return false;
  localStorage.setItem(KEY, JSON.stringify({ ...session, role: answer.role ?? session.role, rights: answer.rights, rightsFromBox: true }));
  return true;
}

/**
 * The views these rights open, first view first: the DIT's view for whoever may change settings or
 * offload, the script supervisor's for whoever may log takes, the director's for whoever may mark
 * (or only read).
 */
export function viewsFor(rights = rightsOf()) {
  const has = (right) => rights.includes(right);
  const order = has('settings') ? ['dit', 'script', 'director'] : ['script', 'director', 'dit'];
  const views = order.filter((view) => {
    if (view === 'script') return has('log');
    if (view === 'director') return has('mark') || (has('read') && !has('offload'));
    return has('offload') || !has('mark');
  });
  return views.length ? views : ['director'];
}

// Which right each change on the tablet needs, as the box's routes declare them.
const NEEDS = {
  roll: 'log',
  scene: 'log',
  assign: 'log',
  renumber: 'log',
  jam: 'log',
  dayMarks: 'log',
  mark: 'mark',
  undo: 'mark',
  offload: 'offload',
  days: 'days',
};

/** Whether this tablet may make this change: the box decides, this only hides what it would refuse. */
export function may(action, rights = rightsOf()) {
  return rights.includes(NEEDS[action] ?? 'settings');
}
