/**
 * One engine command on one record, in one IndexedDB transaction: load the record and the
 * sequences it needs, run the pure engine, write the new state, its connection rows, the event
 * log and per-step statistics, and only then report. Two tabs acting on the same step at the
 * same moment are serialised by IndexedDB (overlapping readwrite transactions on the same
 * stores run one after the other), and the engine answers the second "already handled".
 */
import { t } from '../i18n';
import { abortWrites } from './storage-failure';
import { recordKey } from '../domain/record-ref';
import { apply, createRecordState } from '../engine/apply';
import { fieldChangesOf } from '../engine/rollup';
import { isValidTimeZone } from '../engine/time/zoned';
import { nextWakeUp } from '../engine/wake-up';
import type { ApplyResult, Command, EngineEvent, RecordRef, RecordState } from '../engine/types';
import { unwrap, type IDBPTransaction, type StoreNames } from 'idb';

import type { CrmState } from '../crm/custom-registry';
import type { Database, UpnextDB } from './db';
import { loadAbTestEnds } from './ab-tests';
import { keptCrmState } from './crm-settings';
import { applyPageRead, type PageRead } from './record-capture';
import { projectConnections, type ViewContext } from './projection';
import { eventKey } from './event-keys';
import { withEventIndexFields } from './index-fields';
import {
  commandFlowDeltas,
  commandRollupDeltas,
  recordCaptures,
  rollupsLive,
  type RollupDeltaDoc,
} from './rollups';
import {
  loadSequenceLookup,
  prefetchSequences,
  type SequenceLookup,
  type SequenceVersionRef,
} from './sequence-lookup';
import {
  ROUTING_STORES,
  decideBySegments,
  routeBySegments,
  segmentLogKey,
  segmentLogOf,
  whyOf,
} from './segment-routing';
import { loadSegments, type CompiledSegments } from './segment-cache';
import { segmentLogRow, segmentLogWriter, type SegmentLogWriter } from './segment-log';
import {
  putSegmentInput,
  segmentInputChanged,
  segmentInputOf,
  type SegmentInputDoc,
} from './segment-inputs';
import { readSetting, settingDoc } from './settings';
import { moveDueCount } from './work-queries';
import type {
  ConnectionRow,
  EventDoc,
  MailSeenDoc,
  RecordDoc,
  SegmentLogDoc,
  SegmentWhy,
  StepStatsDoc,
} from './types';

const RECORD_TX_STORES = [
  'records',
  'connections',
  'events',
  'stats',
  'sequences',
  'versions',
  'abTests',
  // The badge's kept count of due steps moves with the rows (lib/store/work-queries.ts).
  'settings',
  // What segments read of the record moves with it (lib/store/segment-inputs.ts).
  'segmentInputs',
  'segmentInputPacks',
] as const;

export interface CommandContext extends ViewContext {
  newId: () => string;
  seller: { name?: string };
}

/**
 * Options for commands that come from outside the seller's clicks (the mailbox):
 * - `once`: a mark written in the same transaction; if it is already there, nothing runs and the
 *   outcome is `already-handled`. What makes a mailbox message count exactly once, whichever tab,
 *   reload or feed sees it again.
 * - `independent`: each command is applied on its own; one that is rejected or already handled is
 *   skipped instead of stopping the rest (a reply on three connections, one already ended).
 */
export interface RecordCommandOptions {
  once?: MailSeenDoc;
  independent?: boolean;
  /** "Run now" (issue #17): evaluate the record's segments even though nothing changed. */
  runSegments?: boolean;
  /**
   * Whether the sender may act on this record at all, given the stored custom CRMs and
   * self-hosted instances. Decided on a read in the transaction's first round of reads, so the
   * check costs no transaction of its own (it is on every panel action's path). False: nothing
   * is written and `runRecordCommand` throws `RecordRefused`.
   */
  admit?: (crms: CrmState) => boolean;
  /**
   * Runs on the outcome once every write is requested and the commit asked for, while IndexedDB
   * does the writes and commits (the panel's reply view is built then instead of after them: the
   * worker would otherwise be idle). Runs once, also when there is nothing to write. What it
   * makes must not be shown or sent before `runRecordCommand` resolves: if the transaction
   * fails, nothing of it was stored.
   */
  whileCommitting?: (outcome: CommandOutcome) => void;
}

/** `runRecordCommand` was refused by its `admit` check: its transaction wrote nothing. */
export class RecordRefused extends Error {
  constructor() {
    super('The sender may not act on this record.');
    this.name = 'RecordRefused';
  }
}

/**
 * What a batch of records reads once for all of them, in its one transaction, and keeps up to
 * date as its commands write: "Run now" (`runSegmentsInOneTx`) and the worker's catch-up
 * (`tickInOneTx`).
 */
interface RecordBatch {
  /** The record and its connection rows (`readBatch`); absent: read them. */
  preloaded?: { existing: RecordDoc | undefined; storedRows: ConnectionRow[] };
  build: Awaited<ReturnType<typeof readSetting<'rollupBuild'>>>;
  /** The badge's due count as stored now (each write of it in the batch moves this too). */
  dueMark: Awaited<ReturnType<typeof readSetting<'dueCount'>>>;
  /**
   * Plain writes not awaited one record at a time: IndexedDB runs a transaction's requests in
   * order, so the next record's reads see them; the batch awaits them all before it commits,
   * and a failed one aborts the transaction (all or nothing).
   */
  pending: Promise<unknown>[];
  /** "Run now" only: the compiled segments and the quiet path's writes (`SegmentBatch`). */
  segments?: CompiledSegments;
  quiet?: SegmentBatch['quiet'];
}

/** A batch of "Run now": its records are routed by segments, most of them quietly. */
interface SegmentBatch extends RecordBatch {
  segments: CompiledSegments;
  /**
   * The quiet path's writes (`evaluateQuietly`): plain IndexedDB requests, without a promise
   * each. A failed one aborts the transaction (its error is not handled), so the batch's
   * `tx.done` rejects and nothing of it is stored, as with `pending`.
   */
  quiet: {
    put(store: 'records', value: RecordDoc): void;
    put(store: 'segmentInputs', value: SegmentInputDoc): void;
    /**
     * The batch's why log, every evaluation of it (both paths) in the order made: rows of many
     * evaluations (lib/store/segment-log.ts), plain requests like `put`, the last on `flush`.
     */
    log: SegmentLogWriter;
    /** The batch's why-log key base: each evaluation's id in memory (rows get their own keys). */
    logBase: string;
    /** A tick can run (`apply` refuses every command in a time zone the browser does not know). */
    zoneValid: boolean;
  };
}

export interface CommandOutcome {
  result: ApplyResult;
  doc: RecordDoc | null;
  sequences: SequenceLookup;
  rows: ConnectionRow[];
  /** The segment evaluation this command ran (a capture's trigger, or "Run now"), if any. */
  segmentLog?: SegmentLogDoc;
}

type RecordTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readwrite'>;

/** The stores a record transaction covers. */
function recordTxStores(db: Database, options: { once: boolean; routing: boolean }) {
  // Insight roll-ups are written with the events, as a delta appended to `rollupDeltas` and
  // folded into the rows later (lib/store/rollups.ts), so the rows' stores are not in the
  // transaction; a database whose upgrade has not created the store yet goes without.
  const withRollups = db.objectStoreNames.contains('rollupDeltas');
  const stores = new Set<StoreNames<UpnextDB>>([
    ...RECORD_TX_STORES,
    ...(options.once ? (['mailSeen'] as const) : []),
    // A capture or "Run now" may route the record by segments, in this same transaction.
    ...(options.routing ? ROUTING_STORES : []),
    ...(withRollups ? (['rollupDeltas'] as const) : []),
  ]);
  return { stores: [...stores], withRollups };
}

/**
 * Runs `commands` on the record `ref` in one transaction. With `sighting` (a read of the record's
 * page), the record is created on first sight, its stored capture follows the read
 * (record-capture.ts), and what the read told about its fields runs as a `record-fields` command
 * after `commands`.
 */
export async function runRecordCommand(
  db: Database,
  ref: RecordRef,
  commands: readonly Command[],
  ctx: CommandContext,
  sighting?: PageRead,
  options: RecordCommandOptions = {},
): Promise<CommandOutcome> {
  const { stores, withRollups } = recordTxStores(db, {
    once: options.once !== undefined,
    routing: sighting !== undefined || options.runSegments === true,
  });
  const tx = db.transaction(stores, 'readwrite');
  const whileCommitting = options.whileCommitting;
  const committing = { ran: false };
  const outcome = await commandInTx(tx, withRollups, ref, commands, ctx, sighting, {
    ...options,
    whileCommitting:
      whileCommitting &&
      ((made) => {
        committing.ran = true;
        whileCommitting(made);
      }),
  });
  // A command with nothing to write (refused, already handled, nothing changed) commits here.
  if (!committing.ran) whileCommitting?.(outcome);
  await tx.done;
  return outcome;
}

/**
 * "Run now" for several records (issue #17): each record's segments evaluated with the outcome
 * `runRecordCommand(db, ref, [tick], ctx, undefined, { runSegments: true })` has, all in one
 * transaction, so a batch costs one commit instead of one per record. A record with nothing to
 * do is decided without that path (`evaluateQuietly`). All or nothing.
 */
export async function runSegmentsInOneTx(
  db: Database,
  refs: readonly RecordRef[],
  ctx: CommandContext,
): Promise<CommandOutcome[]> {
  return batchInOneTx(db, refs, ctx, true);
}

/**
 * Time passing for several records (the worker's catch-up, entrypoints/background/scheduler.ts
 * `processDue`): each record gets the outcome `runRecordCommand(db, ref, [{ type: 'tick' }],
 * ctx)` has, all in one transaction, so a catch-up over thousands of due records costs one
 * commit per batch instead of one per record. Each record is read in this transaction: it is
 * ticked from what is stored now, whatever the list of due records said when it was made (a
 * seller may have acted since). A ref with no stored record has a `rejected` outcome and
 * changes nothing. All or nothing: a failure rejects and nothing of the batch is stored.
 */
export async function tickInOneTx(
  db: Database,
  refs: readonly RecordRef[],
  ctx: CommandContext,
): Promise<CommandOutcome[]> {
  return batchInOneTx(db, refs, ctx, false);
}

/**
 * A tick on each of `refs` in one transaction (`routing`: with "Run now"'s segment evaluation),
 * sharing what every record of the batch reads (`RecordBatch`).
 */
async function batchInOneTx(
  db: Database,
  refs: readonly RecordRef[],
  ctx: CommandContext,
  routing: boolean,
): Promise<CommandOutcome[]> {
  const { stores, withRollups } = recordTxStores(db, { once: false, routing });
  const tx = db.transaction(stores, 'readwrite');
  const [preloaded, segments, build, dueMark] = await Promise.all([
    readBatch(tx, refs.map(recordKey)),
    routing ? loadSegments(tx) : undefined,
    withRollups ? readSetting(tx.objectStore('settings'), 'rollupBuild') : undefined,
    readSetting(tx.objectStore('settings'), 'dueCount'),
  ]);
  const batch: RecordBatch = { build, dueMark, pending: [] };
  const segmentBatch: SegmentBatch | null =
    segments === undefined ? null : { ...batch, segments, quiet: quietWrites(tx, ctx) };
  const shared = segmentBatch ?? batch;
  const outcomes: CommandOutcome[] = [];
  const done = new Set<string>();
  try {
    for (const ref of refs) {
      const key = recordKey(ref);
      // A record listed twice is read again the second time: the first run wrote it.
      if (done.has(key)) delete shared.preloaded;
      else {
        const existing = preloaded.records.get(key);
        const storedRows = preloaded.rows.get(key) ?? [];
        shared.preloaded = { existing, storedRows };
        // Most records of a run have nothing to do: decided here, without the command path.
        const quiet =
          existing === undefined || segmentBatch === null
            ? null
            : evaluateQuietly(existing, storedRows, ctx, segmentBatch);
        if (quiet !== null) {
          done.add(key);
          outcomes.push(quiet);
          continue;
        }
      }
      done.add(key);
      outcomes.push(
        await commandInTx(
          tx,
          withRollups,
          ref,
          [{ type: 'tick' }],
          ctx,
          undefined,
          { runSegments: routing },
          shared,
        ),
      );
    }
    segmentBatch?.quiet.log.flush();
    await Promise.all(shared.pending);
  } catch (error) {
    abortWrites(tx, shared.pending);
    throw error;
  }
  await tx.done;
  return outcomes;
}

/** No sequence: what a record without connections looks sequences up in. */
const NO_SEQUENCES: SequenceLookup = () => undefined;

/** The quiet path's writes and keys for one batch (`SegmentBatch.quiet`). */
function quietWrites(tx: RecordTx, ctx: CommandContext): SegmentBatch['quiet'] {
  const stores = {
    records: unwrap(tx.objectStore('records')),
    segmentInputs: unwrap(tx.objectStore('segmentInputs')),
  };
  const segmentLog = unwrap(tx.objectStore('segmentLog'));
  const raw = unwrap(tx);
  // 48 random bits for the batch (as event keys take); its rows add their count.
  const logBase = segmentLogKey(ctx.now, ctx.newId().slice(-12));
  return {
    put(store: keyof typeof stores, value: RecordDoc | SegmentInputDoc): void {
      if (store === 'segmentInputs')
        putSegmentInput(stores.segmentInputs, raw, value as SegmentInputDoc);
      else stores.records.put(value);
    },
    log: segmentLogWriter((row) => segmentLog.put(row), ctx.now, logBase),
    logBase,
    zoneValid: isValidTimeZone(ctx.timeZone),
  };
}

/**
 * "Run now" on a record that has no connection and whose evaluation connects nothing: the
 * outcome of the command path (`commandInTx` with a tick and `runSegments`) without its reads
 * and awaits. With no connection the tick changes nothing, no connection row moves and there is
 * no wake-up, so what such a run stores is its why-log row, plus the record (and its segment
 * row) when the evaluation came to something other than what the record says. Its writes are
 * the batch's plain requests (`SegmentBatch.quiet`). Null: the record needs the command path (it
 * has connections or a wake-up, the time zone is unknown, or the decision connects or moves it).
 */
function evaluateQuietly(
  doc: RecordDoc,
  storedRows: readonly ConnectionRow[],
  ctx: CommandContext,
  batch: SegmentBatch,
): CommandOutcome | null {
  if (doc.state.connections.length > 0 || storedRows.length > 0 || doc.wakeAt !== undefined)
    return null;
  // A tick settles what is due on the record's connections (lib/engine/flow.ts `settle`): with
  // none, it applies and changes nothing, unless the time zone is unknown (then the command
  // path refuses it and says so).
  if (!batch.quiet.zoneValid) return null;
  const state = doc.state;
  const verdict = decideBySegments(
    batch.segments,
    { doc, before: state.fields, state, firstSight: state.fieldsUpdatedAt === null, manual: true },
    ctx,
  );
  if (verdict === null || verdict.decision.commands.length > 0) return null;
  const log = segmentLogOf(
    batch.segments,
    doc,
    state.record.entity,
    verdict,
    { outcome: 'none', words: verdict.decision.connect.words },
    ctx,
    batch.quiet.logBase,
  );
  const why = whyOf(log);
  const segment = verdict.decision.segment;
  batch.quiet.log.add(log);
  let next = doc;
  if (segment !== (doc.segment ?? null) || !sameOutcome(doc.segmentWhy, why)) {
    next = { ...doc, segmentWhy: why };
    // Only members carry `segment` (the `bySegment` index), as in `commandInTx`.
    if (segment === null) delete next.segment;
    else next.segment = segment;
    batch.quiet.put('records', next);
    if (segmentInputChanged(doc, next)) {
      const input = segmentInputOf(next);
      if (input !== null) batch.quiet.put('segmentInputs', input);
    }
  }
  return {
    result: { kind: 'applied', state, events: [] },
    doc: next,
    sequences: NO_SEQUENCES,
    rows: [],
    segmentLog: log,
  };
}

/**
 * The stored records `keys` and their connection rows, read with range requests over the
 * span of keys (a batch of "Run now" is consecutive keys of one kind of record) instead of two
 * requests per record. A span that holds many other records (keys of several CRMs) is read
 * key by key instead. Only the batch's own commands write these records and rows afterwards,
 * and each command writes only its own record, so reading them up front sees what a read just
 * before each command would.
 */
async function readBatch(
  tx: RecordTx,
  keys: readonly string[],
): Promise<{ records: Map<string, RecordDoc>; rows: Map<string, ConnectionRow[]> }> {
  const records = new Map<string, RecordDoc>();
  const rows = new Map<string, ConnectionRow[]>();
  if (keys.length === 0) return { records, rows };
  const wanted = new Set(keys);
  const sorted = [...wanted].sort();
  const span = IDBKeyRange.bound(sorted[0], sorted.at(-1));
  const recordStore = tx.objectStore('records');
  const byRecord = tx.objectStore('connections').index('byRecord');
  const inSpan = await recordStore.count(span);
  const [docs, connectionRows] =
    inSpan <= 2 * wanted.size
      ? await Promise.all([recordStore.getAll(span), byRecord.getAll(span)])
      : await Promise.all([
          Promise.all(sorted.map((key) => recordStore.get(key))),
          Promise.all(sorted.map((key) => byRecord.getAll(key))).then((lists) => lists.flat()),
        ]);
  for (const doc of docs) if (doc !== undefined && wanted.has(doc.key)) records.set(doc.key, doc);
  for (const row of connectionRows) {
    if (!wanted.has(row.recordKey)) continue;
    const list = rows.get(row.recordKey);
    if (list === undefined) rows.set(row.recordKey, [row]);
    else list.push(row);
  }
  return { records, rows };
}

/**
 * The sequences and versions each recently handled record's connections ran on, by record key:
 * a guess, so the next command on that record (the seller's click after the panel loaded the
 * record) reads them with the record instead of one round trip after it. Only a hint: what the
 * stored record needs is read in the transaction either way, and a worker that starts empty
 * just reads as before. Bounded; the oldest record is forgotten first.
 */
const sequenceHints = new Map<string, SequenceVersionRef[]>();
const SEQUENCE_HINTS = 200;

function rememberSequences(key: string, state: RecordState): void {
  sequenceHints.delete(key);
  if (state.connections.length === 0) return;
  sequenceHints.set(
    key,
    state.connections.map((connection) => [connection.sequenceId, connection.version] as const),
  );
  if (sequenceHints.size > SEQUENCE_HINTS) {
    const oldest = sequenceHints.keys().next();
    if (oldest.done !== true) sequenceHints.delete(oldest.value);
  }
}

/** The work of `runRecordCommand` inside an open transaction (which the caller commits). */
async function commandInTx(
  tx: RecordTx,
  withRollups: boolean,
  ref: RecordRef,
  commands: readonly Command[],
  ctx: CommandContext,
  sighting: PageRead | undefined,
  options: RecordCommandOptions,
  batch?: RecordBatch,
): Promise<CommandOutcome> {
  const key = recordKey(ref);
  const once = options.once;
  const routing = sighting !== undefined || options.runSegments === true;
  // The reads in one round trip: every action waits on this path (bench action-round-trip).
  const preloaded = batch?.preloaded;
  const admit = options.admit;
  // Started first, so they come back with the record (a batch reads its own way).
  const hint = batch === undefined ? sequenceHints.get(key) : undefined;
  const prefetch = hint === undefined ? undefined : prefetchSequences(tx, hint);
  // A seller's action adds to its sequence's step statistics: with the guess, their rows come in
  // this same first round too, so the writes wait on no second round of reads.
  const statsAhead: StatsAhead | undefined =
    batch === undefined && actsOnConnection(commands) ? new Map() : undefined;
  if (statsAhead !== undefined && hint !== undefined)
    for (const [sequenceId] of hint) readStatsOf(tx, statsAhead, sequenceId);
  // A page read (or "Run now") routes by segments: their revision is read in this first round
  // too, not in a round of its own after the engine (the page read's transaction is what the
  // next navigation's read waits behind: docs/architecture.md, the panel after a navigation).
  // A batch brings its own.
  const segmentsAhead = routing && batch === undefined ? loadSegments(tx) : undefined;
  // Awaited when routed; one that is not used must not report an unhandled failure.
  segmentsAhead?.catch(() => undefined);
  const [existing, storedRows, marked, build, dueMark, crms] = await Promise.all([
    preloaded === undefined ? tx.objectStore('records').get(key) : preloaded.existing,
    preloaded === undefined
      ? tx.objectStore('connections').index('byRecord').getAll(key)
      : preloaded.storedRows,
    once === undefined ? undefined : tx.objectStore('mailSeen').getKey(once.key),
    batch !== undefined
      ? batch.build
      : withRollups
        ? readSetting(tx.objectStore('settings'), 'rollupBuild')
        : undefined,
    batch !== undefined ? batch.dueMark : readSetting(tx.objectStore('settings'), 'dueCount'),
    admit === undefined ? undefined : keptCrmState(tx.objectStore('settings')),
  ]);
  if (admit !== undefined && (crms === undefined || !admit(crms))) throw new RecordRefused();
  if (once !== undefined && marked !== undefined) {
    return {
      result: { kind: 'already-handled', message: t('errAlreadyRecorded') },
      doc: existing ?? null,
      sequences: () => undefined,
      rows: storedRows,
    };
  }

  let doc: RecordDoc | null = existing ?? null;
  const capture = sighting === undefined ? null : applyPageRead(doc, sighting, ref.id);
  if (doc === null && capture !== null) {
    doc = {
      key,
      ref,
      url: capture.url,
      title: capture.title,
      name: capture.name,
      captured: {},
      firstSeenAt: ctx.now,
      lastSeenAt: ctx.now,
      state: createRecordState(ref),
      updatedAt: ctx.now,
    };
  }
  if (doc === null) {
    return {
      result: {
        kind: 'rejected',
        code: 'unknown-connection',
        message: t('errRecordNotSeen'),
      },
      doc: null,
      sequences: () => undefined,
      rows: [],
    };
  }
  const run: readonly Command[] =
    capture?.values == null
      ? commands
      : [...commands, { type: 'record-fields', values: capture.values }];
  if (capture !== null) {
    doc = {
      ...doc,
      url: capture.url,
      title: capture.title,
      name: capture.name,
      captured: capture.captured,
      lastSeenAt: ctx.now,
    };
  }

  if (statsAhead !== undefined) readStatsAhead(tx, statsAhead, doc.state, commands);
  const connectTargets = run.flatMap((command) =>
    command.type === 'connect' ? [command.sequenceId] : [],
  );
  let sequences = await loadSequenceLookup(tx, doc.state, connectTargets, prefetch);
  // Which A/B tests have ended (a date passed is decided here, once per test).
  const abTestEnded = await loadAbTestEnds(
    tx,
    sequences,
    [
      ...doc.state.connections
        .filter((connection) => connection.status === 'active')
        .map((connection) => ({ sequenceId: connection.sequenceId, version: connection.version })),
      ...connectTargets.map((sequenceId) => ({ sequenceId })),
    ],
    ctx.now,
    ctx.timeZone,
  );

  let state: RecordState = doc.state;
  let result: ApplyResult = { kind: 'applied', state, events: [] };
  const events: EngineEvent[] = [];
  for (const command of run) {
    const next = apply(state, command, { ...ctx, sequences, seller: ctx.seller, abTestEnded });
    if (next.kind !== 'applied' && options.independent === true) continue;
    result = next;
    if (result.kind !== 'applied') break;
    state = result.state;
    events.push(...result.events);
  }
  const routed =
    routing && result.kind === 'applied'
      ? await routeBySegments(
          tx,
          {
            doc,
            before: doc.state.fields,
            state,
            firstSight: doc.state.fieldsUpdatedAt === null,
            manual: options.runSegments === true,
          },
          ctx,
          sequences,
          batch?.segments ?? (await segmentsAhead),
        )
      : null;
  if (routed !== null) {
    state = routed.state;
    events.push(...routed.events);
    sequences = routed.sequences;
  }
  if (result.kind === 'applied') result = { ...result, state, events };
  if (batch === undefined) rememberSequences(key, state);
  const markWrite = once === undefined ? [] : [tx.objectStore('mailSeen').put(once)];

  const previousRows = new Map(storedRows.map((row) => [row.id, row]));
  const rows = projectConnections(doc, state, sequences, ctx);
  const changedRows = rows.filter((row) => {
    const before = previousRows.get(row.id);
    return before === undefined || !sameRow(before, row);
  });
  const wake = nextWakeUp(state, ctx) ?? undefined;
  // An evaluation whose outcome is what the record already says (a "Run now" or a field change
  // that leaves it where it is) writes only its why-log row: the record keeps the evaluation
  // that last changed something, and is not rewritten for a new time alone.
  const why = routed === null ? undefined : whyOf(routed.log);
  const routeChanged =
    routed !== null &&
    (routed.segment !== (doc.segment ?? null) || !sameOutcome(doc.segmentWhy, why));
  // Time alone can change what is stored: a snooze ran out (the row's kind), a step fell due
  // (the next wake-up moves on). Those are written too, or the alarm would fire forever.
  const recordChanged =
    events.length > 0 ||
    sighting !== undefined ||
    existing === undefined ||
    changedRows.length > 0 ||
    routeChanged ||
    wake !== doc.wakeAt;
  if (!recordChanged && routed === null) {
    await Promise.all(markWrite);
    return { result, doc, sequences, rows };
  }

  let next: RecordDoc = doc;
  if (recordChanged) {
    next = {
      ...doc,
      state,
      updatedAt: events.length > 0 ? ctx.now : doc.updatedAt,
      changes: (doc.changes ?? 0) + (events.length > 0 || sighting !== undefined ? 1 : 0),
    };
    if (wake === undefined) delete next.wakeAt;
    else next.wakeAt = wake;
    if (routed !== null) {
      // Only members carry `segment`: the `bySegment` index is exactly each segment's members.
      if (routed.segment === null) delete next.segment;
      else next.segment = routed.segment;
      next.segmentWhy = why;
    }
  }

  const outcome: CommandOutcome =
    routed === null
      ? { result, doc: next, sequences, rows }
      : { result, doc: next, sequences, rows, segmentLog: routed.log };
  const writes: Promise<unknown>[] = [...markWrite];
  try {
    if (recordChanged) {
      writes.push(tx.objectStore('records').put(next));
      // The record's segment row, only when what segments read of it changed (a capture).
      if (segmentInputChanged(existing, next)) {
        const input = segmentInputOf(next);
        if (input !== null) {
          writes.push(...putSegmentInput(tx.objectStore('segmentInputs'), tx, input));
        }
      }
    }
    // In a batch, the evaluation joins the batch's why-log rows; a capture's is a row alone.
    if (routed !== null && batch?.quiet !== undefined) batch.quiet.log.add(routed.log);
    else if (routed !== null)
      writes.push(tx.objectStore('segmentLog').put(segmentLogRow(routed.log)));
    for (const row of changedRows) writes.push(tx.objectStore('connections').put(row));
    const moved = moveDueCount(
      dueMark,
      changedRows.map((row) => ({ before: previousRows.get(row.id), after: row })),
    );
    if (moved !== null && moved.count !== dueMark?.count) {
      writes.push(tx.objectStore('settings').put(settingDoc('dueCount', moved)));
      if (batch !== undefined) batch.dueMark = moved;
    }
    for (const event of events) writes.push(tx.objectStore('events').put(toEventDoc(key, event)));
    // Statistics add to what is stored: their rows are read (ahead, mostly: above), then every
    // write is requested at once, none waiting for another. The roll-ups' change is one delta
    // row, appended without a read (lib/store/rollups.ts folds it into the rows later).
    const increments = statsIncrements(previousRows, rows, events);
    const rollups = withRollups && events.length > 0 && rollupsLive(build, key);
    if (batch !== undefined && increments.length === 0 && !rollups) {
      const plain = Promise.all(writes);
      // Awaited with the batch; marked handled so a failure is reported once, there.
      plain.catch(() => undefined);
      batch.pending.push(plain);
      writes.length = 0;
    }
    // The writes above are awaited below; until then a failure is not "unhandled".
    for (const write of writes) write.catch(() => undefined);
    const [statsDocs, delta] = await Promise.all([
      statsWrites(tx.objectStore('stats'), increments, statsAhead),
      rollups
        ? commandRollupDeltas(
            doc.state,
            state,
            sequences,
            ctx.timeZone,
            () => recordCaptures(tx.objectStore('events'), key),
            fieldChangesOf(events),
          ).then((day): RollupDeltaDoc => ({
            day,
            flow: commandFlowDeltas(doc.state, state, sequences),
          }))
        : null,
    ]);
    for (const stats of statsDocs) writes.push(tx.objectStore('stats').put(stats));
    if (delta !== null && (delta.day.length > 0 || delta.flow.length > 0))
      writes.push(tx.objectStore('rollupDeltas').add(delta));
    // Every request of the command is made: the transaction commits once they are done,
    // without waiting for this worker to see each succeed (one round trip less before the
    // reply). A batch goes on with its next record instead. What is made of the outcome
    // meanwhile (the panel's reply view) is built while IndexedDB does the writes.
    if (batch === undefined) {
      tx.commit();
      options.whileCommitting?.(outcome);
      await Promise.all(writes);
    } else {
      // In a batch they join its pending writes (one round trip less per record): the next
      // record's reads, its statistics rows too, are requests made after them, which IndexedDB
      // answers in order, so they see them.
      const all = Promise.all(writes);
      all.catch(() => undefined);
      batch.pending.push(all);
    }
  } catch (error) {
    // All or nothing: a write that fails (a full disk) takes the others with it.
    abortWrites(tx, writes);
    throw error;
  }
  return outcome;
}

/** Whether two segment evaluations came to the same thing (their time and trigger aside). */
function sameOutcome(a: SegmentWhy | undefined, b: SegmentWhy | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    JSON.stringify({ ...a, at: 0, trigger: '' }) === JSON.stringify({ ...b, at: 0, trigger: '' })
  );
}

/**
 * Whether a projected connection row is the stored one (so it is not rewritten). Field by field,
 * not by key order: rows restored from a backup (lib/store/backup.ts) or written by an older
 * version hold the same fields in another order, and comparing their JSON took every such row
 * for changed, so the panel's read-only view of the record (record-read.ts) fell back to a write
 * transaction on every first visit after a restore. Every field is a string, number or null.
 */
export function sameRow(a: ConnectionRow, b: ConnectionRow): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => key in right && left[key] === right[key])
  );
}

function toEventDoc(recordKey: string, event: EngineEvent): EventDoc {
  return withEventIndexFields({
    id: eventKey(event.at, event.id),
    at: event.at,
    recordKey,
    connectionId: event.connectionId,
    sequenceId: event.sequenceId,
    version: event.version,
    stepId: event.stepId ?? null,
    type: event.type,
    data: event.data,
  });
}

type StatsField = 'reached' | 'completed' | 'skipped' | 'snoozed' | 'auto';
const EVENT_STAT: Partial<Record<EngineEvent['type'], StatsField>> = {
  'step-completed': 'completed',
  'step-skipped': 'skipped',
  'step-snoozed': 'snoozed',
  'step-auto-completed': 'auto',
  'wait-ended': 'auto',
  'wait-skipped': 'auto',
  'condition-decided': 'auto',
};

/** One step's counter increments in a command (`statsIncrements`). */
interface StatsIncrement {
  sequenceId: string;
  stepId: string;
  counts: Partial<Record<StatsField, number>>;
}

/** Stats rows read ahead (`readStatsAhead`): by sequence id, every stored row of it by step id. */
type StatsAhead = Map<string, Promise<Map<string, StepStatsDoc>>>;

/** Whether `commands` act on a connection (a seller's action, not time passing alone). */
function actsOnConnection(commands: readonly Command[]): boolean {
  return commands.some((command) => 'connectionId' in command);
}

/**
 * Starts reading the step statistics of `sequenceId` into `ahead` (once per sequence), so
 * adding to them needs no read at the end of the transaction (bench action-round-trip). One
 * request: its rows by the `bySequence` index. Only for one command's own transaction: nothing
 * else writes them meanwhile, so a read at its start is what a read at its end would return.
 */
function readStatsOf(tx: RecordTx, ahead: StatsAhead, sequenceId: string): void {
  if (ahead.has(sequenceId)) return;
  const read = tx
    .objectStore('stats')
    .index('bySequence')
    .getAll(sequenceId)
    .then((docs) => new Map(docs.map((stats) => [stats.stepId, stats])));
  // Awaited when written; a read that is not used must not report an unhandled failure.
  read.catch(() => undefined);
  ahead.set(sequenceId, read);
}

/**
 * Starts reading, into `ahead`, the step statistics of the sequences whose connections
 * `commands` name (a seller's action) and that the first round's guess did not cover, while the
 * command is worked out.
 */
function readStatsAhead(
  tx: RecordTx,
  ahead: StatsAhead,
  state: RecordState,
  commands: readonly Command[],
): void {
  for (const command of commands) {
    if (!('connectionId' in command)) continue;
    const connection = state.connections.find((candidate) => candidate.id === command.connectionId);
    if (connection !== undefined) readStatsOf(tx, ahead, connection.sequenceId);
  }
}

/**
 * Per-step counters for the console, kept apart from the event log so that compacting old
 * events (retention) never changes them. A step is "reached" when a connection's current step
 * becomes it. These are the increments one command makes.
 */
function statsIncrements(
  previousRows: Map<string, ConnectionRow>,
  rows: ConnectionRow[],
  events: EngineEvent[],
): StatsIncrement[] {
  const increments = new Map<string, StatsIncrement>();
  const bump = (sequenceId: string, stepId: string, field: StatsField) => {
    const key = `${sequenceId}\u0000${stepId}`;
    const entry = increments.get(key) ?? { sequenceId, stepId, counts: {} };
    entry.counts[field] = (entry.counts[field] ?? 0) + 1;
    increments.set(key, entry);
  };
  for (const event of events) {
    const field = EVENT_STAT[event.type];
    if (field && event.sequenceId !== null && event.stepId !== undefined)
      bump(event.sequenceId, event.stepId, field);
  }
  for (const row of rows) {
    if (row.stepId !== null && previousRows.get(row.id)?.stepId !== row.stepId)
      bump(row.sequenceId, row.stepId, 'reached');
  }
  // Steps passed through within one command (e.g. a wait that ended while the browser was closed) were reached too.
  for (const event of events) {
    if (
      event.sequenceId !== null &&
      event.stepId !== undefined &&
      EVENT_STAT[event.type] !== undefined
    ) {
      const row = rows.find((candidate) => candidate.id === event.connectionId);
      const previous =
        event.connectionId === null ? undefined : previousRows.get(event.connectionId);
      if (
        row?.stepId !== event.stepId &&
        previous?.stepId !== event.stepId &&
        event.type !== 'step-snoozed'
      ) {
        bump(event.sequenceId, event.stepId, 'reached');
      }
    }
  }
  return [...increments.values()];
}

/**
 * The stats rows `increments` change, added to: each read ahead (`readStatsAhead`) or now.
 */
async function statsWrites(
  stats: {
    get(key: [string, string]): Promise<StepStatsDoc | undefined>;
  },
  increments: readonly StatsIncrement[],
  ahead: StatsAhead | undefined,
): Promise<StepStatsDoc[]> {
  return Promise.all(
    increments.map(async ({ sequenceId, stepId, counts }) => {
      const known = ahead?.get(sequenceId);
      const stored =
        known === undefined ? await stats.get([sequenceId, stepId]) : (await known).get(stepId);
      const current = stored ?? {
        sequenceId,
        stepId,
        reached: 0,
        completed: 0,
        skipped: 0,
        snoozed: 0,
        auto: 0,
      };
      for (const [field, amount] of Object.entries(counts) as [StatsField, number][])
        current[field] += amount;
      return current;
    }),
  );
}
