// The Ratings panel: Bradley–Terry ratings of the models in one category from the comparisons
// (debates, votes) recorded there, each with its 95 % interval drawn as a whisker around a dot on
// one scale shared by every row, so that overlapping intervals read as "not told apart yet".

import { ApiError, get } from './api.js';
import { count, escapeHtml, number, time } from './format.js';

/**
 * Ratings are kept per whole UTC day (windows 1d, 7d, 30d, 90d: the current day so far and the days
 * before it), so the page's window asks for the nearest of them; the panel says the span it got.
 */
export const RATINGS_WINDOW = { '1h': '1d', '24h': '1d', '7d': '7d', '30d': '30d' };

/** What the panel holds until the first answer, and again when the page changes category. */
export function skeleton() {
  return `
    <h2>Ratings <small>from comparisons, 95 % intervals</small></h2>
    <p class="basis" id="ratings-basis"></p>
    <div class="table-wrap"><table class="ratings" id="ratings">
      <thead><tr><th>#</th><th>Model</th><th class="num">Rating</th><th class="num">95 % interval</th><th class="interval-head">Interval</th>
        <th class="num">Wins</th><th class="num">Losses</th><th class="num">Comparisons</th></tr></thead>
      <tbody></tbody></table></div>
    <p class="note" id="ratings-scale"></p>`;
}

/**
 * Asks {@code GET /api/v1/ratings} and draws the answer in {@code panel}. Never throws: a server
 * without the endpoint (404) or any other failure is said in the panel, and the rest of the page
 * goes on.
 */
export async function refresh(panel, { tenant, category, window }) {
  let answer;
  try {
    answer = await get('/api/v1/ratings', { tenant, category, window: RATINGS_WINDOW[window] || window });
  } catch (error) {
    render(panel, null, category, error);
    return;
  }
  render(panel, answer, category);
}

/** Draws one answer of the ratings endpoint (its JSON contract in docs/api.md), or why there is none. */
export function render(panel, answer, category, error) {
  const body = panel.querySelector('#ratings tbody');
  const basis = panel.querySelector('#ratings-basis');
  const scale = panel.querySelector('#ratings-scale');
  const where = category && category !== '*' ? category : 'all categories';
  panel.dataset.state = error ? 'error' : answer.ratings.length ? 'rated' : 'empty';
  if (error) {
    basis.textContent = error instanceof ApiError && error.status === 404
        ? 'Ratings are not served by this server (GET /api/v1/ratings answered 404).'
        : `Ratings unavailable: ${error instanceof ApiError ? `${error.status}: ${error.message}` : error.message}`;
    body.innerHTML = '';
    scale.textContent = '';
    return;
  }
  const span = `over ${answer.window}${answer.from ? ` (since ${time(answer.from)})` : ''}`;
  basis.textContent = answer.comparisons
      ? `${count(answer.comparisons)} comparisons in ${where} ${span}, ${count(answer.pairs)} pairwise results`
        + ` \u00b7 fitted ${time(answer.asOf)}`
      : '';
  const perLogit = answer.scale ? answer.scale.perLogit : 400 / Math.LN10;
  const center = answer.scale ? answer.scale.center : 1000;
  scale.textContent = `Bradley\u2013Terry ratings on an Elo-like scale: ${number(center, 0)} is the average model,`
      + ` ${number(perLogit, 2)} points per logit (400 points: ten times the odds of winning); a tie counts half.`
      + ' Whiskers: 95 % interval; models whose whiskers overlap are not told apart yet.';
  if (!answer.ratings.length) {
    body.innerHTML = `<tr class="empty"><td colspan="8">No comparisons yet in ${escapeHtml(where)} ${escapeHtml(span)}.</td></tr>`;
    return;
  }
  // One axis for every row: from the lowest interval's end to the highest, with a little room.
  const lows = answer.ratings.map(r => r.low ?? r.rating);
  const highs = answer.ratings.map(r => r.high ?? r.rating);
  const padding = Math.max(10, (Math.max(...highs) - Math.min(...lows)) * 0.05);
  const min = Math.min(...lows, center) - padding;
  const max = Math.max(...highs, center) + padding;
  const at = value => `${((value - min) / (max - min) * 100).toFixed(2)}%`;
  body.innerHTML = answer.ratings.map(r => `
    <tr data-model="${escapeHtml(r.model)}" data-rating="${r.rating}" data-low="${r.low ?? ''}" data-high="${r.high ?? ''}">
      <td>${r.rank}</td>
      <td>${escapeHtml(r.model)}</td>
      <td class="num score">${number(r.rating, 0)}</td>
      <td class="num interval-text">${r.low == null ? '\u2014' : `${number(r.low, 0)}\u2013${number(r.high, 0)}`}</td>
      <td class="interval-cell"><div class="interval" title="${escapeHtml(r.model)}: ${number(r.rating, 1)}, 95 % interval ${number(r.low, 1)} to ${number(r.high, 1)}">
        <span class="interval-center" style="left:${at(center)}"></span>
        ${r.low == null ? '' : `<span class="interval-whisker" style="left:${at(r.low)};width:calc(${at(r.high)} - ${at(r.low)})"></span>`}
        <span class="interval-dot" style="left:${at(r.rating)}"></span></div></td>
      <td class="num">${number(r.wins, 1)}</td>
      <td class="num">${number(r.losses, 1)}</td>
      <td class="num">${count(r.comparisons)}</td>
    </tr>`).join('');
}
