import type { IDBPDatabase } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 6: `mailSeen`, one row per mailbox message already applied to a record (key
 * `{client}:{messageId}|{recordKey}`), so the same message seen again (another tab, a reload, the
 * feed, a restarted worker) changes nothing. Indexed by client, so "Disconnect" removes a
 * client's rows in one range.
 */
export function migrateTo6(db: IDBPDatabase<UpnextDB>): void {
  const seen = db.createObjectStore('mailSeen', { keyPath: 'key' });
  seen.createIndex('byClient', 'client');
}
