/**
 * Daily roll-ups for insights (issue #18): per sequence, version and UTC day, how many records
 * were connected, ended (completed, exited on reply, disconnected, moved) and succeeded, how
 * many seller steps were completed or skipped, and each completion's time to complete.
 *
 * A roll-up is a pure function of the connections' own histories (`Connection`: connected,
 * step history, end), which retention never deletes, so a year of figures outlives the 90-day
 * event log. The store writes the difference one command makes (`rollupDelta`) in the same
 * transaction as its events; a rebuild sums `connectionRollup` over every stored connection.
 * Both give the same rows (property-tested).
 *
 * Days are UTC days (`dayOf`): a stored day must not move when the seller changes time zone.
 */
import { MANUAL_STEP_TYPES, type SuccessRule } from '../sequence/types';
import { successAt, type FieldChange } from './success';
import { DAY } from './time/zoned';
import type { Connection, EngineEvent } from './types';

/** The counts of one day. `completionMs`: time from connection to completion, one per completion. */
export interface RollupCounts {
  connected: number;
  completed: number;
  /** Left the sequence because the customer replied. */
  exited: number;
  /** Disconnected by a seller, or because the sequence was deleted. */
  disconnected: number;
  moved: number;
  /** Records that ended this day and were a success under the sequence's rule. */
  successes: number;
  stepsCompleted: number;
  stepsSkipped: number;
  completionMs: number[];
}

export const COUNT_FIELDS = [
  'connected',
  'completed',
  'exited',
  'disconnected',
  'moved',
  'successes',
  'stepsCompleted',
  'stepsSkipped',
] as const satisfies readonly (keyof RollupCounts)[];

/** One stored row: the counts of sequence `sequenceId`, version `version`, on UTC day `day`. */
export interface DayRollup extends RollupCounts {
  sequenceId: string;
  version: number;
  /** Days since 1970-01-01 (UTC). */
  day: number;
}

/** The UTC day number of an instant (days since 1970-01-01). */
export function dayOf(at: number): number {
  return Math.floor(at / DAY);
}

export function emptyCounts(): RollupCounts {
  return {
    connected: 0,
    completed: 0,
    exited: 0,
    disconnected: 0,
    moved: 0,
    successes: 0,
    stepsCompleted: 0,
    stepsSkipped: 0,
    completionMs: [],
  };
}

/** What judging success at a connection's end needs: its version's rule and the record's captures. */
export interface SuccessJudge {
  rule: SuccessRule | undefined;
  /** The record's captures (`fieldChangesOf` the log); only read for a field-condition rule. */
  fieldChanges?: readonly FieldChange[];
  timeZone: string;
}

/** The connection fields a roll-up reads. */
export type RollupConnection = Pick<
  Connection,
  'sequenceId' | 'version' | 'status' | 'connectedAt' | 'endedAt' | 'emailEvents' | 'steps'
>;

const SELLER_STEPS: ReadonlySet<string> = new Set(MANUAL_STEP_TYPES);

const END_FIELD = {
  completed: 'completed',
  exited: 'exited',
  disconnected: 'disconnected',
  moved: 'moved',
} as const;

/** True when a rule needs the record's field captures (a field condition, not replied/completed). */
export function needsCaptures(rule: SuccessRule | undefined): boolean {
  return rule !== undefined && !('completed' in rule) && !('replied' in rule);
}

/**
 * True when a connection a command did not change must still be judged again: it has ended, its
 * rule reads fields, and the command captured fields in the very millisecond it ended. `successAt`
 * counts a capture at the end instant (the same action), but the judgment made when the connection
 * ended could not see a capture that came after the end within that millisecond; a rebuild from
 * the log sees it, so the live roll-up must too. `added`: the command's own captures.
 */
export function endedWithCapture(
  connection: Pick<Connection, 'status' | 'endedAt'>,
  rule: SuccessRule | undefined,
  added: readonly FieldChange[],
): boolean {
  return (
    needsCaptures(rule) &&
    connection.status !== 'active' &&
    added.some((change) => change.at === connection.endedAt)
  );
}

/** `all` without the last match of each of `added` (same instant and values): the captures before. */
export function capturesBefore(
  all: readonly FieldChange[],
  added: readonly FieldChange[],
): FieldChange[] {
  const left = [...all];
  for (const change of added) {
    const same = JSON.stringify(change.values);
    // The command's captures are the newest: the last match (an earlier capture with the same
    // instant and values stays, in its place, and the order of the rest is the log's).
    const index = left.findLastIndex(
      (other) => other.at === change.at && JSON.stringify(other.values) === same,
    );
    if (index !== -1) left.splice(index, 1);
  }
  return left;
}

/**
 * Everything one connection adds to the roll-ups, by UTC day. Success is judged once, when the
 * connection ends (its outcome is then final): `successAt` with the connection's end as "now".
 */
export function connectionRollup(
  connection: RollupConnection,
  judge: SuccessJudge,
): Map<number, RollupCounts> {
  const days = new Map<number, RollupCounts>();
  const at = (instant: number): RollupCounts => {
    const day = dayOf(instant);
    let counts = days.get(day);
    if (counts === undefined) {
      counts = emptyCounts();
      days.set(day, counts);
    }
    return counts;
  };
  at(connection.connectedAt).connected += 1;
  for (const step of connection.steps) {
    if (!SELLER_STEPS.has(step.type)) continue;
    if (step.result === 'skipped') at(step.at).stepsSkipped += 1;
    else at(step.at).stepsCompleted += 1;
  }
  if (connection.status !== 'active' && connection.endedAt !== null) {
    const end = at(connection.endedAt);
    end[END_FIELD[connection.status]] += 1;
    if (connection.status === 'completed')
      end.completionMs.push(Math.max(0, connection.endedAt - connection.connectedAt));
    const success = successAt(judge.rule, {
      connection,
      ...(judge.fieldChanges === undefined ? {} : { fieldChanges: judge.fieldChanges }),
      now: connection.endedAt,
      timeZone: judge.timeZone,
    });
    if (success !== null) end.successes += 1;
  }
  return days;
}

/** A change to one day's row: counts to add, completion times to add and to remove. */
export interface DayDelta {
  sequenceId: string;
  version: number;
  day: number;
  add: Partial<Record<(typeof COUNT_FIELDS)[number], number>>;
  addMs: number[];
  removeMs: number[];
}

/**
 * What one command changed in the roll-ups of one connection: its roll-up after minus before
 * (`before` undefined: the connection is new). Days with no change are left out.
 */
export function rollupDelta(
  before: RollupConnection | undefined,
  after: RollupConnection,
  judgeBefore: SuccessJudge,
  judgeAfter: SuccessJudge,
): DayDelta[] {
  const old =
    before === undefined ? new Map<number, RollupCounts>() : connectionRollup(before, judgeBefore);
  const now = connectionRollup(after, judgeAfter);
  const out: DayDelta[] = [];
  for (const day of new Set<number>([...old.keys(), ...now.keys()])) {
    const a: RollupCounts = old.get(day) ?? emptyCounts();
    const b: RollupCounts = now.get(day) ?? emptyCounts();
    const delta: DayDelta = {
      sequenceId: after.sequenceId,
      version: after.version,
      day,
      add: {},
      addMs: multisetMinus(b.completionMs, a.completionMs),
      removeMs: multisetMinus(a.completionMs, b.completionMs),
    };
    for (const field of COUNT_FIELDS) {
      const change = b[field] - a[field];
      if (change !== 0) delta.add[field] = change;
    }
    if (Object.keys(delta.add).length > 0 || delta.addMs.length > 0 || delta.removeMs.length > 0)
      out.push(delta);
  }
  return out;
}

/** Elements of `a` not matched one for one in `b`. */
function multisetMinus(a: readonly number[], b: readonly number[]): number[] {
  const left = [...b];
  const out: number[] = [];
  for (const value of a) {
    const index = left.indexOf(value);
    if (index === -1) out.push(value);
    else left.splice(index, 1);
  }
  return out;
}

/** `row` with `delta` applied (a new row when `row` is undefined). Never below zero. */
export function applyDayDelta(row: DayRollup | undefined, delta: DayDelta): DayRollup {
  const next: DayRollup =
    row === undefined
      ? { sequenceId: delta.sequenceId, version: delta.version, day: delta.day, ...emptyCounts() }
      : { ...row, completionMs: [...row.completionMs] };
  for (const [field, amount] of Object.entries(delta.add) as [keyof DayDelta['add'], number][])
    next[field] = Math.max(0, next[field] + amount);
  for (const value of delta.removeMs) {
    const index = next.completionMs.indexOf(value);
    if (index !== -1) next.completionMs.splice(index, 1);
  }
  next.completionMs.push(...delta.addMs);
  return next;
}

/** True when a row counts nothing (it can be deleted). */
export function isEmptyRollup(row: RollupCounts): boolean {
  return COUNT_FIELDS.every((field) => row[field] === 0) && row.completionMs.length === 0;
}

/** The key of a roll-up row, daily or flow (both stores key rows so): `[sequenceId, version, day]`. */
export function rollupKey(
  row: Pick<DayRollup, 'sequenceId' | 'version' | 'day'>,
): [string, number, number] {
  return [row.sequenceId, row.version, row.day];
}

/** `rollupKey` as one string, for grouping rows in a Map (NUL cannot occur in an id). */
export function rollupRowId(row: Pick<DayRollup, 'sequenceId' | 'version' | 'day'>): string {
  return rollupKey(row).join('\u0000');
}

/**
 * Sums many connections' roll-ups into rows (a rebuild). `judgeOf` gives each connection's
 * judge (its version's rule and its record's captures).
 */
export function sumRollups(
  connections: Iterable<{ connection: RollupConnection; judge: SuccessJudge }>,
  into: Map<string, DayRollup> = new Map(),
): Map<string, DayRollup> {
  for (const { connection, judge } of connections) {
    for (const [day, counts] of connectionRollup(connection, judge)) {
      const key = rollupRowId({ ...connection, day });
      const row = into.get(key) ?? {
        sequenceId: connection.sequenceId,
        version: connection.version,
        day,
        ...emptyCounts(),
      };
      for (const field of COUNT_FIELDS) row[field] += counts[field];
      row.completionMs.push(...counts.completionMs);
      into.set(key, row);
    }
  }
  return into;
}

/** The record's field captures, from its `fields-recorded` events (in any order). */
export function fieldChangesOf(
  events: readonly { type: string; at: number; data: EngineEvent['data'] }[],
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const event of events) {
    if (event.type !== 'fields-recorded') continue;
    const values = event.data['values'];
    if (typeof values === 'object' && values !== null)
      out.push({ at: event.at, values: values as FieldChange['values'] });
  }
  return out;
}
