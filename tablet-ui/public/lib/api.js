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

export async function request(method, path, body, headers = {}) {
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
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status === 401 && session && path !== '/api/v1/pairing') {
    forget('This tablet was unpaired on the box (its pairing was revoked). Pair it again with a new PIN.');
    onUnpaired();
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => request('GET', path);
