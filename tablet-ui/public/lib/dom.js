// A few DOM helpers: the views build plain elements and update them in place, so that a text field
// being typed in or a video being played is never rebuilt under the user's finger.

/** h('button', {class: 'big', onclick: f}, 'Roll') → <button class="big">Roll</button> */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'value' || name === 'checked' || name === 'disabled') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/**
 * Fills `element` only when `signature` (a summary of what it shows) differs from last time: a list
 * redrawn four times a second during an offload must not replace the button a finger is on.
 */
export function fillIfChanged(element, signature, ...children) {
  if (element.dataset.signature === signature) return element;
  element.dataset.signature = signature;
  return fill(element, ...children);
}

/**
 * Keeps `container`'s children in step with `items`, keyed by `key(item)`: new items get
 * `create(item)`, every item then `update(element, item)`, and elements of gone items are removed.
 * Elements are reused and reordered, never rebuilt.
 */
export function reconcile(container, items, key, create, update) {
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    const id = String(key(item));
    let element = existing.get(id);
    if (element) {
      existing.delete(id);
    } else {
      element = create(item);
      element.dataset.key = id;
    }
    update(element, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (wanted !== element) container.insertBefore(element, wanted);
    previous = element;
  }
  for (const gone of existing.values()) gone.remove();
}

/** 1536000 → "1.5 MB" */
export function bytes(count) {
  if (count === null || count === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(count);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** 125 → "2 min 5 s" */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Random hex, in secure contexts and plain-HTTP ones alike (crypto.randomUUID needs HTTPS). */
export function randomHex(bytesCount = 16) {
  const values = crypto.getRandomValues(new Uint8Array(bytesCount));
  return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
}
