/**
 * The work list's index, `connections.byDueOrder` (migration 12): the key [dueAt, id] of every
 * row whose current step needs the seller (only those rows carry `dueAt`, lib/store/projection.ts,
 * and a compound key with a missing part leaves the row out). Its order is the work list's own
 * order, due time then connection id, and a row's place in it is unique, so any page of the list
 * is one bounded key-range read that starts right after the row the page before ended with,
 * however many rows are due at the same instant (ten thousand records connected in one go are).
 *
 * One home for the index's key ranges: the work list's pages, the badge count and the due
 * notifications ask through these.
 */

/** The index's name in the `connections` store. */
export const DUE_ORDER = 'byDueOrder';

/** A key of the index: [due time (ms), connection id]. */
type DueOrderKey = [number, string];

/**
 * After every connection id at one due time: IndexedDB orders arrays after strings, so
 * [t, AFTER_EVERY_ID] is above every [t, id] and below every [t', id] with t' > t.
 */
const AFTER_EVERY_ID: [] = [];

/** Rows due at or before `at` (ms). */
export function dueUpTo(at: number): IDBKeyRange {
  return IDBKeyRange.upperBound([at, AFTER_EVERY_ID]);
}

/** Rows due after `after` and at or before `upTo` (ms). */
export function dueBetween(after: number, upTo: number): IDBKeyRange {
  return IDBKeyRange.bound([after, AFTER_EVERY_ID], [upTo, AFTER_EVERY_ID], true, false);
}

/** Rows after `row` in the index's order (the next page of the work list). */
export function dueAfterRow(row: { dueAt: number; id: string }): IDBKeyRange {
  return IDBKeyRange.lowerBound([row.dueAt, row.id] satisfies DueOrderKey, true);
}
