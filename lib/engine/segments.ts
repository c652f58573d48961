/**
 * Segments route records to sequences by criteria (spec section 8). Pure evaluation: given the
 * segments, a record, the segment it is in, its connections and what triggered the evaluation,
 * decide where the record belongs and whether to connect it. The background applies the
 * decision's engine commands in the same transaction as the capture that triggered it, and logs
 * the decision (the "why log").
 *
 * Rules:
 * - Only active segments of the record's entity compete. The best priority (1 first; ties: the
 *   order of the segments) whose `where` holds wins.
 * - A record is in at most one segment. A record in a segment stays there unless the winner is
 *   another segment that allows moving in; then it moves: it leaves the old segment's sequence
 *   (status `moved`) and is connected to the new one's. A record that stops matching stays.
 * - A record is never connected twice to one sequence (an active connection means "already
 *   connected"), and a connection the seller ended by hand is not restarted unless a field the
 *   deciding segment's criteria use changed since.
 * - A segment connects a record when the record enters it; a member that is not connected yet
 *   (its sequence could not take it then) is connected on a later evaluation while it still
 *   matches; a member whose connection ran its course (completed, exited, moved on) is not
 *   connected again by the same membership.
 */
import type { Entity, Segment, SegmentCondition } from '../sequence/types';
import {
  compileFieldCondition,
  preparedFields,
  valuesEqual,
  type FieldClock,
  type PreparedFields,
} from './fields';
import { candidatePositions, segmentIndexOf } from './segment-index';
import type { Command, Connection, RecordFieldValue } from './types';

/** What segments look at: the record, where its page is, and its latest known fields. */
export interface SegmentRecord {
  crm: string;
  entity: Entity;
  id: string;
  /** The host name of the record's page (`app.example.com`); null when unknown. */
  host: string | null;
  fields: Readonly<Record<string, RecordFieldValue>>;
}

/** Why the evaluation runs: the record was seen for the first time, fields changed, or "Run now". */
type SegmentTrigger =
  { kind: 'first-sight' } | { kind: 'field-change'; keys: readonly string[] } | { kind: 'manual' };

/** What the evaluation needs to know of a connection (an engine `Connection` fits). */
export type SegmentConnection = Pick<
  Connection,
  'id' | 'sequenceId' | 'status' | 'reason' | 'endedAt' | 'fieldsAtEnd'
>;

export interface SegmentEvaluation {
  /**
   * Every segment known (any entity, any state), in their order (the pack's order, which breaks
   * priority ties). Inactive segments do not compete, but a record stays in one it is in.
   */
  segments: readonly Segment[];
  /**
   * `rankSegments(segments, record.entity)` when the caller has it already (it is computed
   * otherwise). Passing the same list for every record lets its index (segment-index.ts) be built
   * once; the list must not change afterwards.
   */
  ranked?: readonly Segment[];
  record: SegmentRecord;
  /** The id of the segment the record is in, or null. */
  current: string | null;
  /** Every connection of the record, ended ones included. */
  connections: readonly SegmentConnection[];
  trigger: SegmentTrigger;
  /** "Now" and the seller's zone, for `in-last-days` / `in-next-days`. */
  clock: FieldClock;
  /**
   * A sequence's name by id, for the decision's words (the why log is read by managers, who
   * know sequences by name). Unknown ids, or none given, are quoted by id.
   */
  sequenceName?: (sequenceId: string) => string | undefined;
}

type SegmentResult = 'matched' | 'no-match' | 'kept' | 'moved';

type SegmentConnectReason =
  /** Connect: the record entered the segment (matched, or moved in). */
  | 'entered-segment'
  /** Connect: a member that was never connected to the sequence, and still matches. */
  | 'not-connected-yet'
  /** Connect: the seller had disconnected it, and a condition field changed since. */
  | 'fields-changed'
  /** Nothing to do: the record is in no segment. */
  | 'no-segment'
  /** Nothing to do: the record is in the sequence already. */
  | 'already-connected'
  /** Nothing to do: the seller disconnected it and no condition field changed since. */
  | 'disconnected-by-hand'
  /** Nothing to do: the record went through the sequence already (completed, exited, moved on). */
  | 'already-ran'
  /** Nothing to do: the record stays in its segment but no longer matches it. */
  | 'stopped-matching'
  /** Nothing to do: the record's segment is inactive. */
  | 'segment-inactive';

export interface SegmentDecision {
  result: SegmentResult;
  /** The segment the record is in after this evaluation, and its sequence. */
  segment: string | null;
  sequence: string | null;
  /** The segment it was in before (also when that segment no longer exists). */
  previous: string | null;
  /** Active segments of the record's entity whose criteria hold, best first. */
  matches: string[];
  /** Whether to connect the record to `sequence`, why, and that in words. */
  connect: { action: 'connect' | 'none'; reason: SegmentConnectReason; words: string };
  /** On a move: the connection to the old segment's sequence that the record leaves. */
  leave: { connectionId: string; sequenceId: string } | null;
  /**
   * The engine commands that carry the decision out, in order (none, a `connect`, or a
   * `move`); the background applies them in the same transaction as the capture.
   */
  commands: Command[];
  /** Why the record is where it is, in words for the why log and the CLI. */
  why: string;
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** `hostMatches` with the patterns read once. */
function compileHostPatterns(patterns: readonly string[]): (host: string | null) => boolean {
  const normalized = patterns.map(normalizeHost);
  return (host) => {
    if (host === null) return false;
    const name = normalizeHost(host);
    return normalized.some((p) => (p.startsWith('*.') ? name.endsWith(p.slice(1)) : name === p));
  };
}

/** Whether `host` (a page's host name) is one of `patterns` (`app.example.com`, `*.example.com`). */
export function hostMatches(host: string | null, patterns: readonly string[]): boolean {
  return compileHostPatterns(patterns)(host);
}

/**
 * A record as compiled criteria read it at one instant: its CRM in lower case, its host, its
 * fields prepared once, and the conditions already decided for it. 250 segments often share
 * most of their conditions (the same country list, the same CRM), and each is decided once.
 */
export interface SegmentRecordView {
  crm: string;
  /** Read from the record when a host condition first asks (see `recordView`). */
  readonly host: string | null;
  fields: PreparedFields;
  clock: FieldClock;
  /** By condition number: 0 not decided yet, 1 does not hold, 2 holds. */
  decided: Uint8Array;
}

/**
 * The view of `record` that compiled criteria test: one per record and evaluation. Conditions
 * compiled before it is made (`compileSegmentCondition`) share their decisions through it.
 */
export function recordView(record: SegmentRecord, clock: FieldClock): SegmentRecordView {
  // The host is read when a host condition first asks, not here: a caller may work it out from
  // the record's address in a getter (lib/store/segment-routing.ts), and segments that test the
  // host usually test it beside the CRM in an `any`, which the CRM decides first.
  let host: string | null | undefined;
  return {
    crm: record.crm.toLowerCase(),
    get host() {
      if (host === undefined) host = record.host;
      return host;
    },
    fields: preparedFields(record.fields),
    clock,
    decided: new Uint8Array(conditionIds.size),
  };
}

type CompiledCondition = (record: SegmentRecordView) => boolean;

/**
 * Criteria compiled once per condition object: the stored segments are kept (and compiled) per
 * revision of the segments store (lib/store/segment-cache.ts), so each is read once per revision.
 */
const compiled = new WeakMap<SegmentCondition, CompiledCondition>();
/** Conditions written alike share a number, so a record view decides them once. */
const conditionIds = new Map<string, number>();

function conditionId(condition: SegmentCondition): number {
  const text = JSON.stringify(condition);
  let id = conditionIds.get(text);
  if (id === undefined) {
    id = conditionIds.size;
    conditionIds.set(text, id);
  }
  return id;
}

/**
 * A group's test: whether any part gives `decisive` (`all`: false, `any`: true), trying first
 * the part that was decisive last time. Parts are pure, so the order changes no result, only
 * how many parts are tried: segments written alike share most conditions, and the one that sets
 * a segment apart (an owner, a region) is usually the one that decides it, so after the first
 * record a segment of ten conditions mostly tries one.
 */
function firstDecisive(parts: CompiledCondition[], decisive: boolean): CompiledCondition {
  const order = parts.map((_, index) => index);
  return (record) => {
    for (let n = 0; n < order.length; n += 1) {
      const index = order[n];
      if (parts[index](record) === decisive) {
        if (n > 0) {
          order[n] = order[0];
          order[0] = index;
        }
        return decisive;
      }
    }
    return !decisive;
  };
}

function compileCondition(condition: SegmentCondition): CompiledCondition {
  const known = compiled.get(condition);
  if (known !== undefined) return known;
  let test: CompiledCondition;
  if ('all' in condition) {
    test = firstDecisive(condition.all.map(compileCondition), false);
  } else if ('any' in condition) {
    test = firstDecisive(condition.any.map(compileCondition), true);
  } else if ('crm' in condition) {
    const ids = new Set(condition.crm.map((id) => id.toLowerCase()));
    test = (record) => ids.has(record.crm);
  } else if ('host' in condition) {
    const matches = compileHostPatterns(condition.host);
    test = (record) => matches(record.host);
  } else {
    // A field the record does not have is unknown: `is-empty` holds for it, nothing else does.
    const field = compileFieldCondition(condition, 'empty');
    test = (record) => field(record.fields, record.clock) === true;
  }
  const id = conditionId(condition);
  const decide = test;
  const once: CompiledCondition = (record) => {
    // A condition compiled after the view was made has no slot: decided without the memo.
    if (id >= record.decided.length) return decide(record);
    const known = record.decided[id];
    if (known !== 0) return known === 2;
    const holds = decide(record);
    record.decided[id] = holds ? 2 : 1;
    return holds;
  };
  compiled.set(condition, once);
  return once;
}

/** Compiles `condition` (once per condition object) ahead of making record views. */
export function compileSegmentCondition(condition: SegmentCondition): void {
  compileCondition(condition);
}

/** `segmentConditionHolds` on a record view (one view serves every segment tested on the record). */
export function segmentConditionHoldsFor(
  condition: SegmentCondition,
  record: SegmentRecordView,
): boolean {
  return compileCondition(condition)(record);
}

/**
 * Whether a segment's criteria hold for a record. A field the record does not have is unknown:
 * `is-empty` holds for it, every other op does not.
 */
export function segmentConditionHolds(
  condition: SegmentCondition,
  record: SegmentRecord,
  clock: FieldClock,
): boolean {
  const test = compileCondition(condition);
  return test(recordView(record, clock));
}

function collectFields(condition: SegmentCondition, into: Set<string>): void {
  if ('all' in condition) for (const c of condition.all) collectFields(c, into);
  else if ('any' in condition) for (const c of condition.any) collectFields(c, into);
  else if ('field' in condition) into.add(condition.field);
}

/** The field keys a segment's criteria read. */
export function segmentFields(segment: Pick<Segment, 'where'>): string[] {
  const keys = new Set<string>();
  collectFields(segment.where, keys);
  return [...keys];
}

/**
 * The field keys the active segments of `entity` use: a capture that changes none of them
 * needs no evaluation.
 */
export function segmentFieldKeys(segments: readonly Segment[], entity: Entity): string[] {
  const keys = new Set<string>();
  for (const segment of segments) {
    if (segment.entity === entity && segment.state === 'active') collectFields(segment.where, keys);
  }
  return [...keys].sort();
}

function readsHost(condition: SegmentCondition): boolean {
  if ('all' in condition) return condition.all.some(readsHost);
  if ('any' in condition) return condition.any.some(readsHost);
  return 'host' in condition;
}

/**
 * Whether any of `segments` has a `host` condition: when none has, evaluating them never reads
 * the record's host, and a caller need not work it out (parsing each record's address).
 */
export function segmentsReadHost(segments: readonly Segment[]): boolean {
  return segments.some((segment) => readsHost(segment.where));
}

/** Active segments of `entity`, best first: priority, then their order. */
export function rankSegments(segments: readonly Segment[], entity: Entity): Segment[] {
  return segments
    .map((segment, index) => ({ segment, index }))
    .filter(({ segment }) => segment.entity === entity && segment.state === 'active')
    .sort((a, b) => a.segment.priority - b.segment.priority || a.index - b.index)
    .map(({ segment }) => segment);
}

/** Ranked lists whose conditions are all compiled (`evaluateSegments`). */
const compiledLists = new WeakSet<readonly Segment[]>();
/** `rankSegments` per list of segments and entity, for callers that pass the same list each time. */
const rankedLists = new WeakMap<readonly Segment[], Map<Entity, Segment[]>>();

function rankedOf(segments: readonly Segment[], entity: Entity): Segment[] {
  let byEntity = rankedLists.get(segments);
  if (byEntity === undefined) {
    byEntity = new Map<Entity, Segment[]>();
    rankedLists.set(segments, byEntity);
  }
  let ranked = byEntity.get(entity);
  if (ranked === undefined) byEntity.set(entity, (ranked = rankSegments(segments, entity)));
  return ranked;
}

/** Whether `key` is the same in both field maps (unknown equals only unknown; values as `equals`). */
export function sameField(
  before: Readonly<Record<string, RecordFieldValue>>,
  after: Readonly<Record<string, RecordFieldValue>>,
  key: string,
): boolean {
  const had = Object.prototype.hasOwnProperty.call(before, key);
  const has = Object.prototype.hasOwnProperty.call(after, key);
  if (!had || !has) return had === has;
  return valuesEqual(before[key] ?? null, after[key] ?? null);
}

/** Did a field the segment's criteria use change since the seller ended `ended` by hand? */
function changedSinceEnded(
  ended: SegmentConnection,
  segment: Segment,
  record: SegmentRecord,
  trigger: SegmentTrigger,
): boolean {
  const keys = segmentFields(segment);
  const before = ended.fieldsAtEnd;
  if (before !== undefined) return keys.some((key) => !sameField(before, record.fields, key));
  // A connection ended before fields were kept at the end: only a change seen now counts.
  return trigger.kind === 'field-change' && trigger.keys.some((key) => keys.includes(key));
}

/** The latest ended connection to `sequenceId`, if any. */
function latestEnded(
  connections: readonly SegmentConnection[],
  sequenceId: string,
): SegmentConnection | undefined {
  let latest: SegmentConnection | undefined;
  for (const conn of connections) {
    if (conn.sequenceId !== sequenceId || conn.status === 'active') continue;
    if (latest === undefined || (conn.endedAt ?? 0) >= (latest.endedAt ?? 0)) latest = conn;
  }
  return latest;
}

function quoted(segment: Segment): string {
  return `“${segment.name}” (priority ${segment.priority})`;
}

/**
 * Where the record belongs, and what to do about it. Never throws on well-formed input; the
 * same input always gives the same decision, and applying a decision then evaluating again
 * (with the resulting state) connects nothing more (idempotent).
 */
export function evaluateSegments(input: SegmentEvaluation): SegmentDecision {
  const { record, connections, trigger, clock } = input;
  const ranked = input.ranked ?? rankedOf(input.segments, record.entity);
  if (!compiledLists.has(ranked)) {
    // Compiled before the first record view, so each view decides a shared condition once.
    for (const segment of ranked) compileCondition(segment.where);
    compiledLists.add(ranked);
  }
  const view = recordView(record, clock);
  // Only the segments that can match (segment-index.ts), each tested in full, in rank order.
  const matching: Segment[] = [];
  for (const position of candidatePositions(segmentIndexOf(ranked), view.fields)) {
    const segment = ranked[position];
    if (segmentConditionHoldsFor(segment.where, view)) matching.push(segment);
  }
  const matches = matching.map((segment) => segment.id);
  const winner = matching.at(0);
  const current =
    input.current === null
      ? undefined
      : input.segments.find(
          (segment) => segment.id === input.current && segment.entity === record.entity,
        );
  const previous = input.current;
  const named = (sequenceId: string): string => {
    const name = input.sequenceName?.(sequenceId);
    return name === undefined ? `'${sequenceId}'` : `“${name}”`;
  };
  const activeIn = (sequenceId: string): SegmentConnection | undefined =>
    connections.find((c) => c.status === 'active' && c.sequenceId === sequenceId);
  // The seller disconnected the record from this segment's sequence, and nothing the segment
  // looks at changed since: the segment must not put it back.
  const heldBack = (segment: Segment): boolean => {
    const ended = latestEnded(connections, segment.sequence);
    return (
      activeIn(segment.sequence) === undefined &&
      ended?.reason === 'manual' &&
      !changedSinceEnded(ended, segment, record, trigger)
    );
  };
  const others = (segment: Segment): string => {
    const rest = matching.filter((other) => other.id !== segment.id);
    return rest.length === 0
      ? ''
      : `; also matches ${rest.map(quoted).join(', ')}, with ${rest.length === 1 ? 'a lower priority' : 'lower priorities'}`;
  };

  // Entering a segment (matched or moved): connect unless already in its sequence or the seller
  // let the record go and nothing the segment looks at changed since.
  const enter = (
    segment: Segment,
    result: 'matched' | 'moved',
    why: string,
    leaving: SegmentConnection | undefined,
    /** The segment left restarts this (shared) sequence: the seller's disconnect no longer holds. */
    restartedBy?: Segment,
  ): SegmentDecision => {
    const base = {
      result,
      segment: segment.id,
      sequence: segment.sequence,
      previous,
      matches,
      leave:
        leaving === undefined ? null : { connectionId: leaving.id, sequenceId: leaving.sequenceId },
    };
    const command: Command | null =
      leaving === undefined
        ? null
        : {
            type: 'move',
            connectionId: leaving.id,
            sequenceId: segment.sequence,
            segment: segment.id,
          };
    const leaveWords =
      leaving === undefined ? '' : `Leave ${named(leaving.sequenceId)} (moved by the segment). `;
    if (activeIn(segment.sequence) !== undefined) {
      return {
        ...base,
        connect: {
          action: 'none',
          reason: 'already-connected',
          words: `${leaveWords}Already in its sequence ${named(segment.sequence)}`,
        },
        commands: command === null ? [] : [command],
        why,
      };
    }
    if (restartedBy !== undefined) {
      return {
        ...base,
        connect: {
          action: 'connect',
          reason: 'fields-changed',
          words: `Connect to ${named(segment.sequence)} again: a seller had disconnected it, and a field “${restartedBy.name}” uses changed since`,
        },
        commands: [{ type: 'connect', sequenceId: segment.sequence, segment: segment.id }],
        why,
      };
    }
    if (heldBack(segment)) {
      return {
        ...base,
        connect: {
          action: 'none',
          reason: 'disconnected-by-hand',
          words: `Not connected to ${named(segment.sequence)} again: a seller disconnected it and none of the segment's fields changed since`,
        },
        commands: [],
        why,
      };
    }
    return {
      ...base,
      connect: {
        action: 'connect',
        reason: 'entered-segment',
        words: `${leaveWords}Connect to ${named(segment.sequence)}`,
      },
      commands: [command ?? { type: 'connect', sequenceId: segment.sequence, segment: segment.id }],
      why,
    };
  };

  if (current === undefined) {
    const gone =
      previous === null ? '' : ` (its segment '${previous}' no longer exists for this record)`;
    if (winner === undefined) {
      return {
        result: 'no-match',
        segment: null,
        sequence: null,
        previous,
        matches,
        connect: { action: 'none', reason: 'no-segment', words: 'Not connected to any sequence' },
        leave: null,
        commands: [],
        why: `Matches no active segment for ${record.entity} records${gone}`,
      };
    }
    return enter(winner, 'matched', `Matches ${quoted(winner)}${others(winner)}${gone}`, undefined);
  }

  const wouldMove = winner !== undefined && winner.id !== current.id && winner.allowMoveIn === true;
  // The current segment may restart its sequence (a field it uses changed since the seller's
  // disconnect). When the winner routes to that same sequence, the record ends in it either way,
  // so the seller's disconnect no longer holds the move back: deciding the move now, not on the
  // next evaluation, keeps evaluation idempotent.
  const restartedByCurrent =
    wouldMove &&
    winner.sequence === current.sequence &&
    current.state === 'active' &&
    matches.includes(current.id) &&
    heldBack(winner) &&
    !heldBack(current);
  if (wouldMove && (!heldBack(winner) || restartedByCurrent)) {
    const leaving = winner.sequence === current.sequence ? undefined : activeIn(current.sequence);
    return enter(
      winner,
      'moved',
      `Moves from “${current.name}” to ${quoted(winner)}, which allows moving in${others(winner)}`,
      leaving,
      restartedByCurrent ? current : undefined,
    );
  }

  // The record stays in its segment.
  const stillMatches = current.state === 'active' && matches.includes(current.id);
  const reasonToStay = wouldMove
    ? `Stays in “${current.name}”: it matches ${quoted(winner)}, which allows moving in, but a seller disconnected it from ${named(winner.sequence)} and none of that segment's fields changed since`
    : winner !== undefined && winner.id !== current.id
      ? `Stays in “${current.name}”: it matches ${quoted(winner)}, but that segment does not allow moving in`
      : stillMatches
        ? `Stays in “${current.name}”, which it still matches`
        : current.state === 'active'
          ? `Stays in “${current.name}” although it no longer matches it (records never leave a segment by themselves)`
          : `Stays in “${current.name}”, which is inactive`;
  const kept = (
    action: 'connect' | 'none',
    reason: SegmentConnectReason,
    words: string,
    commands: Command[] = [],
  ): SegmentDecision => ({
    result: 'kept',
    segment: current.id,
    sequence: current.sequence,
    previous,
    matches,
    connect: { action, reason, words },
    leave: null,
    commands,
    why: reasonToStay,
  });
  if (activeIn(current.sequence) !== undefined) {
    return kept('none', 'already-connected', `Already in its sequence ${named(current.sequence)}`);
  }
  if (current.state !== 'active') {
    return kept('none', 'segment-inactive', 'Not connected: an inactive segment connects nobody');
  }
  if (!stillMatches) {
    return kept(
      'none',
      'stopped-matching',
      `Not connected to ${named(current.sequence)}: the record no longer matches`,
    );
  }
  const connectNow: Command[] = [
    { type: 'connect', sequenceId: current.sequence, segment: current.id },
  ];
  const ended = latestEnded(connections, current.sequence);
  if (ended === undefined) {
    return kept(
      'connect',
      'not-connected-yet',
      `Connect to ${named(current.sequence)}, which it was not in yet`,
      connectNow,
    );
  }
  if (ended.reason === 'manual') {
    return changedSinceEnded(ended, current, record, trigger)
      ? kept(
          'connect',
          'fields-changed',
          `Connect to ${named(current.sequence)} again: a seller had disconnected it, and a field the segment uses changed since`,
          connectNow,
        )
      : kept(
          'none',
          'disconnected-by-hand',
          `Not connected to ${named(current.sequence)} again: a seller disconnected it and none of the segment's fields changed since`,
        );
  }
  return kept(
    'none',
    'already-ran',
    `Not connected: it already went through ${named(current.sequence)} (${ended.status})`,
  );
}
