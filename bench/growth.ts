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
 *   step: it must stay flat in n.
 *
 * The exponent of each curve is the slope of a least-squares line through (log n, log median).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DemoServer } from '../demo/server';
import { killServiceWorker } from '../tests/e2e/support/extension';
import { growthStores } from './dataset';
import { call, startBench, writeStores, type BenchSession } from './session';
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
const leadName = (size: number) => (index: number) =>
  `Bench Lead ${String((index * 7919 + 13) % size).padStart(6, '0')}`;

async function actionOnOneRecord(session: BenchSession, size: number): Promise<MetricResult> {
  let at = 0;
  const samples = await repeat(10, 3, async () => {
    const n = (at++ * 104_729 + 7) % size;
    const guid = `bbbbbbbb-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const record = { crm: 'dynamics365', entity: 'lead', id: guid } as const;
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
    return timedCall(session, 'actOnConnections', { items: [{ record, action }] });
  });
  return summarize(
    samples,
    'ms',
    `actOnConnections completing one record's current step (a different lead each run), timed around the message; ${String(size)} connections`,
  );
}

export async function growth(
  demo: DemoServer,
  sizes: readonly number[],
  record: Record,
  log: (text: string) => void,
): Promise<void> {
  for (const size of sizes) {
    const started = performance.now();
    let session: BenchSession | undefined;
    try {
      session = await startBench({ demo, extension: true });
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
      await record(`growth-worklist-first-render-${size}`, () => worklistFirstRender(seeded, runs));
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
      await record(`growth-action-round-trip-${size}`, () => actionOnOneRecord(seeded, size));
    } finally {
      await seeded.close();
      log(
        `growth at ${size.toLocaleString('en')}: ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
}
