import type { IDBPDatabase } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 15: `segmentInputPacks`, the `segmentInputs` rows of one kind of record copied into a
 * few large values of up to 1,000 rows each (lib/store/segment-inputs.ts), key [entity, pack
 * number]: reading 10,000 rows costs IndexedDB per row, so "Simulate results" and the builder's
 * field list read ten values instead. Nothing to convert: the store starts empty and the first
 * read of a kind packs its rows. Guarded by what exists, so running it again changes nothing.
 */
export function migrateTo15(db: IDBPDatabase<UpnextDB>): void {
  if (db.objectStoreNames.contains('segmentInputPacks')) return;
  db.createObjectStore('segmentInputPacks', { keyPath: ['entity', 'n'] });
}
