/**
 * Records whose tick keeps failing rest between tries. A record the catch-up cannot tick (a
 * damaged stored document, a definition the engine cannot read) stays due, and the wake alarm
 * sits at the earliest due instant: without a rest it fired again at Chrome's shortest delay
 * (30 s), waking the worker to fail on the same record all day. Now each failed try at one
 * wake-up doubles the rest, from `FIRST_REST_MS` to `LONGEST_REST_MS`; the record's other
 * wake-ups, and every other record, are untouched.
 *
 * A rest belongs to the wake-up it failed at (`wakeAt`): once the record is stored with another
 * (a seller's action on it, a restore), the rest no longer applies and it is ticked at its own
 * time. Kept in the `settings` row `tickRetries` (rare and few: one entry per failing record);
 * a restore forgets it (lib/store/backup.ts). Pure functions here; the catch-up and the wake
 * alarm (entrypoints/background/scheduler.ts) read and write the row.
 */

/** One resting record: the wake-up it failed at, how many tries failed, when to try again. */
interface TickRetry {
  /** The record's stored `wakeAt` (epoch ms) when its tick failed. */
  wakeAt: number;
  /** Failed tries in a row at that wake-up (1 after the first). */
  failures: number;
  /** Not tried again before this instant (epoch ms). */
  retryAt: number;
}

/** The resting records, by record key. */
export type TickRetries = Readonly<Partial<Record<string, TickRetry>>>;

/** The rest after the first failed try (ms): a minute. */
export const FIRST_REST_MS = 60_000;
/** The longest rest (ms): an hour, so a record an update repairs is ticked within the hour. */
export const LONGEST_REST_MS = 3_600_000;

/** The rest after `failures` failed tries in a row (ms): 1 min, 2, 4, … at most 1 h. */
export function restAfter(failures: number): number {
  return Math.min(LONGEST_REST_MS, FIRST_REST_MS * 2 ** Math.max(0, failures - 1));
}

/**
 * When the record `key`, stored with the wake-up `wakeAt` (epoch ms), is tried again, if it
 * rests at `now` (its tick failed at that same wake-up and its next try is later); else null.
 */
export function restsUntil(
  retries: TickRetries,
  key: string,
  wakeAt: number,
  now: number,
): number | null {
  const retry = retries[key];
  return retry !== undefined && retry.wakeAt === wakeAt && retry.retryAt > now
    ? retry.retryAt
    : null;
}

/** Whether the record `key`, stored with the wake-up `wakeAt`, rests at `now` (`restsUntil`). */
export function rests(retries: TickRetries, key: string, wakeAt: number, now: number): boolean {
  return restsUntil(retries, key, wakeAt, now) !== null;
}

/**
 * The resting records after a catch-up at `now`: each record of `failed` (its key and stored
 * `wakeAt`) one failure more than before at the same wake-up (else its first), and each of
 * `rested` (left out because it rested) as it was. Every other entry is dropped: its record was
 * ticked, or is due at another wake-up, or is gone.
 */
export function afterCatchUp(
  previous: TickRetries,
  failed: readonly { key: string; wakeAt: number }[],
  rested: Iterable<string>,
  now: number,
): TickRetries {
  const next: Record<string, TickRetry> = {};
  for (const key of rested) {
    const retry = previous[key];
    if (retry !== undefined) next[key] = retry;
  }
  for (const { key, wakeAt } of failed) {
    const before = previous[key];
    const failures = before !== undefined && before.wakeAt === wakeAt ? before.failures + 1 : 1;
    next[key] = { wakeAt, failures, retryAt: now + restAfter(failures) };
  }
  return next;
}

/** Whether two sets of resting records say the same (the catch-up writes only a change). */
export function sameRetries(a: TickRetries, b: TickRetries): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const x = a[key];
    const y = b[key];
    return (
      x !== undefined &&
      y !== undefined &&
      x.wakeAt === y.wakeAt &&
      x.failures === y.failures &&
      x.retryAt === y.retryAt
    );
  });
}
