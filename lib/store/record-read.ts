/**
 * The panel's read of one record (`getRecordView`) on a read-only transaction. Showing a record
 * first lets time pass (a `tick`: a wait ended, a snooze ran out, a step fell due); most of the
 * time that changes nothing stored, and a read-only transaction does not queue behind, or hold
 * up, the writes of other tabs. So the tick runs here in memory on what is stored, and only when
 * it would change something does the caller run it in a record transaction (`runRecordCommand`),
 * which stores it before anything is shown: the same rule `record-tx.ts` applies, read from the
 * same state, so both paths show the same view.
 */
import type { CrmState } from '../crm/custom-registry';
import { recordKey } from '../domain/record-ref';
import { apply } from '../engine/apply';
import type { RecordRef } from '../engine/types';
import { nextWakeUp } from '../engine/wake-up';

import { storedAbTestEnds } from './ab-tests';
import { keptCrmState } from './crm-settings';
import type { Database } from './db';
import { projectConnections } from './projection';
import { sameRow, type CommandContext } from './record-tx';
import {
  loadSequenceLookup,
  prefetchSequences,
  type SequenceLookup,
  type SequenceVersionRef,
} from './sequence-lookup';
import type { RecordDoc } from './types';

/**
 * - `unknown`: never seen on a CRM page.
 * - `stored`: letting time pass changes nothing; `doc` and `sequences` are what a record
 *   transaction would answer with (`buildRecordView(doc, { ...ctx, sequences })`).
 * - `time-moved`: letting time pass changes what is stored (or decides an A/B test): run the
 *   tick in a record transaction.
 *
 * Every kind carries the CRM state read in the same transaction, for the sender check.
 */
export type RecordRead = { crms: CrmState } & (
  | { kind: 'unknown' }
  | { kind: 'stored'; doc: RecordDoc; sequences: SequenceLookup }
  | { kind: 'time-moved' }
);

const READ_STORES = [
  'records',
  'connections',
  'sequences',
  'versions',
  'abTests',
  'settings',
] as const;

/**
 * The sequences and versions the latest reads needed, oldest first: a guess at what the next
 * record needs, read in the same round trip as the record instead of one after it. A seller's
 * records mostly run on the same few sequences, so a record the worker has not read yet usually
 * needs what the previous one did (the panel reads each record it is shown: bench
 * panel-after-navigation). Only a guess: what the record needs is read either way, and a wrong
 * guess costs a read in the same round trip.
 */
const recentSequences = new Map<string, SequenceVersionRef>();
const RECENT_SEQUENCES = 6;

function rememberSequences(refs: readonly SequenceVersionRef[]): void {
  for (const ref of refs) {
    const key = `${ref[0]}@${ref[1]}`;
    recentSequences.delete(key);
    recentSequences.set(key, ref);
  }
  for (const key of recentSequences.keys()) {
    if (recentSequences.size <= RECENT_SEQUENCES) break;
    recentSequences.delete(key);
  }
}

/** Reads `ref` as of `ctx.now` in one read-only transaction; writes nothing. */
export async function readRecordAsStored(
  db: Database,
  ref: RecordRef,
  ctx: CommandContext,
): Promise<RecordRead> {
  const key = recordKey(ref);
  const tx = db.transaction([...READ_STORES], 'readonly');
  const guess = [...recentSequences.values()];
  const prefetch = guess.length === 0 ? undefined : prefetchSequences(tx, guess);
  const [doc, storedRows, crms] = await Promise.all([
    tx.objectStore('records').get(key),
    tx.objectStore('connections').index('byRecord').getAll(key),
    keptCrmState(tx.objectStore('settings')),
  ]);
  if (doc === undefined) return { crms, kind: 'unknown' };
  const sequences = await loadSequenceLookup(tx, doc.state, [], prefetch);
  rememberSequences(
    doc.state.connections.map((connection) => [connection.sequenceId, connection.version] as const),
  );
  const abTestEnded = await storedAbTestEnds(
    tx,
    sequences,
    doc.state.connections
      .filter((connection) => connection.status === 'active')
      .map((connection) => ({ sequenceId: connection.sequenceId, version: connection.version })),
    ctx.now,
  );
  if (abTestEnded === null) return { crms, kind: 'time-moved' };
  const result = apply(doc.state, { type: 'tick' }, { ...ctx, sequences, abTestEnded });
  if (result.kind !== 'applied') return { crms, kind: 'time-moved' };
  // What `runRecordCommand` would write for a tick: events, a changed connection row, a new
  // wake-up time. None of them: it writes nothing, and the stored record is the answer.
  const stored = new Map(storedRows.map((row) => [row.id, row]));
  const rows = projectConnections(doc, result.state, sequences, ctx);
  const moved =
    result.events.length > 0 ||
    rows.some((row) => {
      const before = stored.get(row.id);
      return before === undefined || !sameRow(before, row);
    }) ||
    (nextWakeUp(result.state, ctx) ?? undefined) !== doc.wakeAt;
  return moved ? { crms, kind: 'time-moved' } : { crms, kind: 'stored', doc, sequences };
}
