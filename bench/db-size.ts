/**
 * db-size-1y: IndexedDB size after a simulated year of heavy use.
 *
 * The year is simulated in Node by the app's own runRecordCommand + engine (bench/dataset.ts,
 * on an in-memory store for speed); the resulting documents are written as they are into the
 * extension's IndexedDB (created by the background) from an extension page in chunks: a backup
 * this size is too large for one runtime message (restoreData). Then navigator.storage.estimate()
 * on the extension origin gives the usage (approximate: LevelDB, compression, compaction).
 */
import { simulateYear } from './dataset';
import { call, sleep, type BenchSession } from './session';
import { summarize, type MetricResult } from './stats';

const YEAR = { sequences: 50, stepsPerSequence: 10, records: 5000, sequencesPerRecord: 3 };

export async function dbSizeYear(session: BenchSession): Promise<MetricResult> {
  const page = session.control!;
  const generatedAt = performance.now();
  const { backup, commands } = await simulateYear({ ...YEAR, now: Date.now() });
  const generateMs = performance.now() - generatedAt;
  await call(page, 'resetData', { confirm: 'reset' });
  let jsonBytes = 0;
  const counts: string[] = [];
  for (const [store, values] of Object.entries(backup.stores)) {
    counts.push(`${store} ${values.length}`);
    for (let i = 0; i < values.length; i += 4000) {
      const chunk = values.slice(i, i + 4000);
      jsonBytes += Buffer.byteLength(JSON.stringify(chunk)) - 2;
      await page.evaluate(
        (name, items) =>
          new Promise<void>((done, failed) => {
            const open = indexedDB.open('upnext');
            open.onerror = () => failed(open.error ?? new Error('open failed'));
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(name, 'readwrite');
              for (const item of items) tx.objectStore(name).put(item);
              tx.oncomplete = () => {
                db.close();
                done();
              };
              tx.onerror = () => failed(tx.error ?? new Error('write failed'));
            };
          }),
        store,
        chunk,
      );
    }
  }
  await sleep(2000);
  const estimate = await page.evaluate(async () => {
    const e = (await navigator.storage.estimate()) as StorageEstimate & {
      usageDetails?: Record<string, number>;
    };
    return { usage: e.usage ?? 0, indexedDB: e.usageDetails?.['indexedDB'] ?? null };
  });
  const size = estimate.indexedDB ?? estimate.usage;
  return summarize(
    [size],
    'bytes',
    52_428_800,
    `navigator.storage.estimate() ${estimate.indexedDB === null ? 'usage' : 'usageDetails.indexedDB'} (approximate) after ${YEAR.records} records × ${YEAR.sequencesPerRecord} sequences of ${YEAR.stepsPerSequence} steps (${YEAR.sequences} sequences), ${commands} engine commands over a simulated year (generated in ${(generateMs / 1000).toFixed(1)} s); stored documents: ${counts.join(', ')}; JSON size of all documents ${jsonBytes} B; origin usage ${estimate.usage} B`,
  );
}
