/**
 * What must hold of any record state the engine produces. Used by the property tests, and by
 * the store to refuse (and report) corrupt data before it reaches the engine.
 */
import type { Sequence, Step } from '../sequence/types';
import { branchPath, nextPath, stepAt } from './tree';
import type { Connection, EngineContext, PathSegment, RecordState } from './types';

const AUTO_TYPES = new Set(['wait', 'condition', 'update-field', 'move-to-sequence']);

function samePath(a: readonly PathSegment[] | null, b: readonly PathSegment[] | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkConnection(
  conn: Connection,
  def: Sequence | undefined,
  say: (m: string) => void,
): void {
  const ended = conn.status !== 'active';
  if (ended !== (conn.current === null))
    say('an active connection has a current step, an ended one none');
  if (ended !== (conn.endedAt !== null)) say('endedAt is set exactly when the connection ended');
  const reasons: Record<Connection['status'], readonly (string | null)[]> = {
    active: [null],
    completed: [null],
    exited: ['replied'],
    moved: ['moved'],
    disconnected: ['manual', 'sequence-deleted'],
  };
  if (!reasons[conn.status].includes(conn.reason))
    say(`status ${conn.status} with reason ${String(conn.reason)}`);
  if ((conn.status === 'moved') !== (conn.movedTo !== null))
    say('movedTo is set exactly when moved');
  if (conn.movedBySegment !== undefined && conn.status !== 'moved')
    say('movedBySegment only on moved connections');
  if (conn.fieldsAtEnd !== undefined && conn.reason !== 'manual')
    say('fieldsAtEnd only on connections disconnected by hand');
  const seen = new Set<string>();
  let last = conn.connectedAt;
  for (const s of conn.steps) {
    if (seen.has(s.stepId)) say(`step ${s.stepId} is in the history twice`);
    seen.add(s.stepId);
    if (s.reachedAt < last || s.at < s.reachedAt) say(`step ${s.stepId} times go backwards`);
    last = s.at;
    if (s.result === 'auto' && !AUTO_TYPES.has(s.type))
      say(`${s.type} step ${s.stepId} finished by itself`);
    if ((s.type === 'condition') !== (s.branch !== undefined))
      say(`step ${s.stepId}: branch only on conditions`);
    if (s.type === 'call' && s.result === 'completed' && s.outcome === undefined)
      say(`call ${s.stepId} has no outcome`);
    if ((s.type === 'ab-test') !== (s.ab !== undefined))
      say(`step ${s.stepId}: an A/B version only on A/B test steps`);
  }
  const cur = conn.current;
  if (cur !== null) {
    if (seen.has(cur.stepId)) say(`current step ${cur.stepId} is already in the history`);
    if (cur.reachedAt < last) say('the current step was reached before the previous one finished');
    if ((cur.type === 'wait') !== (cur.waitEndsAt !== null))
      say('waitEndsAt is set exactly on waits');
    if (cur.needsAnswer && cur.type !== 'condition') say('only a condition needs an answer');
    if ((cur.type === 'ab-test') !== (cur.ab !== undefined))
      say('an A/B version is set exactly on A/B test steps');
    if (cur.snoozeCount < 0 || (cur.snoozedUntil !== null && cur.snoozeCount === 0))
      say('snooze count');
  }
  if (conn.endedAt !== null && conn.endedAt < last) say('ended before its last step');
  if (conn.updatedAt < last) say('updatedAt is before the latest step');
  for (const e of conn.emailEvents)
    if (e.recordedAt > conn.updatedAt) say('event recorded after updatedAt');
  if (def === undefined) return;
  // The history is a path through the tree: each step follows the one before.
  let expected: PathSegment[] | null = [0];
  for (const s of conn.steps) {
    const step: Step | undefined = expected === null ? undefined : stepAt(def.steps, expected);
    if (expected === null || step?.id !== s.stepId) {
      say(`step ${s.stepId} does not follow the step before it`);
      return;
    }
    expected =
      step.type === 'condition' && s.branch !== undefined
        ? branchPath(def.steps, expected, s.branch)
        : step.type === 'move-to-sequence'
          ? null
          : nextPath(def.steps, expected);
  }
  if (cur !== null) {
    if (!samePath(cur.path, expected) || stepAt(def.steps, cur.path)?.id !== cur.stepId) {
      say(`current step ${cur.stepId} does not follow the history`);
    }
  } else if (conn.status === 'completed' && expected !== null) {
    say('completed before the end of its path');
  } else if (
    conn.status === 'moved' &&
    conn.movedBySegment === undefined &&
    conn.steps[conn.steps.length - 1]?.type !== 'move-to-sequence'
  ) {
    say('moved without a move-to-sequence step or a segment');
  }
}

/** Every broken rule, in words; empty when the state is valid. */
export function checkInvariants(
  state: RecordState,
  sequences: EngineContext['sequences'],
): string[] {
  const problems: string[] = [];
  if (JSON.stringify(JSON.parse(JSON.stringify(state))) !== JSON.stringify(state)) {
    problems.push('state is not plain JSON data');
  }
  const active = new Set<string>();
  const ids = new Set<string>();
  for (const conn of state.connections) {
    if (ids.has(conn.id)) problems.push(`connection id ${conn.id} is used twice`);
    ids.add(conn.id);
    if (conn.status === 'active') {
      if (active.has(conn.sequenceId)) problems.push(`the record is twice in ${conn.sequenceId}`);
      active.add(conn.sequenceId);
    }
    checkConnection(conn, sequences(conn.sequenceId, conn.version)?.definition, (m) =>
      problems.push(`${conn.id}: ${m}`),
    );
  }
  return problems;
}
