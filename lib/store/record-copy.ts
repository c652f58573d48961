/**
 * What the last record transactions left in the database, kept in the worker so that a seller's
 * next action on the same record can run ahead of its own reads (lib/store/record-tx.ts,
 * `runRecordCommand`): the record's document and connection rows, the step statistics of its
 * sequences and the roll-up build state, as each committed transaction stored them.
 *
 * The copy is never trusted. An action that runs ahead still reads all of it in its own
 * transaction, before its writes (IndexedDB runs a transaction's requests in order), and commits
 * only if every read equals the copy; otherwise it aborts and runs again the usual way. So a
 * copy that another writer outlived (another database connection: a bench row, a test page, the
 * console; a "Run now" batch; a restore) costs one aborted transaction, never a wrong write, and
 * nothing needs to forget it. Kept per open database connection; a worker that restarts keeps
 * nothing.
 */
import { unwrap } from 'idb';

import type { Database } from './db';
import type { SettingValues } from './settings';
import type { ConnectionRow, RecordDoc, StepStatsDoc } from './types';

/** One record as its last committed transaction stored it. */
interface RecordLeft {
  doc: RecordDoc;
  rows: readonly ConnectionRow[];
}

interface Copy {
  records: Map<string, RecordLeft>;
  /** By sequence id: every stored step statistics row of it, by step id. */
  stats: Map<string, ReadonlyMap<string, StepStatsDoc>>;
  /** The `rollupBuild` setting as last read or kept (absent: not known). */
  build?: { value: SettingValues['rollupBuild'] | undefined };
}

/** Records kept at most; the one least recently stored is dropped first. */
const RECORDS = 200;

const copies = new WeakMap<object, Copy>();

function copyOf(db: Database): Copy {
  const key = (unwrap(db) as object | undefined) ?? db;
  let copy = copies.get(key);
  if (copy === undefined) {
    copy = { records: new Map(), stats: new Map() };
    copies.set(key, copy);
  }
  return copy;
}

/** What a record transaction that committed stored (`keepLeft`). */
export interface Left {
  key: string;
  record: RecordLeft;
  build: SettingValues['rollupBuild'] | undefined;
  /** Statistics rows of whole sequences as the transaction read them (before its own writes). */
  statsRead: ReadonlyMap<string, Promise<ReadonlyMap<string, StepStatsDoc>>>;
  /** The statistics rows it wrote. */
  statsWritten: readonly StepStatsDoc[];
}

/**
 * Keeps what a committed record transaction stored. Call only once its `complete` has fired:
 * every read it made is then back.
 */
export async function keepLeft(db: Database, left: Left): Promise<void> {
  const copy = copyOf(db);
  copy.records.delete(left.key);
  copy.records.set(left.key, left.record);
  if (copy.records.size > RECORDS) {
    const oldest = copy.records.keys().next();
    if (oldest.done !== true) copy.records.delete(oldest.value);
  }
  copy.build = { value: left.build };
  const read = await Promise.all(
    [...left.statsRead].map(async ([id, rows]) => [id, new Map(await rows)] as const),
  );
  for (const [id, rows] of read) copy.stats.set(id, rows);
  for (const stats of left.statsWritten) {
    const rows = copy.stats.get(stats.sequenceId);
    if (rows !== undefined)
      copy.stats.set(stats.sequenceId, new Map(rows).set(stats.stepId, stats));
  }
}

/** What the copy holds for one record's action (`copyFor`). */
export interface CopyForRecord {
  record: RecordLeft;
  build: SettingValues['rollupBuild'] | undefined;
  /** The statistics of `sequenceId`, if kept. */
  stats(sequenceId: string): ReadonlyMap<string, StepStatsDoc> | undefined;
}

/** The copy of record `key` and of what its transaction reads with it, or undefined. */
export function copyFor(db: Database, key: string): CopyForRecord | undefined {
  const copy = copyOf(db);
  const record = copy.records.get(key);
  if (record === undefined || copy.build === undefined) return undefined;
  return { record, build: copy.build.value, stats: (id) => copy.stats.get(id) };
}

/** Drops record `key` from the copy (its run ahead found the copy stale). */
export function dropCopy(db: Database, key: string): void {
  copyOf(db).records.delete(key);
}

/**
 * Whether two values read from IndexedDB (or about to be written to it) hold the same data:
 * plain objects, arrays and primitives, compared member by member (a property that is absent
 * and one that is `undefined` differ, as they do in a stored document).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // Only what a stored document holds: anything else (a Date, a Map) counts as different.
  const kind = Object.getPrototypeOf(a) as unknown;
  if (kind !== Object.getPrototypeOf(b)) return false;
  if (kind !== Object.prototype && kind !== Array.prototype && kind !== null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameData(left[key], right[key]));
}

/** Whether two sets of connection rows are the same rows (in any order). */
export function sameRows(a: readonly ConnectionRow[], b: readonly ConnectionRow[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((row) => [row.id, row]));
  return a.every((row) => sameData(row, byId.get(row.id)));
}

/** Whether two sequences' statistics rows, by step id, are the same. */
export function sameStats(
  a: ReadonlyMap<string, StepStatsDoc>,
  b: ReadonlyMap<string, StepStatsDoc>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [id, row] of a) if (!sameData(row, b.get(id))) return false;
  return true;
}
