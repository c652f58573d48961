/**
 * Read-only views of engine state for the panel, the work list, the badge and previews. They
 * read stored state as it is: the background ticks a record before reading it.
 */
import type { ConditionStep, FieldValue, Sequence, Step } from '../sequence/types';
import { evaluate } from './conditions';
import type { FieldClock } from './fields';
import {
  effectiveDueAt,
  isActionable,
  isAway,
  stepKind,
  type DueContext,
  type StepKind,
} from './due';
import { compareDates, toZoned } from './time/zoned';
import { stepAt } from './tree';
import { findStep, isEmailStep, sellerStep } from '../sequence/steps';
import type {
  AbAssignment,
  Connection,
  EmailEventRecord,
  EngineContext,
  RecordFieldValue,
  RecordRef,
  RecordState,
  StepProblem,
  StepRecord,
} from './types';

export interface CurrentStepView {
  record: RecordRef;
  connectionId: string;
  sequenceId: string;
  sequenceName: string;
  version: number;
  revision: number;
  stepId: string;
  /**
   * The step as the seller does it: its definition, except that an A/B test step is the email
   * or text version the record got (`sellerStep`). Undefined if that sequence version is no
   * longer available.
   */
  step: Step | undefined;
  /** A/B test steps: the version the record got and why; null for every other step. */
  ab: AbAssignment | null;
  kind: StepKind;
  /** When the seller should act (waiting steps: when the wait ends or the window closes). */
  dueAt: number;
  /** Due now (or earlier) and not snoozed; waiting steps are never due. */
  isDue: boolean;
  /** Due on an earlier day than today (in the seller's zone); never while the seller is away. */
  overdue: boolean;
  reachedAt: number;
  waitEndsAt: number | null;
  windowClosesAt: number | null;
  snoozedUntil: number | null;
  snoozeCount: number;
  problem: StepProblem | null;
}

function isOverdue(due: number, ctx: DueContext): boolean {
  if (due > ctx.now || isAway(ctx)) return false;
  return compareDates(toZoned(due, ctx.timeZone), toZoned(ctx.now, ctx.timeZone)) < 0;
}

/** The current step of every active connection of the record. */
export function currentSteps(
  state: RecordState,
  ctx: Pick<EngineContext, 'now' | 'timeZone' | 'away' | 'sequences'>,
): CurrentStepView[] {
  const out: CurrentStepView[] = [];
  for (const conn of state.connections) {
    const cur = conn.current;
    if (conn.status !== 'active' || cur === null) continue;
    const def = ctx.sequences(conn.sequenceId, conn.version)?.definition;
    const defined = def === undefined ? undefined : stepAt(def.steps, cur.path);
    const kind = stepKind(conn, cur, ctx);
    const dueAt = effectiveDueAt(conn, cur, ctx);
    const isDue = isActionable(cur) && kind !== 'snoozed' && dueAt <= ctx.now;
    out.push({
      record: state.record,
      connectionId: conn.id,
      sequenceId: conn.sequenceId,
      sequenceName: conn.sequenceName,
      version: conn.version,
      revision: conn.revision,
      stepId: cur.stepId,
      step: defined === undefined ? undefined : sellerStep(defined, cur.ab?.version),
      ab: cur.ab ?? null,
      kind,
      dueAt,
      isDue,
      overdue: isDue && isOverdue(dueAt, ctx),
      reachedAt: cur.reachedAt,
      waitEndsAt: cur.waitEndsAt,
      windowClosesAt: cur.needsAnswer ? null : cur.windowClosesAt,
      snoozedUntil: cur.snoozedUntil,
      snoozeCount: cur.snoozeCount,
      problem: cur.problem,
    });
  }
  return out;
}

/** How many steps are due now across records (for the badge). */
export function dueNow(
  states: readonly RecordState[],
  now: number,
  options: { timeZone?: string; away?: DueContext['away'] } = {},
): number {
  const ctx: DueContext = { now, timeZone: options.timeZone ?? 'UTC', away: options.away };
  let count = 0;
  for (const state of states) {
    for (const conn of state.connections) {
      const cur = conn.current;
      if (conn.status !== 'active' || cur === null || !isActionable(cur)) continue;
      if (effectiveDueAt(conn, cur, ctx) <= now) count++;
    }
  }
  return count;
}

/** A step ahead on the path. For a condition not decided yet, both branches (or the known one). */
export interface AheadStep {
  step: Step;
  current: boolean;
  /** Conditions only. `known` is the branch that will be taken if that is already certain. */
  branches?: {
    known: 'yes' | 'no' | null;
    /** The branch assumed for progress when not known: nothing more happens, so "no". */
    likely: 'yes' | 'no';
    yes: AheadStep[] | null;
    no: AheadStep[] | null;
  };
}

function knownBranch(
  step: ConditionStep,
  connection: Connection | null,
  fields: Record<string, RecordFieldValue>,
  at: number,
  clock: FieldClock | undefined,
): 'yes' | 'no' | null {
  const truth = evaluate(step.if, {
    fields,
    events: connection?.emailEvents ?? [],
    history: connection?.steps ?? [],
    at,
    stepsAhead: true,
    ...(clock === undefined ? {} : { clock }),
  });
  if (truth === 'true') return 'yes';
  if (truth === 'final-false') return 'no';
  // Without a window, a "false" is decided at once; with one, an event may still come.
  if (truth === 'false' && step.within === undefined && connection !== null) return 'no';
  return null;
}

function walk(
  steps: Step[],
  from: number,
  connection: Connection | null,
  fields: Record<string, RecordFieldValue>,
  currentId: string | null,
  clock: FieldClock | undefined,
): AheadStep[] {
  const out: AheadStep[] = [];
  for (const step of steps.slice(from)) {
    const node: AheadStep = { step, current: step.id === currentId };
    out.push(node);
    if (step.type === 'condition') {
      const known = knownBranch(step, connection, fields, Number.MAX_SAFE_INTEGER, clock);
      node.branches = {
        known,
        likely: known ?? 'no',
        yes: known === 'no' ? null : walk(step.yes, 0, connection, fields, null, clock),
        no: known === 'yes' ? null : walk(step.no, 0, connection, fields, null, clock),
      };
      break;
    }
  }
  return out;
}

/**
 * The steps ahead of a connection (its current step first), or of a sequence not connected yet
 * (`connection` null: the whole sequence), given the record's known fields. `clock` lets
 * conditions on `in-last-days` / `in-next-days` be known; without it they are not.
 */
export function pathAhead(
  connection: Connection | null,
  definition: Sequence,
  fields: Record<string, RecordFieldValue | FieldValue> = {},
  clock?: FieldClock,
): AheadStep[] {
  if (connection === null) return walk(definition.steps, 0, null, fields, null, clock);
  const cur = connection.current;
  if (connection.status !== 'active' || cur === null) return [];
  // Walk down the current path, then along the rest of its list.
  let list = definition.steps;
  for (let i = 0; i + 1 < cur.path.length; i += 2) {
    const index = cur.path[i];
    const branch = cur.path[i + 1];
    const step = typeof index === 'number' ? list[index] : undefined;
    if (step?.type !== 'condition' || (branch !== 'yes' && branch !== 'no')) return [];
    list = step[branch];
  }
  const last = cur.path[cur.path.length - 1];
  return walk(list, typeof last === 'number' ? last : 0, connection, fields, cur.stepId, clock);
}

function countLikely(nodes: AheadStep[]): number {
  let n = 0;
  for (const node of nodes) {
    n++;
    const b = node.branches;
    if (b !== undefined) {
      const taken = b.known ?? b.likely;
      n += countLikely((taken === 'yes' ? b.yes : b.no) ?? []);
    }
  }
  return n;
}

/** Steps done and the total along the likely path (every step counts, waits included). */
export function progress(
  connection: Connection,
  definition: Sequence,
  fields: Record<string, RecordFieldValue> = {},
): { done: number; total: number; ratio: number } {
  const done = connection.steps.length;
  if (connection.status !== 'active') return { done, total: done, ratio: 1 };
  const total = done + countLikely(pathAhead(connection, definition, fields));
  return { done, total, ratio: total === 0 ? 1 : done / total };
}

/**
 * An email the seller sent: an email step completed by hand or by the mailbox (`auto`), or an
 * A/B test step of emails completed either way (the version's email went out). Telling an A/B
 * test of emails from one of text messages needs the connection's definition; without it, only
 * email steps count.
 */
export function isSentEmail(step: StepRecord, definition?: Pick<Sequence, 'steps'>): boolean {
  if (step.result !== 'completed' && step.result !== 'auto') return false;
  if (step.type === 'email') return true;
  if (step.type !== 'ab-test' || definition === undefined) return false;
  const defined = findStep(definition, step.stepId);
  return defined !== undefined && isEmailStep(defined);
}

export type HistoryEntry =
  | ({ kind: 'step' } & StepRecord)
  | ({ kind: 'email-event'; happenedAt: number } & EmailEventRecord)
  | { kind: 'connected'; at: number }
  | { kind: 'ended'; at: number; status: Connection['status']; reason: Connection['reason'] };

/** What happened on a connection, oldest first. */
export function history(connection: Connection): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    { kind: 'connected', at: connection.connectedAt },
    ...connection.steps.map((s): HistoryEntry => ({ kind: 'step', ...s })),
    ...connection.emailEvents.map((e): HistoryEntry => ({
      kind: 'email-event',
      ...e,
      happenedAt: e.at,
      at: e.recordedAt,
    })),
  ];
  if (connection.endedAt !== null) {
    entries.push({
      kind: 'ended',
      at: connection.endedAt,
      status: connection.status,
      reason: connection.reason,
    });
  }
  // A stable sort keeps same-instant entries in the order they happened.
  return entries.sort((a, b) => a.at - b.at);
}
