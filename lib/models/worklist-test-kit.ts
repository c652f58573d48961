/**
 * Test helpers for the work list (model, component and query tests): rows and a fake source.
 * Not imported by any entrypoint.
 */
import { recordKey } from '../domain/record-ref';
import type { ConnectionRow, SequenceSummary } from '../messaging/protocol';
import type { ActItems, ActReply, LoadedAll, WorklistSource } from './worklist-source';

export function row(overrides: Partial<ConnectionRow> & { id: string }): ConnectionRow {
  const entity = overrides.entity ?? 'lead';
  const crm = overrides.crm ?? 'dynamics';
  return {
    recordKey: recordKey({ crm, entity, id: `${overrides.id}-record` }),
    recordName: 'Ada Lovelace',
    url: `https://crm.example/${overrides.id}`,
    crm,
    entity,
    sequenceId: 'seq-outbound',
    sequenceName: 'Outbound',
    version: 1,
    revision: 3,
    status: 'active',
    reason: null,
    stepId: 'call-1',
    stepType: 'call',
    stepName: 'Call',
    kind: 'action',
    dueAt: Date.UTC(2026, 5, 4, 9),
    snoozedUntil: null,
    connectedAt: 0,
    endedAt: null,
    stepsDone: 0,
    updatedAt: 0,
    ...overrides,
  };
}

export function summary(id: string, name: string, tags: string[]): SequenceSummary {
  return {
    id,
    name,
    description: null,
    entity: 'lead',
    state: 'active',
    tags,
    steps: 3,
    version: 1,
    connected: 0,
    createdAt: 0,
    updatedAt: 0,
    source: 'user',
    edited: false,
  };
}

export interface FakeSource extends WorklistSource {
  rows: ConnectionRow[];
  sequences: SequenceSummary[];
  acted: ActItems[];
  loads: number;
  reply: (items: ActItems) => ActReply | Promise<ActReply>;
}

/** Acting removes the rows acted on, as the background would. */
export function fakeSource(
  rows: ConnectionRow[],
  options: { now: number; timeZone?: string; sequences?: SequenceSummary[] },
): FakeSource {
  const source: FakeSource = {
    rows,
    sequences: options.sequences ?? [],
    acted: [],
    loads: 0,
    reply: (items) => ({ applied: items.length, alreadyHandled: 0, failed: [] }),
    loadRows(load): Promise<LoadedAll> {
      source.loads += 1;
      const sequences = source.sequences.map(({ id, name, tags }) => ({ id, name, tags }));
      const all = {
        rows: [...source.rows],
        now: options.now,
        timeZone: options.timeZone ?? 'Europe/Berlin',
        sequences,
      };
      // One page: everything, then the sequences (as the page's own read hands them over).
      load?.onPage?.(all);
      load?.onSequences?.(sequences);
      return Promise.resolve(all);
    },
    async act(items) {
      source.acted.push(items);
      const reply = await source.reply(items);
      const done = new Set(
        items.map((item) => ('connectionId' in item.action ? item.action.connectionId : '')),
      );
      source.rows = source.rows.filter((r) => !done.has(r.id));
      return reply;
    },
  };
  return source;
}
