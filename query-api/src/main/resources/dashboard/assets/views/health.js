// Health: blacklisted and degraded models with the time left on their blacklist, every model's
// state, the alerts firing and those resolved in the last 24 hours.

import { get } from '../api.js';
import { count, countdown, escapeHtml, healthBadge, time } from '../format.js';

function alertsTable(alerts, showTenant) {
  if (!alerts.length) {
    return '<p class="note">None.</p>';
  }
  return `<div class="table-wrap"><table class="alerts"><thead><tr><th>Rule</th><th>Severity</th>${showTenant ? '<th>Tenant</th>' : ''}
    <th>Scope</th><th>Since</th><th>Summary</th></tr></thead><tbody>${alerts.map(a => `
    <tr data-rule="${escapeHtml(a.rule)}" data-state="${escapeHtml(a.state)}"><td>${escapeHtml(a.rule)}</td>
      <td><span class="badge badge-${escapeHtml(a.severity.toLowerCase())}">${escapeHtml(a.severity)}</span></td>
      ${showTenant ? `<td>${escapeHtml(a.tenant)}</td>` : ''}
      <td>${escapeHtml([a.model, a.category].filter(Boolean).join(' \u00b7 ') || 'tenant')}</td>
      <td>${time(a.state === 'FIRING' ? a.startedAt : a.emittedAt)}</td><td>${escapeHtml(a.summary)}</td></tr>`).join('')}
    </tbody></table></div>`;
}

export function mount(root, state, { link }) {
  const { tenant, window } = state.params;
  root.innerHTML = `
    <h1>Health <small>${escapeHtml(tenant || 'your tenant')}</small></h1>
    <article class="panel"><h2>Blacklisted and degraded</h2><div id="unhealthy"></div></article>
    <section class="columns">
      <article class="panel"><h2>Alerts firing</h2><div id="firing"></div></article>
      <article class="panel"><h2>Resolved in the last 24 hours</h2><div id="resolved"></div></article>
    </section>
    <article class="panel"><h2>Every model</h2><div class="table-wrap"><table id="all-models"><thead><tr><th>Model</th><th>Status</th>
      <th class="num">Failures in a row</th><th class="num">Blacklistings</th><th>Last error</th><th>Updated</th></tr></thead><tbody></tbody></table></div></article>`;

  const tick = () => {
    const now = Date.now();
    for (const cell of root.querySelectorAll('[data-until]')) {
      cell.textContent = countdown(Number(cell.dataset.until), now);
    }
  };
  const ticker = setInterval(tick, 1000);

  async function refresh() {
    const [health, firing, resolved] = await Promise.all([
      get('/api/v1/health', { tenant }),
      get('/api/v1/alerts', { tenant, state: 'firing' }),
      get('/api/v1/alerts', { tenant, state: 'resolved', since: '24h' }),
    ]);
    const deadlines = health.models.filter(m => m.status !== 'HEALTHY');
    root.querySelector('#unhealthy').innerHTML = deadlines.length ? `<div class="table-wrap"><table class="unhealthy"><thead><tr><th>Model</th>
      <th>Status</th><th>Time left</th><th>Until</th><th class="num">Failures in a row</th><th class="num">Blacklistings</th><th>Last error</th></tr></thead>
      <tbody>${deadlines.map(m => `<tr data-model="${escapeHtml(m.model)}" data-health="${escapeHtml(m.status)}">
        <td><a href="${link('model', { tenant, window }, m.model)}">${escapeHtml(m.model)}</a></td><td>${healthBadge(m.status)}</td>
        <td class="countdown" ${m.blacklistedUntil ? `data-until="${Date.parse(m.blacklistedUntil)}"` : ''}>\u2014</td>
        <td>${time(m.blacklistedUntil)}</td><td class="num">${count(m.consecutiveFailures)}</td><td class="num">${count(m.ejectionCount)}</td>
        <td>${escapeHtml(m.lastError)}</td></tr>`).join('')}</tbody></table></div>`
        : `<p class="note">Every one of the ${health.models.length} models is healthy.</p>`;
    tick();
    const everyTenant = !tenant && firing.tenant == null;
    root.querySelector('#firing').innerHTML = alertsTable(firing.alerts, everyTenant);
    root.querySelector('#resolved').innerHTML = alertsTable(resolved.alerts, everyTenant);
    root.querySelector('#all-models tbody').innerHTML = health.models.map(m => `
      <tr data-model="${escapeHtml(m.model)}"><td><a href="${link('model', { tenant, window }, m.model)}">${escapeHtml(m.model)}</a></td>
        <td>${healthBadge(m.status)}</td><td class="num">${count(m.consecutiveFailures)}</td><td class="num">${count(m.ejectionCount)}</td>
        <td>${escapeHtml(m.lastError)}</td><td>${time(m.updatedAt)}</td></tr>`).join('');
  }

  return {
    refresh,
    unmount() {
      clearInterval(ticker);
    },
  };
}
