/**
 * `npm run bench` (issues #10, #22): builds the production extension, starts the demo CRM
 * (latency 0), launches Chromium with the extension, measures every row of bench/targets.ts with
 * its limit probe in the same browser and run, prints a table, writes bench/results.json and
 * appends the run to bench/history.jsonl.
 *
 * Options: `--check` exits 1 when a target is missed; `--only=name,name` runs only those rows (a
 * growth family by its name without the size); `--sizes=1000,10000` picks the growth sizes
 * (default 1,000, 10,000 and 100,000; `--sizes=` none); `--no-build` reuses .output/chrome-mv3;
 * `--report` writes docs/performance.md and its charts after the run; `--report-only` writes them
 * from the history without measuring; `--profile` prints where the extension's main-thread time
 * on a CRM page goes (a CPU profile, bench/profile.ts) and measures nothing else; `--trace` the
 * same in thread time, with and without the extension (bench/trace-host.ts).
 *
 * Each row is its own function; one that fails (e.g. unfinished UI) is reported as failed with
 * its reason, the others still run, and the run exits 1: a row that cannot be measured is never
 * skipped. Never runs in CI: the machine is shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startDemoServer, type DemoServer } from '../demo/server';
import { import250x40, workerColdStarts, workerHeap } from './background';
import { contentScriptGzip, panelScriptGzip } from './bundle';
import { addSuiteCrm, captureWait } from './capture';
import { workerCatchUp } from './catch-up';
import { dbSizeYear } from './db-size';
import { designerEdit, designerMemory, designerOpen, seedDesigner } from './designer';
import { DEFAULT_SIZES, growth } from './growth';
import { appendHistory, currentCommit, readHistory, type Machine } from './history';
import { hostCost } from './host';
import { insightsSequence, insightsTable, rollupCost, seedInsights } from './insights';
import { mailboxRead100Gmail, mailboxRead100Outlook, mailboxScriptGzip } from './mailbox';
import { actionRoundTrip, panelAfterNavigation, seedPanel } from './panel';
import { actionBytes, messageAndTransaction, panelRender } from './probes';
import { profileHost } from './profile';
import { traceHost } from './trace-host';
import { writeReport } from './report';
import { segmentEvalAdded, segmentsOver10k, segmentsSimulate } from './segments';
import { startBench, type BenchSession } from './session';
import { formatValue, withTimeout, type MetricOutcome } from './stats';
import { ROWS, rowOf, verdict } from './targets';
import {
  probeWorklistFirstRender,
  seedWorklist,
  worklistFilter,
  worklistFirstRender,
  worklistSearch,
} from './worklist';

const { values: options } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    only: { type: 'string' },
    sizes: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});
const only = options.only?.split(',').filter((name) => name !== '');
for (const name of only ?? []) {
  if (rowOf(name) === undefined) throw new Error(`--only: no row "${name}" in bench/targets.ts`);
}
const sizes =
  options.sizes === undefined
    ? DEFAULT_SIZES
    : options.sizes
        .split(',')
        .filter((size) => size !== '')
        .map((size) => {
          const n = Number(size.replaceAll('_', ''));
          if (!Number.isInteger(n) || n < 10)
            throw new Error(`--sizes: "${size}" is not a number of connections (≥ 10)`);
          return n;
        });
const wanted = (name: string) =>
  only === undefined || only.includes(name) || only.includes(name.replace(/-\d+$/, ''));
const ROOT = resolve(import.meta.dirname, '..');

const results: Record<string, MetricOutcome> = {};
const log = (text: string) =>
  console.log(`[bench ${(performance.now() / 1000).toFixed(1)}s] ${text}`);

const reasonOf = (error: unknown) =>
  error instanceof Error ? error.message.split('\n')[0]! : String(error);

/** Measures one row (its unit and target come from bench/targets.ts). */
async function metric(
  name: string,
  run: () => Promise<MetricOutcome> | MetricOutcome,
): Promise<void> {
  if (!wanted(name)) return;
  const row = rowOf(name);
  if (row === undefined) throw new Error(`no row "${name}" in bench/targets.ts`);
  log(`${name}...`);
  try {
    results[name] = await withTimeout(Promise.resolve(run()), 600_000, name);
  } catch (error) {
    results[name] = { failed: true, reason: reasonOf(error), unit: row.unit };
    log(`${name} FAILED: ${reasonOf(error)}`);
  }
}

/** Several rows from one measurement; a failure fails each of them. */
async function metrics<const N extends string>(
  names: readonly N[],
  run: () => Promise<Record<N, MetricOutcome>>,
): Promise<void> {
  if (!names.some(wanted)) return;
  log(`${names.join(' + ')}...`);
  try {
    const outcomes = await withTimeout(run(), 600_000, names.join(' + '));
    for (const name of names) results[name] = outcomes[name];
  } catch (error) {
    for (const name of names) {
      results[name] = { failed: true, reason: reasonOf(error), unit: rowOf(name)!.unit };
    }
    log(`${names.join(' + ')} FAILED: ${reasonOf(error)}`);
  }
}

/** The run's browser, named in the history: the first session's version. */
async function noteBrowser(session: BenchSession): Promise<void> {
  if (chromium === 'unknown') chromium = await session.browser.version();
}

/** Runs `body` with a session; a failure to start fails every row in `names`. */
async function withSession(
  names: string[],
  sessionOptions: { demo: DemoServer; extension: boolean; probes?: boolean },
  body: (session: BenchSession) => Promise<void>,
): Promise<void> {
  if (!names.some(wanted)) return;
  let session: BenchSession | undefined;
  try {
    session = await startBench(sessionOptions);
    await noteBrowser(session);
    await body(session);
  } catch (error) {
    for (const name of names) {
      if (wanted(name) && results[name] === undefined) {
        results[name] = {
          failed: true,
          reason: `session: ${reasonOf(error)}`,
          unit: rowOf(name)!.unit,
        };
      }
    }
  } finally {
    await session?.close();
  }
}

let chromium = 'unknown';

async function main(): Promise<void> {
  if (!options['no-build']) {
    log('building the production extension (npx wxt build)...');
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  await metric('content-script-gzip', contentScriptGzip);
  await metric('panel-script-gzip', panelScriptGzip);
  await metric('mailbox-script-gzip', mailboxScriptGzip);

  // The CRM's own render delay is not ours: every page metric uses demo latency 0.
  const demo = await startDemoServer({ latencyMs: 0 });
  try {
    const record = [
      'probe-message-round-trip',
      'probe-idb-transaction',
      'probe-message-round-trip-idle',
      'probe-idb-transaction-idle',
      'probe-panel-render',
      'panel-after-navigation',
      'panel-after-navigation-paused',
      'action-round-trip',
    ];
    const worklist = [
      'probe-worklist-first-render',
      'worklist-first-render-10k',
      'worklist-first-render-10k-back-to-back',
      'worklist-filter-10k',
      'worklist-search-10k',
      'worker-heap-10k',
    ];
    // The limit probes run in this same browser (a probe extension next to Upnext).
    await withSession(
      [
        'worker-cold-start',
        'worker-cold-start-attached',
        'import-250x40',
        'import-250x40-runtime-message',
        ...record,
        ...worklist,
      ],
      { demo, extension: true, probes: true },
      async (session) => {
        await metrics(['worker-cold-start', 'worker-cold-start-attached'], () =>
          workerColdStarts(session),
        );
        await metric('import-250x40', () => import250x40(session));
        await metric('import-250x40-runtime-message', () => import250x40(session, 5, true));
        if (record.some(wanted)) {
          const seeded = await seedPanel(session);
          const bytes = await actionBytes(session, seeded);
          await metrics(
            [
              'probe-message-round-trip',
              'probe-idb-transaction',
              'probe-message-round-trip-idle',
              'probe-idb-transaction-idle',
            ],
            async () => {
              const probes = await messageAndTransaction(session, bytes);
              return {
                'probe-message-round-trip': probes.message,
                'probe-idb-transaction': probes.transaction,
                'probe-message-round-trip-idle': probes.messageIdle,
                'probe-idb-transaction-idle': probes.transactionIdle,
              };
            },
          );
          await metric('probe-panel-render', () => panelRender(session, seeded));
          await metric('panel-after-navigation', () => panelAfterNavigation(session, seeded));
          await metric('panel-after-navigation-paused', () =>
            panelAfterNavigation(session, seeded, 15, true),
          );
          await metric('action-round-trip', () => actionRoundTrip(session, seeded));
        }
        if (worklist.some(wanted)) {
          log('seeding 10,000 connections...');
          await seedWorklist(session);
          await metric('probe-worklist-first-render', () => probeWorklistFirstRender(session));
          await metric('worklist-first-render-10k', () => worklistFirstRender(session));
          await metric('worklist-first-render-10k-back-to-back', () =>
            worklistFirstRender(session, 7, 'back-to-back'),
          );
          await metric('worklist-filter-10k', () => worklistFilter(session));
          await metric('worklist-search-10k', () => worklistSearch(session));
          await metric('worker-heap-10k', () => workerHeap(session));
        }
      },
    );

    // A browser of its own: the catch-up is timed from a worker start on a database it writes.
    await withSession(['worker-catch-up-10k'], { demo, extension: true }, async (session) => {
      await metric('worker-catch-up-10k', () => workerCatchUp(session));
    });

    await metrics(
      [
        'host-long-tasks',
        'host-main-thread-ms',
        'host-main-thread-cpu-ms',
        'probe-host-main-thread',
        'probe-host-extension-frame',
        'panel-heap',
      ],
      async () => {
        const withExt = await startBench({ demo, extension: true });
        await noteBrowser(withExt);
        try {
          await seedPanel(withExt);
          const frameProbe = await startBench({ demo, extension: false, frameProbe: true });
          try {
            const without = await startBench({ demo, extension: false });
            try {
              const { longTasks, mainThread, mainThreadCpu, pageOnly, frameOnly, heap } =
                await hostCost(withExt, frameProbe, without);
              return {
                'host-long-tasks': longTasks,
                'host-main-thread-ms': mainThread,
                'host-main-thread-cpu-ms': mainThreadCpu,
                'probe-host-main-thread': pageOnly,
                'probe-host-extension-frame': frameOnly,
                'panel-heap': heap,
              };
            } finally {
              await without.close();
            }
          } finally {
            await frameProbe.close();
          }
        } finally {
          await withExt.close();
        }
      },
    );

    // Segments (issue #17) in a fresh profile: routing's cost in a capture, Simulate and Run now.
    await withSession(
      ['segment-eval-250x10', 'simulate-10k-first', 'simulate-10k', 'run-now-10k'],
      { demo, extension: true },
      async (session) => {
        await metric('segment-eval-250x10', () => segmentEvalAdded(session));
        await metrics(['simulate-10k-first', 'simulate-10k', 'run-now-10k'], async () => {
          const [first, simulate, runNow] = await segmentsOver10k(session);
          return { 'simulate-10k-first': first, 'simulate-10k': simulate, 'run-now-10k': runNow };
        });
      },
    );

    // The designer (issue #16) in a fresh profile: only the console's own pages are open.
    const designerMetrics = [
      'designer-open-200',
      'designer-open-200-checked',
      'designer-edit',
      'designer-edit-checked',
      'designer-js-heap',
      'designer-tab-memory',
    ];
    await withSession(designerMetrics, { demo, extension: true }, async (session) => {
      const sequence = await seedDesigner(session);
      await metrics(['designer-open-200', 'designer-open-200-checked'], async () => {
        const [open, checked] = await designerOpen(session, sequence);
        return { 'designer-open-200': open, 'designer-open-200-checked': checked };
      });
      await metrics(['designer-edit', 'designer-edit-checked'], async () => {
        const [edit, checked] = await designerEdit(session, sequence);
        return { 'designer-edit': edit, 'designer-edit-checked': checked };
      });
    });
    // Memory in browsers of its own (bench/designer.ts says why).
    await metrics(['designer-js-heap', 'designer-tab-memory'], async () => {
      const [heap, tab] = await designerMemory(demo);
      return { 'designer-js-heap': heap, 'designer-tab-memory': tab };
    });
    // The proof-of-record wait races the CRM's own render: the skins' own latency here, and a
    // fresh profile so every record is seen for the first time.
    const capture = ['capture-wait-dynamics', 'capture-wait-salesforce', 'capture-wait-suitecrm'];
    if (capture.some(wanted)) {
      const lateDemo = await startDemoServer();
      try {
        await withSession(capture, { demo: lateDemo, extension: true }, async (session) => {
          await metric('capture-wait-dynamics', () => captureWait(session, 'dynamics'));
          await metric('capture-wait-salesforce', () => captureWait(session, 'salesforce'));
          await metric('capture-wait-suitecrm', async () => {
            await addSuiteCrm(session);
            return captureWait(session, 'suitecrm');
          });
        });
      } finally {
        await lateDemo.close();
      }
    }
    // The mailbox readers on 100-row lists (a page of their own; no extension needed).
    await withSession(
      ['mailbox-read-100-gmail', 'mailbox-read-100-outlook'],
      { demo, extension: false },
      async (session) => {
        await metric('mailbox-read-100-gmail', () => mailboxRead100Gmail(session));
        await metric('mailbox-read-100-outlook', () => mailboxRead100Outlook(session));
      },
    );

    // A fresh profile, so earlier metrics' data does not count.
    await withSession(['db-size-1y'], { demo, extension: true }, async (session) => {
      await metric('db-size-1y', () => dbSizeYear(session));
    });

    // Insights (issue #18): a fresh profile with a simulated year of 10,000 connections.
    const insights = [
      'insights-table-10k',
      'insights-table-365-10k',
      'insights-sequence-10k',
      'insights-sequence-365-10k',
      'insights-table-cold-10k',
      'insights-sequence-cold-10k',
      'insights-rollup-action-cost',
      'insights-action-with-rollups',
      'insights-action-without-rollups',
    ];
    await withSession(insights, { demo, extension: true }, async (session) => {
      log('simulating a year of 10,000 connections...');
      const seed = await seedInsights(session);
      await metrics(
        ['insights-table-10k', 'insights-table-365-10k', 'insights-table-cold-10k'],
        async () => {
          const { click, year, cold } = await insightsTable(session, seed);
          return {
            'insights-table-10k': click,
            'insights-table-365-10k': year,
            'insights-table-cold-10k': cold,
          };
        },
      );
      await metrics(
        ['insights-sequence-10k', 'insights-sequence-365-10k', 'insights-sequence-cold-10k'],
        async () => {
          const { click, year, cold } = await insightsSequence(session, seed);
          return {
            'insights-sequence-10k': click,
            'insights-sequence-365-10k': year,
            'insights-sequence-cold-10k': cold,
          };
        },
      );
      await metrics(
        [
          'insights-rollup-action-cost',
          'insights-action-with-rollups',
          'insights-action-without-rollups',
        ],
        async () => {
          const cost = await rollupCost(session);
          return {
            'insights-rollup-action-cost': cost.cost,
            'insights-action-with-rollups': cost.with,
            'insights-action-without-rollups': cost.without,
          };
        },
      );
    });

    // Growth curves: a fresh browser per size.
    // Growth curves: a fresh browser per size (seeding 100,000 takes minutes, so only when a
    // browser row is wanted); Simulate for segments runs in Node.
    const browserFamilies = Object.keys(ROWS).filter(
      (name) => ROWS[name]!.growth === true && name !== 'growth-segments-simulate',
    );
    if (sizes.length > 0 && browserFamilies.some(wanted))
      await growth(demo, sizes, metric, log, (version) => {
        if (chromium === 'unknown') chromium = version;
      });
    for (const size of sizes) {
      await metric(`growth-segments-simulate-${size}`, () => segmentsSimulate(size));
    }
  } finally {
    await demo.close();
  }
}

/** Prints the table; returns whether every row was measured and whether every target was met. */
function report(): { measuredAll: boolean; metAll: boolean } {
  const rows = Object.entries(results).map(([name, outcome]) => {
    const row = rowOf(name)!;
    const judged = verdict(name, results);
    const target = row.target === null ? '—' : `≤ ${formatValue(row.target, row.unit)}`;
    const ratio =
      judged.ratio === null
        ? '—'
        : `${judged.ratio.toFixed(2)}× of ${formatValue(judged.limit!, row.unit)}${row.ratio?.max == null ? '' : ` (≤ ${String(row.ratio.max)}×)`}`;
    if ('failed' in outcome)
      return [name, 'FAILED', '', '', target, ratio, `FAIL: ${outcome.reason}`];
    return [
      name,
      formatValue(outcome.median, outcome.unit),
      formatValue(outcome.p95, outcome.unit),
      String(outcome.runs),
      target,
      ratio,
      row.probe
        ? 'probe'
        : judged.pass === null
          ? 'info'
          : judged.pass
            ? 'pass'
            : `MISS (${judged.why ?? ''})`,
    ];
  });
  const header = ['row', 'median', 'p95', 'runs', 'target', 'ratio to its limit probe', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  const measuredAll = Object.values(results).every((outcome) => !('failed' in outcome));
  const metAll = Object.keys(results).every((name) => verdict(name, results).pass !== false);
  return { measuredAll, metAll };
}

function machine(loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory: os.totalmem(),
    node: process.version,
    chromium,
    load: [loadAtStart, os.loadavg()[0]!],
  };
}

if (options.profile) {
  // Where the host main-thread time goes (no rows, no history).
  if (!options['no-build']) {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const demo = await startDemoServer({ latencyMs: 0 });
  const session = await startBench({ demo, extension: true });
  try {
    await seedPanel(session);
    console.log(await profileHost(session));
  } finally {
    await session.close();
    await demo.close();
  }
} else if (options.trace) {
  // The host scenario's thread time by part, with and without the extension (no rows).
  if (!options['no-build']) {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const demo = await startDemoServer({ latencyMs: 0 });
  const withExt = await startBench({ demo, extension: true });
  try {
    await seedPanel(withExt);
    const without = await startBench({ demo, extension: false });
    try {
      console.log(await traceHost(withExt, without));
    } finally {
      await without.close();
    }
  } finally {
    await withExt.close();
    await demo.close();
  }
} else if (options['report-only']) {
  const written = await writeReport(readHistory());
  console.log(`wrote ${written.join(', ')}`);
} else {
  const loadAtStart = os.loadavg()[0]!;
  const started = performance.now();
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 2;
  }
  const { measuredAll, metAll } = report();
  const info = machine(loadAtStart);
  const date = new Date().toISOString();
  const file = resolve(import.meta.dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify({ ...results, _machine: { ...info, date } }, null, 2)}\n`);
  appendHistory({
    date,
    ...currentCommit(),
    options: process.argv.slice(2),
    durationS: Math.round((performance.now() - started) / 1000),
    machine: info,
    results,
  });
  console.log(
    `\n${info.cpu}, ${info.cores} cores, ${(info.memory / 2 ** 30).toFixed(1)} GB, Node ${info.node}, ${chromium}; load ${info.load[0].toFixed(1)} → ${info.load[1].toFixed(1)}`,
  );
  console.log(`wrote ${file} and appended the run to bench/history.jsonl`);
  if (options.report) {
    const written = await writeReport(readHistory());
    console.log(`wrote ${written.join(', ')}`);
  }
  // A row that could not be measured fails the run; a missed target only with --check.
  if (!measuredAll) process.exitCode = 1;
  if (options.check && !metAll) process.exitCode = 1;
}
