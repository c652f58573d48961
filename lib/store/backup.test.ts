/**
 * A backup written in parts (lib/store/backup.ts `writeBackup`): what the console builds in the
 * page for large databases must be the same file the background's `createBackup` gives, read in
 * one snapshot, with progress that ends at the total, and it must restore.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';

import {
  backupFileName,
  createBackup,
  restoreBackup,
  writeBackup,
  type BackupProgress,
} from './backup';
import { ALL_STORES, DB_VERSION, openDatabase, type Database } from './db';
import { DUE_ORDER } from './due-order';
import { eventKey, eventKeyPrefix } from './event-keys';
import type { EventDoc } from './types';

const NOW = Date.parse('2026-03-23T10:00:00Z');
let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
});

/**
 * `count` events (more than one page of the backup's reads), keys out of insertion order. Keys as
 * the record transaction makes them: the instant, then the end of the engine's id.
 */
async function seedEvents(count: number): Promise<EventDoc[]> {
  const events: EventDoc[] = Array.from({ length: count }, (_, n) => ({
    id: eventKey(NOW - n, String((n * 7919) % count).padStart(12, '0')),
    at: NOW - n,
    recordKey: `dynamics365|lead|${String(n % 50)}`,
    connectionId: `c-${String(n % 50)}`,
    sequenceId: 'outbound',
    version: 1,
    stepId: 'e1',
    type: 'step-completed',
    data: { note: n % 3 === 0 ? 'Left a voicemail “ok” \u{1F600}' : undefined },
  }));
  const tx = db.transaction('events', 'readwrite');
  await Promise.all(events.map((event) => tx.store.put(event)));
  await tx.done;
  return events;
}

it('writes in parts the same file as one JSON text of every store, with progress to the total', async () => {
  const events = await seedEvents(4500);
  await db.put('settings', { key: 'settings', value: { sellerName: 'Ada' } } as never);
  const parts: string[] = [];
  const progress: BackupProgress[] = [];
  await writeBackup(
    db,
    NOW,
    (part) => parts.push(part),
    (now) => progress.push(now),
  );

  const text = parts.join('');
  // More than one part per large store: nothing had to be one read or one string.
  expect(parts.length).toBeGreaterThan(ALL_STORES.length + 3);
  const expected = {
    format: 'upnext-backup/v1',
    schemaVersion: DB_VERSION,
    exportedAt: NOW,
    stores: {
      sequences: [],
      versions: [],
      records: [],
      connections: [],
      events: [...events].sort((a, b) => a.id.localeCompare(b.id)),
      stats: [],
      settings: [{ key: 'settings', value: { sellerName: 'Ada' } }],
      abTests: [],
      segments: [],
      segmentLog: [],
    },
  };
  expect(text).toBe(JSON.stringify(expected));
  expect(await createBackup(db, NOW)).toBe(text);

  expect(progress[0]).toEqual({ done: 0, total: 4501 });
  expect(progress.at(-1)).toEqual({ done: 4501, total: 4501 });
  const done = progress.map((step) => step.done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
});

it('restores what it wrote', async () => {
  await seedEvents(2500);
  const text = await createBackup(db, NOW);
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
  expect(await restoreBackup(db, text)).toEqual({ sequences: 0, records: 0, events: 2500 });
  expect(await createBackup(db, NOW)).toBe(text);
});

it("forgets which records rest after failed ticks: a file's rests are another moment's", async () => {
  const rest = { wakeAt: NOW, failures: 4, retryAt: NOW + 3_600_000 };
  await db.put('settings', { key: 'tickRetries', value: { 'dynamics365|lead|1': rest } });
  const text = await createBackup(db, NOW);
  await restoreBackup(db, text);
  expect(await db.get('settings', 'tickRetries')).toBeUndefined();
});

it('names the file by the UTC day', () => {
  expect(backupFileName(Date.parse('2026-03-23T23:30:00-05:00'))).toBe(
    'upnext-backup-2026-03-24.json',
  );
});

it('restores a backup made before version 11 with the active connections and captures indexed', async () => {
  const row = (id: string, status: string, extra: object = {}) => ({
    id,
    recordKey: `dynamics365|lead|${id}`,
    sequenceId: 'outbound',
    status,
    ...extra,
  });
  const event = (id: string, type: string) => ({
    id: eventKey(NOW, id),
    at: NOW,
    recordKey: 'dynamics365|lead|a',
    type,
    data: type === 'fields-recorded' ? { values: { jobTitle: 'VP' } } : {},
  });
  const file = {
    format: 'upnext-backup/v1',
    schemaVersion: 10,
    exportedAt: NOW,
    stores: {
      sequences: [],
      versions: [],
      records: [],
      // An ended row that claims to be active (an edited file) is not counted as active.
      connections: [
        row('a', 'active'),
        row('b', 'completed', { activeSequenceId: 'outbound' }),
        row('c', 'active'),
      ],
      events: [event('e1', 'fields-recorded'), event('e2', 'step-completed')],
      stats: [],
      settings: [],
    },
  };
  await restoreBackup(db, JSON.stringify(file));
  expect(await db.getAllKeysFromIndex('connections', 'byActive', 'outbound')).toEqual(['a', 'c']);
  expect(await db.get('connections', 'b')).toEqual(row('b', 'completed'));
  expect(await db.getAllKeysFromIndex('events', 'byCaptures', 'dynamics365|lead|a')).toEqual([
    eventKey(NOW, 'e1'),
  ]);
  expect(await db.count('events')).toBe(2);
});

it('restores a backup made before version 12 with the work list in due-then-id order', async () => {
  const row = (id: string, dueAt?: number) => ({
    id,
    recordKey: `dynamics365|lead|${id}`,
    sequenceId: 'outbound',
    status: 'active',
    stepId: 's1',
    ...(dueAt === undefined ? {} : { dueAt }),
  });
  const file = {
    format: 'upnext-backup/v1',
    schemaVersion: 11,
    exportedAt: NOW,
    stores: {
      sequences: [],
      versions: [],
      records: [],
      connections: [row('d', NOW), row('a', NOW + 1), row('b', NOW), row('waiting')],
      events: [],
      stats: [],
      settings: [],
    },
  };
  await restoreBackup(db, JSON.stringify(file));
  expect(await db.getAllKeysFromIndex('connections', DUE_ORDER)).toEqual(['b', 'd', 'a']);
  expect(await db.count('connections')).toBe(4);
});

it('restores events kept under keys that are not in time order under keys that are, losing none', async () => {
  const DAY = 86_400_000;
  // Keys as builds before time-ordered keys wrote them: the engine's UUID.
  const events = [
    { id: 'c2f1e6a0-0000-4000-8000-000000000002', at: NOW - 2 * DAY, type: 'step-completed' },
    { id: '0b9a77d1-0000-4000-8000-000000000001', at: NOW - DAY, type: 'note-added' },
    { id: 'ffffffff-0000-4000-8000-000000000003', at: NOW - 3 * DAY, type: 'connected' },
  ].map((event) => ({ ...event, recordKey: 'dynamics365|lead|a', data: { n: event.at } }));
  const file = {
    format: 'upnext-backup/v1',
    schemaVersion: 10,
    exportedAt: NOW,
    stores: {
      sequences: [],
      versions: [],
      records: [],
      connections: [],
      events,
      stats: [],
      settings: [],
    },
  };
  await restoreBackup(db, JSON.stringify(file));
  // Oldest first in key order, each with its content and its old key after its instant.
  expect(await db.getAll('events')).toEqual(
    [events[2], events[0], events[1]].map((event) => ({
      ...event,
      id: eventKeyPrefix(event.at) + event.id,
    })),
  );
});
