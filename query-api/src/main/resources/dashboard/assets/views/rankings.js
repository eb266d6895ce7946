// Rankings: the category tree (each level counts its children's calls, as the roll-up does), the
// priority, urgency and window of the question, and every model with its score, the score's parts,
// sample size, confidence and health; below, the category's ratings from comparisons.

import { get } from '../api.js';
import * as ratings from '../ratings.js';
import { count, percent, ms, usd, number, escapeHtml, healthBadge } from '../format.js';

const PRIORITIES = ['balanced', 'quality', 'speed', 'cost'];
const URGENCIES = ['normal', 'fast', 'critical'];
const PARTS = ['reliability', 'quality', 'speed', 'cost'];

function select(name, values, current) {
  return `<label>${name[0].toUpperCase()}${name.slice(1)} <select id="${name}" name="${name}">${values.map(v =>
      `<option value="${v}"${v === current ? ' selected' : ''}>${v}</option>`).join('')}</select></label>`;
}

export function mount(root, state, { link, navigate }) {
  const { tenant, window } = state.params;
  const category = state.params.category || '*';
  const priority = PRIORITIES.includes(state.params.priority) ? state.params.priority : 'balanced';
  const urgency = URGENCIES.includes(state.params.urgency) ? state.params.urgency : 'normal';
  root.innerHTML = `
    <h1>Rankings <small>${escapeHtml(category === '*' ? 'all categories' : category)}, last ${escapeHtml(window)}</small></h1>
    <div class="with-side">
      <nav class="tree panel" aria-label="Categories"><h2>Categories</h2><ul id="tree"></ul></nav>
      <section class="panel">
        <form class="selectors" id="selectors">${select('priority', PRIORITIES, priority)}${select('urgency', URGENCIES, urgency)}</form>
        <p class="basis" id="basis"></p>
        <div class="table-wrap"><table class="rankings" id="rankings">
          <thead><tr><th>#</th><th>Model</th><th class="num">Score</th><th>Parts (0\u2013100)</th><th class="num">Samples</th>
            <th class="num">Success</th><th class="num">p95</th><th class="num">Cost / success</th><th class="num">Confidence</th><th>Health</th></tr></thead>
          <tbody></tbody></table></div>
        <p class="note" id="weights"></p>
      </section>
    </div>
    <section class="panel ratings-panel" id="ratings-panel">${ratings.skeleton()}</section>`;
  root.querySelector('#priority').addEventListener('change', e => navigate({ priority: e.target.value }));
  root.querySelector('#urgency').addEventListener('change', e => navigate({ urgency: e.target.value }));

  async function refresh() {
    // The ratings panel says its own failures: the rankings never wait on it or fail with it.
    const ratingsDrawn = ratings.refresh(root.querySelector('#ratings-panel'), { tenant, category, window });
    const [categories, rankings] = await Promise.all([
      get('/api/v1/categories', { tenant, days: 30 }),
      get('/api/v1/rankings', { tenant, category, priority, urgency, window, mode: 'best' }),
    ]);
    root.querySelector('#tree').innerHTML = categories.categories.map(c => `
      <li style="padding-left:${c.depth * 0.9}rem" class="${c.category === category ? 'current' : ''}">
        <a href="${link('rankings', { ...state.params, category: c.category === '*' ? '' : c.category })}" data-category="${escapeHtml(c.category)}">${escapeHtml(c.category === '*' ? 'all categories' : c.category.split('/').pop())}</a>
        <span class="num">${count(c.calls)}</span></li>`).join('');
    const basis = rankings.basis;
    root.querySelector('#basis').textContent = {
      CATEGORY: `Ranked on the calls of ${basis.category === '*' ? 'all categories' : basis.category}; ${rankings.minSamples} calls make a full record.`,
      PARENT: `Too few calls here: ranked on the parent category ${basis.category}.`,
      RULES: 'No calls yet: the rule table\'s default models.',
      NONE: 'No calls and no default model for this category.',
    }[basis.source] || '';
    root.querySelector('#weights').textContent = `Weights for ${rankings.priority}: ${PARTS.map(p =>
        `${p} ${Math.round(rankings.weights[p] * 100)} %`).join(', ')}.`;
    root.querySelector('#rankings tbody').innerHTML = rankings.models.length ? rankings.models.map((m, i) => `
      <tr data-model="${escapeHtml(m.model)}" data-health="${escapeHtml(m.health.status)}">
        <td>${i + 1}</td>
        <td><a href="${link('model', { tenant, window, category: m.estimates.dataLevel === '*' ? '' : m.estimates.dataLevel }, m.model)}">${escapeHtml(m.model)}</a>
          ${m.enoughData ? '' : '<span class="badge badge-thin" title="fewer calls than the minimum">few calls</span>'}</td>
        <td class="num score">${number(m.score, 1)}</td>
        <td><div class="parts">${PARTS.map(p => `<span class="part" title="${p} ${number(m.parts[p], 1)}">
          <span class="part-bar part-${p}" style="width:${Math.max(0, Math.min(100, m.parts[p]))}%"></span><span class="part-label">${p[0].toUpperCase()} ${Math.round(m.parts[p])}</span></span>`).join('')}</div></td>
        <td class="num">${count(m.samples)}</td>
        <td class="num">${percent(m.successRate)}</td>
        <td class="num">${ms(m.latencyP95Ms)}</td>
        <td class="num">${usd(m.costPerSuccessUsd)}</td>
        <td class="num">${percent(m.confidence, 0)}</td>
        <td>${healthBadge(m.health.status)}</td>
      </tr>`).join('') : '<tr><td colspan="10">No model has calls in this category or its parents in this window.</td></tr>';
    await ratingsDrawn;
  }

  return { refresh, unmount() {} };
}
