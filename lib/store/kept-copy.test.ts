/**
 * The sequences and versions the worker keeps between record messages
 * (lib/store/kept-copy.ts): read once, then not read again, and read anew after every way
 * a manager changes them (an import, an activation or deactivation, a published draft, a
 * restore, a reset), also when a read overlapped the write, and by a worker that restarts.
 */
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import type { RecordState } from '../engine/types';
import { importPack } from '../use-cases/import-pack';
import { createBackup, resetAll, restoreBackup } from './backup';
import { openDatabase, type Database } from './db';
import { publishDraft, saveDraft, startRevision } from './designer-repo';
import { forgetKept } from './kept-copy';
import { runRecordCommand, type CommandContext } from './record-tx';
import { loadSequenceLookup, prefetchSequences } from './sequence-lookup';
import { setState } from './sequences-repo';

const START = Date.parse('2026-03-02T09:00:00Z');
const pack = (name: string, steps: string[]) =>
  JSON.stringify({
    format: 'upnext/v1',
    sequences: [
      {
        id: 'outbound',
        name,
        entity: 'lead',
        steps: steps.map((id) => ({ id, type: 'task', name: `Task ${id}` })),
      },
    ],
  });
const LEAD = { crm: 'demo', entity: 'lead', id: 'L1' } as const;
const ctx: CommandContext = {
  now: START,
  timeZone: 'UTC',
  away: [],
  newId: () => crypto.randomUUID(),
  seller: {},
};

let db: Database;
/** The stores of `sequences` and `versions` reads since the last `reads.length = 0`. */
const reads: string[] = [];

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
  await importPack(db, pack('Outbound', ['t1', 't2']), START);
  await setState(db, ['outbound'], 'active', START);
  // The fake's own method, called below on the store it belongs to.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const get = Function.prototype.call.bind(IDBObjectStore.prototype.get) as (
    store: IDBObjectStore,
    key: IDBValidKey | IDBKeyRange,
  ) => IDBRequest;
  vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (
    this: IDBObjectStore,
    key: IDBValidKey | IDBKeyRange,
  ) {
    if (this.name === 'sequences' || this.name === 'versions') reads.push(this.name);
    return get(this, key);
  });
  reads.length = 0;
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function connected(): Promise<RecordState> {
  const outcome = await runRecordCommand(
    db,
    LEAD,
    [{ type: 'connect', sequenceId: 'outbound' }],
    ctx,
    {
      url: 'https://demo.example/lead/1',
      title: 'Lead 1',
      fields: { name: 'Lead 1' },
      edit: false,
    },
  );
  if (outcome.doc === null) throw new Error('not stored');
  return outcome.doc.state;
}

/** What a record on `state` sees of `outbound` (its version 1, 2 and the current one). */
async function lookUp(state: RecordState, on: Database = db) {
  const tx = on.transaction(['sequences', 'versions'], 'readonly');
  const lookup = await loadSequenceLookup(tx, state, ['outbound'], prefetchSequences(tx, []));
  await tx.done;
  const names = (version?: number) => {
    const found = lookup('outbound', version);
    return found === undefined
      ? null
      : {
          version: found.version,
          active: found.active,
          steps: found.definition.steps.map((s) => s.name),
        };
  };
  return { current: names(), v1: names(1), v2: names(2) };
}

it('reads a sequence and its version once, then answers the same from what it kept', async () => {
  const state = await connected();
  expect(reads).toEqual(['sequences', 'versions']);
  reads.length = 0;
  const first = await lookUp(state);
  expect(first.v1).toEqual({ version: 1, active: true, steps: ['Task t1', 'Task t2'] });
  expect(reads).toEqual([]);
  // A record transaction on the same sequence reads neither store either.
  await runRecordCommand(db, LEAD, [{ type: 'tick' }], { ...ctx, now: START + 1000 });
  expect(reads).toEqual([]);
});

it('reads anew after an import makes a new version of an active sequence', async () => {
  const state = await connected();
  await lookUp(state);
  await importPack(db, pack('Outbound', ['t1', 't2', 't3']), START + 1000);
  const after = await lookUp(state);
  expect(after.current).toEqual({
    version: 2,
    active: true,
    steps: ['Task t1', 'Task t2', 'Task t3'],
  });
  expect(after.v1).toEqual({ version: 1, active: false, steps: ['Task t1', 'Task t2'] });
});

it('reads anew after a deactivation and a published draft', async () => {
  const state = await connected();
  await lookUp(state);
  await setState(db, ['outbound'], 'inactive', START + 1000);
  expect((await lookUp(state)).v1).toMatchObject({ active: false });
  await setState(db, ['outbound'], 'active', START + 2000);
  expect((await lookUp(state)).v1).toMatchObject({ active: true });

  const draft = await startRevision(db, 'outbound', START + 3000);
  const definition = draft.definition;
  const saved = await saveDraft(
    db,
    'outbound',
    { ...definition, steps: [...definition.steps, { id: 't9', type: 'task', name: 'Task t9' }] },
    draft.saves,
    START + 4000,
  );
  expect(saved.saves).toBeGreaterThan(0);
  await publishDraft(db, 'outbound', 'one more', START + 5000);
  const after = await lookUp(state);
  expect(after.current?.steps).toEqual(['Task t1', 'Task t2', 'Task t9']);
  expect(after.v1).toMatchObject({ active: false, steps: ['Task t1', 'Task t2'] });
});

it('reads anew after a restore replaces a version with another of the same number, and after a reset', async () => {
  const state = await connected();
  const other = new IDBFactory();
  globalThis.indexedDB = other;
  const elsewhere = await openDatabase();
  await importPack(elsewhere, pack('Outbound', ['x1']), START);
  await setState(elsewhere, ['outbound'], 'active', START);
  const backup = await createBackup(elsewhere, START);

  expect((await lookUp(state)).v1?.steps).toEqual(['Task t1', 'Task t2']);
  await restoreBackup(db, backup);
  expect((await lookUp(state)).v1?.steps).toEqual(['Task x1']);
  await resetAll(db);
  expect(await lookUp(state)).toEqual({ current: null, v1: null, v2: null });
});

it('does not keep a read that overlapped a write', async () => {
  const state = await connected();
  const tx = db.transaction(['sequences', 'versions'], 'readonly');
  const lookup = loadSequenceLookup(tx, state, ['outbound']);
  // A write begins while the read is out (its transaction is never used: nothing changes).
  forgetKept(db);
  await lookup;
  await tx.done;
  reads.length = 0;
  await lookUp(state);
  expect(reads.length).toBeGreaterThan(0);
});

it('a worker that restarts (a new connection) reads again', async () => {
  const state = await connected();
  await lookUp(state);
  const reopened = await openDatabase();
  reads.length = 0;
  expect((await lookUp(state, reopened)).v1?.steps).toEqual(['Task t1', 'Task t2']);
  expect(reads.length).toBeGreaterThan(0);
  reopened.close();
});
