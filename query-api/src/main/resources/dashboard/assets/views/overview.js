// Overview: the tenant's calls, success rate, p95 latency, cost and satisfaction over the window,
// each with its trend; the best model of each category; what is blacklisted and what is firing.

import { get } from '../api.js';
import { lineChart, columns } from '../chart.js';
import { count, percent, ms, usd, escapeHtml } from '../format.js';

/** The span of one trend point for each window: enough points to see a shape, few enough to draw fast. */
export const INTERVAL_BY_WINDOW = { '1h': 'minute', '24h': 'hour', '7d': 'hour', '30d': 'day' };
const SUMMARY_DAYS = { '1h': 1, '24h': 1, '7d': 7, '30d': 30 };

const TILES = [
  { id: 'calls', label: 'Calls', total: s => s.count, point: s => s.count, format: count },
  { id: 'success', label: 'Success rate', total: s => s.successRate, point: s => s.successRate, format: percent },
  { id: 'p95', label: 'p95 latency', total: s => s.latencyMs.p95, point: s => s.latencyMs.p95, format: ms },
  { id: 'cost', label: 'Cost', total: s => s.cost.totalUsd, point: s => s.cost.totalUsd, format: usd },
  { id: 'satisfaction', label: 'Satisfaction', total: s => s.feedback.satisfaction, point: s => s.feedback.satisfaction,
    format: percent, note: 'thumbs up among thumbs' },
];

export function mount(root, state, { link }) {
  const { tenant, window } = state.params;
  root.innerHTML = `
    <h1>Overview <small>${escapeHtml(tenant || 'your tenant')}, last ${escapeHtml(window)}</small></h1>
    <section class="tiles">${TILES.map(t => `
      <article class="tile" id="tile-${t.id}">
        <h2>${t.label}</h2>
        <p class="figure" data-figure="${t.id}">\u2014</p>
        <div class="spark" data-trend="${t.id}"></div>
        ${t.note ? `<p class="note">${t.note}</p>` : ''}
      </article>`).join('')}
    </section>
    <section class="columns">
      <article class="panel">
        <h2>Best model per category <small id="best-span"></small></h2>
        <table class="best" id="best"><tbody></tbody></table>
      </article>
      <article class="panel">
        <h2>Health</h2>
        <div id="health-strip"></div>
      </article>
    </section>`;
  const charts = Object.fromEntries(TILES.map(t =>
      [t.id, lineChart(root.querySelector(`[data-trend="${t.id}"]`), [{ label: t.label, format: t.format }], { height: 56, spark: true })]));
  let rendered = false;

  /** The tiles first: they are what the page is for, and /summary takes longest to answer. */
  async function refresh() {
    const trendAnswer = get('/api/v1/trends', { tenant, window, interval: INTERVAL_BY_WINDOW[window] });
    const summaryAnswer = get('/api/v1/summary', { tenant, days: SUMMARY_DAYS[window] });
    const healthAnswer = Promise.all([get('/api/v1/health', { tenant }), get('/api/v1/alerts', { tenant, state: 'firing' })]);
    // Every answer is awaited, so a failure of any is reported, after the others have been drawn.
    await Promise.all([trendAnswer.then(drawTiles), summaryAnswer.then(drawBest), healthAnswer.then(drawHealth)]);
  }

  function drawTiles(trend) {
    for (const tile of TILES) {
      root.querySelector(`[data-figure="${tile.id}"]`).textContent = tile.format(tile.total(trend.total));
      charts[tile.id].update(columns(trend.points, tile.point));
    }
    if (!rendered) {
      rendered = true;
      performance.mark('modelperf:overview-rendered');
    }
  }

  function drawBest(summary) {
    root.querySelector('#best-span').textContent = `(last ${summary.days} day${summary.days > 1 ? 's' : ''}, balanced)`;
    const categories = Object.keys(summary.bestModelByCategory).sort();
    root.querySelector('#best tbody').innerHTML = categories.length ? categories.map(category => {
      const best = summary.bestModelByCategory[category];
      const depth = category === '*' ? 0 : category.split('/').length;
      const calls = summary.byCategory[category] ? summary.byCategory[category].count : null;
      return `<tr data-category="${escapeHtml(category)}">
        <td style="padding-left:${0.4 + depth * 0.9}rem"><a href="${link('rankings', { tenant, window, category })}">${escapeHtml(category === '*' ? 'all categories' : category)}</a></td>
        <td><a href="${link('model', { tenant, window, category }, best)}">${escapeHtml(best)}</a></td>
        <td class="num">${count(calls)} calls</td></tr>`;
    }).join('') : '<tr><td>No category has a model with 5 calls of its own yet.</td></tr>';
  }

  function drawHealth([health, firing]) {
    const down = health.models.filter(m => m.status !== 'HEALTHY');
    root.querySelector('#health-strip').innerHTML = `
      <p><a href="${link('health', { tenant, window })}"><strong data-count="unhealthy">${down.length}</strong> of ${health.models.length} models not healthy</a>
        ${down.map(m => `<span class="chip">${escapeHtml(m.model)} <span class="badge badge-${m.status.toLowerCase()}">${m.status}</span></span>`).join(' ')}</p>
      <p><a href="${link('health', { tenant, window })}"><strong data-count="firing">${firing.count}</strong> alert${firing.count === 1 ? '' : 's'} firing</a></p>`;
  }

  return {
    refresh,
    unmount() {
      Object.values(charts).forEach(c => c.destroy());
    },
  };
}
