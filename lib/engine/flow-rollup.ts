/**
 * Flow roll-ups (issue #18.3, #18.7): one sequence version's flow (lib/engine/insights-flow.ts)
 * summed per UTC day of connection, so a window's flow is the sum of its days' rows instead of
 * a read of every record connected in it (1,266 full records for a busy sequence over a year).
 *
 * A connection belongs to the row of the day it was connected, for good: as it goes on (a step
 * done, a reply, an end) its part of that row changes, so a command's delta is the connection's
 * tally after minus before, on that one row. The store writes the deltas in the same transaction
 * as the events; a rebuild sums every stored connection's tally. Both give the same rows
 * (property-tested). Every figure of the flow, the step table and the all-versions table comes
 * from these rows, medians included (each step keeps its times).
 */
import type { Sequence } from '../sequence/types';
import {
  addFlowTally,
  addToPackedFlowTally,
  emptyFlowTally,
  flowTally,
  flowTallyChange,
  packFlowTally,
  unpackFlowTally,
  type FlowTally,
  type PackedFlowTally,
  type TallyConnection,
} from './insights-flow';
import { dayOf, rollupRowId } from './rollup';
import type { Connection } from './types';

/**
 * One stored row: the flow of the connections of `sequenceId` `version` connected on `day`,
 * packed (`packFlowTally`: no zero counts); `unpackFlowTally` reads it, older full rows too.
 */
export interface FlowRollup extends PackedFlowTally {
  sequenceId: string;
  version: number;
  /** The UTC day the connections were connected (days since 1970-01-01). */
  day: number;
}

/** The connection fields a flow roll-up reads. */
export type FlowRollupConnection = TallyConnection &
  Pick<Connection, 'sequenceId' | 'version' | 'connectedAt'>;

/** What one command changed in one connection's row: its tally before (taken away) and after. */
export interface FlowDelta {
  sequenceId: string;
  version: number;
  day: number;
  remove: FlowTally | null;
  add: FlowTally;
}

/**
 * The change of one connection from `before` (undefined: it is new) to `after`, both of the
 * version `definition` (a connection keeps its sequence, version and connection time); null when
 * its part of the flow did not change (a second snooze), so nothing needs writing. Only the part
 * of its route that changed is taken away and added (`flowTallyChange`).
 */
export function flowDelta(
  definition: Sequence,
  before: FlowRollupConnection | undefined,
  after: FlowRollupConnection,
): FlowDelta | null {
  const at = {
    sequenceId: after.sequenceId,
    version: after.version,
    day: dayOf(after.connectedAt),
  };
  if (before === undefined) return { ...at, remove: null, add: flowTally(definition, [after]) };
  const change = flowTallyChange(definition, before, after);
  return change === null ? null : { ...at, ...change };
}

/**
 * `row` with `delta` applied, changed in place (a new row when `row` is undefined); undefined
 * when it is empty. Only the steps and links the delta has are touched (`addToPackedFlowTally`).
 */
export function applyFlowDelta(
  row: FlowRollup | undefined,
  delta: FlowDelta,
): FlowRollup | undefined {
  const next: FlowRollup = row ?? {
    sequenceId: delta.sequenceId,
    version: delta.version,
    day: delta.day,
    ...packFlowTally(emptyFlowTally()),
  };
  if (delta.remove !== null) addToPackedFlowTally(next, delta.remove, -1);
  addToPackedFlowTally(next, delta.add);
  return next.connected > 0 ? next : undefined;
}

/**
 * Sums many connections into rows (a rebuild). `definitionOf` gives a connection's version's
 * definition; a connection whose version is not stored is left out, as its flow cannot be drawn.
 */
export function sumFlowRollups(
  connections: Iterable<FlowRollupConnection>,
  definitionOf: (sequenceId: string, version: number) => Sequence | undefined,
): Map<string, FlowRollup> {
  const sums = new Map<
    string,
    { at: Pick<FlowRollup, 'sequenceId' | 'version' | 'day'>; tally: FlowTally }
  >();
  for (const connection of connections) {
    const definition = definitionOf(connection.sequenceId, connection.version);
    if (definition === undefined) continue;
    const at = {
      sequenceId: connection.sequenceId,
      version: connection.version,
      day: dayOf(connection.connectedAt),
    };
    const key = rollupRowId(at);
    let sum = sums.get(key);
    if (sum === undefined) {
      sum = { at, tally: emptyFlowTally() };
      sums.set(key, sum);
    }
    flowTally(definition, [connection], sum.tally);
  }
  return new Map(
    [...sums].map(([key, { at, tally }]) => [key, { ...at, ...packFlowTally(tally) }]),
  );
}

/** The flow of a window: the sum of its days' stored rows (of one version). */
export function sumFlowRows(rows: Iterable<PackedFlowTally>): FlowTally {
  const total = emptyFlowTally();
  for (const row of rows) addFlowTally(total, unpackFlowTally(row));
  return total;
}
