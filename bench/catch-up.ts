/**
 * worker-catch-up-10k: the service worker's catch-up (`processDue`, entrypoints/background/
 * scheduler.ts) over the 10,000 seeded connections of the work list rows, most of them due: from
 * a worker start to the badge and the alarm set.
 *
 * Each sample writes the seeded documents into the extension's database from an extension page
 * (as db-size-1y does: no background message, so nothing starts the catch-up early), clears the
 * wake alarm, stops the worker and starts it with a `ping`: every start runs the catch-up after
 * its first answer. The end is the worker's own measure of the catch-up (User Timing in the
 * worker, read over CDP); a build without it is timed by polling for the `lastDueCheckAt` the
 * catch-up writes at its end (to 250 ms).
 */
import type { Page } from 'puppeteer-core';

import { killServiceWorker, serviceWorker } from '../tests/e2e/support/extension';
import { connectedRecordsBackup } from './dataset';
import { call, sleep, writeStores, type BenchSession } from './session';
import { median, repeat, summarize, withTimeout, type MetricResult } from './stats';

/** The worker's User Timing names (entrypoints/background/scheduler.ts `CATCH_UP_MARKS`). */
const WHOLE = 'upnext:catch-up';
const BATCH = 'upnext:catch-up-batch';

/** In the page: the `lastDueCheckAt` setting, or null. */
async function lastDueCheckAt(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((done, failed) => {
        const open = indexedDB.open('upnext');
        open.onerror = () => failed(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('settings').objectStore('settings').get('lastDueCheckAt');
          request.onsuccess = () => {
            db.close();
            const value = (request.result as { value?: unknown } | undefined)?.value;
            done(typeof value === 'number' ? value : null);
          };
          request.onerror = () => failed(request.error ?? new Error('get failed'));
        };
      }),
  );
}

/** In the page: how many records are still due at `at` (the `byWakeAt` index). */
async function dueLeft(page: Page, at: number): Promise<number> {
  return page.evaluate(
    (upTo) =>
      new Promise<number>((done, failed) => {
        const open = indexedDB.open('upnext');
        open.onerror = () => failed(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db
            .transaction('records')
            .objectStore('records')
            .index('byWakeAt')
            .count(IDBKeyRange.upperBound(upTo));
          request.onsuccess = () => {
            db.close();
            done(request.result);
          };
          request.onerror = () => failed(request.error ?? new Error('count failed'));
        };
      }),
    at,
  );
}

interface Sample {
  ms: number;
  due: number;
  batches: number[];
  measured: boolean;
}

async function once(
  session: BenchSession,
  stores: Record<string, unknown[]>,
  timeoutMs: number,
): Promise<Sample> {
  const page = session.control!;
  await writeStores(page, stores);
  // Nothing may start the catch-up before the timed start: the alarm a previous catch-up armed.
  await page.evaluate(() =>
    (
      globalThis as unknown as { chrome: { alarms: { clear: (name: string) => Promise<boolean> } } }
    ).chrome.alarms.clear('upnext-wake'),
  );
  await withTimeout(killServiceWorker(session.browser), 15_000, 'stopping the worker');
  const startedAt = await page.evaluate(async () => {
    const t0 = performance.timeOrigin + performance.now();
    const { runtime } = (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage: (message: unknown) => Promise<unknown> } };
      }
    ).chrome;
    await runtime.sendMessage({ upnext: 1, type: 'ping', payload: {} });
    return t0;
  });
  const due = (stores['records'] as { wakeAt?: number }[]).filter(
    (doc) => doc.wakeAt !== undefined && doc.wakeAt <= startedAt,
  ).length;
  const { worker } = await serviceWorker(session.browser);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checked = await lastDueCheckAt(page);
    if (checked !== null && checked >= startedAt - 1) break;
    if (Date.now() > deadline) {
      const left = await dueLeft(page, startedAt);
      throw new Error(
        `the catch-up did not end within ${String(timeoutMs / 1000)} s: ${String(due - left)} of ${String(due)} due records ticked`,
      );
    }
    await sleep(250);
  }
  const polledAt = Date.now();
  const timing = await worker.evaluate(
    (whole, batch) => {
      const end = performance.getEntriesByName(whole).at(-1);
      return {
        end: end === undefined ? null : performance.timeOrigin + end.startTime + end.duration,
        batches: performance.getEntriesByName(batch).map((entry) => entry.duration),
      };
    },
    WHOLE,
    BATCH,
  );
  return {
    ms: (timing.end ?? polledAt) - startedAt,
    due,
    batches: timing.batches,
    measured: timing.end !== null,
  };
}

export async function workerCatchUp(
  session: BenchSession,
  runs = 3,
  timeoutMs = 540_000,
): Promise<MetricResult> {
  await call(session.control!, 'ping', {});
  const backup = JSON.parse(
    await connectedRecordsBackup([], Date.now(), { extraRecords: 10_000 }),
  ) as { stores: Record<string, unknown[]> };
  const samples: Sample[] = [];
  await repeat(runs, 0, async () => {
    const sample = await once(session, backup.stores, timeoutMs);
    samples.push(sample);
    return sample.ms;
  });
  const batches = samples.flatMap((sample) => sample.batches);
  const batchNote =
    batches.length === 0
      ? 'no per-batch measure in this build (timed by polling, to 250 ms)'
      : `${String(median(samples.map((sample) => sample.batches.length)))} batches per catch-up, a batch's duration median ${median(batches).toFixed(1)} ms, max ${Math.max(...batches).toFixed(1)} ms`;
  return summarize(
    samples.map((sample) => sample.ms),
    'ms',
    `worker start (ping from options.html) → the start-up catch-up's badge and alarm set, ${String(median(samples.map((sample) => sample.due)))} of 10,000 seeded records due; ${batchNote}`,
  );
}
