import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 8: segments (issue #17). `segments` holds the manager's segments (key: id);
 * `segmentLog` one row per evaluation of a record (the why log), read per record, per segment
 * and by age (retention); `records.bySegment` lists a segment's members (only records that are
 * in a segment carry `segment`, so the index holds exactly the members).
 *
 * Guarded by what exists: a database that an early build of segments upgraded to version 4
 * already has these stores and keeps them (and their rows) as they are.
 */
export function migrateTo8(
  db: IDBPDatabase<UpnextDB>,
  tx: IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'versionchange'>,
): void {
  if (!db.objectStoreNames.contains('segments'))
    db.createObjectStore('segments', { keyPath: 'id' });
  if (!db.objectStoreNames.contains('segmentLog')) {
    const log = db.createObjectStore('segmentLog', { keyPath: 'id' });
    log.createIndex('byRecord', 'recordKey');
    log.createIndex('bySegment', 'segment');
    // Version 14 replaces these with multiEntry indexes over rows of evaluations.
    log.createIndex('byAt' as never, 'at');
  }
  if (!db.objectStoreNames.contains('records')) return;
  const records = tx.objectStore('records');
  if (!records.indexNames.contains('bySegment')) records.createIndex('bySegment', 'segment');
}
