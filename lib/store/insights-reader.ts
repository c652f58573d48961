/**
 * What insights read from the database (one read-only transaction each): the roll-ups for the
 * stats table (never the connections: 10,000 of them would cost more than every figure), the
 * roll-ups and flow roll-ups for one sequence's insights (never its records), and, when a step
 * is clicked, that version's connections with their histories. The figures themselves are
 * computed by the pure functions in lib/engine/insights*.ts and lib/engine/flow-rollup.ts. The
 * roll-up rows are read with the deltas not folded into them yet (lib/store/rollups.ts), in the
 * same transaction, so a figure counts every stored command exactly once.
 */
import type { DayWindow } from '../engine/insights';
import { sumFlowRows } from '../engine/flow-rollup';
import { emptyFlowTally, type FlowConnection, type FlowTally } from '../engine/insights-flow';
import type { DayRollup } from '../engine/rollup';
import { DAY } from '../engine/time/zoned';
import type { Sequence } from '../sequence/types';
import type { Database } from './db';
import { dayRowsWithDeltas, flowRowsWithDeltas } from './rollups';
import type { SequenceDoc } from './types';

export interface StatsInputs {
  sequences: SequenceDoc[];
  /** Every roll-up row up to the window's end (in progress is counted from the first day). */
  rollups: DayRollup[];
}

/** Everything the stats table needs for `window` and the window before it. */
export async function readStatsInputs(db: Database, window: DayWindow): Promise<StatsInputs> {
  const tx = db.transaction(['sequences', 'rollups', 'rollupDeltas'], 'readonly');
  const [sequences, rollups, deltas] = await Promise.all([
    tx.objectStore('sequences').getAll(),
    tx.objectStore('rollups').getAll(),
    tx.objectStore('rollupDeltas').getAll(),
  ]);
  await tx.done;
  return {
    sequences,
    rollups: dayRowsWithDeltas(rollups, deltas).filter((row) => row.day <= window.to),
  };
}

export interface SequenceInsightsInputs {
  sequence: SequenceDoc;
  /** Every activated version (ascending). */
  versions: number[];
  /** The version shown: the one asked for if it exists, else the latest (null: none yet). */
  version: number | null;
  rollups: DayRollup[];
  /** The definition of `version`, and the flow of its connections connected in the window. */
  definition: Sequence | null;
  flow: FlowTally;
  /**
   * With `allVersions`: every activated version's definition and the flow of its connections
   * connected in the window (ascending by version), for the all-versions step table. Otherwise
   * empty.
   */
  everyVersion: { version: number; definition: Sequence; tally: FlowTally }[];
}

/** The activated versions of a sequence (ascending), and which one to show. */
async function versionsOf(
  versions: { getAllKeys(range: IDBKeyRange): Promise<[string, number][]> },
  sequenceId: string,
  version: number | null,
): Promise<{ versions: number[]; chosen: number | null }> {
  const keys = await versions.getAllKeys(
    IDBKeyRange.bound([sequenceId, 0], [sequenceId, Infinity]),
  );
  const all = keys.map(([, n]) => n).sort((a, b) => a - b);
  const chosen = version !== null && all.includes(version) ? version : (all.at(-1) ?? null);
  return { versions: all, chosen };
}

/**
 * One sequence: its roll-ups, and for `version` (default: the latest) its definition and the
 * flow of its connections connected in `window`, summed from the window's flow roll-ups (never
 * the records: a busy sequence has over a thousand); with `allVersions`, the same for every
 * version. Undefined when the sequence does not exist.
 */
export async function readSequenceInsights(
  db: Database,
  sequenceId: string,
  version: number | null,
  window: DayWindow,
  options: { allVersions?: boolean } = {},
): Promise<SequenceInsightsInputs | undefined> {
  const tx = db.transaction(
    ['sequences', 'versions', 'rollups', 'flowRollups', 'rollupDeltas'],
    'readonly',
  );
  const [sequence, { versions, chosen }, stored, deltas] = await Promise.all([
    tx.objectStore('sequences').get(sequenceId),
    versionsOf(tx.objectStore('versions'), sequenceId, version),
    tx.objectStore('rollups').index('bySequence').getAll(sequenceId),
    tx.objectStore('rollupDeltas').getAll(),
  ]);
  const rollups = dayRowsWithDeltas(stored, deltas, (delta) => delta.sequenceId === sequenceId);
  if (sequence === undefined) {
    await tx.done;
    return undefined;
  }
  const wanted = options.allVersions === true ? versions : chosen === null ? [] : [chosen];
  const read = await Promise.all(
    wanted.map(async (n) => {
      const [doc, rows] = await Promise.all([
        tx.objectStore('versions').get([sequenceId, n]),
        tx
          .objectStore('flowRollups')
          .getAll(IDBKeyRange.bound([sequenceId, n, window.from], [sequenceId, n, window.to])),
      ]);
      const flow = flowRowsWithDeltas(
        rows,
        deltas,
        (delta) =>
          delta.sequenceId === sequenceId &&
          delta.version === n &&
          delta.day >= window.from &&
          delta.day <= window.to,
      );
      return doc === undefined
        ? []
        : [{ version: n, definition: doc.definition, tally: sumFlowRows(flow) }];
    }),
  );
  await tx.done;
  const every = read.flat();
  const shown = every.find((entry) => entry.version === chosen);
  return {
    sequence,
    versions,
    version: chosen,
    rollups,
    definition: shown?.definition ?? null,
    flow: shown?.tally ?? emptyFlowTally(),
    everyVersion: options.allVersions === true ? every : [],
  };
}

/**
 * The connections of `version` of a sequence connected in `window`, with their histories and
 * records' names, and that version's definition: what "the records at a step" lists (read when
 * a step is clicked). Undefined when the sequence or that version does not exist.
 */
export async function readVersionCohort(
  db: Database,
  sequenceId: string,
  version: number,
  window: DayWindow,
): Promise<{ definition: Sequence; connections: FlowConnection[] } | undefined> {
  const tx = db.transaction(['versions', 'connections', 'records'], 'readonly');
  const [doc, rows] = await Promise.all([
    tx.objectStore('versions').get([sequenceId, version]),
    tx.objectStore('connections').index('bySequence').getAll(sequenceId),
  ]);
  const start = window.from * DAY;
  const end = (window.to + 1) * DAY;
  const cohort = new Set(
    rows
      .filter((row) => row.version === version && row.connectedAt >= start && row.connectedAt < end)
      .map((row) => row.id),
  );
  const keys = [...new Set(rows.filter((row) => cohort.has(row.id)).map((row) => row.recordKey))];
  const records = await Promise.all(keys.map((key) => tx.objectStore('records').get(key)));
  await tx.done;
  if (doc === undefined) return undefined;
  const connections: FlowConnection[] = [];
  for (const record of records) {
    if (record === undefined) continue;
    for (const connection of record.state.connections)
      if (cohort.has(connection.id))
        connections.push({ ...connection, recordKey: record.key, recordName: record.name });
  }
  return { definition: doc.definition, connections };
}
