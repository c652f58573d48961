import type { IDBPDatabase } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 5: `rollups`, the daily insight counts per sequence, version and UTC day (key
 * `[sequenceId, version, day]`, lib/store/rollups.ts). Indexed by sequence, so one sequence's
 * year is one range read. Existing databases start without rows; the background rebuilds them
 * from the stored history (with progress) the first time.
 */
export function migrateTo5(db: IDBPDatabase<UpnextDB>): void {
  const rollups = db.createObjectStore('rollups', { keyPath: ['sequenceId', 'version', 'day'] });
  rollups.createIndex('bySequence', 'sequenceId');
}
