export interface Series {
  name: string;
  color: string;
  points: Array<[x: number, y: number]>;
  dashed?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  yLabel: string;
  xLabel?: string;
  series: Series[];
  width?: number;
  height?: number;
  /** Shared x range, so charts of one run line up. */
  xMax?: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A line chart as inline SVG: the report opens offline, with no script. */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 900;
  const height = spec.height ?? 260;
  const m = { left: 64, right: 16, top: 16, bottom: 40 };
  const all = spec.series.flatMap((s) => s.points);
  const xMax = niceMax(spec.xMax ?? Math.max(1, ...all.map(([x]) => x)));
  const yMax = niceMax(Math.max(1e-9, ...all.map(([, y]) => y)));
  const px = (x: number) => m.left + (x / xMax) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - (y / yMax) * (height - m.top - m.bottom);
  const ticks = (max: number) => Array.from({ length: 6 }, (_, i) => (max * i) / 5);
  const fmt = (v: number) => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(v < 10 ? 1 : 0)}`);

  const grid = ticks(yMax)
    .map(
      (y) =>
        `<line x1="${m.left}" x2="${width - m.right}" y1="${py(y)}" y2="${py(y)}" class="grid"/>` +
        `<text x="${m.left - 6}" y="${py(y) + 4}" text-anchor="end">${fmt(y)}</text>`,
    )
    .join('');
  const xTicks = ticks(xMax)
    .map((x) => `<text x="${px(x)}" y="${height - m.bottom + 16}" text-anchor="middle">${fmt(x)}</text>`)
    .join('');
  const lines = spec.series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
      return `<path class="series" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`;
    })
    .join('');
  const legend = spec.series
    .map((s) => `<span class="key"><i style="background:${s.color}"></i>${esc(s.name)}</span>`)
    .join('');
  return `<figure class="chart" id="${esc(spec.id)}">
<figcaption>${esc(spec.title)}<span class="legend">${legend}</span></figcaption>
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(spec.title)}">
${grid}${xTicks}
<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" class="axis"/>
<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" class="axis"/>
<text x="${(m.left + width - m.right) / 2}" y="${height - 6}" text-anchor="middle" class="label">${esc(spec.xLabel ?? 'seconds since the load started')}</text>
<text x="14" y="${(m.top + height - m.bottom) / 2}" text-anchor="middle" class="label" transform="rotate(-90 14 ${(m.top + height - m.bottom) / 2})">${esc(spec.yLabel)}</text>
${lines}
</svg></figure>`;
}

/** A round axis end (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), at least `value`. */
export function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
