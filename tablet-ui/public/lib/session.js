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

// What each role sees, first view first. Reading is open to every role; changing is not.
const VIEWS = {
  dit: ['dit', 'script', 'director'],
  script: ['script', 'director'],
  director: ['director'],
  camera: ['dit'],
  viewer: ['director', 'dit'],
};

export function viewsFor(role) {
  return VIEWS[role] ?? ['director'];
}

/** Whether the role may make this change: the box decides, this only hides what it would refuse. */
export function may(role, action) {
  const rights = {
    dit: () => true,
    script: (what) => ['roll', 'mark', 'undo', 'scene', 'assign'].includes(what),
    director: (what) => ['mark', 'undo'].includes(what),
    camera: (what) => ['offload'].includes(what),
    viewer: () => false,
  };
  return (rights[role] ?? rights.viewer)(action);
}
