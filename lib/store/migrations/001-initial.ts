import type { IDBPDatabase } from 'idb';

import type { UpnextDB } from '../db';

/** Version 1: sequences and their versions, records with their engine state, the connection projection, the event log, per-step statistics and settings. */
export function migrateTo1(db: IDBPDatabase<UpnextDB>): void {
  const sequences = db.createObjectStore('sequences', { keyPath: 'id' });
  sequences.createIndex('byState', 'state');

  db.createObjectStore('versions', { keyPath: ['id', 'version'] });

  const records = db.createObjectStore('records', { keyPath: 'key' });
  records.createIndex('byWakeAt', 'wakeAt');

  const connections = db.createObjectStore('connections', { keyPath: 'id' });
  connections.createIndex('byRecord', 'recordKey');
  connections.createIndex('bySequence', 'sequenceId');
  // Only rows whose current step needs the seller carry `dueAt`, so this index is exactly the work list.
  // Replaced in version 12 by `byDueOrder` ([dueAt, id]: bounded pages).
  connections.createIndex('byDue' as never, 'dueAt');
  // Replaced in version 11 by `byActive` (active rows only): the types name today's indexes.
  connections.createIndex('byStatus' as never, 'status');
  connections.createIndex('bySequenceStatus' as never, ['sequenceId', 'status']);

  const events = db.createObjectStore('events', { keyPath: 'id' });
  // Only what is queried: a record's log, and age for retention. Every index costs space on
  // each of the many event rows (benchmark db-size-1y).
  // Both replaced in version 11: `byCaptures` (only the events read by record), and keys that
  // start with the event's instant instead of `byAt`.
  events.createIndex('byRecord' as never, 'recordKey');
  events.createIndex('byAt' as never, 'at');

  const stats = db.createObjectStore('stats', { keyPath: ['sequenceId', 'stepId'] });
  stats.createIndex('bySequence', 'sequenceId');

  db.createObjectStore('settings', { keyPath: 'key' });
}
