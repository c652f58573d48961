/**
 * Every row of `npm run bench`: its unit, its target, and the limit probe it is divided by. This
 * is the one home of the targets (issue #22); the measuring code only returns samples.
 *
 * Adding a row (docs/performance.md, "Adding a row"): one entry here, one measuring function
 * returning `summarize(samples, unit, note)`, and one `metric(name, ...)` call in bench/main.ts.
 */
import type { Unit } from './stats';

interface RatioSpec {
  /** The probe rows whose medians add up to the limit. */
  of: readonly string[];
  /** The most the product may take, as a multiple of the limit; `null`: reported only. */
  max: number | null;
}

export interface Row {
  unit: Unit;
  /** The most the median may be; `null`: reported for information. */
  target: number | null;
  /**
   * Divided by the sum of these probes' medians, measured in the same run; a growth row by its
   * probes measured at the same size (`growth-x-1000` by `growth-probe-1000`).
   */
  ratio?: RatioSpec;
  /** A limit probe (the platform's own cost), not a product metric. */
  probe?: true;
  /** Measured at several data sizes (`--sizes`); `name` then ends in `-<size>`. */
  growth?: true;
}

const KB = 1024;
const MB = 1024 * 1024;
const MESSAGE_AND_TRANSACTION = ['probe-message-round-trip', 'probe-idb-transaction'];

export const ROWS: Record<string, Row> = {
  // Limit probes (bench/probes.ts).
  'probe-message-round-trip': { unit: 'ms', target: null, probe: true },
  'probe-idb-transaction': { unit: 'ms', target: null, probe: true },
  // Probes a and b with 100 ms of idleness before each, as a seller's clicks come (bench/probes.ts).
  'probe-message-round-trip-idle': { unit: 'ms', target: null, probe: true },
  'probe-idb-transaction-idle': { unit: 'ms', target: null, probe: true },
  'probe-panel-render': { unit: 'ms', target: null, probe: true },
  'probe-host-main-thread': { unit: 'ms', target: null, probe: true },
  // bench/host.ts: what an extension page in a frame on the record page adds, with nothing else
  // (bench/probe-frame-extension): the floor of a panel shown in its own frame.
  'probe-host-extension-frame': { unit: 'ms', target: null, probe: true },
  // bench/worklist.ts: an extension page opening the same data and drawing its first 60 rows.
  'probe-worklist-first-render': { unit: 'ms', target: null, probe: true },

  // What every CRM page and every record page parses.
  'content-script-gzip': { unit: 'bytes', target: 12 * KB },
  'panel-script-gzip': { unit: 'bytes', target: 20 * KB },
  'mailbox-script-gzip': { unit: 'bytes', target: 10 * KB },

  // What a seller feels on a record.
  'panel-after-navigation': {
    unit: 'ms',
    target: 16,
    ratio: { of: ['probe-message-round-trip', 'probe-panel-render'], max: 2 },
  },
  // Information: the same navigations, each once the previous page read is stored and 300 ms
  // of idle after it, as a seller who reads each record meets them (bench/panel.ts).
  'panel-after-navigation-paused': {
    unit: 'ms',
    target: null,
    ratio: { of: ['probe-message-round-trip', 'probe-panel-render'], max: null },
  },
  'action-round-trip': { unit: 'ms', target: null, ratio: { of: MESSAGE_AND_TRANSACTION, max: 2 } },
  'host-main-thread-ms': {
    unit: 'ms',
    target: 30,
    ratio: { of: ['probe-host-main-thread'], max: null },
  },
  // Information: the same runs' CPU time of the page's main thread (bench/host.ts).
  'host-main-thread-cpu-ms': { unit: 'ms', target: null },
  'host-long-tasks': { unit: 'count', target: 0 },
  'panel-heap': { unit: 'bytes', target: 5 * MB },

  // The background.
  'worker-cold-start': { unit: 'ms', target: 50 },
  // Information: the same starts with puppeteer's DevTools client holding each new worker paused
  // until Node lets it run, the row's method until 2026-12-01 (bench/background.ts).
  'worker-cold-start-attached': { unit: 'ms', target: null },
  'import-250x40': { unit: 'ms', target: 250 },
  // Information: the same import as one runtime message, the row's method until 2026-11-30
  // (bench/background.ts).
  'import-250x40-runtime-message': { unit: 'ms', target: null },
  'worker-heap-10k': { unit: 'bytes', target: 30 * MB },
  'worker-catch-up-10k': { unit: 'ms', target: null },
  'db-size-1y': { unit: 'bytes', target: 25 * MB },

  // The work list with 10,000 connections.
  'worklist-first-render-10k': {
    unit: 'ms',
    target: 100,
    ratio: { of: ['probe-worklist-first-render'], max: null },
  },
  // The same, each open as soon as the previous first row is in the DOM (the method before
  // 2026-11-30, bench/worklist.ts `OpenAfter`): reported for information.
  'worklist-first-render-10k-back-to-back': {
    unit: 'ms',
    target: null,
    ratio: { of: ['probe-worklist-first-render'], max: null },
  },
  'worklist-filter-10k': { unit: 'ms', target: 16 },
  'worklist-search-10k': { unit: 'ms', target: 30 },

  // Growth (bench/growth.ts): measured at each size of `--sizes`.
  'growth-worklist-first-render': { unit: 'ms', target: null, growth: true },
  'growth-worklist-filter': { unit: 'ms', target: null, growth: true },
  'growth-worklist-search': { unit: 'ms', target: null, growth: true },
  'growth-badge-recount': { unit: 'ms', target: null, growth: true },
  'growth-backup': { unit: 'ms', target: null, growth: true },
  // What a seller does on one record must stay flat in n: divided, size by size, by the platform's
  // own read-write transaction in that same database (`growth-probe-idb-transaction-<size>`).
  'growth-action-round-trip': {
    unit: 'ms',
    target: null,
    growth: true,
    ratio: { of: ['growth-probe-idb-transaction'], max: null },
  },
  'growth-panel-read': {
    unit: 'ms',
    target: null,
    growth: true,
    ratio: { of: ['growth-probe-idb-transaction'], max: null },
  },
  'growth-probe-idb-transaction': { unit: 'ms', target: null, growth: true, probe: true },
  'growth-segments-simulate': { unit: 'ms', target: null, growth: true },

  // Segments (issue #17): 250 active segments × 10 conditions, 10,000 known leads.
  'segment-eval-250x10': { unit: 'ms', target: 2 },
  'simulate-10k': { unit: 'ms', target: 200 },
  // The first Simulate after a row of the kind changed (it packs the rows): information.
  'simulate-10k-first': { unit: 'ms', target: null },
  'run-now-10k': { unit: 'ms', target: 3000 },

  // The sequence designer (issue #16), a 200-step sequence.
  'designer-open-200': { unit: 'ms', target: 200 },
  'designer-open-200-checked': { unit: 'ms', target: null },
  'designer-edit': { unit: 'ms', target: 16 },
  'designer-edit-checked': { unit: 'ms', target: null },
  'designer-js-heap': { unit: 'bytes', target: null },
  'designer-tab-memory': { unit: 'bytes', target: 60 * MB },

  // The mailbox (issue #20).
  'mailbox-read-100-gmail': { unit: 'ms', target: 5 },
  'mailbox-read-100-outlook': { unit: 'ms', target: 5 },

  // Insights (issue #18) with 10,000 connections and a year of events.
  'insights-table-10k': { unit: 'ms', target: 300 },
  'insights-table-365-10k': { unit: 'ms', target: 300 },
  'insights-sequence-10k': { unit: 'ms', target: 300 },
  'insights-sequence-365-10k': { unit: 'ms', target: 300 },
  'insights-table-cold-10k': { unit: 'ms', target: null },
  'insights-sequence-cold-10k': { unit: 'ms', target: null },
  'insights-rollup-action-cost': { unit: 'ms', target: 1 },
  'insights-action-with-rollups': { unit: 'ms', target: null },
  'insights-action-without-rollups': { unit: 'ms', target: null },

  // Proof of record after an in-app navigation, with the CRMs' own render latency.
  'capture-wait-dynamics': { unit: 'ms', target: null },
  'capture-wait-salesforce': { unit: 'ms', target: null },
  'capture-wait-suitecrm': { unit: 'ms', target: null },
};

/** The row of `name`, or of its growth family (`growth-x-10000` → `growth-x`). */
export function rowOf(name: string): Row | undefined {
  return ROWS[name] ?? ROWS[name.replace(/-\d+$/, '')];
}

/** What a row's figures say against its target and its probe. */
export interface Verdict {
  /** `null`: nothing to meet (information or a probe). */
  pass: boolean | null;
  /** median ÷ the probes' summed medians, when the row has a probe and both were measured. */
  ratio: number | null;
  /** The probes' summed medians. */
  limit: number | null;
  /** Why it failed, if it did. */
  why?: string;
}

interface Measured {
  median?: number;
  failed?: true;
  reason?: string;
}

export function verdict(name: string, results: Readonly<Record<string, Measured>>): Verdict {
  const row = rowOf(name);
  const outcome = results[name];
  if (row === undefined)
    return { pass: false, ratio: null, limit: null, why: 'no row in bench/targets.ts' };
  if (outcome === undefined || outcome.failed === true || outcome.median === undefined) {
    return { pass: false, ratio: null, limit: null, why: outcome?.reason ?? 'not measured' };
  }
  let limit: number | null = null;
  let ratio: number | null = null;
  const whys: string[] = [];
  if (row.ratio !== undefined) {
    const size = row.growth === true ? /-\d+$/.exec(name)?.[0] : undefined;
    const probeNames = row.ratio.of.map((probe) => probe + (size ?? ''));
    const probes = probeNames.map((probe) => results[probe]?.median);
    if (probes.every((value): value is number => value !== undefined)) {
      limit = probes.reduce((a, b) => a + b, 0);
      ratio = limit > 0 ? outcome.median / limit : null;
    } else if (row.ratio.max !== null) {
      whys.push(`probe not measured (${probeNames.join(' + ')})`);
    }
    if (row.ratio.max !== null && ratio !== null && ratio > row.ratio.max) {
      whys.push(`ratio ${ratio.toFixed(2)} > ${String(row.ratio.max)}`);
    }
  }
  if (row.target !== null && outcome.median > row.target) whys.push('above target');
  const judged = row.target !== null || (row.ratio?.max ?? null) !== null;
  return {
    pass: judged ? whys.length === 0 : null,
    ratio,
    limit,
    ...(whys.length > 0 ? { why: whys.join('; ') } : {}),
  };
}
