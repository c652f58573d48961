/**
 * Segments in the record transaction (issue #17): after a capture (or on "Run now"), decide
 * whether the record's segments need evaluating, evaluate them with the pure engine
 * (lib/engine/segments.ts), carry out the decision's engine commands, and write the why log row,
 * all in the transaction of the capture that triggered it, so a record is never routed twice and
 * never routed without its log.
 */
import type { IDBPTransaction, StoreNames } from 'idb';

import { apply } from '../engine/apply';
import { evaluateSegments, sameField, type SegmentDecision } from '../engine/segments';
import type { EngineEvent, RecordFieldValue, RecordState } from '../engine/types';
import { loadAbTestEnds } from './ab-tests';
import type { UpnextDB } from './db';
import { loadSegments, type CompiledSegments } from './segment-cache';
import type { CommandContext } from './record-tx';
import { loadSequenceLookup, type SequenceLookup } from './sequence-lookup';
import type {
  RecordDoc,
  SegmentConnectOutcome,
  SegmentLogDoc,
  SegmentTriggerKind,
  SegmentWhy,
} from './types';

type RoutingTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readwrite'>;

/** The stores a transaction that may route a record needs, besides the record's own. */
export const ROUTING_STORES = ['segments', 'segmentLog', 'settings'] as const;

/** The host name of a page, or null when the address is not a URL. */
export function hostOf(url: string): string | null {
  try {
    const host = new URL(url).hostname;
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

export interface RoutingInput {
  doc: RecordDoc;
  /** The record's fields before this transaction's commands ran. */
  before: Readonly<Record<string, RecordFieldValue>>;
  /** The record's state after them. */
  state: RecordState;
  /** The first read that shows the record's fields (its page may have been seen before). */
  firstSight: boolean;
  manual: boolean;
}

export interface Routed {
  state: RecordState;
  events: EngineEvent[];
  sequences: SequenceLookup;
  segment: string | null;
  log: SegmentLogDoc;
  decision: SegmentDecision;
}

/**
 * What triggers an evaluation, or null when none is needed: "Run now", first sight, or a change
 * of a field that an active segment of the record's kind uses. No active segment of that kind:
 * nothing to evaluate (a record in a segment stays there anyway). A record whose page has not
 * shown its fields yet (a CRM still loading it) is not evaluated: its first sight is the first
 * read that shows them, so the why log never judges a record by an empty page.
 */
function triggerFor(
  segments: CompiledSegments,
  input: Pick<RoutingInput, 'before' | 'state' | 'firstSight' | 'manual'>,
): { kind: SegmentTriggerKind; keys: string[] } | null {
  if (input.manual) return { kind: 'manual', keys: [] };
  if (input.state.fieldsUpdatedAt === null) return null;
  const { ranked, keys: used } = segments.of(input.state.record.entity);
  if (ranked.length === 0) return null;
  if (input.firstSight) return { kind: 'first-sight', keys: [] };
  const keys = used.filter((key) => !sameField(input.before, input.state.fields, key));
  return keys.length === 0 ? null : { kind: 'field-change', keys };
}

/** An evaluation decided but not carried out yet (`decideBySegments`). */
export interface SegmentVerdict {
  trigger: { kind: SegmentTriggerKind; keys: string[] };
  decision: SegmentDecision;
}

/** A sequence's name (its current version's) in `sequences`, if loaded. */
const sequenceNameIn =
  (sequences: SequenceLookup) =>
  (sequenceId: string): string | undefined =>
    sequences(sequenceId)?.definition.name;

/**
 * Whether anything triggers an evaluation of the record and, if so, what the pure engine
 * decides: no reads, no writes. Null when nothing is evaluated.
 */
export function decideBySegments(
  segments: CompiledSegments,
  input: RoutingInput,
  ctx: Pick<CommandContext, 'now' | 'timeZone'>,
  /** The sequences loaded for the record: the decision's words name them (else by id). */
  sequences?: SequenceLookup,
): SegmentVerdict | null {
  const trigger = triggerFor(segments, input);
  if (trigger === null) return null;
  const { doc, state } = input;
  const { ranked, readsHost } = segments.of(state.record.entity);
  const decision = evaluateSegments({
    segments: segments.all,
    ranked,
    // The address is parsed only when a host condition asks (every record of a "Run now"
    // otherwise parsed it, for segments whose host test sits behind a CRM test that decides),
    // and never when no segment reads the host.
    record: {
      ...state.record,
      get host() {
        return readsHost ? hostOf(doc.url) : null;
      },
      fields: state.fields,
    },
    current: doc.segment ?? null,
    connections: state.connections,
    trigger:
      trigger.kind === 'field-change'
        ? { kind: 'field-change', keys: trigger.keys }
        : { kind: trigger.kind },
    clock: { now: ctx.now, timeZone: ctx.timeZone },
    ...(sequences === undefined ? {} : { sequenceName: sequenceNameIn(sequences) }),
  });
  return { trigger, decision };
}

/**
 * The id of an evaluation, and the base of its why-log row's key (lib/store/segment-log.ts adds
 * the row's count): its instant in base 36, fixed width (so keys sort by time), then `unique`
 * (random; a "Run now" batch's rows, which share their instant, add their count to it). Like the
 * event log's keys (record-tx.ts): short, and a run's rows share their prefix, so they are
 * written next to each other. Evaluations keyed by a UUID before got a time prefix (version 14).
 */
export function segmentLogKey(at: number, unique: string): string {
  return `${at.toString(36).padStart(9, '0')}${unique}`;
}

/**
 * The why-log row of an evaluation at `ctx.now`, given what carrying out its decision came to;
 * `id` is its key (`segmentLogKey`).
 */
export function segmentLogOf(
  segments: CompiledSegments,
  doc: RecordDoc,
  entity: RecordState['record']['entity'],
  { trigger, decision }: SegmentVerdict,
  connect: { outcome: SegmentConnectOutcome; words: string },
  ctx: Pick<CommandContext, 'now'>,
  id: string,
): SegmentLogDoc {
  const segmentName = (segmentId: string | null): string | null =>
    segmentId === null ? null : (segments.names.get(segmentId) ?? null);
  return {
    id,
    at: ctx.now,
    recordKey: doc.key,
    recordName: doc.name,
    url: doc.url,
    entity,
    trigger: trigger.kind,
    changed: trigger.keys,
    result: decision.result,
    segment: decision.segment,
    segmentName: segmentName(decision.segment),
    previous: decision.previous,
    sequence: decision.sequence,
    matches: decision.matches,
    why: decision.why,
    connect: { outcome: connect.outcome, reason: decision.connect.reason, words: connect.words },
  };
}

/**
 * Evaluates the record's segments when something triggers it, inside `tx`, and applies the
 * decision's commands. Returns null when nothing was evaluated. Throws nothing of its own.
 */
export async function routeBySegments(
  tx: RoutingTx,
  input: RoutingInput,
  ctx: CommandContext,
  sequences: SequenceLookup,
  /** The segments as `tx` sees them, when the caller loaded them already (a "Run now" batch). */
  loaded?: CompiledSegments,
): Promise<Routed | null> {
  const segments = loaded ?? (await loadSegments(tx));
  let verdict = decideBySegments(segments, input, ctx, sequences);
  if (verdict === null) return null;
  let { decision } = verdict;
  const { doc, state } = input;

  let next = state;
  const events: EngineEvent[] = [];
  let lookup = sequences;
  let outcome: SegmentConnectOutcome = 'none';
  let words = decision.connect.words;
  const target = decision.sequence;
  if (decision.commands.length > 0 && target !== null) {
    lookup = await loadSequenceLookup(tx, state, [target]);
    // Decided again (pure, the same decision) so its words name the sequence it connects to,
    // which the record's own lookup did not hold.
    if (sequences(target) === undefined) {
      verdict = decideBySegments(segments, input, ctx, lookup) ?? verdict;
      decision = verdict.decision;
      words = decision.connect.words;
    }
    // The target's ended A/B tests, as for a connect the seller makes (record-tx.ts).
    const abTestEnded = await loadAbTestEnds(
      tx,
      lookup,
      [{ sequenceId: target }],
      ctx.now,
      ctx.timeZone,
    );
    for (const command of decision.commands) {
      const result = apply(next, command, { ...ctx, sequences: lookup, abTestEnded });
      if (result.kind === 'applied') {
        next = result.state;
        events.push(...result.events);
        outcome = command.type === 'move' ? 'moved' : 'connected';
      } else {
        outcome = result.kind === 'rejected' ? 'failed' : 'none';
        words = `${words}: ${result.message}`;
        break;
      }
    }
  }
  const log = segmentLogOf(
    segments,
    doc,
    state.record.entity,
    verdict,
    { outcome, words },
    ctx,
    // 48 random bits of a UUID, as event keys take.
    segmentLogKey(ctx.now, ctx.newId().slice(-12)),
  );
  return { state: next, events, sequences: lookup, segment: decision.segment, log, decision };
}

/** The short form of a log row that the record keeps for the panel. */
export function whyOf(log: SegmentLogDoc): SegmentWhy {
  return {
    at: log.at,
    trigger: log.trigger,
    result: log.result,
    segment: log.segment,
    segmentName: log.segmentName,
    sequence: log.sequence,
    why: log.why,
    connect: log.connect,
  };
}
