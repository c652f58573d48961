/**
 * An extension page's own connection to the background's database, for reads that would be too
 * large or too slow through messages (the work list's rows, a backup file). Read-only by
 * construction: the database is opened without a version, so the page never upgrades it, and if
 * it does not exist yet (first run) the upgrade that would create it empty is aborted (an empty
 * database would break the background's migrations). Only the background writes (lib/store/db.ts).
 */
import { openDB } from 'idb';

import { DB_NAME, type Database, type UpnextDB } from './db';

/** The background has not created its database yet (first run): not a failure. */
export class DatabaseMissing extends Error {
  constructor() {
    super('The Upnext database is not there yet.');
    this.name = 'DatabaseMissing';
  }
}

/** Opens the existing database (`DatabaseMissing` on a first run); close it when done. */
export async function openReadOnly(name: string = DB_NAME): Promise<Database> {
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
