/**
 * Retention: the logs may not grow without bound. Rows of the event log and of the segments' why
 * log (issue #17) older than `maxAgeMs`, and the oldest beyond `maxEvents` per log, are deleted;
 * per-step statistics (the `stats` store), each connection's own step history (inside its record)
 * and each record's latest segment evaluation (`segmentWhy`, inside its record) are kept, so
 * counts, the panel's Completed list and its "why in this sequence" never change. See
 * docs/storage.md.
 */
import type { Database } from './db';
import { eventKeyPrefix } from './event-keys';

/** 90 days of detailed events; everything older lives on in `stats` and in each record's history. */
export const RETENTION = { maxAgeMs: 90 * 24 * 3_600_000, maxEvents: 200_000 } as const;

type RetentionPolicy = { maxAgeMs: number; maxEvents: number };

/**
 * Deletes events past the policy; returns how many. Event keys start with their instant
 * (lib/store/event-keys.ts), so the store's key order is time order: the events older than the
 * window are one key range (deleted in one request), and the oldest are the first keys.
 */
export async function compactEvents(
  db: Database,
  now: number,
  policy: RetentionPolicy = RETENTION,
): Promise<number> {
  const tx = db.transaction('events', 'readwrite');
  // Every key of an event before the cutoff sorts before the cutoff's prefix; the cutoff's own
  // events (keys longer than the prefix) sort after it and stay, as with `at < cutoff`.
  const old = IDBKeyRange.upperBound(eventKeyPrefix(now - policy.maxAgeMs), true);
  let deleted = await tx.store.count(old);
  if (deleted > 0) await tx.store.delete(old);
  const excess = (await tx.store.count()) - policy.maxEvents;
  if (excess > 0) deleted += await deleteFrom(await tx.store.openCursor(), excess);
  await tx.done;
  return deleted;
}

/** Deletes why-log rows past the same policy as the event log; returns how many. */
export async function compactSegmentLog(
  db: Database,
  now: number,
  policy: RetentionPolicy = RETENTION,
): Promise<number> {
  const tx = db.transaction('segmentLog', 'readwrite');
  const byAt = tx.store.index('byAt');
  const old = IDBKeyRange.upperBound(now - policy.maxAgeMs, true);
  let deleted = await deleteFrom(await byAt.openCursor(old), Infinity);
  const excess = (await tx.store.count()) - policy.maxEvents;
  if (excess > 0) deleted += await deleteFrom(await byAt.openCursor(), excess);
  await tx.done;
  return deleted;
}

/** What `deleteFrom` needs of an IndexedDB cursor (a store's or an index's). */
interface DeletingCursor {
  delete(): Promise<void>;
  continue(): Promise<DeletingCursor | null>;
}

/** Deletes up to `count` rows from `cursor` on, in its order; returns how many. */
async function deleteFrom(cursor: DeletingCursor | null, count: number): Promise<number> {
  let deleted = 0;
  for (let at = cursor; at !== null && deleted < count; at = await at.continue()) {
    await at.delete();
    deleted += 1;
  }
  return deleted;
}
