/**
 * db-size-1y: IndexedDB size after a simulated year of heavy use.
 *
 * The year is simulated in Node by the app's own runRecordCommand + engine (bench/dataset.ts,
 * on an in-memory store for speed); the resulting documents are written as they are into the
 * extension's IndexedDB (created by the background) from an extension page in chunks: a backup
 * this size is too large for one runtime message (restoreData). Then navigator.storage.estimate()
 * on the extension origin gives the usage (approximate: LevelDB, compression, compaction), read
 * once it has settled. The year includes the insight roll-ups the background writes with every
 * command, and the event log as the daily retention job leaves it (90 days).
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
  // LevelDB compacts in the background after a bulk write: until it is done, the files hold
  // data twice (before and after a compaction) and a reading depends on the machine's load
  // (±4 MB seen on a busy machine). The database is measured settled: the same size three
  // seconds in a row (at most a minute).
  const read = () =>
    page.evaluate(async () => {
      const e = (await navigator.storage.estimate()) as StorageEstimate & {
        usageDetails?: Record<string, number>;
      };
      return { usage: e.usage ?? 0, indexedDB: e.usageDetails?.['indexedDB'] ?? null };
    });
  const settleStart = performance.now();
  let estimate = await read();
  for (let same = 0; same < 3 && performance.now() - settleStart < 60_000;) {
    await sleep(1000);
    const next = await read();
    same = next.usage === estimate.usage ? same + 1 : 0;
    estimate = next;
  }
  const settleS = (performance.now() - settleStart) / 1000;
  const size = estimate.indexedDB ?? estimate.usage;
  return summarize(
    [size],
    'bytes',
    `navigator.storage.estimate() ${estimate.indexedDB === null ? 'usage' : 'usageDetails.indexedDB'} (approximate) after ${YEAR.records} records × ${YEAR.sequencesPerRecord} sequences of ${YEAR.stepsPerSequence} steps (${YEAR.sequences} sequences), ${commands} engine commands over a simulated year (generated in ${(generateMs / 1000).toFixed(1)} s); stored documents: ${counts.join(', ')}; JSON size of all documents ${jsonBytes} B; origin usage ${estimate.usage} B; settled after ${settleS.toFixed(0)} s`,
  );
}
