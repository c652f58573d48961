/**
 * Static SVG charts for docs/performance.md: no script, no external resource, so they render as
 * an image anywhere (a small generator of our own: the chart libraries we use draw on a canvas in
 * a live page, and this is a file).
 *
 * - `historyChart`: one small panel per row, the median of the last runs left to right, the
 *   target as a dashed line.
 * - `growthChart`: the growth curves on log-log axes, one line per row, so a slope of 1 is linear.
 */

export interface Series {
  name: string;
  unit: string;
  values: (number | null)[];
  target: number | null;
  /** How to print a value ("12.3 ms"). */
  format: (value: number) => string;
}

const FONT = 'font-family="system-ui, sans-serif"';
const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const n1 = (value: number) => value.toFixed(1);

export function historyChart(series: readonly Series[], columns = 3): string {
  const w = 260;
  const h = 110;
  const pad = { left: 8, right: 8, top: 30, bottom: 14 };
  const rows = Math.ceil(series.length / columns);
  const parts: string[] = [];
  for (const [index, s] of series.entries()) {
    const x0 = (index % columns) * w;
    const y0 = Math.floor(index / columns) * h;
    const known = s.values.filter((v): v is number => v !== null);
    const top = Math.max(...known, s.target ?? 0, 1e-9) * 1.15;
    const px = (i: number) =>
      x0 +
      pad.left +
      (s.values.length <= 1 ? 0 : (i / (s.values.length - 1)) * (w - pad.left - pad.right));
    const py = (v: number) => y0 + h - pad.bottom - (v / top) * (h - pad.top - pad.bottom);
    const latest = known.at(-1);
    parts.push(
      `<rect x="${x0 + 2}" y="${y0 + 2}" width="${w - 4}" height="${h - 4}" rx="6" fill="#f6f8fa" stroke="#d0d7de"/>`,
      `<text x="${x0 + 10}" y="${y0 + 17}" ${FONT} font-size="11" fill="#1f2328">${escape(s.name)}</text>`,
      `<text x="${x0 + w - 10}" y="${y0 + 17}" ${FONT} font-size="11" fill="#1f2328" text-anchor="end" font-weight="600">${latest === undefined ? 'failed' : escape(s.format(latest))}</text>`,
    );
    if (s.target !== null) {
      parts.push(
        `<line x1="${n1(x0 + pad.left)}" x2="${n1(x0 + w - pad.right)}" y1="${n1(py(s.target))}" y2="${n1(py(s.target))}" stroke="#cf222e" stroke-dasharray="4 3"/>`,
      );
    }
    const points = s.values
      .map((v, i) => (v === null ? null : `${n1(px(i))},${n1(py(v))}`))
      .filter((p): p is string => p !== null);
    if (points.length > 1) {
      parts.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="#0969da" stroke-width="1.6"/>`,
      );
    }
    for (const point of points.slice(-1)) {
      const [cx, cy] = point.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="2.6" fill="#0969da"/>`);
    }
  }
  const width = Math.min(series.length, columns) * w;
  const height = rows * h + 22;
  parts.push(
    `<text x="8" y="${rows * h + 16}" ${FONT} font-size="10" fill="#57606a">Median per run, oldest left, newest right; dashed: the target.</text>`,
  );
  return svg(width, height, 'Benchmark medians over the last runs', parts);
}

export interface Curve {
  name: string;
  points: { n: number; y: number }[];
  exponent: number | null;
}

const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00', '#1b7c83', '#57606a'];

export function growthChart(curves: readonly Curve[], unit: string): string {
  const w = 640;
  const h = 360;
  const pad = { left: 56, right: 220, top: 20, bottom: 40 };
  const all = curves.flatMap((c) => c.points).filter((p) => p.n > 0 && p.y > 0);
  if (all.length === 0)
    return svg(w, 40, 'No growth data', [
      `<text x="8" y="24" ${FONT} font-size="12">No growth data yet.</text>`,
    ]);
  const lx = (n: number) => Math.log10(n);
  const [nMin, nMax] = [Math.min(...all.map((p) => lx(p.n))), Math.max(...all.map((p) => lx(p.n)))];
  const yMin = Math.floor(Math.min(...all.map((p) => Math.log10(p.y))));
  const yMax = Math.ceil(Math.max(...all.map((p) => Math.log10(p.y))));
  const px = (n: number) =>
    pad.left + ((lx(n) - nMin) / Math.max(nMax - nMin, 1e-9)) * (w - pad.left - pad.right);
  const py = (y: number) =>
    h -
    pad.bottom -
    ((Math.log10(y) - yMin) / Math.max(yMax - yMin, 1e-9)) * (h - pad.top - pad.bottom);
  const parts: string[] = [`<rect width="${w}" height="${h}" fill="#ffffff"/>`];
  for (let e = yMin; e <= yMax; e++) {
    const y = py(10 ** e);
    parts.push(
      `<line x1="${pad.left}" x2="${w - pad.right}" y1="${n1(y)}" y2="${n1(y)}" stroke="#d0d7de"/>`,
      `<text x="${pad.left - 6}" y="${n1(y + 4)}" ${FONT} font-size="10" fill="#57606a" text-anchor="end">${String(10 ** e)} ${unit}</text>`,
    );
  }
  for (const n of [...new Set(all.map((p) => p.n))].sort((a, b) => a - b)) {
    parts.push(
      `<text x="${n1(px(n))}" y="${h - pad.bottom + 16}" ${FONT} font-size="10" fill="#57606a" text-anchor="middle">${n.toLocaleString('en')}</text>`,
    );
  }
  parts.push(
    `<text x="${(pad.left + w - pad.right) / 2}" y="${h - 6}" ${FONT} font-size="11" fill="#1f2328" text-anchor="middle">connections (log scale)</text>`,
  );
  for (const [index, curve] of curves.entries()) {
    const color = COLORS[index % COLORS.length]!;
    const points = curve.points.filter((p) => p.n > 0 && p.y > 0);
    if (points.length > 1) {
      parts.push(
        `<polyline points="${points.map((p) => `${n1(px(p.n))},${n1(py(p.y))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="1.8"/>`,
      );
    }
    for (const p of points)
      parts.push(`<circle cx="${n1(px(p.n))}" cy="${n1(py(p.y))}" r="3" fill="${color}"/>`);
    const ly = pad.top + 14 + index * 18;
    const slope = curve.exponent === null ? '' : ` (exponent ${curve.exponent.toFixed(2)})`;
    parts.push(
      `<rect x="${w - pad.right + 14}" y="${ly - 8}" width="10" height="10" fill="${color}"/>`,
      `<text x="${w - pad.right + 30}" y="${ly + 1}" ${FONT} font-size="11" fill="#1f2328">${escape(curve.name + slope)}</text>`,
    );
  }
  return svg(w, h, 'Growth of the benchmark rows with the number of connections', parts);
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
