// Time-series charts over uPlot (a WebJar served by the server): one instance per chart, fed new
// points on every refresh instead of being rebuilt.

import uPlot from 'uplot';

const COLORS = ['#1f6feb', '#d2691e', '#2da44e', '#8250df', '#cf222e'];

/**
 * A line chart in {@code container}: {@code series} is [{label, format}]. update(points) takes
 * [[epochSeconds...], [values of series 1...], ...]; the container's data-points attribute says how
 * many points it shows, for tests and for readers of the page's markup.
 */
export function lineChart(container, series, { height = 180, spark = false } = {}) {
  let plot = null;
  const options = width => ({
    width,
    height,
    legend: { show: !spark },
    cursor: { show: !spark, drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: spark ? [{ show: false }, { show: false }] : [{}, { size: 64 }],
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      stroke: COLORS[i % COLORS.length],
      width: spark ? 1.5 : 2,
      fill: spark ? `${COLORS[i % COLORS.length]}22` : undefined,
      value: (u, v) => (v == null ? '\u2014' : (s.format ? s.format(v) : v)),
      points: { show: (u, si, i0, i1) => i1 - i0 < 2 || !spark },
      spanGaps: false,
    }))],
  });
  const width = () => Math.max(120, container.clientWidth || 300);
  const resize = new ResizeObserver(() => plot && plot.setSize({ width: width(), height }));
  resize.observe(container);
  return {
    update(data) {
      container.dataset.points = String(data[0].length);
      if (!plot) {
        plot = new uPlot(options(width()), data, container);
      } else {
        plot.setData(data);
      }
    },
    destroy() {
      resize.disconnect();
      if (plot) {
        plot.destroy();
      }
    },
  };
}

/** Columns for a chart from trend points: x in epoch seconds, then one column per {@code pick}. */
export function columns(points, ...picks) {
  return [points.map(p => Date.parse(p.start) / 1000), ...picks.map(pick => points.map(p => pick(p.stats) ?? null))];
}
