// Display helpers: a missing figure shows as an em dash, never as 0 or NaN.

const DASH = '\u2014';

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function count(n) {
  return n == null ? DASH : Number(n).toLocaleString('en-US');
}

export function percent(rate, digits = 1) {
  return rate == null ? DASH : `${(rate * 100).toFixed(digits)} %`;
}

export function ms(value) {
  if (value == null) {
    return DASH;
  }
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value).toLocaleString('en-US')} ms`;
}

export function usd(value) {
  if (value == null) {
    return DASH;
  }
  if (value === 0) {
    return '$0';
  }
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(3)}`;
}

export function number(value, digits = 2) {
  return value == null ? DASH : Number(value).toFixed(digits);
}

/** "3 min 12 s" until {@code untilMs}, from {@code nowMs}. */
export function countdown(untilMs, nowMs) {
  const left = Math.max(0, Math.round((untilMs - nowMs) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(s).padStart(2, '0')} s`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB', { hour12: false }) : DASH;
}

/** A health status as a badge: HEALTHY, DEGRADED or BLACKLISTED. */
export function healthBadge(status) {
  const s = status || 'HEALTHY';
  return `<span class="badge badge-${s.toLowerCase()}" data-health="${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}
