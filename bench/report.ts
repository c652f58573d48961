/**
 * `npm run bench -- --report`: writes the figures from bench/history.jsonl into
 * docs/performance.md (between the `bench:…` markers; the prose around them is kept) and draws
 * docs/performance-history.svg and docs/performance-growth.svg.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { format } from 'prettier';

import type { HistoryEntry } from './history';
import { formatValue, growthExponent, type MetricOutcome, type MetricResult } from './stats';
import { growthChart, historyChart, type Curve, type Series } from './svg-chart';
import { ROWS, rowOf, verdict } from './targets';

const DOCS = resolve(import.meta.dirname, '../docs');
const PAGE = resolve(DOCS, 'performance.md');
const CHART_RUNS = 20;

const measured = (outcome: MetricOutcome | undefined): outcome is MetricResult =>
  outcome !== undefined && !('failed' in outcome);

/** The latest run that measured `name`. */
function latest(history: readonly HistoryEntry[], name: string): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--)
    if (history[i]!.results[name] !== undefined) return history[i];
  return undefined;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function latestTable(history: readonly HistoryEntry[]): string {
  const rows: string[][] = [];
  for (const [name, row] of Object.entries(ROWS)) {
    if (row.growth === true) continue;
    const entry = latest(history, name);
    if (entry === undefined) continue;
    const outcome = entry.results[name]!;
    const judged = verdict(name, entry.results);
    const target = row.target === null ? '—' : `≤ ${formatValue(row.target, row.unit)}`;
    const limit =
      row.ratio === undefined
        ? '—'
        : `${row.ratio.of.map((probe) => `\`${probe}\``).join(' + ')}${judged.limit === null ? '' : ` = ${formatValue(judged.limit, row.unit)}`}`;
    const ratio =
      judged.ratio === null
        ? '—'
        : `${judged.ratio.toFixed(2)}×${row.ratio?.max == null ? '' : ` (≤ ${String(row.ratio.max)}×)`}`;
    const result = row.probe
      ? 'probe'
      : judged.pass === null
        ? 'info'
        : judged.pass
          ? 'pass'
          : `**MISS**${judged.why ? ` (${judged.why})` : ''}`;
    rows.push(
      measured(outcome)
        ? [
            `\`${name}\``,
            formatValue(outcome.median, outcome.unit),
            formatValue(outcome.p95, outcome.unit),
            String(outcome.runs),
            target,
            limit,
            ratio,
            result,
            `${entry.date.slice(0, 10)} \`${entry.commit}\``,
          ]
        : [
            `\`${name}\``,
            'failed',
            '',
            '',
            target,
            limit,
            '—',
            `**FAILED**: ${'reason' in outcome ? outcome.reason : ''}`,
            `${entry.date.slice(0, 10)} \`${entry.commit}\``,
          ],
    );
  }
  return table(
    [
      'row',
      'median',
      'p95',
      'runs',
      'target',
      'limit (probes, same run)',
      'ratio',
      'result',
      'run',
    ],
    rows,
  );
}

function growthFamilies(
  history: readonly HistoryEntry[],
): { family: string; points: { n: number; y: number; ratio: number | null }[] }[] {
  const families = Object.entries(ROWS)
    .filter(([, row]) => row.growth === true)
    .map(([name]) => name);
  return families.map((family) => {
    const sizes = new Set<number>();
    for (const entry of history) {
      for (const name of Object.keys(entry.results)) {
        const match = new RegExp(`^${family}-(\\d+)$`).exec(name);
        if (match) sizes.add(Number(match[1]));
      }
    }
    const points = [...sizes]
      .sort((a, b) => a - b)
      .map((n) => {
        const results = latest(history, `${family}-${n}`)?.results ?? {};
        const outcome = results[`${family}-${n}`];
        // A row with a probe: its ratio to that probe at the same size, from the same run.
        const { ratio } = verdict(`${family}-${n}`, results);
        return measured(outcome) ? { n, y: outcome.median, ratio } : null;
      })
      .filter((p): p is { n: number; y: number; ratio: number | null } => p !== null);
    return { family, points };
  });
}

function growthTable(history: readonly HistoryEntry[]): string {
  const families = growthFamilies(history).filter((f) => f.points.length > 0);
  const sizes = [...new Set(families.flatMap((f) => f.points.map((p) => p.n)))].sort(
    (a, b) => a - b,
  );
  const rows = families.map(({ family, points }) => {
    const exponent = growthExponent(points);
    return [
      `\`${family}\``,
      ...sizes.map((n) => {
        const point = points.find((p) => p.n === n);
        if (point === undefined) return '—';
        const value = formatValue(point.y, rowOf(family)!.unit);
        return point.ratio === null ? value : `${value} (${point.ratio.toFixed(2)}×)`;
      }),
      exponent === null ? '—' : exponent.toFixed(2),
    ];
  });
  return table(
    ['row', ...sizes.map((n) => n.toLocaleString('en')), 'exponent (log-log slope)'],
    rows,
  );
}

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- bench:${marker}:start -->`;
  const end = `<!-- bench:${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`docs/performance.md has no ${start} … ${end} markers`);
  }
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`;
}

export async function writeReport(history: readonly HistoryEntry[]): Promise<string[]> {
  if (history.length === 0)
    throw new Error('bench/history.jsonl is empty: run `npm run bench` first');
  const last = history.at(-1)!;
  const machine = `${last.machine.cpu}, ${String(last.machine.cores)} cores (shared), Node ${last.machine.node}, ${last.machine.chromium}; load average ${last.machine.load[0].toFixed(1)} at the start of the last run, ${last.machine.load[1].toFixed(1)} at its end`;
  let page = readFileSync(PAGE, 'utf8');
  page = replaceBetween(page, 'machine', machine);
  page = replaceBetween(page, 'latest', latestTable(history));
  page = replaceBetween(page, 'growth', growthTable(history));
  writeFileSync(PAGE, await format(page, { filepath: PAGE }));

  const recent = history.slice(-CHART_RUNS);
  const series: Series[] = Object.entries(ROWS)
    .filter(
      ([name, row]) =>
        row.growth !== true && recent.some((entry) => entry.results[name] !== undefined),
    )
    .map(([name, row]) => ({
      name,
      unit: row.unit,
      target: row.target,
      values: recent.map((entry) => {
        const outcome = entry.results[name];
        return measured(outcome) ? outcome.median : null;
      }),
      format: (value: number) => formatValue(value, row.unit),
    }));
  writeFileSync(resolve(DOCS, 'performance-history.svg'), historyChart(series));
  const curves: Curve[] = growthFamilies(history)
    .filter((f) => f.points.length > 0)
    .map((f) => ({
      name: f.family.replace(/^growth-/, ''),
      points: f.points,
      exponent: growthExponent(f.points),
    }));
  writeFileSync(resolve(DOCS, 'performance-growth.svg'), growthChart(curves, 'ms'));
  return [PAGE, resolve(DOCS, 'performance-history.svg'), resolve(DOCS, 'performance-growth.svg')];
}
