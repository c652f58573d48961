/**
 * The `rollups` store (migration 5): daily insight counts per sequence, version and UTC day
 * (lib/engine/rollup.ts), so a year of figures outlives the 90-day event log; and the
 * `flowRollups` store (migration 10): each version's flow per UTC day of connection
 * (lib/engine/flow-rollup.ts), so a sequence's insights read a window's days, not its records.
 * Both are kept and rebuilt together, as below.
 *
 * - Live: a command appends what it changed (`commandRollupDeltas`, `commandFlowDeltas`) as one
 *   `rollupDeltas` row, in the transaction of its events (record-tx.ts): one put, no read of the
 *   rows it changes, so the roll-ups cost a seller's action little (bench
 *   insights-rollup-action-cost). `foldRollupDeltas` adds the deltas to the rows and deletes
 *   them, in one transaction, a moment later (the worker's follow-ups, and at each start).
 *   Readers add the deltas still waiting (`dayRowsWithDeltas`, `flowRowsWithDeltas`), so every
 *   figure is exact whether or not the fold has run.
 * - Rebuild: when the rows are missing (a database from before insights, after a restore or a
 *   reset), `rebuildRollupsBatch` sums every stored connection's history, a batch of records per
 *   transaction, and records its progress in the `rollupBuild` setting. While it runs, a live
 *   command adds its change only for records the rebuild has already passed (keys up to
 *   `after`), so nothing is counted twice or missed, and a worker stopped in the middle
 *   resumes where it was. Starting over clears the deltas with the rows.
 * */
import {
  applyDayDelta,
  fieldChangesOf,
  isEmptyRollup,
  capturesBefore,
  endedWithCapture,
  needsCaptures,
  rollupDelta,
  rollupKey,
  rollupRowId,
  sumRollups,
  type DayDelta,
  type DayRollup,
  type RollupConnection,
  type SuccessJudge,
} from '../engine/rollup';
import {
  applyFlowDelta,
  flowDelta,
  sumFlowRollups,
  type FlowDelta,
  type FlowRollup,
} from '../engine/flow-rollup';
import { unpackFlowTally } from '../engine/insights-flow';
import type { FieldChange } from '../engine/success';
import type { Connection, RecordState } from '../engine/types';
import type { Sequence } from '../sequence/types';
import type { Database } from './db';
import { readSetting, settingDoc } from './settings';
import type { SequenceLookup } from './sequence-lookup';
import type { EventDoc, RecordDoc } from './types';

/**
 * The derived insight stores: never in a backup, forgotten and rebuilt together. `rollupDeltas`
 * (migration 13) holds what commands changed that is not folded into the rows yet.
 */
export const ROLLUP_STORES = ['rollups', 'flowRollups', 'rollupDeltas'] as const;

/** Where the roll-ups stand: built (kept live), or being rebuilt (records up to `after` done). */
export type RollupBuild =
  | { state: 'built'; builtAt: number }
  | { state: 'building'; after: string | null; done: number; total: number };

/** Whether a command on `recordKey` adds its change live (see the module comment). */
export function rollupsLive(build: RollupBuild | undefined, recordKey: string): boolean {
  if (build === undefined) return false;
  if (build.state === 'built') return true;
  return build.after !== null && recordKey <= build.after;
}

/**
 * One command's change to the roll-ups, as it is appended to `rollupDeltas` in the command's
 * transaction: its daily deltas and its flow deltas, applied in this order when folded.
 */
export interface RollupDeltaDoc {
  day: DayDelta[];
  flow: FlowDelta[];
}

/** Where a roll-up row or delta belongs: its sequence, version and UTC day. */
type RowAt = Parameters<typeof rollupKey>[0];

/** A roll-up store (daily or flow), as much of it as the fold uses; rows keyed by `rollupKey`. */
interface RowStore<Row> {
  get(key: [string, number, number]): Promise<Row | undefined>;
  put(value: Row): Promise<unknown>;
  delete(key: [string, number, number]): Promise<unknown>;
}
type RollupStore = RowStore<DayRollup>;
type FlowRollupStore = RowStore<FlowRollup>;

/**
 * What a fold writes to one roll-up store: rows to put, keys to delete. Worked out first
 * (`foldWrites`: the rows' reads are awaited there), then written without a wait between the
 * requests (`writeRows`).
 */
export interface RowWrites<Row> {
  put: Row[];
  delete: [string, number, number][];
}

/**
 * Groups `deltas` by the row they change and works out each row once: read, every delta applied
 * in order, then put, or deleted when nothing is left (undefined, or `isEmpty`).
 */
async function rowWrites<Row, Delta extends RowAt>(
  store: RowStore<Row>,
  deltas: readonly Delta[],
  apply: (row: Row | undefined, delta: Delta) => Row | undefined,
  isEmpty: (row: Row) => boolean = () => false,
): Promise<RowWrites<Row>> {
  const grouped = new Map<string, Delta[]>();
  for (const delta of deltas) {
    const id = rollupRowId(delta);
    const group = grouped.get(id);
    if (group === undefined) grouped.set(id, [delta]);
    else group.push(delta);
  }
  const writes: RowWrites<Row> = { put: [], delete: [] };
  const groups = [...grouped.values()];
  const rows: (Row | undefined)[] = await Promise.all(
    groups.map((group) => store.get(rollupKey(group[0]))),
  );
  for (const [index, group] of groups.entries()) {
    let row: Row | undefined = rows[index];
    for (const delta of group) row = apply(row, delta);
    if (row === undefined || isEmpty(row)) writes.delete.push(rollupKey(group[0]));
    else writes.put.push(row);
  }
  return writes;
}

/** Writes `writes` to `store`: every request made now, none waiting for another. */
export function writeRows<Row>(store: RowStore<Row>, writes: RowWrites<Row>): Promise<unknown>[] {
  return [
    ...writes.put.map((row) => store.put(row)),
    ...writes.delete.map((key) => store.delete(key)),
  ];
}

/**
 * The daily and flow rows `docs` (deltas, in the order their commands ran) change, read from
 * `stores` and applied: what folding them writes.
 */
export async function foldWrites(
  stores: { day: RollupStore; flow: FlowRollupStore },
  docs: readonly RollupDeltaDoc[],
): Promise<{ day: RowWrites<DayRollup>; flow: RowWrites<FlowRollup> }> {
  const [day, flow] = await Promise.all([
    rowWrites(
      stores.day,
      docs.flatMap((doc) => doc.day),
      applyDayDelta,
      isEmptyRollup,
    ),
    rowWrites(
      stores.flow,
      docs.flatMap((doc) => doc.flow),
      applyFlowDelta,
    ),
  ]);
  return { day, flow };
}

const FOLD_BATCH = 500;

/**
 * Folds the deltas not folded yet into the roll-up rows, oldest first, `batchSize` at a time:
 * each batch in ONE transaction that reads the deltas, adds them to their rows and deletes
 * them, so a delta is counted exactly once whenever the worker stops (before the commit, the
 * deltas are still there and the rows as they were; after it, the rows hold them and the deltas
 * are gone). Readers add the deltas still waiting (`dayRowsWithDeltas`, `flowRowsWithDeltas`),
 * so when this runs changes no figure. Returns how many deltas were folded.
 */
export async function foldRollupDeltas(db: Database, batchSize = FOLD_BATCH): Promise<number> {
  let folded = 0;
  for (;;) {
    const tx = db.transaction(ROLLUP_STORES, 'readwrite');
    const deltas = tx.objectStore('rollupDeltas');
    const [keys, docs] = await Promise.all([
      deltas.getAllKeys(undefined, batchSize),
      deltas.getAll(undefined, batchSize),
    ]);
    const first = keys.at(0);
    const last = keys.at(-1);
    if (first === undefined || last === undefined) {
      await tx.done;
      return folded;
    }
    const writes = await foldWrites(
      { day: tx.objectStore('rollups'), flow: tx.objectStore('flowRollups') },
      docs,
    );
    await Promise.all([
      ...writeRows(tx.objectStore('rollups'), writes.day),
      ...writeRows(tx.objectStore('flowRollups'), writes.flow),
      // Every key up to the last one read is one of `keys`: the transaction has the store.
      deltas.delete(IDBKeyRange.bound(first, last)),
    ]);
    await tx.done;
    folded += keys.length;
    if (keys.length < batchSize) return folded;
  }
}

/**
 * Rows keyed by `rollupKey` with `deltas` applied in order (a row that comes to nothing is left
 * out): what `rows` will be once the deltas are folded. `apply` may change a row in place.
 */
function withDeltas<Row extends RowAt, Delta extends RowAt>(
  rows: readonly Row[],
  deltas: Iterable<Delta>,
  apply: (row: Row | undefined, delta: Delta) => Row | undefined,
  isEmpty: (row: Row) => boolean = () => false,
): Row[] {
  const byRow = new Map(rows.map((row) => [rollupRowId(row), row]));
  for (const delta of deltas) {
    const id = rollupRowId(delta);
    const next = apply(byRow.get(id), delta);
    if (next === undefined || isEmpty(next)) byRow.delete(id);
    else byRow.set(id, next);
  }
  return [...byRow.values()];
}

/** Daily rows as stored plus the deltas of `docs` (not folded yet) that `wanted` keeps. */
export function dayRowsWithDeltas(
  rows: readonly DayRollup[],
  docs: readonly RollupDeltaDoc[],
  wanted: (delta: DayDelta) => boolean = () => true,
): DayRollup[] {
  return withDeltas(
    rows,
    docs.flatMap((doc) => doc.day.filter(wanted)),
    applyDayDelta,
    isEmptyRollup,
  );
}

/**
 * Flow rows as stored plus the deltas of `docs` (not folded yet) that `wanted` keeps. The rows
 * are changed in place: pass rows just read.
 */
export function flowRowsWithDeltas(
  rows: readonly FlowRollup[],
  docs: readonly RollupDeltaDoc[],
  wanted: (delta: FlowDelta) => boolean = () => true,
): FlowRollup[] {
  return withDeltas(
    rows,
    docs.flatMap((doc) => doc.flow.filter(wanted)),
    applyFlowDelta,
  );
}

/**
 * The flow deltas of one command: each connection it changed (new, or a new revision: every
 * change to what a flow counts bumps it), from before to after, on its version's steps.
 */
export function commandFlowDeltas(
  before: RecordState,
  after: RecordState,
  sequences: SequenceLookup,
): FlowDelta[] {
  const previous = new Map(before.connections.map((connection) => [connection.id, connection]));
  const deltas: FlowDelta[] = [];
  for (const connection of after.connections) {
    const old = previous.get(connection.id);
    if (old !== undefined && old.revision === connection.revision) continue;
    const definition = sequences(connection.sequenceId, connection.version)?.definition;
    const delta = definition === undefined ? null : flowDelta(definition, old, connection);
    if (delta !== null) deltas.push(delta);
  }
  return deltas;
}

/**
 * The day deltas of one command: for each connection it changed (new, or a new revision), its
 * roll-up after minus before. `captures` loads the record's field captures, called only when a
 * connection of a sequence with a field-condition success rule ended in this command.
 */
export async function commandRollupDeltas(
  before: RecordState,
  after: RecordState,
  sequences: SequenceLookup,
  timeZone: string,
  captures: () => Promise<FieldChange[]>,
  added: readonly FieldChange[] = [],
): Promise<DayDelta[]> {
  const previous = new Map(before.connections.map((connection) => [connection.id, connection]));
  const deltas: DayDelta[] = [];
  let loaded: FieldChange[] | null = null;
  for (const connection of after.connections) {
    const old = previous.get(connection.id);
    const rule = sequences(connection.sequenceId, connection.version)?.definition.success;
    if (old !== undefined && old.revision === connection.revision) {
      if (!endedWithCapture(connection, rule, added)) continue;
      loaded ??= await captures();
      const judgeBefore = { rule, timeZone, fieldChanges: capturesBefore(loaded, added) };
      deltas.push(
        ...rollupDelta(connection, connection, judgeBefore, {
          ...judgeBefore,
          fieldChanges: loaded,
        }),
      );
      continue;
    }
    const judge: SuccessJudge = { rule, timeZone };
    if (needsCaptures(rule) && connection.status !== 'active' && old?.status === 'active') {
      loaded ??= await captures();
      judge.fieldChanges = loaded;
    }
    deltas.push(...rollupDelta(old, connection, judge, judge));
  }
  return deltas;
}

/**
 * The `fields-recorded` captures of a record in the log. In a command's transaction its own
 * events are put before this read, and IndexedDB answers requests in order, so they are included.
 */
export async function recordCaptures(
  events: { index(name: 'byCaptures'): { getAll(key: string): Promise<EventDoc[]> } },
  recordKey: string,
): Promise<FieldChange[]> {
  // `byCaptures` holds only `fields-recorded` events (lib/store/index-fields.ts).
  return fieldChangesOf(await events.index('byCaptures').getAll(recordKey));
}

const BATCH = 250;

/**
 * One batch of the rebuild, in one transaction: the next `batchSize` records after the last one
 * done are summed into the rows. Returns where the build stands afterwards. A missing build
 * state starts over (the rows are cleared first).
 */
export async function rebuildRollupsBatch(
  db: Database,
  options: { now: number; timeZone: string; batchSize?: number },
): Promise<RollupBuild> {
  const tx = db.transaction(
    ['records', ...ROLLUP_STORES, 'settings', 'events', 'versions'] as const,
    'readwrite',
  );
  const settings = tx.objectStore('settings');
  let build = await readSetting(settings, 'rollupBuild');
  if (build?.state === 'built') {
    await tx.done;
    return build;
  }
  if (build === undefined) {
    await Promise.all(ROLLUP_STORES.map((name) => tx.objectStore(name).clear()));
    build = {
      state: 'building',
      after: null,
      done: 0,
      total: await tx.objectStore('records').count(),
    };
  }
  const range = build.after === null ? undefined : IDBKeyRange.lowerBound(build.after, true);
  const docs: RecordDoc[] = await tx
    .objectStore('records')
    .getAll(range, options.batchSize ?? BATCH);

  const definitions = new Map<string, Sequence | undefined>();
  const definitionOf = async (sequenceId: string, version: number) => {
    const key = `${sequenceId}@${version}`;
    if (!definitions.has(key))
      definitions.set(
        key,
        (await tx.objectStore('versions').get([sequenceId, version]))?.definition,
      );
    return definitions.get(key);
  };
  const entries: { connection: RollupConnection; judge: SuccessJudge }[] = [];
  const connections: Connection[] = [];
  for (const doc of docs) {
    let captures: FieldChange[] | null = null;
    for (const connection of doc.state.connections) {
      const rule = (await definitionOf(connection.sequenceId, connection.version))?.success;
      const judge: SuccessJudge = { rule, timeZone: options.timeZone };
      if (needsCaptures(rule) && connection.status !== 'active') {
        captures ??= await recordCaptures(tx.objectStore('events'), doc.key);
        judge.fieldChanges = captures;
      }
      entries.push({ connection, judge });
      connections.push(connection);
    }
  }
  const sums = sumRollups(entries);
  const flows = sumFlowRollups(connections, (sequenceId, version) =>
    definitions.get(`${sequenceId}@${version}`),
  );
  const store = tx.objectStore('rollups');
  const flowStore = tx.objectStore('flowRollups');
  await Promise.all([
    ...[...sums.values()].map(async (row) => {
      const stored = await store.get(rollupKey(row));
      if (stored === undefined) {
        await store.put(row);
        return;
      }
      await store.put(
        applyDayDelta(stored, {
          sequenceId: row.sequenceId,
          version: row.version,
          day: row.day,
          add: {
            connected: row.connected,
            completed: row.completed,
            exited: row.exited,
            disconnected: row.disconnected,
            moved: row.moved,
            successes: row.successes,
            stepsCompleted: row.stepsCompleted,
            stepsSkipped: row.stepsSkipped,
          },
          addMs: row.completionMs,
          removeMs: [],
        }),
      );
    }),
    // A day's connections can span batches (records in key order, not by day): added up.
    ...[...flows.values()].map(async (row) => {
      const stored = await flowStore.get(rollupKey(row));
      const { sequenceId, version, day } = row;
      await flowStore.put(
        stored === undefined
          ? row
          : (applyFlowDelta(stored, {
              sequenceId,
              version,
              day,
              remove: null,
              add: unpackFlowTally(row),
            }) ?? row),
      );
    }),
  ]);
  const last = docs.at(-1);
  const next: RollupBuild =
    docs.length < (options.batchSize ?? BATCH)
      ? { state: 'built', builtAt: options.now }
      : {
          state: 'building',
          after: last?.key ?? build.after,
          done: build.done + docs.length,
          total: Math.max(build.total, build.done + docs.length),
        };
  await settings.put(settingDoc('rollupBuild', next));
  await tx.done;
  return next;
}

/** Runs the rebuild to the end, batch by batch, reporting progress after each. */
export async function rebuildRollups(
  db: Database,
  options: { now: () => number; timeZone: string; onProgress?: (build: RollupBuild) => void },
): Promise<void> {
  // The usual case at start-up: built already. One read, no read-write transaction over the
  // records (which would hold up the panel's first command).
  if ((await readSetting(db, 'rollupBuild'))?.state === 'built') return;
  for (;;) {
    const build = await rebuildRollupsBatch(db, { now: options.now(), timeZone: options.timeZone });
    options.onProgress?.(build);
    if (build.state === 'built') return;
  }
}

/** Forgets the roll-ups (restore, reset): the next rebuild starts over from what is stored. */
export async function forgetRollups(tx: {
  objectStore(name: (typeof ROLLUP_STORES)[number]): { clear(): Promise<unknown> };
  objectStore(name: 'settings'): { delete(key: string): Promise<unknown> };
}): Promise<void> {
  await Promise.all([
    ...ROLLUP_STORES.map((name) => tx.objectStore(name).clear()),
    tx.objectStore('settings').delete('rollupBuild'),
  ]);
}
