// Requests to the box. A refused token (401) means this tablet was revoked or never paired: it goes
// back to pairing. A request that cannot reach the box throws OfflineError.

import { current, forget } from './session.js';

export class OfflineError extends Error {}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `The box answered ${status}.`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

let onUnpaired = () => {};
export function whenUnpaired(callback) {
  onUnpaired = callback;
}

/** One call with this tablet's token: the Response, or OfflineError when the box cannot be reached. */
async function send(method, path, body, headers) {
  const session = current();
  const init = { method, headers: { ...headers }, cache: 'no-store' };
  if (session) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new OfflineError(error.message);
  }
  if (response.status === 401 && session && path !== '/api/v1/pairing') {
    forget('This tablet was unpaired on the box (its pairing was revoked). Pair it again with a new PIN.');
    onUnpaired();
  }
  return response;
}

function parsed(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export async function request(method, path, body, headers = {}) {
  const response = await send(method, path, body, headers);
  const text = await response.text();
  const json = parsed(text);
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** The file name a Content-Disposition header gives (filename*= first, then filename=), or null. */
export function attachmentName(disposition) {
  const text = String(disposition ?? '');
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(text);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A badly encoded name: the plain one, if any.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(text);
  if (!plain) return null;
  const name = (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1');
  // Only a name, never a path the browser would be asked to write to.
  return name.split(/[\\/]/).pop() || null;
}

/**
 * A file from the box (GET, with the token in the header, which a plain link cannot send):
 * {blob, name}, `name` from Content-Disposition or null. An error answer throws ApiError with the
 * box's message.
 */
export async function download(path) {
  const response = await send('GET', path, undefined, {});
  if (!response.ok) throw new ApiError(response.status, parsed(await response.text()));
  let blob;
  try {
    blob = await response.blob();
  } catch (error) {
    // The connection dropped halfway through the file.
    throw new OfflineError(error.message);
  }
  return { blob, name: attachmentName(response.headers.get('Content-Disposition')) };
}

export const get = (path) => request('GET', path);
