import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { UpnextDB } from '../db';
import { storedSegmentLogRow } from '../segment-log';
import type { SegmentLogDoc, SegmentLogRow } from '../types';

type UpgradeTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'versionchange'>;

/**
 * Version 14: the why log stores rows of evaluations written together (lib/store/
 * segment-log.ts): "Run now" wrote one row, one `put`, per evaluation. `byRecord` and
 * `bySegment` become multiEntry indexes over the record keys and segments a row holds; `byAt`
 * goes (keys start with the row's instant, so age is a key range, as for events).
 *
 * Every stored evaluation becomes a row of one entry, keyed by its instant, its old key and
 * the count (one shape to read), in the upgrade's transaction with a cursor: a database opens
 * with its rows converted or not at all. Guarded by what exists, so running it again changes
 * nothing.
 */
export function migrateTo14(db: IDBPDatabase<UpnextDB>, tx: UpgradeTx): void {
  if (!db.objectStoreNames.contains('segmentLog')) return;
  const log = tx.objectStore('segmentLog');
  if (!log.indexNames.contains('byAt' as never)) return;
  for (const name of ['byRecord', 'bySegment', 'byAt'])
    if (log.indexNames.contains(name as never)) log.deleteIndex(name);
  log.createIndex('byRecord', 'records', { multiEntry: true });
  log.createIndex('bySegment', 'segments', { multiEntry: true });
  void convert(tx);
}

/** Rewrites every evaluation stored alone as a row (see migrateTo14). */
async function convert(tx: UpgradeTx): Promise<void> {
  const store = tx.objectStore('segmentLog');
  let cursor = await store.openCursor();
  while (cursor) {
    const value = cursor.value as SegmentLogRow | SegmentLogDoc;
    // A row met again (its new key sorts after the cursor) is left as it is.
    if (!('entries' in value)) {
      void cursor.delete();
      void store.put(storedSegmentLogRow(value));
    }
    cursor = await cursor.continue();
  }
}
