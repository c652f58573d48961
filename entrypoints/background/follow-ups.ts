/**
 * The background's follow-ups after data changed (badge, wake-up alarm, live updates to open
 * pages, the A/B check, the Gmail feed alarm): coalesced, so a burst of changes (a bulk action,
 * a seller clicking through steps) refreshes once, and started `FOLLOW_UP_DELAY_MS` after the
 * first change of the burst.
 *
 * Why the wait: the change is stored and its reply already sent when `afterChange` is called,
 * but the reply still has to cross to the tab and the panel has to draw it. The follow-ups are
 * about 10 ms of the worker's time (reads for the badge and the alarm, the broadcasts,
 * browser calls); started in the next task, they ran while the reply travelled and the panel
 * drew it, and on a two-core machine under load that cost the seller's click about 5 ms
 * (bench action-round-trip, docs/architecture.md). 50 ms later nobody sees the badge or another
 * tab move any later, and nothing depends on them: a worker stopped before they run loses none
 * of it (its next start recounts the badge and re-arms the alarm).
 */

/** How long after the first change of a burst the follow-ups start, in milliseconds. */
export const FOLLOW_UP_DELAY_MS = 50;

/** One change: the records it touched; `all`: anything may have changed (settings, restore). */
export interface Change {
  recordKeys: string[];
  all?: boolean;
  /** The connection rows of every record must be projected again (a definition changed). */
  reproject?: boolean;
  /**
   * The change count (`RecordDoc.changes`) the change stored, by record key, where the caller
   * has it (a page read, an action): the live update says it without reading the record again.
   */
  changes?: Readonly<Record<string, number>>;
}

/** The changes of one burst, merged. */
export interface ChangeBatch {
  keys: Set<string>;
  all: boolean;
  reproject: boolean;
  /**
   * The newest change count of each record of `keys` whose changes in the burst said it; null
   * (or absent) when a change after it did not: then it is read when the burst is told.
   */
  changes?: Map<string, number | null>;
}

/**
 * Returns the `afterChange` to call with each change: it merges changes until the timer set by
 * the first of them fires, then calls `flush` once with the merged batch. `setTimer` is
 * `setTimeout` in the worker (a parameter for tests).
 */
export function followUps(
  flush: (batch: ChangeBatch) => void,
  setTimer: (run: () => void, ms: number) => unknown = setTimeout,
): (change: Change) => void {
  let pending: ChangeBatch | null = null;
  return ({ recordKeys, all, reproject, changes }) => {
    const first = pending === null;
    pending ??= { keys: new Set(), all: false, reproject: false };
    for (const key of recordKeys) {
      pending.keys.add(key);
      const count = changes?.[key];
      const known = pending.changes?.get(key);
      // Counts only grow: the newest said wins; one not said makes it unknown (read at flush).
      if (count !== undefined)
        (pending.changes ??= new Map()).set(key, Math.max(count, known ?? count));
      else if (known !== undefined) pending.changes?.set(key, null);
    }
    pending.all ||= all === true;
    pending.reproject ||= reproject === true;
    if (!first) return;
    setTimer(() => {
      const batch = pending;
      pending = null;
      if (batch !== null) flush(batch);
    }, FOLLOW_UP_DELAY_MS);
  };
}
