// One model: its figures in a category (latency percentiles, failures, cost, quality, feedback
// criteria), their trends, and the same figures per child category.

import { get, modelPath } from '../api.js';
import { lineChart, columns } from '../chart.js';
import { count, percent, ms, usd, number, escapeHtml, healthBadge } from '../format.js';
import { INTERVAL_BY_WINDOW } from './overview.js';

function row(label, value) {
  return `<tr><th>${label}</th><td class="num">${value}</td></tr>`;
}

export function mount(root, state, { link }) {
  const { tenant, window } = state.params;
  const model = state.model;
  const category = state.params.category || '*';
  const levels = category === '*' ? [] : category.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  root.innerHTML = `
    <h1><span id="model-name">${escapeHtml(model)}</span> <span id="model-health"></span>
      <small>last ${escapeHtml(window)}</small></h1>
    <p class="crumbs">${[['*', 'all categories'], ...levels.map(l => [l, l.split('/').pop()])].map(([level, name]) =>
        `<a href="${link('model', { tenant, window, category: level === '*' ? '' : level }, model)}">${escapeHtml(name)}</a>`).join(' / ')}
      \u00b7 <a href="${link('rankings', { tenant, window, category: category === '*' ? '' : category })}">rankings here</a></p>
    <p id="empty" class="note" hidden></p>
    <section class="columns">
      <article class="panel"><h2>Calls and latency</h2><table class="figures" id="figures-calls"></table></article>
      <article class="panel"><h2>Cost and quality</h2><table class="figures" id="figures-cost"></table></article>
      <article class="panel"><h2>Feedback criteria <small>mean score 1\u20135</small></h2><table class="figures" id="figures-feedback"></table></article>
    </section>
    <section class="columns">
      <article class="panel"><h2>Latency</h2><div class="chart" id="chart-latency"></div></article>
      <article class="panel"><h2>Success rate</h2><div class="chart" id="chart-success"></div></article>
    </section>
    <article class="panel"><h2>By category <small>children of ${escapeHtml(category === '*' ? 'all categories' : category)}</small></h2>
      <div class="table-wrap"><table class="by-category" id="by-category">
        <thead><tr><th>Category</th><th class="num">Calls</th><th class="num">Success</th><th class="num">p50</th><th class="num">p95</th>
          <th class="num">Cost / success</th><th class="num">Quality</th><th class="num">Satisfaction</th></tr></thead><tbody></tbody></table></div>
    </article>`;
  const latency = lineChart(root.querySelector('#chart-latency'), [{ label: 'p50', format: ms }, { label: 'p95', format: ms }]);
  const success = lineChart(root.querySelector('#chart-success'), [{ label: 'success rate', format: percent }]);

  async function refresh() {
    const [trend, health] = await Promise.all([
      get('/api/v1/trends', { tenant, model, category, window, interval: INTERVAL_BY_WINDOW[window] }),
      get('/api/v1/health', { tenant }),
    ]);
    const known = health.models.find(m => m.model === model);
    root.querySelector('#model-health').innerHTML = healthBadge(known ? known.status : 'HEALTHY');
    latency.update(columns(trend.points, s => s.latencyMs.p50, s => s.latencyMs.p95));
    success.update(columns(trend.points, s => s.successRate));
    const s = trend.total;
    const empty = root.querySelector('#empty');
    empty.hidden = s.count > 0;
    empty.textContent = `No calls of ${model} in ${category === '*' ? 'any category' : category} over the last ${window}.`;
    const failures = Object.entries(s.failures).map(([status, n]) => `${status.toLowerCase().replace(/_/g, ' ')} ${count(n)}`).join(', ');
    root.querySelector('#figures-calls').innerHTML = [
      row('Calls', count(s.count)), row('Success rate', percent(s.successRate)), row('Failures', failures || 'none'),
      row('Latency p50', ms(s.latencyMs.p50)), row('Latency p90', ms(s.latencyMs.p90)), row('Latency p95', ms(s.latencyMs.p95)),
      row('Latency p99', ms(s.latencyMs.p99)), row('Time to first token p50', ms(s.timeToFirstTokenMs.p50)),
      row('Time to first token p95', ms(s.timeToFirstTokenMs.p95))].join('');
    root.querySelector('#figures-cost').innerHTML = [
      row('Cost', usd(s.cost.totalUsd)), row('Per call', usd(s.cost.perCallUsd)), row('Per success', usd(s.cost.perSuccessUsd)),
      row('Tokens in / out', `${count(s.inputTokens)} / ${count(s.outputTokens)}`),
      row('Output tokens / s', number(s.outputTokensPerSecond, 0)),
      row('Quality score', `${number(s.quality.meanScore)} <small>(${count(s.quality.scoredCalls)} scored)</small>`),
      row('Satisfaction', `${percent(s.feedback.satisfaction)} <small>(${count(s.feedback.thumbsUp)} up, ${count(s.feedback.thumbsDown)} down)</small>`)].join('');
    root.querySelector('#figures-feedback').innerHTML = Object.entries(s.feedback.meanScores).map(([criterion, mean]) =>
        row(criterion, `${number(mean)} <small>(${count(s.feedback.scoreCounts[criterion])})</small>`)).join('')
        + row('Feedback events', count(s.feedback.count));
    // Per child category needs the model's own figures: asked only when it has calls here, as
    // /metrics answers 404 otherwise.
    const byCategory = s.count > 0
        ? (await get(`/api/v1/models/${modelPath(model)}/metrics`, { tenant, category, window })).byCategory : {};
    root.querySelector('#by-category tbody').innerHTML = Object.entries(byCategory).map(([child, c]) => `
      <tr data-category="${escapeHtml(child)}"><td><a href="${link('model', { tenant, window, category: child }, model)}">${escapeHtml(child)}</a></td>
        <td class="num">${count(c.count)}</td><td class="num">${percent(c.successRate)}</td><td class="num">${ms(c.latencyMs.p50)}</td>
        <td class="num">${ms(c.latencyMs.p95)}</td><td class="num">${usd(c.cost.perSuccessUsd)}</td><td class="num">${number(c.quality.meanScore)}</td>
        <td class="num">${percent(c.feedback.satisfaction)}</td></tr>`).join('')
        || `<tr><td colspan="8">${category.split('/').length >= 4 ? 'A leaf category.' : 'No calls in child categories.'}</td></tr>`;
  }

  return {
    refresh,
    unmount() {
      latency.destroy();
      success.destroy();
    },
  };
}
