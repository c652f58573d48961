/**
 * What segment criteria read of each known record (issue #17), kept in a store of its own,
 * `segmentInputs`: the record's key, kind, CRM, page host, latest fields and segment, plus its
 * name and address for the simulation's list. "Simulate results" and "Run now" go through every record
 * of a kind; reading these small rows instead of the full record documents (their connections,
 * history and captured page text) is what keeps them fast at 10,000 records and more.
 *
 * Derived from the record document, never edited on its own: the record transaction
 * (record-tx.ts) writes a record's row in the same transaction as the record whenever the row
 * would change, migration 9 fills it from the stored records, and a restore rebuilds it from the
 * restored ones (backups do not hold it).
 *
 * Readers of a whole kind read its rows from `segmentInputPacks` (version 15): the same rows,
 * up to 1,000 to a value. IndexedDB's cost of a read is mostly per value (a `getAll` of 10,000
 * of these rows took six to ten times as long as the same rows in ten or twenty values), so the
 * packs, not the rows, are what "Simulate results" reads. Packs are a copy, kept true by
 * deleting them: every transaction that writes a kind's row deletes that kind's packs
 * (`putSegmentInput` is the one way a row is written), and the next read of the kind packs the rows again, in a
 * transaction that reads the rows, so packs that exist are always the rows as they are.
 */
import { unwrap } from 'idb';

import { parseRecordKey } from '../domain/record-ref';
import type { RecordFieldValue } from '../engine/types';
import type { Entity, Segment } from '../sequence/types';
import type { Database } from './db';
import { loadSegments } from './segment-cache';
import { hostOf } from './segment-routing';
import type { RecordDoc } from './types';

/** One record as segment criteria see it. Key: [entity, key], so each kind is one key range. */
export interface SegmentInputDoc {
  /** `crm|entity|id` */
  key: string;
  entity: Entity;
  crm: string;
  /** The host name of the record's last page; null when its address is not a URL. */
  host: string | null;
  /** The record's display name and last address (the simulation links to it). */
  name: string;
  url: string;
  /** The record's latest known fields (`state.fields`), what field conditions test. */
  fields: Readonly<Record<string, RecordFieldValue>>;
  /** The segment the record is in (`RecordDoc.segment`); null when in none. */
  segment: string | null;
}

/**
 * The row of a stored record. Tolerates documents written by early builds without `ref` or
 * `state` (the kind and CRM then come from the key); null for a key that names no record.
 */
export function segmentInputOf(doc: RecordDoc): SegmentInputDoc | null {
  const ref = (doc.ref as RecordDoc['ref'] | undefined) ?? parseRecordKey(doc.key);
  if (ref === null) return null;
  const url = typeof doc.url === 'string' ? doc.url : '';
  return {
    key: doc.key,
    entity: ref.entity,
    crm: ref.crm,
    host: hostOf(url),
    name: typeof doc.name === 'string' ? doc.name : ref.id,
    url,
    fields: (doc.state as RecordDoc['state'] | undefined)?.fields ?? {},
    segment: doc.segment ?? null,
  };
}

/**
 * Whether the row of `after` differs from the row of `before` (null: a record seen for the
 * first time), compared on the documents without parsing their addresses: the record
 * transaction asks on every write, and most writes (an action, a "Run now") change none of it.
 */
export function segmentInputChanged(before: RecordDoc | undefined, after: RecordDoc): boolean {
  if (before === undefined) return true;
  if (
    before.key !== after.key ||
    before.url !== after.url ||
    before.name !== after.name ||
    before.segment !== after.segment
  )
    return true;
  const a = before.state.fields;
  const b = after.state.fields;
  if (a === b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return true;
  return keys.some((key) => !Object.hasOwn(b, key) || a[key] !== b[key]);
}

/**
 * The key range of the records of `entity`, in key order, after the record key `after` (null:
 * from the first). A range of the store's own keys: counting it walks keys only (counting an
 * index range checks every entry against its row, lib/store/work-queries.ts).
 */
export function entityRange(entity: Entity, after: string | null = null): IDBKeyRange {
  // Arrays sort after every string: [entity, []] is above every [entity, key].
  return after === null
    ? IDBKeyRange.bound([entity, ''], [entity, []])
    : IDBKeyRange.bound([entity, after], [entity, []], true);
}

/**
 * Up to `PACK_SIZE` rows of one kind, in key order; pack `n` holds rows n × PACK_SIZE onwards.
 * The rows are JSON text (`json`): IndexedDB hands a string over whole, while every object in a
 * stored value is rebuilt one property at a time in the worker, which cost more than reading
 * them; `JSON.parse` makes the same objects faster. A pack whose rows JSON would not give back
 * exactly (a field that is a number JSON cannot write: NaN, ±Infinity, -0) holds them as they are.
 */
export type SegmentInputPackDoc = { entity: Entity; n: number } & (
  { json: string } | { rows: SegmentInputDoc[] }
);

/** Rows per pack: ten values for 10,000 records; 1,000 rows are about 400 kB. */
const PACK_SIZE = 1000;

/** The packs of `entity` (numbers sort before arrays: [entity, []] is above every pack). */
function packRange(entity: Entity): IDBKeyRange {
  return IDBKeyRange.bound([entity, 0], [entity, []]);
}

/** Whether JSON gives `row` back exactly: every field that is a number is one JSON writes. */
function jsonExact(row: SegmentInputDoc): boolean {
  return Object.values(row.fields).every(
    (value) => typeof value !== 'number' || (Number.isFinite(value) && !Object.is(value, -0)),
  );
}

function packOf(entity: Entity, n: number, rows: SegmentInputDoc[]): SegmentInputPackDoc {
  return rows.every(jsonExact) ? { entity, n, json: JSON.stringify(rows) } : { entity, n, rows };
}

function rowsOf(pack: SegmentInputPackDoc): SegmentInputDoc[] {
  return 'json' in pack ? (JSON.parse(pack.json) as SegmentInputDoc[]) : pack.rows;
}

/** Kinds whose packs a transaction already deleted: one request per kind and transaction. */
const dropped = new WeakMap<object, Set<Entity>>();

/**
 * Deletes the packs of `entity` in `tx`, the transaction that writes one of its `segmentInputs`
 * rows (a pack that no longer says what the rows are must not be read). Returns the request
 * (an idb transaction's promise, or a plain request), or undefined when `tx` already deleted
 * them. A failed request aborts `tx`, so the row is never written without the packs going.
 */
function dropSegmentInputPacks<R>(
  tx: { objectStore(name: 'segmentInputPacks'): { delete(query: IDBKeyRange): R } },
  entity: Entity,
): R | undefined {
  // Keyed by the browser's transaction: a Run now batch drops through idb's wrapper (a capture)
  // and through the plain transaction (the quiet path), and both are one transaction.
  const key = (unwrap(tx as never) as object | undefined) ?? tx;
  const kinds = dropped.get(key) ?? new Set<Entity>();
  if (kinds.has(entity)) return undefined;
  kinds.add(entity);
  dropped.set(key, kinds);
  return tx.objectStore('segmentInputPacks').delete(packRange(entity));
}

/**
 * Writes `input` to `rows` (the `segmentInputs` store of `tx`) and drops its kind's packs in
 * `tx`: the one way a row is written outside a migration, so no writer can leave a pack that
 * says something else than the rows. `rows` is passed apart from `tx` so a batch can hold its
 * store once (Run now's quiet path writes up to 10,000 rows). Returns the requests made.
 */
export function putSegmentInput<R, D>(
  rows: { put(value: SegmentInputDoc): R },
  tx: Parameters<typeof dropSegmentInputPacks<D>>[0],
  input: SegmentInputDoc,
): (R | D)[] {
  const written = rows.put(input);
  const dropped = dropSegmentInputPacks(tx, input.entity);
  return dropped === undefined ? [written] : [written, dropped];
}

/**
 * Every `segmentInputs` row of `entity`, in key order, and (with `withSegments`) every stored
 * segment in its order, in one snapshot; the segments come from the background's compiled copy
 * when the stored revision is the one it holds (lib/store/segment-cache.ts), so 250 stored
 * segments are not read and rebuilt on every call. Reads the kind's packs; when there are none
 * (a row of the kind was written since they were made, or they never were), reads the rows in
 * the same transaction and packs them after this answer (`packKind`).
 */
export async function readSegmentInputs(
  db: Database,
  entity: Entity,
  withSegments = false,
): Promise<{ rows: SegmentInputDoc[]; segments: readonly Segment[] }> {
  const tx = db.transaction(
    ['segmentInputPacks', 'segmentInputs', 'segments', 'settings'],
    'readonly',
  );
  const [packs, segments] = await Promise.all([
    tx.objectStore('segmentInputPacks').getAll(packRange(entity)),
    withSegments ? loadSegments(tx).then((compiled) => compiled.all) : [],
  ]);
  if (packs.length > 0) {
    await tx.done;
    return { rows: packs.flatMap(rowsOf), segments };
  }
  const rows = await tx.objectStore('segmentInputs').getAll(entityRange(entity));
  await tx.done;
  // In a task of its own, after the caller has answered: making the packs (JSON text of every
  // row) costs about what reading the rows did, and this call has no use for them.
  if (rows.length > 0) setTimeout(() => void packKind(db, entity).catch(() => undefined), 0);
  return { rows, segments };
}

/**
 * Packs the rows of `entity` unless its packs exist: reads the rows and writes the packs in one
 * read-write transaction, so the packs written are exactly the rows as they are. The packs are a
 * copy: should this fail, nothing is lost and the next read packs again.
 */
async function packKind(db: Database, entity: Entity): Promise<void> {
  const tx = db.transaction(['segmentInputPacks', 'segmentInputs'], 'readwrite');
  const store = tx.objectStore('segmentInputPacks');
  if ((await store.count(packRange(entity))) > 0) return tx.done;
  const rows = await tx.objectStore('segmentInputs').getAll(entityRange(entity));
  const writes: Promise<unknown>[] = [];
  for (let start = 0; start < rows.length; start += PACK_SIZE) {
    const n = start / PACK_SIZE;
    writes.push(store.put(packOf(entity, n, rows.slice(start, start + PACK_SIZE))));
  }
  await Promise.all([...writes, tx.done]);
}
