/**
 * What insights read from the database (one read-only transaction each): the roll-ups for the
 * stats table (never the connections: 10,000 of them would cost more than every figure), and
 * one sequence's connections with their histories for its flow and step tables. The figures themselves are computed by the pure functions
 * in lib/engine/insights*.ts.
 */
import type { DayWindow } from '../engine/insights';
import type { FlowConnection } from '../engine/insights-flow';
import type { DayRollup } from '../engine/rollup';
import { DAY } from '../engine/time/zoned';
import type { Sequence } from '../sequence/types';
import type { Database } from './db';
import type { SequenceDoc } from './types';

export interface StatsInputs {
  sequences: SequenceDoc[];
  /** Every roll-up row up to the window's end (in progress is counted from the first day). */
  rollups: DayRollup[];
}

/** Everything the stats table needs for `window` and the window before it. */
export async function readStatsInputs(db: Database, window: DayWindow): Promise<StatsInputs> {
  const tx = db.transaction(['sequences', 'rollups'], 'readonly');
  const [sequences, rollups] = await Promise.all([
    tx.objectStore('sequences').getAll(),
    tx.objectStore('rollups').getAll(),
  ]);
  await tx.done;
  return { sequences, rollups: rollups.filter((row) => row.day <= window.to) };
}

export interface SequenceInsightsInputs {
  sequence: SequenceDoc;
  /** Every activated version (ascending). */
  versions: number[];
  rollups: DayRollup[];
  /** The definition of `version`, and its connections connected in the window (with histories). */
  definition: Sequence | null;
  flow: FlowConnection[];
  /**
   * With `allVersions`: every activated version's definition and its connections connected in
   * the window (ascending by version), for the all-versions step table. Otherwise empty.
   */
  everyVersion: { version: number; definition: Sequence; connections: FlowConnection[] }[];
}

/**
 * One sequence: its roll-ups, its connections' instants, and for `version` (default: the latest)
 * its definition and the connections of that version connected in `window`; with `allVersions`,
 * the same for every version. Undefined when the sequence does not exist.
 */
export async function readSequenceInsights(
  db: Database,
  sequenceId: string,
  version: number | null,
  window: DayWindow,
  options: { allVersions?: boolean } = {},
): Promise<(SequenceInsightsInputs & { version: number | null }) | undefined> {
  const tx = db.transaction(
    ['sequences', 'versions', 'rollups', 'connections', 'records'],
    'readonly',
  );
  const sequence = await tx.objectStore('sequences').get(sequenceId);
  if (sequence === undefined) {
    await tx.done;
    return undefined;
  }
  const [versionKeys, rollups, rows] = await Promise.all([
    tx
      .objectStore('versions')
      .getAllKeys(IDBKeyRange.bound([sequenceId, 0], [sequenceId, Infinity])),
    tx.objectStore('rollups').index('bySequence').getAll(sequenceId),
    tx.objectStore('connections').index('bySequence').getAll(sequenceId),
  ]);
  const versions = versionKeys.map(([, n]) => n).sort((a, b) => a - b);
  const chosen =
    version !== null && versions.includes(version) ? version : (versions.at(-1) ?? null);
  const start = window.from * DAY;
  const end = (window.to + 1) * DAY;
  const all = options.allVersions === true;
  const cohort = rows.filter(
    (row) => (all || row.version === chosen) && row.connectedAt >= start && row.connectedAt < end,
  );
  const wanted = all ? versions : chosen === null ? [] : [chosen];
  const [docs, records] = await Promise.all([
    Promise.all(wanted.map((n) => tx.objectStore('versions').get([sequenceId, n]))),
    Promise.all(
      [...new Set(cohort.map((row) => row.recordKey))].map((key) =>
        tx.objectStore('records').get(key),
      ),
    ),
  ]);
  await tx.done;
  const byId = new Map(cohort.map((row) => [row.id, row]));
  const byVersion = new Map<number, FlowConnection[]>(wanted.map((n) => [n, []]));
  for (const record of records) {
    if (record === undefined) continue;
    for (const connection of record.state.connections) {
      if (!byId.has(connection.id)) continue;
      byVersion
        .get(connection.version)
        ?.push({ ...connection, recordKey: record.key, recordName: record.name });
    }
  }
  const definitions = new Map(
    docs.flatMap((doc) => (doc === undefined ? [] : [[doc.version, doc.definition] as const])),
  );
  const flow = chosen === null ? [] : (byVersion.get(chosen) ?? []);
  const definition = chosen === null ? null : (definitions.get(chosen) ?? null);
  const everyVersion = all
    ? wanted.flatMap((n) => {
        const found = definitions.get(n);
        return found === undefined
          ? []
          : [{ version: n, definition: found, connections: byVersion.get(n) ?? [] }];
      })
    : [];
  return {
    sequence,
    versions,
    version: chosen,
    rollups,
    definition,
    flow,
    everyVersion,
  };
}
