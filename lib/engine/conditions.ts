/**
 * Condition evaluation (docs/sequence-format.md, "Conditions"), three-valued so the engine never guesses:
 * `true`, `false` (may still turn true: an email event can come, a field can change),
 * `final-false` (can never turn true: the referenced step was skipped, the call outcome is fixed)
 * and `unknown` (a field or stage nobody captured yet: the seller answers).
 */
import type { Condition } from '../sequence/types';
import { isEmpty, testFieldCondition, valuesEqual, type FieldClock } from './fields';
import type { EmailEventRecord, RecordFieldValue, StepRecord } from './types';

export type Truth = 'true' | 'false' | 'final-false' | 'unknown';

export interface ConditionFacts {
  fields: Record<string, RecordFieldValue>;
  events: readonly EmailEventRecord[];
  history: readonly StepRecord[];
  /** Only events that happened at or before this instant count. */
  at: number;
  /**
   * Previews only: a referenced step with no history is still ahead, so its condition is
   * `unknown`. The engine proper never reaches a condition before its referenced steps.
   */
  stepsAhead?: boolean;
  /**
   * "Now" and the seller's zone for `in-last-days` / `in-next-days`. Without it (a preview with
   * no clock) those ops are `unknown`.
   */
  clock?: FieldClock;
}

function fieldValue(
  fields: Record<string, RecordFieldValue>,
  key: string,
): RecordFieldValue | undefined {
  return Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
}

export function evaluate(cond: Condition, facts: ConditionFacts): Truth {
  if ('all' in cond) {
    const parts = cond.all.map((c) => evaluate(c, facts));
    if (parts.includes('final-false')) return 'final-false';
    if (parts.includes('false')) return 'false';
    if (parts.includes('unknown')) return 'unknown';
    return 'true';
  }
  if ('any' in cond) {
    const parts = cond.any.map((c) => evaluate(c, facts));
    if (parts.includes('true')) return 'true';
    if (parts.includes('unknown')) return 'unknown';
    if (parts.includes('false')) return 'false';
    return 'final-false';
  }
  if ('email' in cond) {
    const record = facts.history.find((h) => h.stepId === cond.step);
    if (record === undefined && facts.stepsAhead === true) return 'unknown';
    // A skipped (or never reached) email takes "no", as Dynamics does.
    if (record === undefined || record.result === 'skipped') return 'final-false';
    const seen = facts.events.some(
      (e) => e.type === cond.email && e.stepId === cond.step && e.at <= facts.at,
    );
    return seen ? 'true' : 'false';
  }
  if ('call' in cond) {
    const record = facts.history.find((h) => h.stepId === cond.step);
    if (record === undefined && facts.stepsAhead === true) return 'unknown';
    if (record === undefined || record.result === 'skipped' || record.outcome === undefined) {
      return 'final-false';
    }
    return cond.call.includes(record.outcome) ? 'true' : 'final-false';
  }
  if ('stage' in cond) {
    const stage = fieldValue(facts.fields, 'stage');
    if (stage === undefined) return 'unknown';
    if (isEmpty(stage)) return 'false';
    return cond.stage.some((s) => valuesEqual(stage, s)) ? 'true' : 'false';
  }
  const result = testFieldCondition(cond, facts.fields, {
    unknownField: 'ask',
    clock: facts.clock,
  });
  return result === 'unknown' ? 'unknown' : result ? 'true' : 'false';
}
