/**
 * Rows of the `connections` store, derived from a record's engine state. Only a step that needs
 * the seller carries `dueAt`, so the `byDueOrder` index is exactly the work list and the badge count;
 * only an active one carries `activeSequenceId`, so `byActive` is exactly the active connections.
 */
import { currentSteps, type CurrentStepView } from '../engine/queries';
import type { AwayPeriod } from '../engine/time/away';
import type { RecordState } from '../engine/types';
import { stepName } from '../sequence/steps';
import { withConnectionIndexFields } from './index-fields';
import type { SequenceLookup } from './sequence-lookup';
import type { ConnectionRow, RecordDoc } from './types';

export interface ViewContext {
  now: number;
  timeZone: string;
  away: AwayPeriod[];
}

export function projectConnections(
  doc: Pick<RecordDoc, 'key' | 'name' | 'url' | 'ref'>,
  state: RecordState,
  sequences: SequenceLookup,
  ctx: ViewContext,
): ConnectionRow[] {
  const views = new Map<string, CurrentStepView>(
    currentSteps(state, { ...ctx, sequences }).map((view) => [view.connectionId, view]),
  );
  return state.connections.map((connection) => {
    const view = views.get(connection.id);
    const row: ConnectionRow = {
      id: connection.id,
      recordKey: doc.key,
      recordName: doc.name,
      url: doc.url,
      crm: doc.ref.crm,
      entity: doc.ref.entity,
      sequenceId: connection.sequenceId,
      sequenceName: connection.sequenceName,
      version: connection.version,
      revision: connection.revision,
      status: connection.status,
      reason: connection.reason,
      stepId: view?.stepId ?? null,
      stepType: view?.step?.type ?? null,
      stepName: view?.step ? stepName(view.step) : null,
      kind: view?.kind ?? null,
      snoozedUntil: view?.snoozedUntil ?? null,
      connectedAt: connection.connectedAt,
      endedAt: connection.endedAt,
      stepsDone: connection.steps.length,
      updatedAt: connection.updatedAt,
    };
    // Waiting steps need nobody; everything else that is active shows in the work list.
    if (view && view.kind !== 'waiting') row.dueAt = view.dueAt;
    return withConnectionIndexFields(row);
  });
}
