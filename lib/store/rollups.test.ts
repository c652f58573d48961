/**
 * Roll-ups in the store: written in the transaction of each command, rebuilt after a restore
 * (batch by batch, with progress) to the same rows, and kept when old events are compacted.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';

import { sumFlowRows } from '../engine/flow-rollup';
import { flowOfTally, sequenceFlow } from '../engine/insights-flow';
import { dayOf, rollupKey, type DayRollup } from '../engine/rollup';
import type { Command, RecordRef } from '../engine/types';
import { importPack } from '../use-cases/import-pack';
import { createBackup, restoreBackup } from './backup';
import { openDatabase, type Database } from './db';
import { readSequenceInsights, readStatsInputs } from './insights-reader';
import { runRecordCommand, type CommandContext } from './record-tx';
import { compactEvents } from './retention';
import {
  dayRowsWithDeltas,
  flowRowsWithDeltas,
  foldRollupDeltas,
  rebuildRollups,
  rebuildRollupsBatch,
  type RollupBuild,
} from './rollups';
import { readSetting } from './settings';
import { setState } from './sequences-repo';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T09:00:00Z');
const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outbound',
      name: 'Outbound',
      entity: 'lead',
      success: { field: 'status', op: 'equals', value: 'Qualified' },
      steps: [
        { id: 'e1', type: 'email' },
        { id: 'c1', type: 'call' },
        { id: 't1', type: 'task' },
      ],
    },
  ],
});

let db: Database;
let clock: number;
let ids: number;

function ctx(): CommandContext {
  return { now: clock, timeZone: 'UTC', away: [], newId: () => `id${++ids}`, seller: {} };
}

const lead = (n: number): RecordRef => ({
  crm: 'demo',
  entity: 'lead',
  id: `L${String(n).padStart(3, '0')}`,
});
const sighting = (n: number, status: string) => ({
  url: `https://demo.example/lead/${n}`,
  title: `Lead ${n}`,
  name: `Lead ${n}`,
  fields: { status },
  values: { status },
});

async function act(
  ref: RecordRef,
  command: (conn: string, step: string) => Command,
): Promise<void> {
  const doc = await db.get('records', `${ref.crm}|${ref.entity}|${ref.id}`);
  const conn = doc?.state.connections.find((c) => c.status === 'active');
  if (conn?.current == null) return;
  await runRecordCommand(db, ref, [command(conn.id, conn.current.stepId)], ctx());
}

/**
 * The daily roll-ups by key, and the flow roll-ups under `flow|key` (times sorted in both), as
 * readers see them: the rows plus the deltas not folded yet, read in one transaction.
 */
async function view(database: Database = db): Promise<Record<string, DayRollup>> {
  const tx = database.transaction(['rollups', 'flowRollups', 'rollupDeltas']);
  const [stored, storedFlows, deltas] = await Promise.all([
    tx.objectStore('rollups').getAll(),
    tx.objectStore('flowRollups').getAll(),
    tx.objectStore('rollupDeltas').getAll(),
  ]);
  await tx.done;
  const all = dayRowsWithDeltas(stored, deltas);
  const flows = flowRowsWithDeltas(storedFlows, deltas);
  return Object.fromEntries([
    ...all.map((row) => [
      rollupKey(row).join('|'),
      { ...row, completionMs: [...row.completionMs].sort() },
    ]),
    ...flows.map((row) => {
      const copy = structuredClone(row);
      for (const step of Object.values(copy.steps)) step?.times.sort();
      return [`flow|${rollupKey(row).join('|')}`, copy];
    }),
  ]) as Record<string, DayRollup>;
}

/**
 * `view()`, checked against the rows once every delta is folded into them: the same figures,
 * and no delta left.
 */
async function rows(): Promise<Record<string, DayRollup>> {
  const waiting = await view();
  await foldRollupDeltas(db);
  expect(await db.count('rollupDeltas')).toBe(0);
  const folded = await view();
  expect(folded).toEqual(waiting);
  return folded;
}

/** 12 leads over three weeks: some complete, some skip, some are disconnected, some qualify. */
async function history(): Promise<void> {
  for (let n = 0; n < 12; n++) {
    clock = START + n * 30 * HOUR;
    await runRecordCommand(
      db,
      lead(n),
      [{ type: 'connect', sequenceId: 'outbound' }],
      ctx(),
      sighting(n, 'New') as never,
    );
  }
  for (let round = 0; round < 3; round++) {
    for (let n = 0; n < 12; n++) {
      clock += 2 * HOUR;
      const ref = lead(n);
      if (n % 5 === 4 && round === 1) {
        await act(ref, (connectionId) => ({ type: 'disconnect', connectionId, reason: 'manual' }));
      } else if (n % 3 === 0) {
        await act(ref, (connectionId, stepId) => ({ type: 'skip', connectionId, stepId }));
      } else {
        await act(ref, (connectionId, stepId) =>
          stepId === 'c1'
            ? { type: 'complete', connectionId, stepId, outcome: 'connected' }
            : { type: 'complete', connectionId, stepId },
        );
      }
      if (n % 4 === 1 && round === 0)
        await runRecordCommand(db, ref, [], ctx(), sighting(n, 'Qualified') as never);
    }
  }
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
  clock = START - DAY_MS;
  ids = 0;
  await importPack(db, PACK, clock);
  await setState(db, ['outbound'], 'active', clock);
  // A fresh database has nothing to rebuild: the roll-ups are built and kept live from the start.
  await rebuildRollups(db, { now: () => clock, timeZone: 'UTC' });
});
const DAY_MS = 24 * HOUR;

describe('roll-ups in the store', () => {
  it('are written with each command, and a rebuild from the stored history gives the same rows', async () => {
    await history();
    const live = await rows();
    // The flow roll-ups hold every connection, and summed they are the flow of the records.
    const flowRows = await db.getAll('flowRollups');
    expect(flowRows.reduce((n, row) => n + row.connected, 0)).toBe(12);
    const version = await db.get('versions', ['outbound', 1]);
    const records = await db.getAll('records');
    expect(flowOfTally(version!.definition, sumFlowRows(flowRows))).toEqual(
      sequenceFlow(
        version!.definition,
        records.flatMap((record) => record.state.connections),
      ),
    );
    const totals = Object.values(live)
      .filter((row) => 'completionMs' in row)
      .reduce(
        (sum, row) => ({
          connected: sum.connected + row.connected,
          completed: sum.completed + row.completed,
          successes: sum.successes + row.successes,
          disconnected: sum.disconnected + row.disconnected,
        }),
        { connected: 0, completed: 0, successes: 0, disconnected: 0 },
      );
    expect(totals.connected).toBe(12);
    expect(totals.completed).toBeGreaterThan(0);
    expect(totals.disconnected).toBeGreaterThan(0);
    expect(totals.successes).toBeGreaterThan(0);

    // A restore drops the roll-ups; the rebuild runs in batches and reports its progress.
    await restoreBackup(db, await createBackup(db, clock));
    expect(await db.count('rollups')).toBe(0);
    expect(await db.count('flowRollups')).toBe(0);
    expect(await readSetting(db, 'rollupBuild')).toBeUndefined();
    const progress: RollupBuild[] = [];
    let build = await rebuildRollupsBatch(db, { now: clock, timeZone: 'UTC', batchSize: 5 });
    progress.push(build);
    while (build.state !== 'built') {
      build = await rebuildRollupsBatch(db, { now: clock, timeZone: 'UTC', batchSize: 5 });
      progress.push(build);
    }
    expect(progress[0]).toEqual({ state: 'building', after: 'demo|lead|L004', done: 5, total: 12 });
    expect(await rows()).toEqual(live);
  });

  it('a command during a rebuild is counted once: live for records already rebuilt, by the rebuild for the rest', async () => {
    await history();
    const before = await rows();
    await restoreBackup(db, await createBackup(db, clock));
    await rebuildRollupsBatch(db, { now: clock, timeZone: 'UTC', batchSize: 5 });
    clock += HOUR;
    // L001 (rebuilt) and L010 (not yet) each complete a step and a new record connects.
    for (const n of [1, 10]) {
      await act(lead(n), (connectionId, stepId) => ({ type: 'complete', connectionId, stepId }));
    }
    await runRecordCommand(
      db,
      lead(99),
      [{ type: 'connect', sequenceId: 'outbound' }],
      ctx(),
      sighting(99, 'New') as never,
    );
    await rebuildRollups(db, { now: () => clock, timeZone: 'UTC' });
    const during = await rows();
    // The same as a rebuild from scratch of everything now stored.
    await restoreBackup(db, await createBackup(db, clock));
    await rebuildRollups(db, { now: () => clock, timeZone: 'UTC' });
    expect(await rows()).toEqual(during);
    expect(during).not.toEqual(before);
  });

  it('outlive the event log: compacting old events changes no roll-up', async () => {
    await history();
    const live = await rows();
    const deleted = await compactEvents(db, clock + 400 * DAY_MS);
    expect(deleted).toBeGreaterThan(0);
    expect(await rows()).toEqual(live);
  });

  it('count each command once whenever the deltas are folded: random histories, folded in random batches at random moments', async () => {
    /** The rows a rebuild from scratch gives for what `db` stores now (in a copy of it). */
    const rebuilt = async (): Promise<Record<string, DayRollup>> => {
      const backup = await createBackup(db, clock);
      const factory = globalThis.indexedDB;
      globalThis.indexedDB = new IDBFactory();
      const copy = await openDatabase();
      globalThis.indexedDB = factory;
      try {
        await restoreBackup(copy, backup);
        await rebuildRollups(copy, { now: () => clock, timeZone: 'UTC' });
        return await view(copy);
      } finally {
        copy.close();
      }
    };
    let waiting = 0;
    for (const seed of [1, 2, 3]) {
      let state = seed * 7919;
      const random = (n: number) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return Math.floor((state / 2147483648) * n);
      };
      let connected = 0;
      let folds = 0;
      for (let move = 0; move < 60; move++) {
        clock += random(20) * HOUR;
        const n = random(connected + 1);
        const roll = random(10);
        if (n === connected || roll === 0) {
          await runRecordCommand(
            db,
            lead(100 * seed + connected),
            [{ type: 'connect', sequenceId: 'outbound' }],
            ctx(),
            sighting(connected, 'New') as never,
          );
          connected += 1;
        } else if (roll === 1) {
          await act(lead(100 * seed + n), (connectionId) => ({
            type: 'disconnect',
            connectionId,
            reason: 'manual',
          }));
        } else if (roll === 2) {
          await runRecordCommand(db, lead(100 * seed + n), [], ctx(), {
            ...sighting(n, 'Qualified'),
          } as never);
        } else if (roll === 3) {
          await act(lead(100 * seed + n), (connectionId, stepId) => ({
            type: 'skip',
            connectionId,
            stepId,
          }));
        } else {
          await act(lead(100 * seed + n), (connectionId, stepId) => ({
            type: 'complete',
            connectionId,
            stepId,
          }));
        }
        // A fold of a few deltas now and then (a worker that folds some and stops), and the
        // figures as readers see them compared with a rebuild from what is stored.
        if (random(4) === 0) folds += await foldRollupDeltas(db, 1 + random(3));
        if (move % 15 === 14) {
          waiting += await db.count('rollupDeltas');
          expect(await view()).toEqual(await rebuilt());
        }
      }
      expect(await rows()).toEqual(await rebuilt());
      expect(folds).toBeGreaterThan(0);
    }
    // The checks saw deltas waiting, not only rows.
    expect(waiting).toBeGreaterThan(0);
  });

  it('read by the insights the same before and after the deltas are folded', async () => {
    await history();
    const window = { from: dayOf(START) - 1, to: dayOf(clock) };
    const read = async () => ({
      stats: await readStatsInputs(db, window),
      sequence: await readSequenceInsights(db, 'outbound', null, window, { allVersions: true }),
    });
    const sorted = (inputs: Awaited<ReturnType<typeof read>>) =>
      JSON.stringify(inputs, (_key, value: unknown) =>
        Array.isArray(value) && value.every((item) => typeof item === 'number')
          ? [...value].sort((a, b) => a - b)
          : value,
      );
    expect(await db.count('rollupDeltas')).toBeGreaterThan(0);
    const waiting = await read();
    expect(waiting.sequence?.flow.connected).toBe(12);
    await foldRollupDeltas(db);
    expect(await db.count('rollupDeltas')).toBe(0);
    const folded = await read();
    expect(sorted(waiting)).toEqual(sorted(folded));
  });
});
