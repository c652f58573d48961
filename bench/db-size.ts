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
import { call, sleep, writeStores, type BenchSession } from './session';
import { summarize, type MetricResult } from './stats';

const YEAR = { sequences: 50, stepsPerSequence: 10, records: 5000, sequencesPerRecord: 3 };

export async function dbSizeYear(session: BenchSession): Promise<MetricResult> {
  const page = session.control!;
  const generatedAt = performance.now();
  const { backup, commands } = await simulateYear({ ...YEAR, now: Date.now() });
  const generateMs = performance.now() - generatedAt;
  await call(page, 'resetData', { confirm: 'reset' });
  const { jsonBytes, counts } = await writeStores(page, backup.stores);
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
    `navigator.storage.estimate() ${estimate.indexedDB === null ? 'usage' : 'usageDetails.indexedDB'} (approximate) after ${YEAR.records} records × ${YEAR.sequencesPerRecord} sequences of ${YEAR.stepsPerSequence} steps (${YEAR.sequences} sequences), ${commands} engine commands over a simulated year (generated in ${(generateMs / 1000).toFixed(1)} s); stored documents: ${counts.join(', ')}; JSON size of all documents ${jsonBytes} B; origin usage ${estimate.usage} B`,
  );
}
