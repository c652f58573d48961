/**
 * Growth curves (issue #22): the same work at several numbers of connections (`--sizes`,
 * default 1,000, 10,000 and 100,000), each size in a fresh browser with only that data.
 *
 * - the work list: first render, a filter change, a search (bench/worklist.ts);
 * - the badge recount: `getDueCount`, which counts what is due the way the badge does
 *   (`dueCount` in lib/store), timed around the message from an extension page;
 * - a backup: the console's "Download a backup" (the page builds the file from paged reads of
 *   the database, lib/store/backup-reader.ts), click → the file completely written to disk;
 * - one seller action on one record, `actOnConnections` completing that record's current
 *   step, and the panel's read of one record, `getRecordView`: both must stay flat in n;
 * - the platform's own cost in that same database (`growth-probe-idb-transaction`): one
 *   read-write transaction reading and writing back one record of the `records` store, so the
 *   action's ratio to it at each size tells our part's growth from IndexedDB's own in a bigger
 *   database.
 *
 * The exponent of each curve is the slope of a least-squares line through (log n, log median).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DemoServer } from '../demo/server';
import { FOLLOW_UP_DELAY_MS } from '../entrypoints/background/follow-ups';
import { recordKey } from '../lib/domain/record-ref';
import { DB_NAME } from '../lib/store/db';
import { killServiceWorker } from '../tests/e2e/support/extension';
import { growthStores } from './dataset';
import { call, sleep, startBench, writeStores, type BenchSession } from './session';
import { repeat, summarize, type MetricResult } from './stats';
import { waitBuilt } from './insights';
import { worklistFilter, worklistFirstRender, worklistSearch } from './worklist';

export const DEFAULT_SIZES = [1_000, 10_000, 100_000];

type Record = (name: string, run: () => Promise<MetricResult>) => Promise<void>;

/** The growth rows, each recorded as `<family>-<size>`. */
const FAMILIES = [
  'growth-worklist-first-render',
  'growth-worklist-filter',
  'growth-worklist-search',
  'growth-badge-recount',
  'growth-backup',
  'growth-action-round-trip',
  'growth-panel-read',
  'growth-probe-idb-transaction',
] as const;

async function timedCall(session: BenchSession, type: string, payload: unknown): Promise<number> {
  return session.control!.evaluate(
    async (message) => {
      const t0 = performance.now();
      const reply = (await chrome.runtime.sendMessage(message)) as {
        ok?: boolean;
        error?: unknown;
      };
      if (reply?.ok !== true)
        throw new Error(`${message.type}: ${JSON.stringify(reply).slice(0, 200)}`);
      return performance.now() - t0;
    },
    { upnext: 1, type, payload },
  );
}

/** Seeds `size` connected leads into a fresh profile, then restarts the worker so it reads them. */
async function seed(session: BenchSession, size: number): Promise<void> {
  const stores = await growthStores(size, Date.now());
  await call(session.control!, 'resetData', { confirm: 'reset' });
  await writeStores(session.control!, stores);
  await killServiceWorker(session.browser);
  // A stopped worker starts again on the next message.
  await call(session.control!, 'ping', {});
  // The started worker rebuilds the insight roll-ups from the seeded histories: every row is
  // timed after that, not queued behind it.
  await waitBuilt(session.control!);
}

/**
 * The console's backup, as a manager makes it: click "Download a backup" on the Data section,
 * until Chromium reports the file completely written. The first run's file is read back and
 * checked (valid JSON, every seeded record in it).
 */
async function backupDownload(
  session: BenchSession,
  size: number,
  runs: number,
): Promise<MetricResult> {
  const page = session.control!;
  const folder = await mkdtemp(join(tmpdir(), 'upnext-bench-backup-'));
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Browser.setDownloadBehavior', {
      behavior: 'allowAndName',
      downloadPath: folder,
      eventsEnabled: true,
    });
    await page.evaluate(() => {
      location.hash = '#data';
    });
    let checked = false;
    let bytes = 0;
    const samples = await repeat(runs, 1, async () => {
      const done = new Promise<string>((resolve, reject) => {
        const listener = (event: { guid: string; state: string }) => {
          if (event.state === 'inProgress') return;
          cdp.off('Browser.downloadProgress', listener);
          if (event.state === 'completed') resolve(event.guid);
          else reject(new Error(`the backup download ended ${event.state}`));
        };
        cdp.on('Browser.downloadProgress', listener);
      });
      const button = await page.waitForSelector(
        'xpath/.//button[normalize-space()="Download a backup"]',
      );
      const t0 = performance.now();
      await button!.click();
      const guid = await done;
      const elapsed = performance.now() - t0;
      await page.waitForSelector('xpath/.//p[starts-with(normalize-space(), "Backup saved as")]');
      const file = join(folder, guid);
      if (!checked) {
        const backup = JSON.parse(await readFile(file, 'utf8')) as {
          stores: { records: unknown[] };
        };
        if (backup.stores.records.length !== size)
          throw new Error(
            `the backup holds ${String(backup.stores.records.length)} records, not ${String(size)}`,
          );
        checked = true;
      }
      bytes = (await stat(file)).size;
      await rm(file);
      return elapsed;
    });
    return summarize(
      samples,
      'ms',
      `the console's "Download a backup" (built in the page from paged reads) → file written (${(bytes / 2 ** 20).toFixed(0)} MiB); ${String(size)} connections`,
    );
  } finally {
    await cdp.detach();
    await rm(folder, { recursive: true, force: true });
  }
}
/** The record of the `n`th seeded lead (bench/dataset.ts `growthStores`). */
function leadRecord(n: number) {
  const guid = `bbbbbbbb-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  return { crm: 'dynamics365', entity: 'lead', id: guid } as const;
}

/** A different seeded lead each run, spread over the whole set. */
function leadPicker(size: number): () => number {
  let at = 0;
  return () => (at++ * 104_729 + 7) % size;
}

const leadName = (size: number) => (index: number) =>
  `Bench Lead ${String((index * 7919 + 13) % size).padStart(6, '0')}`;

async function actionOnOneRecord(session: BenchSession, size: number): Promise<MetricResult> {
  const next = leadPicker(size);
  const samples = await repeat(10, 3, async () => {
    const n = next();
    const record = leadRecord(n);
    const { view } = await call<{
      view: {
        active: { connectionId: string; revision: number; current: { stepId: string } | null }[];
      } | null;
    }>(session.control!, 'getRecordView', { record });
    const connection = view?.active.find((item) => item.current !== null);
    if (!connection?.current) throw new Error(`lead ${String(n)} has no current step`);
    const action = {
      type: 'complete',
      connectionId: connection.connectionId,
      stepId: connection.current.stepId,
      revision: connection.revision,
    };
    const ms = await timedCall(session, 'actOnConnections', { items: [{ record, action }] });
    // This action's follow-ups (badge, alarm, broadcasts) start FOLLOW_UP_DELAY_MS after it:
    // let them run, so they do not fall into the next timed action.
    await sleep(FOLLOW_UP_DELAY_MS + 20);
    return ms;
  });
  return summarize(
    samples,
    'ms',
    `actOnConnections completing one record's current step (a different lead each run), timed around the message; ${String(size)} connections`,
  );
}

/**
 * The panel's read of one record (what it asks for on every record page and navigation),
 * `getRecordView` timed around the message like the action, a different lead each run; the
 * reply must carry the record's view.
 */
async function panelReadOfOneRecord(session: BenchSession, size: number): Promise<MetricResult> {
  const next = leadPicker(size);
  const samples = await repeat(10, 3, () =>
    session.control!.evaluate(
      async (message) => {
        const t0 = performance.now();
        const reply = (await chrome.runtime.sendMessage(message)) as {
          ok?: boolean;
          data?: { view?: { active?: unknown[] } | null };
        };
        const ms = performance.now() - t0;
        if (reply?.ok !== true || !reply.data?.view?.active?.length)
          throw new Error(
            `getRecordView: no view with a connection for ${message.payload.record.id}`,
          );
        return ms;
      },
      { upnext: 1, type: 'getRecordView', payload: { record: leadRecord(next()) } },
    ),
  );
  return summarize(
    samples,
    'ms',
    `getRecordView of one record (a different lead each run), timed around the message from an extension page; ${String(size)} connections`,
  );
}

/**
 * The limit probe at this size: one IndexedDB read-write transaction in Upnext's own database
 * (opened by an extension page of the same origin as the worker), reading one seeded record of
 * the `records` store and writing it back unchanged, a different record each run; timed in the
 * page from the transaction's start to its `complete`.
 */
async function idbProbe(session: BenchSession, size: number): Promise<MetricResult> {
  const page = session.control!;
  await page.evaluate(async (name) => {
    const scope = globalThis as unknown as { probeDb?: IDBDatabase };
    scope.probeDb = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
  }, DB_NAME);
  try {
    const next = leadPicker(size);
    const samples = await repeat(30, 5, () =>
      page.evaluate(
        async (key) => {
          const db = (globalThis as unknown as { probeDb: IDBDatabase }).probeDb;
          const t0 = performance.now();
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction('records', 'readwrite');
            const records = tx.objectStore('records');
            const read = records.get(key);
            read.onsuccess = () => {
              if (read.result === undefined) {
                tx.abort();
                reject(new Error(`no stored record ${key}`));
                return;
              }
              records.put(read.result);
            };
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
          });
          return performance.now() - t0;
        },
        recordKey(leadRecord(next())),
      ),
    );
    return summarize(
      samples,
      'ms',
      `one read-write transaction in Upnext's database: read one seeded record of \`records\` and write it back (a different record each run), timed in an extension page; 5 warm-ups excluded; ${String(size)} connections`,
    );
  } finally {
    await page.evaluate(() => {
      const scope = globalThis as unknown as { probeDb?: IDBDatabase };
      scope.probeDb?.close();
      delete scope.probeDb;
    });
  }
}

export async function growth(
  demo: DemoServer,
  sizes: readonly number[],
  record: Record,
  log: (text: string) => void,
  /** Told each browser's version, so a run of growth rows only still names its browser. */
  onBrowser: (version: string) => void = () => undefined,
): Promise<void> {
  for (const size of sizes) {
    const started = performance.now();
    let session: BenchSession | undefined;
    try {
      session = await startBench({ demo, extension: true });
      onBrowser(await session.browser.version());
      log(`growth: seeding ${size.toLocaleString('en')} connections...`);
      await seed(session, size);
    } catch (error) {
      await session?.close();
      // Nothing measured at this size: every row of it fails, with the reason.
      for (const family of FAMILIES) {
        await record(`${family}-${size}`, () =>
          Promise.reject(error instanceof Error ? error : new Error(String(error))),
        );
      }
      continue;
    }
    const seeded = session;
    try {
      log(`growth: seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const runs = size >= 100_000 ? 3 : 5;
      // Back to back, as this row was always measured: its curve stays comparable.
      await record(`growth-worklist-first-render-${size}`, () =>
        worklistFirstRender(seeded, runs, 'back-to-back'),
      );
      await record(`growth-worklist-filter-${size}`, () => worklistFilter(seeded, runs));
      await record(`growth-worklist-search-${size}`, () =>
        worklistSearch(seeded, runs, leadName(size)),
      );
      await record(`growth-badge-recount-${size}`, async () =>
        summarize(
          await repeat(runs, 1, () => timedCall(seeded, 'getDueCount', {})),
          'ms',
          `getDueCount (the badge's count of due steps: the kept count plus the steps due since the last count; the full count after a worker start is the warm-up) around the message; ${String(size)} connections`,
        ),
      );
      await record(`growth-backup-${size}`, () => backupDownload(seeded, size, Math.min(runs, 3)));
      await record(`growth-probe-idb-transaction-${size}`, () => idbProbe(seeded, size));
      await record(`growth-panel-read-${size}`, () => panelReadOfOneRecord(seeded, size));
      await record(`growth-action-round-trip-${size}`, () => actionOnOneRecord(seeded, size));
    } finally {
      await seeded.close();
      log(
        `growth at ${size.toLocaleString('en')}: ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
}
