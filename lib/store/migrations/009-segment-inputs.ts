import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { UpnextDB } from '../db';
import { segmentInputOf } from '../segment-inputs';

/**
 * Version 9: `segmentInputs`, what segment criteria read of each record (lib/store/
 * segment-inputs.ts), key [entity, record key], so "Simulate results" and "Run now" read and
 * count one kind of record as one key range, in key order, from any key. Filled here from
 * every stored record, in the upgrade's transaction: a database opens with the rows complete or
 * not at all.
 *
 * Guarded by what exists, like version 8: whatever version a database comes from (4 to 8), it
 * gets the store once, and one that has it keeps it.
 */
export function migrateTo9(
  db: IDBPDatabase<UpnextDB>,
  tx: IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'versionchange'>,
): void {
  if (db.objectStoreNames.contains('segmentInputs')) return;
  db.createObjectStore('segmentInputs', { keyPath: ['entity', 'key'] });
  if (!db.objectStoreNames.contains('records')) return;
  const fill = async () => {
    // A cursor, not one getAll: a database of 100,000 records is never held in memory at once.
    let cursor = await tx.objectStore('records').openCursor();
    while (cursor) {
      const row = segmentInputOf(cursor.value);
      if (row !== null) void tx.objectStore('segmentInputs').put(row);
      cursor = await cursor.continue();
    }
  };
  // The upgrade transaction stays open while these requests chain; a failed one aborts it (and
  // the open), so the version is never raised over a half-filled store.
  void fill();
}
