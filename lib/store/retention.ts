/**
 * Retention: the event log may not grow without bound. Events older than `maxAgeMs`, and the
 * oldest beyond `maxEvents`, are deleted; per-step statistics (the `stats` store) and each
 * connection's own step history (inside its record) are kept, so counts and the panel's
 * Completed list never change. See docs/storage.md.
 */
import type { Database } from './db';

/** 90 days of detailed events; everything older lives on in `stats` and in each record's history. */
export const RETENTION = { maxAgeMs: 90 * 24 * 3_600_000, maxEvents: 200_000 } as const;

export async function compactEvents(
  db: Database,
  now: number,
  policy: { maxAgeMs: number; maxEvents: number } = RETENTION,
): Promise<number> {
  const tx = db.transaction('events', 'readwrite');
  const byAt = tx.store.index('byAt');
  let deleted = 0;
  let cursor = await byAt.openCursor(IDBKeyRange.upperBound(now - policy.maxAgeMs, true));
  while (cursor) {
    await cursor.delete();
    deleted += 1;
    cursor = await cursor.continue();
  }
  const excess = (await tx.store.count()) - policy.maxEvents;
  if (excess > 0) {
    let oldest = await byAt.openCursor();
    for (let n = 0; n < excess && oldest; n += 1) {
      await oldest.delete();
      deleted += 1;
      oldest = await oldest.continue();
    }
  }
  await tx.done;
  return deleted;
}
