import type { IDBPDatabase } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 13: `rollupDeltas`, what each command changed in the insight roll-ups, appended in the
 * command's own transaction (one put, no read of the rows it changes) and folded into the
 * `rollups` and `flowRollups` rows a moment later, off the seller's path (lib/store/rollups.ts).
 * Keys are generated in increasing order (auto-increment), so the deltas fold in the order
 * their commands ran. Nothing to convert: the store starts empty and the rows stay as they are.
 * Guarded by what exists, so running it again changes nothing.
 */
export function migrateTo13(db: IDBPDatabase<UpnextDB>): void {
  if (db.objectStoreNames.contains('rollupDeltas')) return;
  db.createObjectStore('rollupDeltas', { autoIncrement: true });
}
