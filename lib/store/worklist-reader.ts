/**
 * The work list's fast read (docs/worklist.md): an extension page reads the background's
 * database directly, read-only. The `connections` store's `byDue` index holds exactly the rows
 * whose current step needs the seller (lib/store/projection.ts), so one `getAll` on it is the
 * whole work list: no serialization through the service worker, ~10,000 rows in one call.
 *
 * Read-only by construction: the database is opened without a version, so the page never
 * upgrades it, and if it does not exist yet (first run) the upgrade that would create it empty is
 * aborted (an empty database would break the background's migrations). Only the background
 * writes (lib/store/db.ts).
 */
import { openDB, type IDBPDatabase } from 'idb';

import { DB_NAME, type UpnextDB } from './db';
import { readSetting } from './settings';
import type { ConnectionRow } from './types';

/** The background has not created its database yet (first run): not a failure. */
export class DatabaseMissing extends Error {
  constructor() {
    super('The Upnext database is not there yet.');
    this.name = 'DatabaseMissing';
  }
}

export interface WorklistRead {
  /** By due time (the index order). */
  rows: ConnectionRow[];
  /** The seller's chosen time zone; null: the browser's. */
  timeZone: string | null;
}

async function openExisting(name: string): Promise<IDBPDatabase<UpnextDB>> {
  // Set inside the upgrade callback (TypeScript cannot see that it runs).
  const open = { missing: false };
  try {
    const db = await openDB<UpnextDB>(name, undefined, {
      upgrade(_db, _oldVersion, _newVersion, transaction) {
        open.missing = true;
        // The abort is the point: keep its rejection from surfacing as an unhandled error.
        transaction.done.catch(() => undefined);
        transaction.abort();
      },
    });
    // Never block the background's next upgrade.
    db.addEventListener('versionchange', () => db.close());
    return db;
  } catch (error) {
    if (open.missing) throw new DatabaseMissing();
    throw error;
  }
}

/**
 * The work-list rows (the first `limit` by due time, or all) and the seller's time zone. Throws
 * `DatabaseMissing` on a first run, and whatever IndexedDB throws otherwise: the caller then asks
 * the background (`listWork`).
 */
export async function readWorklistRows(
  options: { name?: string; limit?: number } = {},
): Promise<WorklistRead> {
  const db = await openExisting(options.name ?? DB_NAME);
  try {
    const tx = db.transaction(['connections', 'settings'], 'readonly');
    const [rows, settings] = await Promise.all([
      tx.objectStore('connections').index('byDue').getAll(null, options.limit),
      readSetting(tx.objectStore('settings'), 'settings'),
    ]);
    const zone = settings?.timeZone;
    return { rows, timeZone: typeof zone === 'string' && zone !== '' ? zone : null };
  } finally {
    db.close();
  }
}
