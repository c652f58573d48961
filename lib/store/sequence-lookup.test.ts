/**
 * A record transaction may start reading sequences before it has read the record (a guess from
 * the last command on it): the lookup it hands the engine is the same whatever was guessed.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';

import type { RecordState } from '../engine/types';
import { importPack } from '../use-cases/import-pack';
import { openDatabase, type Database } from './db';
import { runRecordCommand } from './record-tx';
import {
  loadSequenceLookup,
  prefetchSequences,
  type SequenceLookup,
  type SequenceVersionRef,
} from './sequence-lookup';
import { setState } from './sequences-repo';

const START = Date.parse('2026-03-02T09:00:00Z');
const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    { id: 'outbound', name: 'Outbound', entity: 'lead', steps: [{ id: 't1', type: 'task' }] },
    { id: 'nurture', name: 'Nurture', entity: 'lead', steps: [{ id: 'n1', type: 'task' }] },
  ],
});
const LEAD = { crm: 'demo', entity: 'lead', id: 'L1' } as const;

let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
  await importPack(db, PACK, START);
  await setState(db, ['outbound', 'nurture'], 'active', START);
});

async function connectedState(): Promise<RecordState> {
  const outcome = await runRecordCommand(
    db,
    LEAD,
    [{ type: 'connect', sequenceId: 'outbound' }],
    { now: START, timeZone: 'UTC', away: [], newId: () => crypto.randomUUID(), seller: {} },
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

/** What a lookup answers for every sequence and version the test can ask about. */
function answers(lookup: SequenceLookup) {
  return ['outbound', 'nurture', 'ghost'].map((id) => ({
    id,
    current: lookup(id) ?? null,
    v1: lookup(id, 1) ?? null,
    v2: lookup(id, 2) ?? null,
  }));
}

async function lookUp(state: RecordState, guess?: readonly SequenceVersionRef[]) {
  const tx = db.transaction(['sequences', 'versions'], 'readonly');
  const prefetch = guess === undefined ? undefined : prefetchSequences(tx, guess);
  const lookup = await loadSequenceLookup(tx, state, ['nurture'], prefetch);
  await tx.done;
  return answers(lookup);
}

it('answers the same with a right, a wrong or a partial guess as with none', async () => {
  const state = await connectedState();
  const plain = await lookUp(state);
  expect(plain.find((answer) => answer.id === 'outbound')?.v1).toMatchObject({ active: true });
  for (const guess of [
    [['outbound', 1]],
    [
      ['outbound', 2],
      ['ghost', 1],
    ],
    [['nurture', 1]],
    [],
  ] satisfies SequenceVersionRef[][]) {
    expect(await lookUp(state, guess)).toEqual(plain);
  }
});

it('a guess is read in the transaction: a sequence deactivated since the last command reads as inactive', async () => {
  const state = await connectedState();
  await setState(db, ['outbound'], 'inactive', START + 1000);
  const answer = await lookUp(state, [['outbound', 1]]);
  expect(answer.find((item) => item.id === 'outbound')?.v1).toMatchObject({ active: false });
  expect(answer).toEqual(await lookUp(state));
});
