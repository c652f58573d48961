/**
 * The work list and badge queries over the `connections` projection. The `byDueOrder` index holds
 * exactly the steps that need the seller, so the list is one index read; filters run in memory
 * over that set (no full store scan).
 *
 * The badge's count is kept, not recounted: counting an IndexedDB index range walks every entry
 * in it (Chromium checks each one against its record), about 8 s for 100,000 due steps on this
 * machine, and the badge recounts after every change. A `dueCount` mark in `settings` holds the
 * number of rows due at its instant `at`; every record transaction moves it by what its own rows
 * changed (`moveDueCount`, in the same transaction), and a recount only adds the rows that fell
 * due since `at`. A writer of `connections` that does not move the mark forgets it in its own
 * transaction (`forgetDueCount`: time-zone reprojection, restore), and the next count is a full one.
 */
import type { DueFilter, WorkQuery, WorkReply } from '../messaging/protocol';
// The work list page filters the same rows in memory with these same functions, so the
// background's answer and the page's counts always agree.
import { dayBounds, matchesDue as matchesDueAt } from '../views/worklist-query';
import type { Database } from './db';
import { DUE_ORDER, dueBetween, dueUpTo } from './due-order';
import { readSetting, settingDoc } from './settings';
import type { ConnectionRow } from './types';

/** The number of `byDueOrder` rows due at `at` (ms), as last counted and kept since. */
export interface DueCountMark {
  at: number;
  count: number;
}

/** A row counts at `at` when it is in `byDueOrder` (a numeric `dueAt`) and due by then. */
function dueBy(row: ConnectionRow | undefined, at: number): boolean {
  return typeof row?.dueAt === 'number' && row.dueAt <= at;
}

/**
 * The mark after rows were written over their earlier versions (`before` undefined: a new row),
 * for a transaction that writes them; null when there is no mark to keep.
 */
export function moveDueCount(
  mark: DueCountMark | undefined,
  writes: readonly { before: ConnectionRow | undefined; after: ConnectionRow }[],
): DueCountMark | null {
  if (mark === undefined) return null;
  let count = mark.count;
  for (const { before, after } of writes)
    count += Number(dueBy(after, mark.at)) - Number(dueBy(before, mark.at));
  return { at: mark.at, count };
}

/** For a transaction that writes `connections` without moving the mark: the next count is full. */
export function forgetDueCount(settings: {
  delete(key: 'dueCount'): Promise<unknown>;
}): Promise<unknown> {
  return settings.delete('dueCount');
}

/**
 * The number of steps due at `now` (ms): the badge, the popup and the work list's "due now".
 * The kept mark plus the rows that fell due since it (a full count when there is none, or the
 * clock went back), stored again at `now`.
 */
export async function dueCount(db: Database, now: number): Promise<number> {
  const tx = db.transaction(['connections', 'settings'], 'readwrite');
  const settings = tx.objectStore('settings');
  const byDue = tx.objectStore('connections').index(DUE_ORDER);
  const mark = await readSetting(settings, 'dueCount');
  let count: number;
  if (mark === undefined || mark.at > now) count = await byDue.count(dueUpTo(now));
  else if (mark.at === now) count = mark.count;
  else count = mark.count + (await byDue.count(dueBetween(mark.at, now)));
  await settings.put(settingDoc('dueCount', { at: now, count }));
  await tx.done;
  return count;
}

export async function nextDue(db: Database, limit: number): Promise<ConnectionRow[]> {
  const rows: ConnectionRow[] = [];
  let cursor = await db.transaction('connections').store.index(DUE_ORDER).openCursor();
  while (cursor && rows.length < limit) {
    if (cursor.value.kind !== 'snoozed') rows.push(cursor.value);
    cursor = await cursor.continue();
  }
  return rows;
}

function matchesDue(
  row: ConnectionRow,
  due: DueFilter,
  bounds: ReturnType<typeof dayBounds>,
): boolean {
  return matchesDueAt(row.dueAt ?? Number.POSITIVE_INFINITY, due, bounds);
}

const SORTERS: Record<WorkQuery['sort'], (a: ConnectionRow, b: ConnectionRow) => number> = {
  due: (a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0),
  name: (a, b) => a.recordName.localeCompare(b.recordName),
  sequence: (a, b) =>
    a.sequenceName.localeCompare(b.sequenceName) || (a.dueAt ?? 0) - (b.dueAt ?? 0),
  type: (a, b) =>
    (a.stepType ?? '').localeCompare(b.stepType ?? '') || (a.dueAt ?? 0) - (b.dueAt ?? 0),
};

export async function listWork(
  db: Database,
  query: WorkQuery,
  now: number,
  timeZone: string,
  tagsOf: (sequenceId: string) => string[],
): Promise<WorkReply> {
  const all = await db.getAllFromIndex('connections', DUE_ORDER);
  const bounds = dayBounds(now, timeZone);
  const search = query.search?.trim().toLowerCase() ?? '';
  const base = all.filter(
    (row) =>
      (query.entity === undefined || row.entity === query.entity) &&
      (query.stepType === undefined || row.stepType === query.stepType) &&
      (query.sequenceId === undefined || row.sequenceId === query.sequenceId) &&
      (query.tag === undefined || tagsOf(row.sequenceId).includes(query.tag)) &&
      (search === '' ||
        `${row.recordName} ${row.sequenceName} ${row.stepName ?? ''}`
          .toLowerCase()
          .includes(search)),
  );
  const counts: Record<DueFilter, number> = { overdue: 0, today: 0, tomorrow: 0, week: 0, all: 0 };
  for (const row of base)
    for (const filter of Object.keys(counts) as DueFilter[])
      if (matchesDue(row, filter, bounds)) counts[filter] += 1;
  const rows = base.filter((row) => matchesDue(row, query.due, bounds)).sort(SORTERS[query.sort]);
  return {
    rows: rows.slice(query.offset, query.offset + query.limit),
    total: rows.length,
    counts,
    now,
  };
}
