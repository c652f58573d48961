/**
 * `npm run bench` (issue #10): builds the production extension, starts the demo CRM (latency 0),
 * launches Chromium with the extension, seeds data, measures every metric, prints a table and
 * writes bench/results.json. `npm run bench -- --check` exits 1 when a target is missed.
 * Options: `--only=name,name` runs only those metrics; `--no-build` reuses .output/chrome-mv3.
 *
 * Each metric is its own function; one that fails (e.g. unfinished UI) is reported as failed
 * with its reason and the others still run. Never runs in CI: the machine is shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';

import { startDemoServer, type DemoServer } from '../demo/server';
import { addSuiteCrm, captureWait } from './capture';
import { actionRoundTrip, panelAfterNavigation, seedPanel } from './panel';
import { import250x40, workerColdStart } from './background';
import { segmentEvalAdded, segmentsOver10k } from './segments';
import { contentScriptGzip, panelScriptGzip } from './bundle';
import { dbSizeYear } from './db-size';
import { designerEdit, designerMemory, designerOpen, seedDesigner } from './designer';
import { hostCost } from './host';
import { mailboxRead100Gmail, mailboxRead100Outlook, mailboxScriptGzip } from './mailbox';
import { startBench, type BenchSession } from './session';
import { passes, withTimeout, type MetricOutcome, type Unit } from './stats';
import { seedWorklist, worklistFilter, worklistFirstRender, worklistSearch } from './worklist';

const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (name: string) => only === undefined || only.includes(name);
const ROOT = resolve(import.meta.dirname, '..');

const results: Record<string, MetricOutcome> = {};
const log = (text: string) =>
  console.log(`[bench ${(performance.now() / 1000).toFixed(1)}s] ${text}`);

async function metric(
  name: string,
  unit: Unit,
  target: number | null,
  run: () => Promise<MetricOutcome> | MetricOutcome,
): Promise<void> {
  if (!wanted(name)) return;
  log(`${name}...`);
  try {
    results[name] = await withTimeout(Promise.resolve(run()), 150_000, name);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    results[name] = { failed: true, reason, unit, target };
    log(`${name} FAILED: ${reason}`);
  }
}

/** Several metrics from one measurement (host cost). */
async function metricPair(
  names: [string, string],
  units: [Unit, Unit],
  targets: [number | null, number | null],
  run: () => Promise<[MetricOutcome, MetricOutcome]>,
): Promise<void> {
  if (!names.some(wanted)) return;
  log(`${names.join(' + ')}...`);
  try {
    const [a, b] = await run();
    results[names[0]] = a;
    results[names[1]] = b;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    for (const [i, name] of names.entries()) {
      results[name] = { failed: true, reason, unit: units[i]!, target: targets[i]! };
    }
    log(`${names.join(' + ')} FAILED: ${reason}`);
  }
}

/** Runs `body` with a session; a failure to start fails every metric in `names`. */
async function withSession(
  names: string[],
  options: { demo: DemoServer; extension: boolean },
  body: (session: BenchSession) => Promise<void>,
): Promise<void> {
  if (!names.some(wanted)) return;
  let session: BenchSession | undefined;
  try {
    session = await startBench(options);
    await body(session);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    for (const name of names) {
      if (wanted(name) && results[name] === undefined) {
        results[name] = { failed: true, reason: `session: ${reason}`, unit: 'ms', target: null };
      }
    }
  } finally {
    await session?.close();
  }
}

let chromium = 'unknown';

async function main(): Promise<void> {
  if (!args.includes('--no-build')) {
    log('building the production extension (npx wxt build)...');
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  await metric('content-script-gzip', 'bytes', 20_480, contentScriptGzip);
  await metric('panel-script-gzip', 'bytes', null, panelScriptGzip);
  await metric('mailbox-script-gzip', 'bytes', 10_240, mailboxScriptGzip);

  // The CRM's own render delay is not ours: every page metric uses demo latency 0.
  const demo = await startDemoServer({ latencyMs: 0 });
  try {
    await withSession(
      [
        'worker-cold-start',
        'import-250x40',
        'segment-eval-250x10',
        'simulate-10k',
        'run-now-10k',
        'panel-after-navigation',
        'action-round-trip',
        'worklist-first-render-10k',
        'worklist-filter-10k',
        'worklist-search-10k',
      ],
      { demo, extension: true },
      async (session) => {
        chromium = await session.browser.version();
        await metric('worker-cold-start', 'ms', 150, () => workerColdStart(session));
        await metric('import-250x40', 'ms', 1000, () => import250x40(session));
        await metric('segment-eval-250x10', 'ms', 2, () => segmentEvalAdded(session));
        await metricPair(['simulate-10k', 'run-now-10k'], ['ms', 'ms'], [200, 3000], () =>
          segmentsOver10k(session),
        );
        if (wanted('panel-after-navigation') || wanted('action-round-trip')) {
          const seeded = await seedPanel(session);
          await metric('panel-after-navigation', 'ms', 50, () =>
            panelAfterNavigation(session, seeded),
          );
          await metric('action-round-trip', 'ms', 20, () => actionRoundTrip(session, seeded));
        }
        const worklist = [
          'worklist-first-render-10k',
          'worklist-filter-10k',
          'worklist-search-10k',
        ];
        if (worklist.some(wanted)) {
          log('seeding 10,000 connections...');
          await seedWorklist(session);
          await metric('worklist-first-render-10k', 'ms', 300, () => worklistFirstRender(session));
          await metric('worklist-filter-10k', 'ms', 50, () => worklistFilter(session));
          await metric('worklist-search-10k', 'ms', null, () => worklistSearch(session));
        }
      },
    );

    if (wanted('host-long-tasks') || wanted('host-main-thread-ms')) {
      await metricPair(
        ['host-long-tasks', 'host-main-thread-ms'],
        ['count', 'ms'],
        [0, null],
        async () => {
          const withExt = await startBench({ demo, extension: true });
          try {
            await seedPanel(withExt);
            const without = await startBench({ demo, extension: false });
            try {
              const { longTasks, mainThread } = await hostCost(withExt, without);
              return [longTasks, mainThread];
            } finally {
              await without.close();
            }
          } finally {
            await withExt.close();
          }
        },
      );
    }

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
      if (chromium === 'unknown') chromium = await session.browser.version();
      const sequence = await seedDesigner(session);
      await metricPair(
        ['designer-open-200', 'designer-open-200-checked'],
        ['ms', 'ms'],
        [200, null],
        () => designerOpen(session, sequence),
      );
      await metricPair(['designer-edit', 'designer-edit-checked'], ['ms', 'ms'], [16, null], () =>
        designerEdit(session, sequence),
      );
      await metricPair(
        ['designer-js-heap', 'designer-tab-memory'],
        ['bytes', 'bytes'],
        [null, 60 * 1024 * 1024],
        () => designerMemory(session, sequence),
      );
    });
    // The proof-of-record wait races the CRM's own render: the skins' own latency here, and a
    // fresh profile so every record is seen for the first time.
    const capture = ['capture-wait-dynamics', 'capture-wait-salesforce', 'capture-wait-suitecrm'];
    if (capture.some(wanted)) {
      const lateDemo = await startDemoServer();
      try {
        await withSession(capture, { demo: lateDemo, extension: true }, async (session) => {
          await metric('capture-wait-dynamics', 'ms', null, () => captureWait(session, 'dynamics'));
          await metric('capture-wait-salesforce', 'ms', null, () =>
            captureWait(session, 'salesforce'),
          );
          await metric('capture-wait-suitecrm', 'ms', null, async () => {
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
        await metric('mailbox-read-100-gmail', 'ms', 5, () => mailboxRead100Gmail(session));
        await metric('mailbox-read-100-outlook', 'ms', 5, () => mailboxRead100Outlook(session));
      },
    );

    // A fresh profile, so earlier metrics' data does not count.
    await withSession(['db-size-1y'], { demo, extension: true }, async (session) => {
      if (chromium === 'unknown') chromium = await session.browser.version();
      await metric('db-size-1y', 'bytes', 52_428_800, () => dbSizeYear(session));
    });
  } finally {
    await demo.close();
  }
}

function report(): boolean {
  const fmt = (value: number, unit: Unit) =>
    unit === 'bytes'
      ? value >= 1_048_576
        ? `${(value / 1_048_576).toFixed(1)} MB`
        : `${(value / 1024).toFixed(1)} KB`
      : unit === 'ms'
        ? `${value.toFixed(1)} ms`
        : String(value);
  const rows = Object.entries(results).map(([name, outcome]) => {
    const pass = passes(outcome);
    const target = outcome.target === null ? '—' : `≤ ${fmt(outcome.target, outcome.unit)}`;
    if ('failed' in outcome) {
      return [name, 'FAILED', '', target, '', `FAIL: ${outcome.reason}`];
    }
    return [
      name,
      fmt(outcome.median, outcome.unit),
      fmt(outcome.p95, outcome.unit),
      target,
      String(outcome.runs),
      pass === null ? 'info' : pass ? 'pass' : 'MISS',
    ];
  });
  const header = ['metric', 'median', 'p95', 'target', 'runs', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));

  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory: os.totalmem(),
    node: process.version,
    chromium,
    date: new Date().toISOString(),
  };
  const file = resolve(import.meta.dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify({ ...results, _machine: machine }, null, 2)}\n`);
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, ${(machine.memory / 2 ** 30).toFixed(1)} GB, Node ${machine.node}, ${chromium}`,
  );
  console.log(`wrote ${file}`);
  return Object.values(results).every((outcome) => passes(outcome) !== false);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 2;
}
const ok = report();
if (check && !ok) process.exitCode = 1;
