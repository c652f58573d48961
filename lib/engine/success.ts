/**
 * Whether a connection counts as a success of its sequence (spec section 2, `success`), for
 * insights and A/B tests. Pure: the caller passes the connection and the record's field changes
 * (from the `fields-recorded` events of the log).
 *
 * - `{ completed: true }` (the default): the connection reached the end of a path (status
 *   `completed`); success at `endedAt`.
 * - `{ replied: true }`: a reply was recorded on the connection (whether or not it then exited on
 *   reply); success when the first reply happened (never before the connection started).
 * - a field condition: it held at some moment while the record was connected, from
 *   `connectedAt` to `endedAt` (or `now` while active), judged on the record's fields as known
 *   then; success at the first such moment. A field never captured is not a success (`is-empty`
 *   included: without a capture nothing is known).
 */
import { DEFAULT_SUCCESS, type SuccessRule } from '../sequence/types';
import { testFieldCondition } from './fields';
import type { Connection, RecordFieldValue } from './types';

/** One capture of a record's fields: the values that changed at `at` (a `fields-recorded` event). */
export interface FieldChange {
  at: number;
  values: Readonly<Record<string, RecordFieldValue>>;
}

export interface SuccessFacts {
  connection: Pick<Connection, 'status' | 'connectedAt' | 'endedAt' | 'emailEvents'>;
  /**
   * The record's field changes, in any order, including those from before the connection (the
   * values known when it started count). Only needed for a field-condition rule.
   */
  fieldChanges?: readonly FieldChange[];
  /** The instant "now": the end of the window for an active connection. */
  now: number;
  /** The seller's IANA zone, for `in-last-days` / `in-next-days` rules. */
  timeZone: string;
}

/** The rule a sequence uses: its `success`, or the default (reaching the end of a path). */
export function successRuleOf(definition: { success?: SuccessRule }): SuccessRule {
  return definition.success ?? DEFAULT_SUCCESS;
}

/** The instant the connection became a success under `rule`, or null when it is not one (yet). */
export function successAt(rule: SuccessRule | undefined, facts: SuccessFacts): number | null {
  const { connection } = facts;
  const effective = rule ?? DEFAULT_SUCCESS;
  if ('completed' in effective) {
    return connection.status === 'completed' ? (connection.endedAt ?? facts.now) : null;
  }
  if ('replied' in effective) {
    const replies = connection.emailEvents.filter((event) => event.type === 'replied');
    if (replies.length === 0) return null;
    return Math.max(connection.connectedAt, Math.min(...replies.map((event) => event.at)));
  }
  const end = connection.endedAt ?? facts.now;
  const changes = [...(facts.fieldChanges ?? [])].sort((a, b) => a.at - b.at);
  const fields: Record<string, RecordFieldValue> = {};
  const holds = (at: number): boolean =>
    testFieldCondition(effective, fields, {
      unknownField: 'ask',
      clock: { now: at, timeZone: facts.timeZone },
    }) === true;
  // The fields as known when the connection started...
  const known = changes.filter((change) => change.at <= connection.connectedAt);
  for (const change of known) Object.assign(fields, change.values);
  if (holds(connection.connectedAt)) return connection.connectedAt;
  // ...then after each capture while connected.
  for (const change of changes.slice(known.length)) {
    if (change.at > end) break;
    Object.assign(fields, change.values);
    if (holds(change.at)) return change.at;
  }
  return null;
}

/** True when the connection counts as a success of its sequence under `rule`. */
export function isSuccess(rule: SuccessRule | undefined, facts: SuccessFacts): boolean {
  return successAt(rule, facts) !== null;
}
