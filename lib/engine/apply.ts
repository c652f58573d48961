/**
 * `apply(state, command, ctx)`: the engine's only way to change a record's state. Pure and
 * deterministic: the clock, the time zone, ids and sequence definitions come in `ctx`.
 *
 * Every call first lets time pass up to `ctx.now` (waits end, windows close, each at its own
 * instant), then checks the command against the state it finds. A command on a step that is no
 * longer current, or that saw an older revision, is `already-handled` and changes nothing: two
 * tabs, double clicks and retries never advance a connection twice.
 */
import { MAX_MAIL_SUBJECT, MAX_SNOOZE_DAYS } from '../domain/limits';
import { CALL_OUTCOMES, type EmailEvent, type Sequence, type Step } from '../sequence/types';
import { isActionable } from './due';
import {
  closeWindow,
  decide,
  definitionOf,
  emit,
  endConnection,
  finishStep,
  instantFor,
  newConnection,
  newRun,
  reach,
  reconsider,
  settle,
  tryMove,
  type Run,
} from './flow';
import { isSentEmail } from './queries';
import { isEmailStep } from '../sequence/steps';
import { snoozeProblem } from './time/snooze';
import { isValidTimeZone } from './time/zoned';
import { findPath, stepAt } from './tree';
import type {
  ApplyResult,
  Command,
  Connection,
  CurrentStep,
  EngineContext,
  RecordState,
  RejectCode,
  StepRecord,
  StepTarget,
} from './types';
import { MAX_NOTE } from '../domain/limits';

type Outcome = Exclude<ApplyResult, { kind: 'applied' }>;

const rejected = (code: RejectCode, message: string): Outcome => ({
  kind: 'rejected',
  code,
  message,
});
const handled = (message: string): Outcome => ({ kind: 'already-handled', message });

const EVENT_WORDS: Record<EmailEvent, string> = {
  replied: 'A reply',
  opened: 'An open',
  'link-clicked': 'A link click',
};

function endedMessage(conn: Connection): string {
  switch (conn.status) {
    case 'completed':
      return 'This record already finished this sequence.';
    case 'exited':
      return 'This record already left this sequence after a reply.';
    case 'moved':
      return 'This record already moved to another sequence.';
    default:
      return 'This record was already disconnected from this sequence.';
  }
}

function doneMessage(conn: Connection, stepId: string): string | null {
  const rec = conn.steps.find((s) => s.stepId === stepId);
  if (rec === undefined) return null;
  if (rec.type === 'wait') return 'This wait already ended.';
  if (rec.type === 'condition') return 'This condition was already decided.';
  if (rec.result === 'skipped') return 'This step was already skipped.';
  if (rec.result === 'auto') return 'This step already completed by itself.';
  return 'This step was already completed.';
}

interface Located {
  conn: Connection;
  def: Sequence;
  cur: CurrentStep;
  step: Step;
  at: number;
}

/** Finds the step a command names, or says why the command does nothing. */
function locate(run: Run, target: StepTarget): Located | Outcome {
  const conn = run.state.connections.find((c) => c.id === target.connectionId);
  if (conn === undefined)
    return rejected('unknown-connection', 'This record is not in that sequence.');
  const def = definitionOf(run, conn);
  if (def === undefined) {
    return rejected('unknown-sequence', 'The sequence of this step is no longer available.');
  }
  const done = doneMessage(conn, target.stepId);
  if (conn.status !== 'active' || conn.current === null) {
    return handled(done ?? endedMessage(conn));
  }
  const cur = conn.current;
  if (cur.stepId !== target.stepId) {
    if (done !== null) return handled(done);
    if (findPath(def.steps, target.stepId) === null) {
      return rejected('unknown-step', `This sequence has no step “${target.stepId}”.`);
    }
    return rejected('not-current', 'This step is not the current one for this record.');
  }
  if (target.revision !== undefined && target.revision !== conn.revision) {
    return handled('This step changed in another tab or window. Reload to see where it stands.');
  }
  const step = stepAt(def.steps, cur.path);
  if (step === undefined)
    return rejected('unknown-step', `This sequence has no step “${target.stepId}”.`);
  return { conn, def, cur, step, at: instantFor(run, conn) };
}

function hasEnded(conn: Connection): boolean {
  return conn.status !== 'active';
}

function isOutcome(x: Located | Outcome): x is Outcome {
  return 'kind' in x;
}

function connect(run: Run, command: Extract<Command, { type: 'connect' }>): Outcome | null {
  const { ctx, state } = run;
  if (
    command.connectionId !== undefined &&
    state.connections.some((c) => c.id === command.connectionId)
  ) {
    return handled('This record was already connected to this sequence.');
  }
  const target = ctx.sequences(command.sequenceId);
  if (target === undefined)
    return rejected('unknown-sequence', `There is no sequence “${command.sequenceId}”.`);
  const name = target.definition.name;
  if (!target.active) {
    return rejected(
      'sequence-inactive',
      `“${name}” is not active, so records can't be connected to it.`,
    );
  }
  if (target.definition.entity !== state.record.entity) {
    return rejected(
      'wrong-entity',
      `“${name}” is for ${target.definition.entity} records; this record is a ${state.record.entity}.`,
    );
  }
  if (state.connections.some((c) => c.status === 'active' && c.sequenceId === command.sequenceId)) {
    return rejected('already-connected', `This record is already in “${name}”.`);
  }
  const conn = newConnection(run, target, ctx.now, command.connectionId, command.segment);
  reach(run, conn, target.definition, [0], ctx.now);
  return null;
}

/** A segment moves the record from one sequence to another (spec section 8). */
function move(run: Run, command: Extract<Command, { type: 'move' }>): Outcome | null {
  const { ctx, state } = run;
  const conn = state.connections.find((c) => c.id === command.connectionId);
  if (conn === undefined)
    return rejected('unknown-connection', 'This record is not in that sequence.');
  if (conn.status !== 'active') return handled(endedMessage(conn));
  if (
    command.targetConnectionId !== undefined &&
    state.connections.some((c) => c.id === command.targetConnectionId)
  ) {
    return handled('This record was already moved to that sequence.');
  }
  const target = ctx.sequences(command.sequenceId);
  if (target === undefined)
    return rejected('unknown-sequence', `There is no sequence “${command.sequenceId}”.`);
  const name = target.definition.name;
  if (!target.active) {
    return rejected('sequence-inactive', `“${name}” is not active, so records can't move to it.`);
  }
  if (target.definition.entity !== state.record.entity) {
    return rejected(
      'wrong-entity',
      `“${name}” is for ${target.definition.entity} records; this record is a ${state.record.entity}.`,
    );
  }
  if (conn.sequenceId === command.sequenceId) {
    return rejected('already-connected', `This record is already in “${name}”.`);
  }
  const at = instantFor(run, conn);
  const existing = state.connections.find(
    (c) => c.status === 'active' && c.sequenceId === command.sequenceId,
  );
  const targetId = existing?.id ?? command.targetConnectionId ?? ctx.newId();
  conn.movedTo = { sequenceId: command.sequenceId, connectionId: targetId };
  conn.movedBySegment = command.segment;
  endConnection(run, conn, 'moved', 'moved', at, {
    target: command.sequenceId,
    targetConnectionId: targetId,
    alreadyConnected: existing !== undefined,
    segment: command.segment,
  });
  if (existing === undefined) {
    const moved = newConnection(run, target, at, targetId, command.segment);
    reach(run, moved, target.definition, [0], at);
  }
  return null;
}

function complete(run: Run, command: Extract<Command, { type: 'complete' }>): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, def, cur, step, at } = found;
  if (step.type === 'wait') {
    return rejected('not-actionable', 'A wait ends by itself. Use “Skip wait” to move on now.');
  }
  if (step.type === 'condition') {
    return rejected(
      'not-actionable',
      cur.needsAnswer
        ? 'This condition needs an answer: pick yes or no.'
        : 'A condition is decided by itself. Use “Skip wait” to decide it now.',
    );
  }
  if (step.type === 'move-to-sequence') {
    // Completing a blocked move tries it again.
    if (tryMove(run, conn, step, at)) return null;
    return rejected('not-actionable', cur.problem?.message ?? 'The record could not move yet.');
  }
  if (command.outcome !== undefined && step.type !== 'call') {
    return rejected('outcome-not-allowed', 'Only a call step takes an outcome.');
  }
  if (step.type === 'call') {
    if (command.outcome === undefined) {
      return rejected(
        'outcome-required',
        'Pick how the call went: connected, voicemail, no answer or wrong number.',
      );
    }
    if (!(CALL_OUTCOMES as readonly string[]).includes(command.outcome)) {
      return rejected('outcome-required', `“${command.outcome}” is not a call outcome.`);
    }
  }
  finishStep(
    run,
    conn,
    def,
    at,
    {
      result: 'completed',
      ...(command.outcome === undefined ? {} : { outcome: command.outcome }),
      ...(command.note === undefined ? {} : { note: command.note }),
    },
    'step-completed',
    {
      ...(command.outcome === undefined ? {} : { outcome: command.outcome }),
      ...(command.note === undefined ? {} : { note: command.note }),
    },
  );
  return null;
}

function skip(run: Run, command: Extract<Command, { type: 'skip' }>): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, def, cur, step, at } = found;
  if (step.type === 'wait') {
    return rejected('not-actionable', 'A wait is not skipped: use “Skip wait” to move on now.');
  }
  if (step.type === 'condition') {
    return rejected(
      'not-actionable',
      cur.needsAnswer
        ? 'This condition needs an answer: pick yes or no.'
        : 'A condition is decided by itself.',
    );
  }
  const note = command.note === undefined ? {} : { note: command.note };
  finishStep(run, conn, def, at, { result: 'skipped', ...note }, 'step-skipped', note);
  return null;
}

function snooze(run: Run, command: Extract<Command, { type: 'snooze' }>): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, cur, at } = found;
  if (!isActionable(cur)) {
    return rejected(
      'not-actionable',
      'Only a step you act on can be snoozed; this one runs by itself.',
    );
  }
  const problem = snoozeProblem(command.until, run.ctx.now, run.ctx.timeZone);
  if (problem === 'invalid' || problem === 'past') {
    return rejected('snooze-in-past', 'Pick a time in the future to snooze to.');
  }
  if (problem === 'too-far') {
    return rejected(
      'snooze-too-far',
      `A step can be snoozed at most ${MAX_SNOOZE_DAYS} days ahead.`,
    );
  }
  if (cur.snoozedUntil === command.until)
    return handled('This step is already snoozed until then.');
  cur.snoozedUntil = command.until;
  cur.snoozeCount += 1;
  conn.revision += 1;
  conn.updatedAt = at;
  run.changed.add(conn.id);
  emit(run, conn, 'step-snoozed', at, cur.stepId, { until: command.until, count: cur.snoozeCount });
  return null;
}

function skipWait(run: Run, command: Extract<Command, { type: 'skip-wait' }>): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, def, cur, step, at } = found;
  if (step.type === 'wait') {
    finishStep(run, conn, def, at, { result: 'skipped' }, 'wait-skipped', {
      endsAt: cur.waitEndsAt,
    });
    return null;
  }
  if (step.type === 'condition' && cur.windowClosesAt !== null && !cur.needsAnswer) {
    closeWindow(run, conn, def, step, at, 'skip-wait');
    return null;
  }
  return rejected('not-a-wait', 'This step is not waiting, so there is no wait to skip.');
}

function answer(run: Run, command: Extract<Command, { type: 'answer-condition' }>): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, def, cur, step, at } = found;
  if (step.type !== 'condition' || !cur.needsAnswer) {
    return rejected(
      'no-answer-needed',
      'This step does not need an answer: it is decided by itself.',
    );
  }
  // Commands arrive in messages: check values the types can't promise.
  if (!(['yes', 'no'] as unknown[]).includes(command.answer)) {
    return rejected('no-answer-needed', 'Answer yes or no.');
  }
  decide(run, conn, def, command.answer, 'answer', at);
  return null;
}

/** "Add note": a note on the current step, kept with the connection; the step stays where it is. */
function addNote(run: Run, command: Extract<Command, { type: 'add-note' }>): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, cur, at } = found;
  const text = typeof command.note === 'string' ? command.note.trim().slice(0, MAX_NOTE) : '';
  if (text === '') return rejected('empty-note', 'Write something to add a note.');
  conn.notes = [...(conn.notes ?? []), { stepId: cur.stepId, at, text }];
  conn.revision += 1;
  conn.updatedAt = at;
  run.changed.add(conn.id);
  emit(run, conn, 'note-added', at, cur.stepId, { text });
  return null;
}

function disconnect(run: Run, command: Extract<Command, { type: 'disconnect' }>): Outcome | null {
  const conn = run.state.connections.find((c) => c.id === command.connectionId);
  if (conn === undefined)
    return rejected('unknown-connection', 'This record is not in that sequence.');
  if (conn.status !== 'active') return handled(endedMessage(conn));
  const reason = command.reason === 'sequence-deleted' ? 'sequence-deleted' : 'manual';
  // What the record looked like when the seller let it go: a segment restarts it only after
  // one of its condition fields changed (spec section 8).
  if (reason === 'manual') conn.fieldsAtEnd = { ...run.state.fields };
  endConnection(run, conn, 'disconnected', reason, instantFor(run, conn));
  return null;
}

function recordEmailEvent(
  run: Run,
  command: Extract<Command, { type: 'record-email-event' }>,
): Outcome | null {
  const conn = run.state.connections.find((c) => c.id === command.connectionId);
  if (conn === undefined)
    return rejected('unknown-connection', 'This record is not in that sequence.');
  if (conn.status !== 'active') return handled(endedMessage(conn));
  const def = definitionOf(run, conn);
  if (def === undefined)
    return rejected('unknown-sequence', 'This sequence is no longer available.');
  let stepId: string | null;
  if (command.stepId === undefined) {
    const sent = conn.steps.filter((s) => wentOut(s) && carries(def, s.stepId, command.event));
    stepId = sent.at(-1)?.stepId ?? null;
  } else {
    const path = findPath(def.steps, command.stepId);
    const step = path === null ? undefined : stepAt(def.steps, path);
    if (step?.type === 'ab-test' && !carries(def, step.id, command.event)) {
      return rejected(
        'not-an-email-step',
        `“${command.stepId}” sends text messages: only a reply can be recorded for it.`,
      );
    }
    if (step?.type !== 'email' && step?.type !== 'ab-test') {
      return rejected(
        'not-an-email-step',
        `“${command.stepId}” is not an email step of this sequence.`,
      );
    }
    if (!conn.steps.some((s) => s.stepId === command.stepId && wentOut(s))) {
      return rejected('not-current', 'That email was not sent yet.');
    }
    stepId = command.stepId;
  }
  if (conn.emailEvents.some((e) => e.type === command.event && e.stepId === stepId)) {
    return handled(`${EVENT_WORDS[command.event]} to this email was already recorded.`);
  }
  const happened = Math.min(command.at ?? run.ctx.now, run.ctx.now);
  // Let time pass only up to the event: a window still open then counts the event.
  settle(run, happened);
  // Letting time pass may have ended it (a path ran out before the event happened).
  if (hasEnded(conn)) return handled(endedMessage(conn));
  const at = instantFor(run, conn, happened);
  conn.emailEvents.push({ type: command.event, at: happened, recordedAt: at, stepId });
  conn.revision += 1;
  conn.updatedAt = at;
  run.changed.add(conn.id);
  emit(run, conn, 'email-event', at, stepId === null ? undefined : stepId, {
    event: command.event,
    happenedAt: happened,
  });
  if (command.event === 'replied' && conn.exitOnReply) {
    // exitOnReply wins over any condition on that reply.
    endConnection(run, conn, 'exited', 'replied', at);
  } else {
    reconsider(run, conn, def, at, 'event');
  }
  return null;
}

/** A sent email, or an A/B test step the seller completed (its version's email or text went out). */
function wentOut(step: StepRecord): boolean {
  return (
    isSentEmail(step) ||
    (step.type === 'ab-test' && (step.result === 'completed' || step.result === 'auto'))
  );
}

/**
 * Whether an email event can be recorded on step `stepId`: every event on an email step and on
 * an A/B test of emails; only a reply on an A/B test of text messages.
 */
function carries(def: Sequence, stepId: string, event: EmailEvent): boolean {
  const path = findPath(def.steps, stepId);
  const step = path === null ? undefined : stepAt(def.steps, path);
  if (step === undefined) return false;
  return isEmailStep(step) || (step.type === 'ab-test' && event === 'replied');
}

/** The mailbox saw the email of the current email step go out: the step completes by itself. */
function recordSentEmail(
  run: Run,
  command: Extract<Command, { type: 'record-sent-email' }>,
): Outcome | null {
  const found = locate(run, command);
  if (isOutcome(found)) return found;
  const { conn, def, cur, step } = found;
  if (!isEmailStep(step)) {
    return rejected('not-an-email-step', 'The current step is not an email step.');
  }
  const happened = Math.min(command.at ?? run.ctx.now, run.ctx.now);
  if (happened < cur.reachedAt) {
    return rejected('sent-before-step', 'That email was sent before this step began.');
  }
  const subject =
    typeof command.subject === 'string' ? command.subject.trim().slice(0, MAX_MAIL_SUBJECT) : '';
  const extra = subject === '' ? {} : { subject };
  finishStep(
    run,
    conn,
    def,
    instantFor(run, conn, happened),
    { result: 'auto', ...extra },
    'step-auto-completed',
    { by: 'mailbox', sentAt: happened, ...extra },
  );
  return null;
}

function isFieldValue(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

function recordFields(
  run: Run,
  command: Extract<Command, { type: 'record-fields' }>,
): Outcome | null {
  const entries = Object.entries(command.values);
  if (!entries.every(([, v]) => isFieldValue(v))) {
    return rejected('invalid-fields', 'Field values must be text, numbers, true/false or empty.');
  }
  const fields = run.state.fields;
  const changed = Object.fromEntries(
    entries.filter(([k, v]) => !Object.prototype.hasOwnProperty.call(fields, k) || fields[k] !== v),
  );
  if (Object.keys(changed).length === 0) return handled('These field values were already known.');
  Object.assign(fields, changed);
  run.state.fieldsUpdatedAt = run.ctx.now;
  emit(run, null, 'fields-recorded', run.ctx.now, undefined, { values: changed });
  for (const conn of [...run.state.connections]) {
    if (conn.status !== 'active') continue;
    const def = definitionOf(run, conn);
    if (def !== undefined) reconsider(run, conn, def, instantFor(run, conn), 'fields');
  }
  return null;
}

function dispatch(run: Run, command: Command): Outcome | null {
  switch (command.type) {
    case 'tick':
      return null;
    case 'connect':
      return connect(run, command);
    case 'move':
      return move(run, command);
    case 'disconnect':
      return disconnect(run, command);
    case 'complete':
      return complete(run, command);
    case 'skip':
      return skip(run, command);
    case 'snooze':
      return snooze(run, command);
    case 'skip-wait':
      return skipWait(run, command);
    case 'answer-condition':
      return answer(run, command);
    case 'record-email-event':
      return recordEmailEvent(run, command);
    case 'record-sent-email':
      return recordSentEmail(run, command);
    case 'record-fields':
      return recordFields(run, command);
    case 'add-note':
      return addNote(run, command);
  }
}

/**
 * Applies one command to one record's state. Never throws for a bad command: it says
 * `rejected` (invalid) or `already-handled` (stale or repeated; nothing changes).
 */
export function apply(state: RecordState, command: Command, ctx: EngineContext): ApplyResult {
  if (!isValidTimeZone(ctx.timeZone)) {
    return rejected(
      'invalid-time-zone',
      `“${ctx.timeZone}” is not a time zone this browser knows.`,
    );
  }
  const run = newRun(state, ctx);
  if (command.type !== 'record-email-event') settle(run, ctx.now);
  const outcome = dispatch(run, command);
  if (outcome !== null) return outcome;
  settle(run, ctx.now);
  return {
    kind: 'applied',
    state: run.state,
    events: run.events,
  };
}

/** A fresh record with no connections. */
export function createRecordState(
  record: RecordState['record'],
  fields: RecordState['fields'] = {},
): RecordState {
  return { record: { ...record }, fields: { ...fields }, fieldsUpdatedAt: null, connections: [] };
}
