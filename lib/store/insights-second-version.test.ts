/**
 * The e2e's second version (tests/e2e/insights.test.ts), in the store: version 2 adds a step,
 * a fourth lead works on it, and the all-versions step table, read after each of its actions,
 * counts every step exactly once, whether the roll-up deltas were folded before the read, in
 * between the actions, or not at all. A lost or doubled step here would be a bug of the figures;
 * a stale table in the console is not one (docs/insights.md, "Figures are never stale").
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';

import { sumFlowRollups } from '../engine/flow-rollup';
import { allVersionsSteps } from '../engine/insights-flow';
import { dayOf } from '../engine/rollup';
import type { RecordRef } from '../engine/types';
import { importPack } from '../use-cases/import-pack';
import { openDatabase, type Database } from './db';
import { publishDraft, saveDraft, startRevision } from './designer-repo';
import { readSequenceInsights } from './insights-reader';
import { runRecordCommand, type CommandContext } from './record-tx';
import { flowRowsWithDeltas, foldRollupDeltas, rebuildRollups } from './rollups';
import { setState } from './sequences-repo';

const START = Date.parse('2026-11-30T09:00:00Z');
const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'insights-e2e',
      name: 'Insights e2e',
      entity: 'lead',
      steps: [
        { id: 'research', type: 'task', name: 'Research the account' },
        { id: 'prep', type: 'task', name: 'Prepare the call' },
        { id: 'wrap', type: 'task', name: 'Wrap up' },
      ],
    },
  ],
});

let db: Database;
let clock: number;
let ids: number;

const ctx = (): CommandContext => ({
  now: (clock += 1_000),
  timeZone: 'UTC',
  away: [],
  newId: () => `id${++ids}`,
  seller: {},
});
const lead = (n: number): RecordRef => ({ crm: 'demo', entity: 'lead', id: `L${n}` });

async function connect(n: number): Promise<void> {
  const sighting = {
    url: `https://demo.example/lead/${n}`,
    title: `Lead ${n}`,
    name: `Lead ${n}`,
    fields: { status: 'New' },
  };
  await runRecordCommand(
    db,
    lead(n),
    [{ type: 'connect', sequenceId: 'insights-e2e' }],
    ctx(),
    sighting as never,
  );
}

/** Completes or skips the lead's current step, as the panel's buttons do. */
async function act(n: number, action: 'complete' | 'skip'): Promise<void> {
  const doc = await db.get('records', `demo|lead|L${n}`);
  const connection = doc?.state.connections.find((c) => c.status === 'active');
  if (connection?.current == null) throw new Error(`Lead ${n} has no current step.`);
  const { id: connectionId } = connection;
  const { stepId } = connection.current;
  await runRecordCommand(db, lead(n), [{ type: action, connectionId, stepId }], ctx());
}

/** The all-versions step table as the console reads it: step, reached, completed, skipped, still there. */
async function allSteps(): Promise<(string | number)[][]> {
  const window = { from: dayOf(START) - 89, to: dayOf(START) };
  const read = await readSequenceInsights(db, 'insights-e2e', null, window, { allVersions: true });
  return allVersionsSteps(read?.everyVersion ?? []).map((step) => [
    step.partial ? `${step.name} (partial)` : step.name,
    step.figures.reached,
    step.figures.completed,
    step.figures.skipped,
    step.figures.stillThere,
  ]);
}

/** Version 2: "Write notes" before "Wrap up", published as the e2e test does. */
async function publishVersion2(): Promise<void> {
  const { definition, saves } = await startRevision(db, 'insights-e2e', clock);
  const steps = [
    { id: 'research', type: 'task' as const, name: 'Research the account' },
    { id: 'prep', type: 'task' as const, name: 'Prepare the call' },
    { id: 'notes', type: 'task' as const, name: 'Write notes' },
    { id: 'wrap', type: 'task' as const, name: 'Wrap up' },
  ];
  await saveDraft(db, 'insights-e2e', { ...definition, steps }, saves, clock);
  const published = await publishDraft(db, 'insights-e2e', 'Notes before wrapping up', clock);
  expect(published.result.ok).toBe(true);
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
  clock = START;
  ids = 0;
  await importPack(db, PACK, clock);
  await setState(db, ['insights-e2e'], 'active', clock);
  await rebuildRollups(db, { now: () => clock, timeZone: 'UTC' });
});

describe('the all-versions step table of the e2e test, in the store', () => {
  // When the worker folds the deltas: after every command, never, or only at some moments.
  const strategies: Record<string, readonly string[]> = {
    'never folded': [],
    'folded after every command': ['v1', 'connect', 'first', 'second'],
    'folded before version 2': ['v1'],
    'folded between the two actions': ['first'],
    'folded after the connection only': ['connect'],
  };
  for (const [name, foldAfter] of Object.entries(strategies)) {
    it(`counts each step of the fourth lead once, read after each action: ${name}`, async () => {
      const fold = async (moment: string) => {
        if (foldAfter.includes(moment)) await foldRollupDeltas(db, 1 + (ids % 3));
      };
      await connect(0);
      await act(0, 'complete');
      await act(0, 'complete');
      await connect(1);
      await act(1, 'skip');
      await connect(2);
      await act(2, 'complete');
      await act(2, 'complete');
      await act(2, 'complete');
      await fold('v1');

      await publishVersion2();

      await connect(3);
      await fold('connect');
      await allSteps();
      await act(3, 'complete');
      await fold('first');
      expect(await allSteps()).toEqual([
        ['Research the account', 4, 3, 1, 0],
        ['Prepare the call', 4, 2, 0, 2],
        ['Write notes (partial)', 0, 0, 0, 0],
        ['Wrap up', 2, 1, 0, 1],
      ]);
      await act(3, 'complete');
      await fold('second');
      const expected = [
        ['Research the account', 4, 3, 1, 0],
        ['Prepare the call', 4, 3, 0, 1],
        ['Write notes (partial)', 1, 0, 0, 1],
        ['Wrap up', 2, 1, 0, 1],
      ];
      expect(await allSteps()).toEqual(expected);
      // Read again, and once every delta is folded: the same (a read changes nothing stored).
      expect(await allSteps()).toEqual(expected);
      await foldRollupDeltas(db);
      expect(await db.count('rollupDeltas')).toBe(0);
      expect(await allSteps()).toEqual(expected);
    });
  }

  it('reads the same delta docs again and again without changing them, and they sum to a rebuild', async () => {
    await connect(0);
    await act(0, 'complete');
    await act(0, 'complete');
    await publishVersion2();
    await connect(3);
    await act(3, 'complete');
    await act(3, 'complete');
    const docs = await db.getAll('rollupDeltas');
    expect(docs.length).toBeGreaterThan(0);
    const before = structuredClone(docs);
    const first = flowRowsWithDeltas([], docs);
    const second = flowRowsWithDeltas([], docs);
    expect(docs).toEqual(before);
    expect(second).toEqual(first);
    // The rows a rebuild sums from the connections as stored (both versions).
    const versions = await db.getAll('versions');
    const records = await db.getAll('records');
    const rebuilt = sumFlowRollups(
      records.flatMap((record) => record.state.connections),
      (id, version) => versions.find((doc) => doc.id === id && doc.version === version)?.definition,
    );
    expect(first).toEqual([...rebuilt.values()]);
  });
});
