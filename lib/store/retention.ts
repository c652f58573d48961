/**
 * Retention: the logs may not grow without bound. Rows of the event log and of the segments' why
 * log (issue #17) older than `maxAgeMs`, and the oldest beyond `maxEvents` per log, are deleted;
 * per-step statistics (the `stats` store), each connection's own step history (inside its record)
 * and each record's latest segment evaluation (`segmentWhy`, inside its record) are kept, so
 * counts, the panel's Completed list and its "why in this sequence" never change. See
 * docs/storage.md.
 */
import { DAY } from '../engine/time/zoned';
import type { Database } from './db';
import { eventKeyPrefix } from './event-keys';
import { entriesInRow, newestEntriesOf } from './segment-log';

/** 90 days of detailed events; everything older lives on in `stats` and in each record's history. */
export const RETENTION = { maxAgeMs: 90 * DAY, maxEvents: 200_000 } as const;

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

/**
 * Deletes why-log evaluations past the same policy as the event log; returns how many. The
 * policy counts evaluations, not rows (a "Run now" row holds up to a hundred, lib/store/
 * segment-log.ts), and each row's key says its instant and how many it holds, so this reads
 * keys only: rows older than the window go whole (their evaluations share the row's instant);
 * beyond the cap the oldest rows go, and the row across the cap keeps its newest evaluations
 * (the last written of its instant), so exactly `maxEvents` stay.
 */
export async function compactSegmentLog(
  db: Database,
  now: number,
  policy: RetentionPolicy = RETENTION,
): Promise<number> {
  const tx = db.transaction('segmentLog', 'readwrite');
  const old = IDBKeyRange.upperBound(eventKeyPrefix(now - policy.maxAgeMs), true);
  let deleted = sumEntries(await tx.store.getAllKeys(old));
  if (deleted > 0) await tx.store.delete(old);
  const keys = await tx.store.getAllKeys();
  let kept = 0;
  for (let index = keys.length - 1; index >= 0; index -= 1) {
    const key = keys[index] ?? '';
    const entries = entriesInRow(key);
    if (kept + entries <= policy.maxEvents) {
      kept += entries;
      continue;
    }
    // Every row before this one goes, and of this one what is over the cap.
    deleted += sumEntries(keys.slice(0, index)) + entries - (policy.maxEvents - kept);
    await tx.store.delete(IDBKeyRange.upperBound(key, true));
    const row = await tx.store.get(key);
    await tx.store.delete(key);
    if (row !== undefined && policy.maxEvents > kept)
      await tx.store.put(newestEntriesOf(row, policy.maxEvents - kept));
    break;
  }
  await tx.done;
  return deleted;
}

/** How many evaluations the why-log rows keyed `keys` hold. */
function sumEntries(keys: readonly string[]): number {
  return keys.reduce((sum, key) => sum + entriesInRow(key), 0);
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
