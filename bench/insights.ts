/**
 * Insights (issue #18.7) with 10,000 connections and a year of events: the console's stats
 * table and one sequence's insights (flow chart, step table, weekly chart), each when the page
 * is clicked open in the console, when the period changes to the last 365 days, and (for
 * information) when the page is loaded from scratch; and what the daily roll-ups add to a seller's
 * action.
 *
 * Seeding: a simulated year (bench/dataset.ts `simulateYear`, the app's own engine and store
 * code) of 5,000 leads going through two of ten 10-step sequences one after another, written as
 * they are into the extension's IndexedDB (too large for one `restoreData` message, like
 * db-size-1y). The roll-ups are then rebuilt by the background from the stored histories, as
 * after a restore, and the rows are measured once they are built.
 */
import type { Page } from 'puppeteer-core';

import { FOLLOW_UP_DELAY_MS } from '../entrypoints/background/follow-ups';
import { killServiceWorker } from '../tests/e2e/support/extension';
import { timedMessage } from './background';
import { simulateYear, taskPack } from './dataset';
import { call, sleep, writeStores, type BenchSession } from './session';
import { repeat, summarize, withTimeout, type MetricResult } from './stats';

const YEAR = { sequences: 10, stepsPerSequence: 10, records: 5000, sequencesPerRecord: 2 };

export interface InsightsSeed {
  /** Connections stored. */
  connections: number;
  /** The sequence with the most connections (its insights are measured). */
  busiest: { id: string; connections: number };
  /** How the seed was made, for the rows' notes. */
  note: string;
}

/** In the page: a store's rows, or the result of `fn` over one IndexedDB transaction. */
const idb = <T>(page: Page, body: string): Promise<T> =>
  page.evaluate(
    `new Promise((done, failed) => {
      const open = indexedDB.open('upnext');
      open.onerror = () => failed(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const run = ${body};
        Promise.resolve(run(db)).then((value) => { db.close(); done(value); }, (error) => { db.close(); failed(error); });
      };
    })`,
  ) as Promise<T>;

/** Seeds the year and waits until the background has rebuilt the roll-ups from it. */
export async function seedInsights(session: BenchSession): Promise<InsightsSeed> {
  const page = session.control!;
  const generatedAt = performance.now();
  const { backup, commands } = await simulateYear({ ...YEAR, now: Date.now() });
  const generateS = (performance.now() - generatedAt) / 1000;
  await call(page, 'resetData', { confirm: 'reset' });
  // resetData starts a roll-up rebuild over the empty store; let it finish before writing.
  await waitBuilt(page);
  const { counts } = await writeStores(page, backup.stores);
  // The documents were written behind the background's back: forget the (empty) roll-ups and
  // restart the worker, which rebuilds them from the stored histories at start-up.
  await idb(
    page,
    `(db) => new Promise((done, failed) => {
      const tx = db.transaction(['rollups', 'flowRollups', 'rollupDeltas', 'settings'], 'readwrite');
      tx.objectStore('rollups').clear();
      tx.objectStore('flowRollups').clear();
      tx.objectStore('rollupDeltas').clear();
      tx.objectStore('settings').delete('rollupBuild');
      tx.oncomplete = () => done(null);
      tx.onerror = () => failed(tx.error);
    })`,
  );
  await withTimeout(killServiceWorker(session.browser), 15_000, 'stopping the worker');
  const rebuiltAt = performance.now();
  await waitBuilt(page);
  const rebuildS = (performance.now() - rebuiltAt) / 1000;

  const connections = backup.stores['connections'] as { sequenceId: string }[];
  const per = new Map<string, number>();
  for (const row of connections) per.set(row.sequenceId, (per.get(row.sequenceId) ?? 0) + 1);
  const [id, count] = [...per].sort((a, b) => b[1] - a[1])[0]!;
  const [rollups, flowRollups] = await Promise.all(
    ['rollups', 'flowRollups'].map((store) =>
      idb<number>(
        page,
        `(db) => new Promise((done) => { const r = db.transaction('${store}').objectStore('${store}').count(); r.onsuccess = () => done(r.result); })`,
      ),
    ),
  );
  return {
    connections: connections.length,
    busiest: { id, connections: count },
    note: `${connections.length} connections (${YEAR.records} leads × ${YEAR.sequencesPerRecord} of ${YEAR.sequences} sequences of ${YEAR.stepsPerSequence} steps, ${commands} engine commands over a simulated year, generated in ${generateS.toFixed(0)} s); stored ${counts.join(', ')}; ${rollups} daily roll-up rows and ${flowRollups} flow roll-up rows rebuilt by the background in ${rebuildS.toFixed(1)} s`,
  };
}

/** Asks for insights until the roll-ups are built (the reply's `build` is null). */
/** Polls until the background's insight roll-ups are built (a restore or a worker start rebuilds them). */
export async function waitBuilt(page: Page): Promise<void> {
  const started = Date.now();
  for (;;) {
    const reply = await call<{ build: unknown }>(page, 'getInsights', { window: { days: 30 } });
    if (reply.build === null) return;
    if (Date.now() - started > 300_000) throw new Error('the roll-ups were not rebuilt in 5 min');
    await sleep(250);
  }
}

/**
 * Installed before each navigation: records `performance.now()` (ms since navigation start) when
 * `ready()` first holds.
 */
const FIRST_PROBE = (ready: string) => `
  window.__benchReady = null;
  const observer = new MutationObserver(() => {
    if ((${ready})()) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-drawn'] });
`;

/** The stats table shows a row per sequence with its figures. */
const TABLE_READY = `() => document.querySelectorAll('tr[data-sequence]:not([data-version])').length >= ${YEAR.sequences}`;
/**
 * One sequence's insights: the flow chart drawn, its accessible table and the step table filled,
 * and the weekly chart's canvas drawn with the weeks its table lists (`data-drawn`, set by
 * uPlot's draw hook, matches `data-weeks`, what the chart is rendered to show).
 */
const SEQUENCE_READY = `() => {
  const chart = document.querySelector('.weekly-chart');
  return !!document.querySelector('svg.flow-chart .flow-chart__node')
    && document.querySelectorAll('.flow-table tbody tr').length > 0
    && document.querySelectorAll('.step-insights tbody tr').length >= ${YEAR.stepsPerSequence}
    && document.querySelectorAll('.weekly-table tbody tr').length > 0
    && chart !== null && chart.dataset.weeks !== undefined && chart.dataset.drawn === chart.dataset.weeks;
}`;

/**
 * An expression true when the predicate `fn` (an arrow function's source) holds. `waitForFunction`
 * evaluates a string as an expression: given the function itself it would be done at once, the
 * function being truthy.
 */
const holds = (fn: string): string => `(${fn})()`;

async function timeOpen(
  session: BenchSession,
  hash: string,
  ready: string,
  runs: number,
): Promise<number[]> {
  const page = await session.browser.newPage();
  try {
    await page.evaluateOnNewDocument(FIRST_PROBE(ready));
    const url = `chrome-extension://${session.extensionId!}/options.html${hash}`;
    return await repeat(runs, 2, async () => {
      // A different page first, so each run is a full load of the console.
      await page.goto('about:blank');
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(
        () => (window as unknown as { __benchReady: number | null }).__benchReady !== null,
        { timeout: 30_000, polling: 20 },
      );
      return page.evaluate(() => (window as unknown as { __benchReady: number }).__benchReady);
    });
  } finally {
    await page.close();
  }
}

/** In the page: click `selector`; resolve with ms until `ready()` holds. */
const TIMED_CLICK = (selector: string, ready: string) => `
  new Promise((resolve, reject) => {
    const ready = ${ready};
    const target = document.querySelector(${JSON.stringify(selector)});
    if (!target) { reject(new Error('nothing to click at ${selector.replaceAll("'", '')}')); return; }
    if (ready()) { reject(new Error('ready before the click')); return; }
    let finished = false;
    const t0 = performance.now();
    const finish = () => {
      if (finished || !ready()) return;
      finished = true;
      observer.disconnect();
      resolve(performance.now() - t0);
    };
    const observer = new MutationObserver(finish);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-drawn'] });
    setTimeout(() => { if (!finished) { finished = true; observer.disconnect(); reject(new Error('timeout')); } }, 20000);
    target.click();
  })`;

/**
 * A manager's click in a freshly opened console (so nothing is shown from before): open `hash`,
 * wait until `loaded`, click `selector`, time until `ready`.
 */
async function timeClick(
  session: BenchSession,
  hash: string,
  loaded: string,
  selector: string,
  ready: string,
  runs: number,
): Promise<number[]> {
  const page = await session.browser.newPage();
  try {
    const url = `chrome-extension://${session.extensionId!}/options.html${hash}`;
    return await repeat(runs, 2, async () => {
      await page.goto('about:blank');
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(holds(loaded), { timeout: 30_000, polling: 50 });
      await sleep(300);
      return (await page.evaluate(TIMED_CLICK(selector, ready))) as number;
    });
  } finally {
    await page.close();
  }
}

/**
 * In the page: choose `value` in the Period select; resolve with ms until `signature()` differs
 * from before and `ready()` holds.
 */
const TIMED_PERIOD = (value: string, ready: string, signature: string) => `
  new Promise((resolve, reject) => {
    const ready = ${ready};
    const signature = ${signature};
    const before = signature();
    const select = document.querySelector('select[id$="-window"]');
    if (!select) { reject(new Error('no Period select in ' + location.hash + ': ' + document.body.innerText.slice(0, 120))); return; }
    let finished = false;
    const t0 = performance.now();
    const finish = () => {
      if (finished || signature() === before || !ready()) return;
      finished = true;
      observer.disconnect();
      resolve(performance.now() - t0);
    };
    const observer = new MutationObserver(finish);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-drawn'] });
    setTimeout(() => { if (!finished) { finished = true; observer.disconnect(); reject(new Error('timeout')); } }, 20000);
    select.value = ${JSON.stringify(value)};
    select.dispatchEvent(new Event('change', { bubbles: true }));
  })`;

async function timePeriod(
  session: BenchSession,
  hash: string,
  ready: string,
  signature: string,
  runs: number,
): Promise<number[]> {
  const page = await session.browser.newPage();
  try {
    await page.goto(`chrome-extension://${session.extensionId!}/options.html${hash}`);
    await page.waitForFunction(holds(ready), { timeout: 30_000, polling: 50 });
    let index = 0;
    return await repeat(runs, 2, async () => {
      // Last 365 days ⇄ last 180 days: every other run is the year.
      const value = index++ % 2 === 0 ? '365' : '180';
      const ms = (await page.evaluate(TIMED_PERIOD(value, ready, signature))) as number;
      await sleep(150);
      return ms;
    });
  } finally {
    await page.close();
  }
}

const TABLE_SIGNATURE = `() => [...document.querySelectorAll('tr[data-sequence]')].map((r) => r.textContent).join('|')`;
const SEQUENCE_SIGNATURE = `() => (document.querySelector('.section__header')?.textContent ?? '') + [...document.querySelectorAll('.step-insights tbody tr, .flow-table tbody tr, .weekly-table tbody tr')].map((r) => r.textContent).join('|') + (document.querySelector('.weekly-chart')?.dataset.drawn ?? '')`;

/** The console's Sequences section has listed its sequences. */
const SEQUENCES_LOADED = `() => !!document.querySelector('a[href="#insights"]') && document.querySelectorAll('main tbody tr').length > 0`;

export interface InsightsRows {
  /** A click in the console → rendered (the target). */
  click: MetricResult;
  /** Last 365 ⇄ 180 days in the Period select → re-rendered (the target). */
  year: MetricResult;
  /** Navigation start of the page → rendered: the console's own start-up included (information). */
  cold: MetricResult;
}

export async function insightsTable(
  session: BenchSession,
  seed: InsightsSeed,
  runs = 10,
): Promise<InsightsRows> {
  const click = await timeClick(
    session,
    '#sequences',
    SEQUENCES_LOADED,
    'a[href="#insights"]',
    TABLE_READY,
    runs,
  );
  const year = await timePeriod(session, '#insights', TABLE_READY, TABLE_SIGNATURE, runs);
  const cold = await timeOpen(session, '#insights', TABLE_READY, runs);
  return {
    click: summarize(
      click,
      'ms',
      `in a freshly opened console, click Insights in the menu → the stats table's ${YEAR.sequences} sequence rows rendered (last 30 days, the default); ${seed.note}`,
    ),
    year: summarize(
      year,
      'ms',
      `Period select → the stats table re-rendered with the new period's figures, alternating the last 365 and 180 days (the 365-day runs are every other sample); ${seed.note}`,
    ),
    cold: summarize(
      cold,
      'ms',
      `navigation start of options.html#insights → the stats table's rows rendered: includes loading and starting the whole console; ${seed.note}`,
    ),
  };
}

export async function insightsSequence(
  session: BenchSession,
  seed: InsightsSeed,
  runs = 10,
): Promise<InsightsRows> {
  const hash = `#insights/${encodeURIComponent(seed.busiest.id)}`;
  const click = await timeClick(
    session,
    '#insights',
    TABLE_READY,
    `a[href="${hash}"]`,
    SEQUENCE_READY,
    runs,
  );
  const year = await timePeriod(session, hash, SEQUENCE_READY, SEQUENCE_SIGNATURE, runs);
  const cold = await timeOpen(session, hash, SEQUENCE_READY, runs);
  const what = `the busiest sequence (${seed.busiest.connections} connections)`;
  return {
    click: summarize(
      click,
      'ms',
      `in a freshly opened Insights table, click ${what} → its flow chart, the flow's table, the step table and the weekly chart drawn (last 90 days, the default); ${seed.note}`,
    ),
    year: summarize(
      year,
      'ms',
      `Period select → flow chart, flow table, step table and weekly chart drawn again for ${what}, alternating the last 365 and 180 days; ${seed.note}`,
    ),
    cold: summarize(
      cold,
      'ms',
      `navigation start of options.html${hash} → flow chart, flow table, step table and weekly chart drawn: includes loading and starting the whole console; ${seed.note}`,
    ),
  };
}

interface Target {
  record: unknown;
  connectionId: string;
  stepId: string;
  revision: number;
}

/**
 * What the roll-ups add to an action (issue #18.7: ≤ 1 ms). The same seller action (Complete on a
 * 40-task sequence, on records with a year of history) is timed from an extension page around
 * `sendMessage`, alternately with the roll-ups live and with their write switched off (the
 * `rollupBuild` setting says "building, no record done yet", so `runRecordCommand` skips the
 * roll-up write exactly as it does for a record a rebuild has not reached). Each sample is one
 * pair's difference (with − without), so drift in the machine's load cancels out. Each run checks
 * that the roll-ups counted exactly the actions made with them live.
 */
export async function rollupCost(
  session: BenchSession,
  pairs = 50,
): Promise<{ cost: MetricResult; with: MetricResult; without: MetricResult }> {
  const page = session.control!;
  await call(page, 'importPack', { text: taskPack(40) });
  await call(page, 'setSequenceState', { ids: ['bench-tasks'], state: 'active' });
  // Leads from the simulated year (each with its history), connected to "Bench tasks".
  const records = await idb<{ ref: unknown; key: string }[]>(
    page,
    `(db) => new Promise((done) => {
      const r = db.transaction('records').objectStore('records').getAll(null, 5);
      r.onsuccess = () => done(r.result.map((doc) => ({ ref: doc.ref, key: doc.key })));
    })`,
  );
  if (records.length < 5) throw new Error('the simulated year stored fewer than 5 records');
  for (const record of records)
    await call(page, 'actOnRecord', {
      record: record.ref,
      action: { type: 'connect', sequenceId: 'bench-tasks' },
    });
  const setBuild = (live: boolean) =>
    idb(
      page,
      `(db) => new Promise((done, failed) => {
        const tx = db.transaction('settings', 'readwrite');
        tx.objectStore('settings').put({ key: 'rollupBuild', value: ${JSON.stringify(
          live
            ? { state: 'built', builtAt: Date.now() }
            : { state: 'building', after: null, done: 0, total: 1 },
        )} });
        tx.oncomplete = () => done(null);
        tx.onerror = () => failed(tx.error);
      })`,
    );
  // Steps completed in the sequence's daily rows plus the deltas not folded into them yet
  // (lib/store/rollups.ts), read in one transaction: what the insights show.
  const completedToday = () =>
    idb<number>(
      page,
      `(db) => new Promise((done) => {
        const tx = db.transaction(['rollups', 'rollupDeltas']);
        const rows = tx.objectStore('rollups').index('bySequence').getAll('bench-tasks');
        const deltas = tx.objectStore('rollupDeltas').getAll();
        tx.oncomplete = () => done(
          rows.result.reduce((n, row) => n + row.stepsCompleted, 0) +
          deltas.result.flatMap((doc) => doc.day)
            .filter((delta) => delta.sequenceId === 'bench-tasks')
            .reduce((n, delta) => n + (delta.add.stepsCompleted ?? 0), 0),
        );
      })`,
    );
  const target = async (): Promise<Target> => {
    for (const record of records) {
      const row = await idb<{ id: string; stepId: string | null; revision: number } | undefined>(
        page,
        `(db) => new Promise((done) => {
          const r = db.transaction('connections').objectStore('connections').index('byRecord').getAll(${JSON.stringify(record.key)});
          r.onsuccess = () => done(r.result.find((c) => c.sequenceId === 'bench-tasks' && c.status === 'active' && c.stepId !== null));
        })`,
      );
      if (row?.stepId != null)
        return {
          record: record.ref,
          connectionId: row.id,
          stepId: row.stepId,
          revision: row.revision,
        };
    }
    throw new Error('every Bench tasks connection is finished: fewer pairs, or more records');
  };
  const act = async (live: boolean): Promise<number> => {
    await setBuild(live);
    const { record, ...step } = await target();
    const { ms, reply } = await timedMessage(page, 'actOnRecord', {
      record,
      action: { type: 'complete', ...step },
    });
    const outcome = (reply.data as { outcome?: string } | undefined)?.outcome;
    if (!reply.ok || outcome !== 'applied')
      throw new Error(`Complete failed: ${JSON.stringify(reply).slice(0, 300)}`);
    // The worker's follow-ups of this action (badge, alarm, broadcasts) start FOLLOW_UP_DELAY_MS
    // after it: they are let run here, so they fall into neither action of the next pair.
    await sleep(FOLLOW_UP_DELAY_MS + 20);
    return ms;
  };

  const withRollups: number[] = [];
  const without: number[] = [];
  let liveActions = 0;
  const before = await completedToday();
  const differences = await repeat(pairs, 3, async (index) => {
    // Alternate which goes first, so neither always follows the other.
    const first = index % 2 === 0;
    const a = await act(first);
    const b = await act(!first);
    liveActions += 1;
    const [live, off] = first ? [a, b] : [b, a];
    if (index >= 0) {
      withRollups.push(live);
      without.push(off);
    }
    return live - off;
  });
  await setBuild(true);
  const counted = (await completedToday()) - before;
  if (counted !== liveActions)
    throw new Error(
      `the roll-ups counted ${counted} completions, but ${liveActions} were made with them live`,
    );
  const how = `actOnRecord Complete on a 40-task sequence, timed in options.html around sendMessage, on leads with a year of history (${records.length} leads)`;
  return {
    cost: summarize(
      differences,
      'ms',
      `per pair: (action with the roll-up write) − (the same action without it), ${pairs} alternating pairs, 3 warm-up pairs excluded; ${how}; the roll-ups counted exactly the ${liveActions} live completions`,
    ),
    with: summarize(withRollups, 'ms', `${how}, roll-ups live`),
    without: summarize(without, 'ms', `${how}, roll-up write switched off`),
  };
}
