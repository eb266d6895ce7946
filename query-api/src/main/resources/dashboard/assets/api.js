// The public HTTP API, as documented in docs/api.md: every figure on the page comes from here.

const KEY_STORE = 'modelperf.apiKey';

/** An answer other than 2xx, with the API's JSON error body when it sent one. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** The key the user gave: for this tab (sessionStorage), or remembered (localStorage). */
export function apiKey() {
  return sessionStorage.getItem(KEY_STORE) || localStorage.getItem(KEY_STORE) || '';
}

export function setApiKey(key, remember) {
  firstWithoutKey = null;
  sessionStorage.removeItem(KEY_STORE);
  localStorage.removeItem(KEY_STORE);
  if (key) {
    (remember ? localStorage : sessionStorage).setItem(KEY_STORE, key);
  }
}

/**
 * Without a key the first request goes alone and the others wait for its answer: if the server
 * wants a key, that one 401 is the only request refused, and the others fail with it unsent. Null
 * until that first request; then it settles, or rejects with the 401.
 */
let firstWithoutKey = null;

/** GET {path} with {params} (empty values left out), JSON back; throws ApiError on a non-2xx answer. */
export async function get(path, params = {}, signal) {
  if (apiKey()) {
    return send(path, params, signal);
  }
  if (firstWithoutKey) {
    await firstWithoutKey;
    return send(path, params, signal);
  }
  const first = send(path, params, signal);
  firstWithoutKey = first.then(() => undefined, error => {
    if (error instanceof ApiError && error.status === 401) {
      throw error;
    }
  });
  firstWithoutKey.catch(() => {}); // its waiters report the 401; nobody else needs to
  return first;
}

async function send(path, params, signal) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, value);
    }
  }
  const headers = { Accept: 'application/json' };
  const key = apiKey();
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  }
  const queryString = query.toString();
  const url = queryString ? `${path}?${queryString}` : path;
  const response = await fetch(url, { headers, signal });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** A model's path segment: model names hold '/' and ':'. */
export function modelPath(model) {
  return encodeURIComponent(model);
}
