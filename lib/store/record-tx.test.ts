/**
 * The event log as the record transaction writes it: every event kept (none overwrites another,
 * even at the same instant), keyed in time order (docs/storage.md: short time-ordered keys keep
 * the log small).
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';

import { importPack } from '../use-cases/import-pack';
import { openDatabase, type Database } from './db';
import { runRecordCommand, type CommandContext } from './record-tx';
import { setState } from './sequences-repo';

const START = Date.parse('2026-03-02T09:00:00Z');
const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outbound',
      name: 'Outbound',
      entity: 'lead',
      steps: [
        { id: 't1', type: 'task' },
        { id: 't2', type: 'task' },
      ],
    },
  ],
});

let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
  await importPack(db, PACK, START);
  await setState(db, ['outbound'], 'active', START);
});

it('keeps every event of the log, in time order, also when several happen at one instant', async () => {
  const ctx = (now: number): CommandContext => ({
    now,
    timeZone: 'UTC',
    away: [],
    newId: () => crypto.randomUUID(),
    seller: {},
  });
  const sighting = (n: number) => ({
    url: `https://demo.example/lead/${n}`,
    title: `Lead ${n}`,
    name: `Lead ${n}`,
    fields: { name: `Lead ${n}` },
    values: { name: `Lead ${n}` },
  });
  // Ten leads connected at the same instant, then each completes a step, later in reverse order.
  for (let n = 0; n < 10; n++) {
    await runRecordCommand(
      db,
      { crm: 'demo', entity: 'lead', id: `L${n}` },
      [{ type: 'connect', sequenceId: 'outbound' }],
      ctx(START + 60_000),
      sighting(n) as never,
    );
  }
  for (let n = 9; n >= 0; n--) {
    const key = `demo|lead|L${n}`;
    const connection = (await db.get('records', key))!.state.connections[0];
    await runRecordCommand(
      db,
      { crm: 'demo', entity: 'lead', id: `L${n}` },
      [{ type: 'complete', connectionId: connection.id, stepId: 't1' }],
      ctx(START + 120_000 + (9 - n) * 1000),
    );
  }

  const events = await db.getAll('events');
  // Per lead: fields recorded and connected at once, then the step completed.
  expect(events.filter((event) => event.type === 'connected')).toHaveLength(10);
  expect(events.filter((event) => event.type === 'fields-recorded')).toHaveLength(10);
  expect(events.filter((event) => event.type === 'step-completed')).toHaveLength(10);
  // The store's key order is time order: retention and a reader of the log can walk it by key.
  const times = events.map((event) => event.at);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  // Far shorter than a UUID: the key is copied into every index entry of the event.
  expect(Math.max(...events.map((event) => event.id.length))).toBeLessThanOrEqual(21);
});
