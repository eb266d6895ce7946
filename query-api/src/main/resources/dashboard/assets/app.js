// The dashboard shell: state in the address (shareable links), one view at a time, refreshed live.

import { ApiError, apiKey, setApiKey } from './api.js';
import * as overview from './views/overview.js';
import * as rankings from './views/rankings.js';
import * as model from './views/model.js';
import * as health from './views/health.js';

const VIEWS = { overview, rankings, model, health };
const REFRESH_MS = 5000;
const WINDOWS = ['1h', '24h', '7d', '30d'];

const root = document.getElementById('view');
const banner = document.getElementById('banner');
const live = document.getElementById('live');
const tenantInput = document.getElementById('tenant');
const windowSelect = document.getElementById('window');
const keyForm = document.getElementById('key-form');

let current = null;
let timer = null;
let generation = 0;
let waitingForKey = false;

/** The state the address holds: #/view[/model]?tenant=&window=&category=&priority=&urgency= */
export function readState() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [view, ...rest] = path.split('/');
  const params = Object.fromEntries(new URLSearchParams(query));
  const state = { view: VIEWS[view] ? view : 'overview', params };
  if (state.view === 'model') {
    state.model = decodeURIComponent(rest.join('/'));
  }
  if (!WINDOWS.includes(params.window)) {
    params.window = '1h';
  }
  return state;
}

/** The address of {@code view} with {@code params}; empty values are left out. */
export function link(view, params = {}, modelName) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, value);
    }
  }
  const path = view === 'model' ? `model/${encodeURIComponent(modelName)}` : view;
  const text = query.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}

/** Changes some parameters of the current view: a new address, so the link always says what is shown. */
export function navigate(patch, view) {
  const state = readState();
  const params = { ...state.params, ...patch };
  location.hash = link(view || state.view, params, state.model);
}

function showBanner(message, kind = 'error') {
  banner.textContent = message;
  banner.className = `banner banner-${kind}`;
  banner.hidden = !message;
}

function mount() {
  const state = readState();
  generation++;
  if (current) {
    current.unmount();
  }
  tenantInput.value = state.params.tenant || '';
  windowSelect.value = state.params.window;
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.view === state.view
      || (state.view === 'model' && a.dataset.view === 'rankings')));
  root.replaceChildren();
  current = VIEWS[state.view].mount(root, state, { link, navigate });
  refresh(generation);
}

async function refresh(forGeneration) {
  clearTimeout(timer);
  if (forGeneration !== generation || waitingForKey || document.hidden) {
    return; // a hidden tab asks nothing; it refreshes when shown again
  }
  live.classList.add('busy');
  try {
    await current.refresh();
    if (forGeneration !== generation) {
      return;
    }
    showBanner('');
    live.textContent = `live \u00b7 ${new Date().toLocaleTimeString('en-GB', { hour12: false })}`;
    live.classList.remove('stale');
  } catch (error) {
    if (forGeneration !== generation) {
      return;
    }
    live.classList.add('stale');
    if (error instanceof ApiError && error.status === 401) {
      askForKey(error);
      return;
    } else if (error instanceof ApiError && error.status === 403) {
      showBanner(`${error.message} \u2014 change the tenant or the key.`);
      return;
    } else {
      showBanner(error instanceof ApiError ? `${error.status}: ${error.message}` : `The API did not answer: ${error.message}`);
    }
  } finally {
    live.classList.remove('busy');
  }
  if (forGeneration === generation) {
    timer = setTimeout(() => refresh(forGeneration), REFRESH_MS);
  }
}

/** A refused key stays refused: the page asks for another instead of repeating the request. */
function askForKey(error) {
  waitingForKey = true;
  showBanner(`${error.message} \u2014 enter an API key above.`);
  keyForm.hidden = false;
  document.getElementById('key').focus();
}

document.getElementById('scope').addEventListener('submit', e => e.preventDefault());
tenantInput.addEventListener('change', () => navigate({ tenant: tenantInput.value.trim() }));
windowSelect.addEventListener('change', () => navigate({ window: windowSelect.value }));
document.getElementById('key-button').addEventListener('click', () => {
  keyForm.hidden = !keyForm.hidden;
  document.getElementById('key').value = apiKey();
});
keyForm.addEventListener('submit', e => {
  e.preventDefault();
  setApiKey(document.getElementById('key').value.trim(), document.getElementById('remember').checked);
  keyForm.hidden = true;
  waitingForKey = false;
  mount();
});
document.getElementById('key-clear').addEventListener('click', () => {
  setApiKey('');
  document.getElementById('key').value = '';
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    refresh(generation);
  }
});
window.addEventListener('hashchange', mount);
mount();
