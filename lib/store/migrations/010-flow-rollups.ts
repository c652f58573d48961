import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 10: `flowRollups`, one sequence version's flow summed per UTC day of connection (key
 * `[sequenceId, version, day]`, lib/engine/flow-rollup.ts), so a sequence's insights read a
 * window's days instead of every record connected in it. One version's days are one key range,
 * so there is no index.
 *
 * The rows are built with the daily roll-ups: forgetting the roll-ups' build state makes the
 * background rebuild both from the stored history (with progress), as after a restore. Guarded
 * by what exists, so running it again changes nothing.
 */
export function migrateTo10(
  db: IDBPDatabase<UpnextDB>,
  tx: IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'versionchange'>,
): void {
  if (db.objectStoreNames.contains('flowRollups')) return;
  db.createObjectStore('flowRollups', { keyPath: ['sequenceId', 'version', 'day'] });
  if (db.objectStoreNames.contains('settings'))
    void tx.objectStore('settings').delete('rollupBuild');
}
