import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { UpnextDB } from '../db';
import { DUE_ORDER } from '../due-order';

type UpgradeTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'versionchange'>;

/**
 * Version 12: the work list's index is keyed [dueAt, id] (`byDueOrder`, lib/store/due-order.ts)
 * instead of `dueAt` alone (`byDue`). The order is the same (IndexedDB orders the rows of one
 * `dueAt` by id), but a page can now start right after a given row: with `byDue`, the rest of an
 * instant shared by many rows (100,000 connected in one go) was one unbounded read.
 *
 * In place: the stored rows already carry both fields, so creating the index fills it from them
 * inside the upgrade's transaction (rows without `dueAt` stay out, as before); nothing is
 * rewritten. Guarded by what exists, so running it again changes nothing.
 */
export function migrateTo12(db: IDBPDatabase<UpnextDB>, tx: UpgradeTx): void {
  if (!db.objectStoreNames.contains('connections')) return;
  const connections = tx.objectStore('connections');
  if (connections.indexNames.contains('byDue' as never)) connections.deleteIndex('byDue');
  if (!connections.indexNames.contains(DUE_ORDER))
    connections.createIndex(DUE_ORDER, ['dueAt', 'id']);
}
