/**
 * The console's segment messages (issue #17): list, save from the builder, activate and
 * deactivate, reorder, copy, delete, simulate, "Run now" in batches, the why log and the fields
 * seen per kind of record. Evaluation on capture happens in the record transaction
 * (lib/store/segment-routing.ts); "Run now" evaluates a batch in one transaction
 * (lib/store/record-tx.ts `runSegmentsInOneTx`).
 */
import { parseRecordKey } from '@/lib/domain/record-ref';
import type { SegmentRunBatch } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import { runSegmentsInOneTx } from '@/lib/store/record-tx';
import { readSegmentLog } from '@/lib/store/segment-log';
import {
  copySegment,
  deleteSegment,
  listSegmentSummaries,
  recordKeysBatch,
  reorderSegments,
  saveSegment,
  seenFields,
  setSegmentState,
  simulateSegment,
} from '@/lib/store/segments-repo';

import { commandContext, type BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { guard } from './guard';

type SegmentHandlers = Pick<
  HandlerMap,
  | 'listSegments'
  | 'saveSegment'
  | 'setSegmentState'
  | 'reorderSegments'
  | 'copySegment'
  | 'deleteSegment'
  | 'simulateSegment'
  | 'runSegments'
  | 'getSegmentLog'
  | 'listSeenFields'
>;

/**
 * Evaluates the segments of up to `limit` records of a kind, from `after`, in one transaction
 * (one commit): records that connect, move or have connections through the record
 * transaction's own code (the one a capture uses), so "Run now" routes exactly as a capture
 * would; the others decided in memory with the same decision and why-log code.
 */
async function runBatch(
  deps: BackgroundDeps,
  db: Database,
  request: { entity: Parameters<typeof recordKeysBatch>[1]; after: string | null; limit: number },
): Promise<SegmentRunBatch> {
  // The batch's keys straight from the kind's key range (what segments read of each record,
  // lib/store/segment-inputs.ts), and the kind's count: nothing else is read of other records.
  const {
    total,
    keys: batch,
    more,
  } = await recordKeysBatch(db, request.entity, request.after, request.limit);
  const ctx = await commandContext(deps, db);
  const counts: SegmentRunBatch['counts'] = {
    matched: 0,
    'no-match': 0,
    kept: 0,
    moved: 0,
    connected: 0,
    failed: 0,
  };
  const changed: string[] = [];
  const refs = batch.flatMap((key) => parseRecordKey(key) ?? []);
  for (const outcome of await runSegmentsInOneTx(db, refs, ctx)) {
    const log = outcome.segmentLog;
    if (log === undefined) continue;
    counts[log.result] += 1;
    if (log.connect.outcome === 'connected' || log.connect.outcome === 'moved') {
      counts.connected += 1;
      changed.push(log.recordKey);
    }
    if (log.connect.outcome === 'failed') counts.failed += 1;
  }
  if (changed.length > 0) deps.afterChange({ recordKeys: changed });
  const last = batch.at(-1);
  return {
    total,
    processed: batch.length,
    next: !more || last === undefined ? null : last,
    counts,
  };
}

export function createSegmentHandlers(deps: BackgroundDeps): SegmentHandlers {
  const list = async (db: Database) => listSegmentSummaries(db);
  return {
    listSegments: {
      audience: 'page',
      handle: async () => guard(async () => ({ segments: await list(await deps.db()) })),
    },
    saveSegment: {
      audience: 'page',
      handle: async ({ definition, create }) =>
        guard(async () => {
          const db = await deps.db();
          await saveSegment(db, definition, { create, now: deps.now() });
          return { segments: await list(db) };
        }),
    },
    setSegmentState: {
      audience: 'page',
      handle: async ({ id, state }) =>
        guard(async () => {
          const db = await deps.db();
          await setSegmentState(db, id, state, deps.now());
          return { segments: await list(db) };
        }),
    },
    reorderSegments: {
      audience: 'page',
      handle: async ({ entity, ids }) =>
        guard(async () => {
          const db = await deps.db();
          await reorderSegments(db, entity, ids, deps.now());
          return { segments: await list(db) };
        }),
    },
    copySegment: {
      audience: 'page',
      handle: async ({ id }) =>
        guard(async () => {
          const db = await deps.db();
          const copy = await copySegment(db, id, deps.now());
          return { segments: await list(db), id: copy.id };
        }),
    },
    deleteSegment: {
      audience: 'page',
      handle: async ({ id }) =>
        guard(async () => {
          const db = await deps.db();
          await deleteSegment(db, id);
          return { segments: await list(db) };
        }),
    },
    simulateSegment: {
      audience: 'page',
      handle: async ({ definition }) =>
        guard(async () => {
          const db = await deps.db();
          const ctx = await commandContext(deps, db);
          return simulateSegment(db, definition, { now: ctx.now, timeZone: ctx.timeZone });
        }),
    },
    runSegments: {
      audience: 'page',
      handle: async (request) => guard(async () => runBatch(deps, await deps.db(), request)),
    },
    getSegmentLog: {
      audience: 'page',
      handle: async (query) =>
        guard(async () => ({ rows: await readSegmentLog(await deps.db(), query) })),
    },
    listSeenFields: {
      audience: 'page',
      handle: async ({ entity }) =>
        guard(async () => ({ fields: await seenFields(await deps.db(), entity) })),
    },
  };
}
