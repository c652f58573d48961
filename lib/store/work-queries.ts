/**
 * The work list and badge queries over the `connections` projection. The `byDue` index holds
 * exactly the steps that need the seller, so the badge is one index count and the list one
 * index read; filters run in memory over that set (no full store scan).
 */
import type { DueFilter, WorkQuery, WorkReply } from '../messaging/protocol';
// The work list page filters the same rows in memory with these same functions, so the
// background's answer and the page's counts always agree.
import { dayBounds, matchesDue as matchesDueAt } from '../views/worklist-query';
import type { Database } from './db';
import type { ConnectionRow } from './types';

export async function dueCount(db: Database, now: number): Promise<number> {
  return db.countFromIndex('connections', 'byDue', IDBKeyRange.upperBound(now));
}

export async function nextDue(db: Database, limit: number): Promise<ConnectionRow[]> {
  const rows: ConnectionRow[] = [];
  let cursor = await db.transaction('connections').store.index('byDue').openCursor();
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
  const all = await db.getAllFromIndex('connections', 'byDue');
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
