/**
 * The segments' why log (issue #17) as stored since version 14: rows of evaluations written
 * together (`SegmentLogRow`), read back as one entry per evaluation (`SegmentLogDoc`).
 *
 * Why rows and not one row per evaluation: "Run now" over 10,000 records made 10,000 `put`
 * requests, one round trip to the browser's database process each, and that number (not the
 * rows' size) was most of what was left of its time (docs/performance.md). A batch now writes a
 * row per `SEGMENT_LOG_ROW_ENTRIES` evaluations; a capture writes a row of its one evaluation.
 * Every evaluation is still there: the per-record and per-segment indexes are multiEntry over
 * the record keys and segments a row holds, and the readers pick a row's entries out.
 */
import type { Database } from './db';
import { eventKeyPrefix } from './event-keys';
import type { SegmentLogDoc, SegmentLogEntry, SegmentLogRow } from './types';

/**
 * At most this many evaluations in a row: a record's or a segment's why log reads whole rows,
 * so a row stays small (a Run now of 10,000 records is 100 rows, not 10,000).
 */
export const SEGMENT_LOG_ROW_ENTRIES = 100;

/**
 * And at most about this many bytes (estimated from the text the entries hold): Chromium
 * stores a value over 64 KiB apart, as a file, which is slower to write and to read.
 */
const ROW_BYTES = 48 * 1024;

/** Property names, tags and the short fields of an entry, estimated. */
const ENTRY_OVERHEAD = 256;

/** Width of the entry count at the end of a row's key (base 36: up to 46,655). */
const COUNT_WIDTH = 3;

/**
 * The key of a why-log row: `base` (its instant's time prefix, lib/store/event-keys.ts, then a
 * unique part), then how many evaluations it holds. Keys sort by time, so age is a key range
 * and the store's order is the order rows were written; the count lets retention count
 * evaluations without reading a row.
 */
function segmentLogRowKey(base: string, entries: number): string {
  return `${base}${entries.toString(36).padStart(COUNT_WIDTH, '0')}`;
}

/** How many evaluations the row keyed `key` holds (`segmentLogRowKey`). */
export function entriesInRow(key: string): number {
  return Number.parseInt(key.slice(-COUNT_WIDTH), 36);
}

/** The entry an evaluation is stored as: every field but its id and instant (the row's). */
function entryOf(log: SegmentLogDoc): SegmentLogEntry {
  return {
    recordKey: log.recordKey,
    recordName: log.recordName,
    url: log.url,
    entity: log.entity,
    trigger: log.trigger,
    changed: log.changed,
    result: log.result,
    segment: log.segment,
    segmentName: log.segmentName,
    previous: log.previous,
    sequence: log.sequence,
    matches: log.matches,
    why: log.why,
    connect: log.connect,
  };
}

/** A row of `entries` at `at`, keyed from `base` (`segmentLogRowKey`), with its index fields. */
function rowOf(base: string, at: number, entries: SegmentLogEntry[]): SegmentLogRow {
  const segments = new Set<string>();
  for (const entry of entries) if (typeof entry.segment === 'string') segments.add(entry.segment);
  return {
    id: segmentLogRowKey(base, entries.length),
    at,
    records: [...new Set(entries.map((entry) => entry.recordKey))],
    segments: [...segments],
    entries,
  };
}

/** The row of one evaluation (a capture's): keyed from the evaluation's own id. */
export function segmentLogRow(log: SegmentLogDoc): SegmentLogRow {
  return rowOf(log.id, log.at, [entryOf(log)]);
}

/** What a batch writes its evaluations with (`segmentLogWriter`). */
export interface SegmentLogWriter {
  /** Adds an evaluation (at the writer's instant); a full row is written at once. */
  add(log: SegmentLogDoc): void;
  /** Writes the row being filled, if any: call once every evaluation is added. */
  flush(): void;
}

/**
 * The evaluations of one transaction at one instant, written as rows in the order they were
 * made: `put` is called with each row as it fills, and with the rest on `flush`. `base` is
 * unique to the transaction (`segmentLogKey`); rows add their count in it.
 */
export function segmentLogWriter(
  put: (row: SegmentLogRow) => void,
  at: number,
  base: string,
): SegmentLogWriter {
  let entries: SegmentLogEntry[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = (): void => {
    if (entries.length === 0) return;
    rows += 1;
    put(rowOf(`${base}${rows.toString(36).padStart(COUNT_WIDTH, '0')}`, at, entries));
    entries = [];
    bytes = 0;
  };
  return {
    add(log) {
      entries.push(entryOf(log));
      bytes +=
        ENTRY_OVERHEAD +
        log.recordKey.length +
        log.recordName.length +
        log.url.length +
        log.why.length +
        log.connect.words.length +
        log.matches.reduce((sum, id) => sum + id.length, 0) +
        log.changed.reduce((sum, field) => sum + field.length, 0);
      if (entries.length >= SEGMENT_LOG_ROW_ENTRIES || bytes >= ROW_BYTES) flush();
    },
    flush,
  };
}

/** The part of a stored key before its entry count. */
const baseOf = (key: string): string => key.slice(0, -COUNT_WIDTH);

/** `row` holding only its last `keep` entries (the newest), under its own key base. */
export function newestEntriesOf(row: SegmentLogRow, keep: number): SegmentLogRow {
  return rowOf(baseOf(row.id), row.at, row.entries.slice(row.entries.length - keep));
}

/**
 * A why-log row as the store holds it, from what an older version stored or a backup file
 * says: a row (version 14 on) gets its index fields and key recomputed from its entries (a
 * file may say anything: the store must say what the rows hold); an evaluation stored alone
 * (before 14) becomes a row of one entry, under a key that starts with its instant (its old
 * key after that prefix, so it stays unique; rows keyed by a UUID before got one).
 */
export function storedSegmentLogRow(value: SegmentLogRow | SegmentLogDoc): SegmentLogRow {
  const prefix = eventKeyPrefix(value.at);
  if ('entries' in value && Array.isArray(value.entries)) {
    const base = baseOf(value.id);
    const sound = value.id.startsWith(prefix) && entriesInRow(value.id) === value.entries.length;
    return rowOf(sound ? base : `${prefix}${value.id}`, value.at, value.entries);
  }
  const log = value as SegmentLogDoc;
  return rowOf(log.id.startsWith(prefix) ? log.id : `${prefix}${log.id}`, log.at, [entryOf(log)]);
}

/** Entry `index` of `row`, as the console reads it. */
function docOf(row: SegmentLogRow, index: number, entry: SegmentLogEntry): SegmentLogDoc {
  return {
    id: `${baseOf(row.id)}:${index.toString(36).padStart(COUNT_WIDTH, '0')}`,
    at: row.at,
    ...entry,
  };
}

/** What `readSegmentLog` walks: an idb cursor over rows, newest key first. */
interface RowCursor {
  value: SegmentLogRow;
  continue(): Promise<RowCursor | null>;
}

/**
 * The entries of the rows from `cursor` on that `pick` keeps, until `limit` are found and the
 * rows of that instant are read (so the order below breaks ties as the whole log would).
 */
async function collect(
  start: Promise<RowCursor | null>,
  pick: (entry: SegmentLogEntry) => boolean,
  limit: number,
): Promise<SegmentLogDoc[]> {
  const found: SegmentLogDoc[] = [];
  let last: number | null = null;
  for (let cursor = await start; cursor !== null; cursor = await cursor.continue()) {
    const row = cursor.value;
    if (found.length >= limit && row.at !== last) break;
    for (const [index, entry] of row.entries.entries())
      if (pick(entry)) found.push(docOf(row, index, entry));
    last = row.at;
  }
  return found;
}

/**
 * The why log, newest first: one record's, one segment's, or everyone's, at most `limit`
 * evaluations. Evaluations of the same instant (a "Run now" batch) come in the order they were
 * made for a record or a segment, last made first for everyone, as when each was a row.
 */
export async function readSegmentLog(
  db: Database,
  query: { recordKey?: string; segmentId?: string; limit: number },
): Promise<SegmentLogDoc[]> {
  const store = db.transaction('segmentLog').store;
  const { recordKey, segmentId, limit } = query;
  if (recordKey === undefined && segmentId === undefined) {
    const rows = await collect(store.openCursor(null, 'prev'), () => true, limit);
    return rows
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, limit);
  }
  const found =
    recordKey !== undefined
      ? await collect(
          store.index('byRecord').openCursor(recordKey, 'prev'),
          (entry) => entry.recordKey === recordKey,
          limit,
        )
      : await collect(
          store.index('bySegment').openCursor(segmentId, 'prev'),
          (entry) => entry.segment === segmentId,
          limit,
        );
  return found
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}
