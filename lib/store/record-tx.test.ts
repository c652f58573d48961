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

it('adds up the step statistics of action after action on one record, in each of its sequences', async () => {
  // The statistics rows of the sequences a record ran on last time are read with the record
  // (the worker's guess); the counts must be what one read at the end would give.
  await importPack(
    db,
    JSON.stringify({
      format: 'upnext/v1',
      sequences: [
        {
          id: 'inbound',
          name: 'Inbound',
          entity: 'lead',
          steps: [
            { id: 'i1', type: 'task' },
            { id: 'i2', type: 'task' },
          ],
        },
      ],
    }),
    START,
  );
  await setState(db, ['inbound'], 'active', START);
  const ctx = (minutes: number): CommandContext => ({
    now: START + minutes * 60_000,
    timeZone: 'UTC',
    away: [],
    newId: () => crypto.randomUUID(),
    seller: {},
  });
  const ref = { crm: 'demo', entity: 'lead', id: 'L1' } as const;
  await runRecordCommand(db, ref, [{ type: 'connect', sequenceId: 'outbound' }], ctx(1), {
    url: 'https://demo.example/lead/1',
    title: 'Lead 1',
    fields: { name: 'Lead 1' },
    edit: false,
  });
  await runRecordCommand(db, ref, [{ type: 'connect', sequenceId: 'inbound' }], ctx(2));
  const connectionOf = async (sequenceId: string) =>
    (await db.get('records', 'demo|lead|L1'))!.state.connections.find(
      (connection) => connection.sequenceId === sequenceId,
    )!.id;
  const complete = async (sequenceId: string, stepId: string, minutes: number) => {
    const outcome = await runRecordCommand(
      db,
      ref,
      [{ type: 'complete', connectionId: await connectionOf(sequenceId), stepId }],
      ctx(minutes),
    );
    expect(outcome.result.kind).toBe('applied');
  };
  await complete('outbound', 't1', 3);
  await complete('inbound', 'i1', 4);
  await complete('outbound', 't2', 5);
  await complete('inbound', 'i2', 6);

  const stats = (await db.getAll('stats')).map(({ sequenceId, stepId, reached, completed }) => ({
    sequenceId,
    stepId,
    reached,
    completed,
  }));
  expect(stats).toEqual(
    expect.arrayContaining([
      { sequenceId: 'outbound', stepId: 't1', reached: 1, completed: 1 },
      { sequenceId: 'outbound', stepId: 't2', reached: 1, completed: 1 },
      { sequenceId: 'inbound', stepId: 'i1', reached: 1, completed: 1 },
      { sequenceId: 'inbound', stepId: 'i2', reached: 1, completed: 1 },
    ]),
  );
  expect(stats).toHaveLength(4);
});
