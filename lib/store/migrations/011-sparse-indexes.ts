import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { UpnextDB } from '../db';
import { timeOrderedEventId } from '../event-keys';
import { withConnectionIndexFields, withEventIndexFields } from '../index-fields';
import type { ConnectionRow, EventDoc } from '../types';

type UpgradeTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'versionchange'>;

/**
 * Version 11: indexes over only the rows that are asked for (lib/store/index-fields.ts), for the
 * size of a heavy year (bench db-size-1y, docs/storage.md "Size"):
 * - `connections`: `byStatus` and `bySequenceStatus` indexed every row, but were only ever asked
 *   for active ones; `byActive` (on `activeSequenceId`, set only while a connection is active)
 *   answers both: all of it is every active connection, one sequence's range its active ones.
 * - `events`: `byRecord` indexed every event, but only a record's `fields-recorded` events are
 *   read by record; `byCaptures` (on `capturesOf`, set only on those) holds just them. `byAt`
 *   goes: event keys start with the event's instant (lib/store/event-keys.ts), so retention walks
 *   the keys. Events stored under the engine's UUID before time-ordered keys get one (their old
 *   key after the time prefix, so it stays unique); nothing reads an event by its key.
 *
 * Stored rows get the fields here, in the upgrade's transaction, with a cursor (a large database
 * is never held in memory at once): a database opens with its indexes complete or not at all.
 * Guarded by what exists, so running it again changes nothing.
 */
export function migrateTo11(db: IDBPDatabase<UpnextDB>, tx: UpgradeTx): void {
  if (db.objectStoreNames.contains('connections')) {
    const connections = tx.objectStore('connections');
    for (const name of ['byStatus', 'bySequenceStatus'])
      if (connections.indexNames.contains(name as never)) connections.deleteIndex(name);
    if (!connections.indexNames.contains('byActive')) {
      connections.createIndex('byActive', 'activeSequenceId');
      void rewrite(tx, 'connections', (row: ConnectionRow) =>
        row.status === 'active' ? withConnectionIndexFields(row) : null,
      );
    }
  }
  if (db.objectStoreNames.contains('events')) {
    const events = tx.objectStore('events');
    for (const name of ['byRecord', 'byAt'])
      if (events.indexNames.contains(name as never)) events.deleteIndex(name);
    if (!events.indexNames.contains('byCaptures')) {
      events.createIndex('byCaptures', 'capturesOf');
      void rekeyEvents(tx);
    }
  }
}

/** Gives every event a time-ordered key and its index fields (see migrateTo11). */
async function rekeyEvents(tx: UpgradeTx): Promise<void> {
  const store = tx.objectStore('events');
  let cursor = await store.openCursor();
  while (cursor) {
    const event: EventDoc = cursor.value;
    const id = timeOrderedEventId(event);
    if (id !== event.id) {
      // The new key may sort after the cursor: met again, it is left as it is.
      void cursor.delete();
      void store.put(withEventIndexFields({ ...event, id }));
    } else if (event.type === 'fields-recorded') {
      void cursor.update(withEventIndexFields(event));
    }
    cursor = await cursor.continue();
  }
}

/**
 * Walks a store and writes back each row `change` returns (null: left as it is). The upgrade
 * transaction stays open while these requests chain; a failed one aborts it (and the open), so
 * the version is never raised over half-converted rows.
 */
async function rewrite(
  tx: UpgradeTx,
  name: 'connections',
  change: (value: ConnectionRow) => ConnectionRow | null,
): Promise<void> {
  let cursor = await tx.objectStore(name).openCursor();
  while (cursor) {
    const next = change(cursor.value);
    if (next !== null) void cursor.update(next);
    cursor = await cursor.continue();
  }
}
