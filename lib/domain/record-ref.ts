/**
 * A CRM record, as every part of Upnext names it: the CRM (a built-in id such as `dynamics`, or a
 * custom CRM's pack id), one of the four entities, and the record's id in that CRM.
 */
import { ENTITIES, type Entity } from '../sequence/types';

export interface RecordRef {
  crm: string;
  entity: Entity;
  id: string;
}

/**
 * The one key of a record: `crm|entity|id`. It is the key of the `records` store and of the
 * `byRecord` indexes in IndexedDB since version 1, so it must never change (a new separator would
 * orphan every stored record); live updates and "same record" checks use it too. The id comes
 * last and may itself contain `|`; CRM ids and entities never do.
 */
export function recordKey(ref: RecordRef): string {
  return `${ref.crm}|${ref.entity}|${ref.id}`;
}

/** The reference a key names, or null when `key` is not `crm|entity|id`. */
export function parseRecordKey(key: string): RecordRef | null {
  const first = key.indexOf('|');
  const second = first < 0 ? -1 : key.indexOf('|', first + 1);
  if (first <= 0 || second < 0) return null;
  const entity = key.slice(first + 1, second) as Entity;
  if (!(ENTITIES as readonly string[]).includes(entity)) return null;
  return { crm: key.slice(0, first), entity, id: key.slice(second + 1) };
}
