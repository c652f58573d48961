/**
 * Retention of the event log walks the store's keys (time-ordered since version 11, no time
 * index): what is older than the window goes, the window's edge stays, and beyond the cap the
 * oldest go first.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';

import { openDatabase, type Database } from './db';
import { eventKey } from './event-keys';
import { compactEvents } from './retention';
import type { EventDoc } from './types';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
});

function event(at: number, n: number): EventDoc {
  return {
    id: eventKey(at, `uuid-${String(n).padStart(7, '0')}`),
    at,
    recordKey: 'dynamics365|lead|1',
    connectionId: 'c1',
    sequenceId: 'outbound',
    version: 1,
    stepId: 's1',
    type: 'step-completed',
    data: {},
  };
}

async function put(events: EventDoc[]): Promise<void> {
  const tx = db.transaction('events', 'readwrite');
  await Promise.all(events.map((value) => tx.store.put(value)));
  await tx.done;
}

it('deletes the events older than the window and keeps the rest, the edge included', async () => {
  const policy = { maxAgeMs: 90 * DAY, maxEvents: 1000 };
  const cutoff = NOW - policy.maxAgeMs;
  const events = [
    event(cutoff - 200 * DAY, 1),
    event(cutoff - 1, 2),
    event(cutoff, 3),
    event(cutoff + 1, 4),
    event(NOW, 5),
    // Written in the same millisecond as an old one: its own key, same fate.
    event(cutoff - 1, 6),
  ];
  await put(events);
  expect(await compactEvents(db, NOW, policy)).toBe(3);
  expect((await db.getAll('events')).map((value) => value.at)).toEqual([cutoff, cutoff + 1, NOW]);
  // Nothing more to do the next day within the window.
  expect(await compactEvents(db, NOW, policy)).toBe(0);
});

it('beyond the cap deletes the oldest events first, whatever order they were written in', async () => {
  const ats = [5, 1, 4, 2, 3].map((n) => NOW - n * DAY);
  await put(ats.map((at, n) => event(at, n)));
  expect(await compactEvents(db, NOW, { maxAgeMs: 90 * DAY, maxEvents: 3 })).toBe(2);
  expect((await db.getAll('events')).map((value) => value.at)).toEqual(
    [3, 2, 1].map((n) => NOW - n * DAY),
  );
});
