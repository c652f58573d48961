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
 */
import { parseRecordKey } from '../domain/record-ref';
import type { RecordFieldValue } from '../engine/types';
import type { Entity } from '../sequence/types';
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
