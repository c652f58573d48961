/**
 * The `rollups` store (migration 5): daily insight counts per sequence, version and UTC day
 * (lib/engine/rollup.ts), so a year of figures outlives the 90-day event log; and the
 * `flowRollups` store (migration 10): each version's flow per UTC day of connection
 * (lib/engine/flow-rollup.ts), so a sequence's insights read a window's days, not its records.
 * Both are kept and rebuilt together, as below.
 *
 * - Live: `rollupWrites` adds what one command changed, in the transaction of its events
 *   (record-tx.ts).
 * - Rebuild: when the rows are missing (a database from before insights, after a restore or a
 *   reset), `rebuildRollupsBatch` sums every stored connection's history, a batch of records per
 *   transaction, and records its progress in the `rollupBuild` setting. While it runs, a live
 *   command adds its change only for records the rebuild has already passed (keys up to
 *   `after`), so nothing is counted twice or missed, and a worker stopped in the middle
 *   resumes where it was.
 */
import {
  applyDayDelta,
  dayOf,
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
import type { Command, Connection, RecordState } from '../engine/types';
import type { Sequence } from '../sequence/types';
import type { Database } from './db';
import { readSetting, settingDoc } from './settings';
import type { SequenceLookup } from './sequence-lookup';
import type { EventDoc, RecordDoc } from './types';

/** The derived insight stores: never in a backup, forgotten and rebuilt together. */
export const ROLLUP_STORES = ['rollups', 'flowRollups'] as const;

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

/** A roll-up store (daily or flow), as much of it as the writes use; rows keyed by `rollupKey`. */
interface RowStore<Row> {
  get(key: [string, number, number]): Promise<Row | undefined>;
  put(value: Row): Promise<unknown>;
  delete(key: [string, number, number]): Promise<unknown>;
}
type RollupStore = RowStore<DayRollup>;
type FlowRollupStore = RowStore<FlowRollup>;

/**
 * Roll-up rows read ahead (`readRollupsAhead`), by their key joined with NUL: the reads were
 * made in the same transaction before anything else wrote those rows.
 */
export interface RollupRowsAhead {
  day: Map<string, Promise<DayRollup | undefined>>;
  flow: Map<string, Promise<FlowRollup | undefined>>;
}

/**
 * Starts reading the roll-up rows a seller's action on a connection will change (`commands` that
 * name a connection of `state`): its daily row of `now`'s UTC day and its flow row (the day it
 * was connected). They are read while the command is worked out, so writing its deltas does not
 * wait for a read (bench insights-rollup-action-cost). A row the deltas need and that was not
 * read ahead is read when written; a row read ahead that the command did not change costs one
 * read. Only for one command's own transaction: nothing else may write the rows in between.
 */
export function readRollupsAhead(
  stores: { day: RollupStore; flow: FlowRollupStore | null },
  state: RecordState,
  commands: readonly Command[],
  now: number,
): RollupRowsAhead {
  const ahead: RollupRowsAhead = { day: new Map(), flow: new Map() };
  type RowOf = Parameters<typeof rollupKey>[0];
  const read = <T>(
    into: Map<string, Promise<T>>,
    row: RowOf,
    get: (key: [string, number, number]) => Promise<T>,
  ) => {
    const id = rollupRowId(row);
    if (into.has(id)) return;
    const read = get(rollupKey(row));
    // Awaited when written; a read that is not used must not report an unhandled failure.
    read.catch(() => undefined);
    into.set(id, read);
  };
  for (const command of commands) {
    if (!('connectionId' in command)) continue;
    const connection = state.connections.find((candidate) => candidate.id === command.connectionId);
    if (connection?.status !== 'active') continue;
    const { sequenceId, version } = connection;
    read(ahead.day, { sequenceId, version, day: dayOf(now) }, (key) => stores.day.get(key));
    const { flow } = stores;
    if (flow === null) continue;
    read(ahead.flow, { sequenceId, version, day: dayOf(connection.connectedAt) }, (key) =>
      flow.get(key),
    );
  }
  return ahead;
}

/**
 * What a command writes to one roll-up store: rows to put, keys to delete. Worked out first
 * (`dayRowWrites`, `flowRowWrites`: any read they need is awaited there), then written without
 * a wait between the requests (`writeRows`), so the transaction can be committed right after.
 */
export interface RowWrites<Row> {
  put: Row[];
  delete: [string, number, number][];
}

/** The day rows `deltas` change, applied (a row that counts nothing is deleted). */
export function dayRowWrites(
  store: RollupStore,
  deltas: readonly DayDelta[],
  ahead?: RollupRowsAhead,
): Promise<RowWrites<DayRollup>> {
  return rowWrites(store, deltas, ahead?.day, applyDayDelta, isEmptyRollup);
}

/**
 * Groups `deltas` by the row they change and works out each row once: read (ahead, or now),
 * every delta applied in order, then put, or deleted when nothing is left (undefined, or
 * `isEmpty`).
 */
async function rowWrites<Row, Delta extends Parameters<typeof rollupKey>[0]>(
  store: RowStore<Row>,
  deltas: readonly Delta[],
  ahead: ReadonlyMap<string, Promise<Row | undefined>> | undefined,
  apply: (row: Row | undefined, delta: Delta) => Row | undefined,
  isEmpty: (row: Row) => boolean = () => false,
): Promise<RowWrites<Row>> {
  const grouped = new Map<string, Delta[]>();
  for (const delta of deltas) {
    const id = rollupRowId(delta);
    grouped.set(id, [...(grouped.get(id) ?? []), delta]);
  }
  const writes: RowWrites<Row> = { put: [], delete: [] };
  const rows: (Row | undefined)[] = await Promise.all(
    [...grouped].map(([id, group]) => ahead?.get(id) ?? store.get(rollupKey(group[0]))),
  );
  for (const [index, group] of [...grouped.values()].entries()) {
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

/** The flow rows `deltas` change, applied (a row of no connection is deleted). */
export function flowRowWrites(
  store: FlowRollupStore,
  deltas: readonly FlowDelta[],
  ahead?: RollupRowsAhead,
): Promise<RowWrites<FlowRollup>> {
  return rowWrites(store, deltas, ahead?.flow, applyFlowDelta);
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
