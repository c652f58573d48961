/**
 * How a connection moves through its steps: reaching a step, finishing it, deciding conditions,
 * moving to another sequence, ending, and letting time pass (`settle`). Works on a draft copy of
 * the record state owned by one `apply` call (see apply.ts), collecting events as it goes.
 */
import type {
  ConditionStep,
  FieldValue,
  MoveToSequenceStep,
  Sequence,
  Step,
} from '../sequence/types';
import { chooseAbVersion } from './ab-test';
import { evaluate, type Truth } from './conditions';
import { valuesEqual } from './fields';
import { adjustDue } from './time/away';
import { addDuration } from './time/working-time';
import { branchPath, nextPath, stepAt } from './tree';
import type {
  Connection,
  ConnectionStatus,
  CurrentStep,
  DecidedBy,
  EndReason,
  EngineContext,
  EngineEvent,
  EngineEventType,
  PathSegment,
  RecordState,
  SequenceVersion,
  StepProblem,
  StepRecord,
} from './types';

/** One `apply` call's working state. */
export interface Run {
  state: RecordState;
  ctx: EngineContext;
  events: EngineEvent[];
  /** Connections changed by this run (their revision went up). */
  changed: Set<string>;
  connected: Connection[];
  ended: Connection[];
}

export function newRun(state: RecordState, ctx: EngineContext): Run {
  return {
    state: structuredClone(state),
    ctx,
    events: [],
    changed: new Set(),
    connected: [],
    ended: [],
  };
}

export function definitionOf(run: Run, conn: Connection): Sequence | undefined {
  return run.ctx.sequences(conn.sequenceId, conn.version)?.definition;
}

/** The instant a change to `conn` happens at: never before its latest change (time may jump back). */
export function instantFor(run: Run, conn: Connection, at = run.ctx.now): number {
  return Math.max(at, conn.updatedAt);
}

function touch(run: Run, conn: Connection, at: number): void {
  conn.revision += 1;
  conn.updatedAt = Math.max(conn.updatedAt, at);
  run.changed.add(conn.id);
}

export function emit(
  run: Run,
  conn: Connection | null,
  type: EngineEventType,
  at: number,
  stepId?: string,
  data: Record<string, unknown> = {},
): void {
  run.events.push({
    id: run.ctx.newId(),
    at,
    type,
    connectionId: conn?.id ?? null,
    sequenceId: conn?.sequenceId ?? null,
    version: conn?.version ?? null,
    ...(stepId === undefined ? {} : { stepId }),
    data,
  });
}

function dueFor(run: Run, conn: Connection, at: number): number {
  return adjustDue(at, conn.schedule ?? undefined, run.ctx.timeZone, run.ctx.away);
}

export function newConnection(
  run: Run,
  target: SequenceVersion,
  at: number,
  id?: string,
  segment?: string,
): Connection {
  const conn: Connection = {
    id: id ?? run.ctx.newId(),
    sequenceId: target.definition.id,
    version: target.version,
    sequenceName: target.definition.name,
    schedule: target.definition.schedule ?? null,
    exitOnReply: target.definition.exitOnReply === true,
    status: 'active',
    reason: null,
    movedTo: null,
    revision: 0,
    connectedAt: at,
    updatedAt: at,
    endedAt: null,
    current: null,
    emailEvents: [],
    steps: [],
    ...(segment === undefined ? {} : { segment }),
  };
  run.state.connections.push(conn);
  run.connected.push(conn);
  run.changed.add(conn.id);
  emit(run, conn, 'connected', at, undefined, {
    name: conn.sequenceName,
    ...(segment === undefined ? {} : { segment }),
  });
  return conn;
}

const END_EVENT: Record<Exclude<ConnectionStatus, 'active'>, EngineEventType> = {
  completed: 'completed',
  exited: 'exited',
  moved: 'moved',
  disconnected: 'disconnected',
};

export function endConnection(
  run: Run,
  conn: Connection,
  status: Exclude<ConnectionStatus, 'active'>,
  reason: EndReason | null,
  at: number,
  data: Record<string, unknown> = {},
): void {
  const stepId = conn.current?.stepId;
  conn.status = status;
  conn.reason = reason;
  conn.endedAt = at;
  conn.current = null;
  touch(run, conn, at);
  run.ended.push(conn);
  emit(run, conn, END_EVENT[status], at, stepId, { reason, ...data });
}

/** Appends the current step to the history (it is finished) and clears it. */
function record(
  conn: Connection,
  at: number,
  extra: Omit<StepRecord, 'stepId' | 'type' | 'reachedAt' | 'dueAt' | 'at'>,
): void {
  const cur = conn.current;
  if (cur === null) return;
  conn.steps.push({
    stepId: cur.stepId,
    type: cur.type,
    reachedAt: cur.reachedAt,
    dueAt: cur.dueAt,
    at,
    ...(cur.snoozeCount > 0 ? { snoozeCount: cur.snoozeCount } : {}),
    ...(cur.ab === undefined ? {} : { ab: cur.ab }),
    ...extra,
  });
}

/** Finishes the current step and reaches the next one on its path (or ends the sequence). */
export function finishStep(
  run: Run,
  conn: Connection,
  def: Sequence,
  at: number,
  extra: Omit<StepRecord, 'stepId' | 'type' | 'reachedAt' | 'dueAt' | 'at'>,
  eventType: EngineEventType,
  data: Record<string, unknown> = {},
): void {
  const cur = conn.current;
  if (cur === null) return;
  record(conn, at, extra);
  emit(run, conn, eventType, at, cur.stepId, cur.ab === undefined ? data : { ...data, ab: cur.ab });
  reach(run, conn, def, nextPath(def.steps, cur.path), at);
}

/** Reaches the step at `path` at instant `at`; null (the end of a path) completes the connection. */
export function reach(
  run: Run,
  conn: Connection,
  def: Sequence,
  path: PathSegment[] | null,
  at: number,
): void {
  const step = path === null ? undefined : stepAt(def.steps, path);
  if (path === null || step === undefined) {
    endConnection(run, conn, 'completed', null, at);
    return;
  }
  const cur: CurrentStep = {
    stepId: step.id,
    type: step.type,
    path,
    reachedAt: at,
    dueAt: at,
    snoozedUntil: null,
    snoozeCount: 0,
    waitEndsAt: null,
    windowClosesAt: null,
    needsAnswer: false,
    problem: null,
  };
  conn.current = cur;
  touch(run, conn, at);
  switch (step.type) {
    case 'wait':
      cur.waitEndsAt = addDuration(at, step, conn.schedule ?? undefined, run.ctx.timeZone);
      cur.dueAt = cur.waitEndsAt;
      return;
    case 'condition':
      reachCondition(run, conn, def, step, at);
      return;
    case 'move-to-sequence':
      tryMove(run, conn, step, at);
      return;
    case 'ab-test':
      cur.ab = chooseAbVersion(
        run.state.record,
        conn.sequenceId,
        step,
        at,
        run.ctx.abTestEnded?.(conn.sequenceId, step.id),
      );
      cur.dueAt = dueFor(run, conn, at);
      return;
    case 'update-field':
      cur.dueAt = dueFor(run, conn, at);
      if (fieldHasValue(run, step.field, step.value)) {
        finishStep(run, conn, def, at, { result: 'auto' }, 'step-auto-completed', {
          field: step.field,
          value: step.value,
        });
      }
      return;
    default:
      cur.dueAt = dueFor(run, conn, at);
      return;
  }
}

function fieldHasValue(run: Run, field: string, value: FieldValue): boolean {
  const fields = run.state.fields;
  if (!Object.prototype.hasOwnProperty.call(fields, field)) return false;
  return valuesEqual(fields[field] ?? null, value);
}

function truthOf(run: Run, conn: Connection, step: ConditionStep, at: number): Truth {
  return evaluate(step.if, {
    fields: run.state.fields,
    events: conn.emailEvents,
    history: conn.steps,
    at,
    clock: { now: at, timeZone: run.ctx.timeZone },
  });
}

function reachCondition(
  run: Run,
  conn: Connection,
  def: Sequence,
  step: ConditionStep,
  at: number,
): void {
  const truth = truthOf(run, conn, step, at);
  if (truth === 'true') return decide(run, conn, def, 'yes', 'at-once', at);
  if (truth === 'final-false') return decide(run, conn, def, 'no', 'at-once', at);
  if (step.within !== undefined) {
    const cur = conn.current;
    if (cur === null) return;
    cur.windowClosesAt = addDuration(at, step.within, conn.schedule ?? undefined, run.ctx.timeZone);
    cur.dueAt = cur.windowClosesAt;
    return;
  }
  if (truth === 'false') return decide(run, conn, def, 'no', 'at-once', at);
  needAnswer(run, conn, at);
}

function needAnswer(run: Run, conn: Connection, at: number): void {
  const cur = conn.current;
  if (cur === null) return;
  cur.needsAnswer = true;
  cur.windowClosesAt = null;
  cur.dueAt = dueFor(run, conn, at);
  touch(run, conn, at);
  emit(run, conn, 'needs-answer', at, cur.stepId);
}

/** Takes a condition's branch. */
export function decide(
  run: Run,
  conn: Connection,
  def: Sequence,
  branch: 'yes' | 'no',
  decidedBy: DecidedBy,
  at: number,
): void {
  const cur = conn.current;
  if (cur === null) return;
  const answered = decidedBy === 'answer';
  record(conn, at, { result: answered ? 'completed' : 'auto', branch, decidedBy });
  emit(run, conn, answered ? 'answered' : 'condition-decided', at, cur.stepId, {
    branch,
    decidedBy,
  });
  reach(run, conn, def, branchPath(def.steps, cur.path, branch), at);
}

/** A running window closes (or the seller skips it): decide from what is known now. */
export function closeWindow(
  run: Run,
  conn: Connection,
  def: Sequence,
  step: ConditionStep,
  at: number,
  decidedBy: DecidedBy,
): void {
  const truth = truthOf(run, conn, step, at);
  if (truth === 'true') decide(run, conn, def, 'yes', decidedBy, at);
  else if (truth === 'unknown') needAnswer(run, conn, at);
  else decide(run, conn, def, 'no', decidedBy, at);
}

/**
 * Something new is known (an email event, captured fields): a waiting condition takes yes as
 * soon as it holds; one that needs an answer is decided as soon as it can be.
 */
export function reconsider(
  run: Run,
  conn: Connection,
  def: Sequence,
  at: number,
  decidedBy: DecidedBy,
): void {
  const cur = conn.current;
  if (cur === null || conn.status !== 'active') return;
  const step = stepAt(def.steps, cur.path);
  if (step?.type === 'update-field') {
    if (fieldHasValue(run, step.field, step.value)) {
      finishStep(run, conn, def, at, { result: 'auto' }, 'step-auto-completed', {
        field: step.field,
        value: step.value,
      });
    }
    return;
  }
  if (step?.type !== 'condition') return;
  const truth = truthOf(run, conn, step, at);
  if (cur.needsAnswer) {
    if (truth === 'true') decide(run, conn, def, 'yes', decidedBy, at);
    else if (truth !== 'unknown') decide(run, conn, def, 'no', decidedBy, at);
  } else if (cur.windowClosesAt !== null && truth === 'true') {
    decide(run, conn, def, 'yes', decidedBy, at);
  }
}

function moveProblem(run: Run, step: MoveToSequenceStep): StepProblem | null {
  const target = run.ctx.sequences(step.sequence);
  if (target === undefined) {
    return {
      code: 'target-missing',
      message: `The record could not move to the sequence “${step.sequence}”: it does not exist. Skip this step, or import that sequence and complete this step to try again.`,
    };
  }
  if (!target.active) {
    return {
      code: 'target-inactive',
      message: `The record could not move to “${target.definition.name}”: that sequence is not active. Activate it and complete this step to try again, or skip this step.`,
    };
  }
  if (target.definition.entity !== run.state.record.entity) {
    return {
      code: 'target-wrong-entity',
      message: `The record could not move to “${target.definition.name}”: that sequence is for ${target.definition.entity} records, this is a ${run.state.record.entity}.`,
    };
  }
  return null;
}

/**
 * move-to-sequence: leave this sequence (status moved) and connect to the target's current
 * active version, in one step. If the record is already in the target, it just leaves this one
 * (it never sits twice in a sequence). If the target can't take it, the step stays current
 * with a problem the seller sees; completing it tries again, skipping it ends this path.
 */
export function tryMove(run: Run, conn: Connection, step: MoveToSequenceStep, at: number): boolean {
  const cur = conn.current;
  if (cur === null) return false;
  const problem = moveProblem(run, step);
  const target = run.ctx.sequences(step.sequence);
  if (problem !== null || target === undefined) {
    const first = cur.problem === null;
    cur.problem = problem;
    cur.dueAt = dueFor(run, conn, at);
    if (first) {
      touch(run, conn, at);
      emit(run, conn, 'move-blocked', at, cur.stepId, {
        target: step.sequence,
        code: problem?.code,
      });
    }
    return false;
  }
  record(conn, at, { result: 'auto' });
  // The source is excluded, so a move into the record's own sequence starts it again.
  const existing = run.state.connections.find(
    (c) => c.status === 'active' && c.sequenceId === target.definition.id && c.id !== conn.id,
  );
  const targetId = existing?.id ?? run.ctx.newId();
  conn.movedTo = { sequenceId: target.definition.id, connectionId: targetId };
  endConnection(run, conn, 'moved', 'moved', at, {
    target: target.definition.id,
    targetConnectionId: targetId,
    alreadyConnected: existing !== undefined,
  });
  if (existing === undefined) {
    const moved = newConnection(run, target, at, targetId);
    reach(run, moved, target.definition, [0], at);
  }
  return true;
}

/** Processes, in order and each at its own instant, everything that happens by itself up to `to`. */
export function settle(run: Run, to: number): void {
  for (let guard = 0; guard < 100_000; guard++) {
    let best: { conn: Connection; at: number; def: Sequence; step: Step } | null = null;
    for (const conn of run.state.connections) {
      const cur = conn.current;
      if (conn.status !== 'active' || cur === null) continue;
      const def = definitionOf(run, conn);
      const step = def === undefined ? undefined : stepAt(def.steps, cur.path);
      if (def === undefined || step === undefined) continue;
      let due: number | null = null;
      if (step.type === 'wait' && cur.waitEndsAt !== null) due = cur.waitEndsAt;
      else if (step.type === 'condition' && cur.windowClosesAt !== null && !cur.needsAnswer)
        due = cur.windowClosesAt;
      else if (step.type === 'move-to-sequence' && cur.problem !== null && to >= run.ctx.now) {
        // Retry once the target can take the record (e.g. it was activated meanwhile).
        if (moveProblem(run, step) === null) due = run.ctx.now;
      }
      if (due === null || due > to) continue;
      const at = instantFor(run, conn, due);
      if (best === null || at < best.at) best = { conn, at, def, step };
    }
    if (best === null) return;
    const { conn, at, def, step } = best;
    if (step.type === 'wait') {
      finishStep(run, conn, def, at, { result: 'auto' }, 'wait-ended');
    } else if (step.type === 'condition') {
      closeWindow(run, conn, def, step, at, 'window-closed');
    } else if (step.type === 'move-to-sequence') {
      tryMove(run, conn, step, at);
    }
  }
}
