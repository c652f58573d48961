/**
 * The success rule in the designer's sequence options (issue #18.2): the three kinds of the
 * format's `success` key as one choice, and the rule a choice makes. The default (reaching the
 * end of a path) is written as no key at all, like every other default of the format.
 */
import type { FieldCondition, SuccessRule } from '../sequence/types';

export type SuccessChoice = 'completed' | 'replied' | 'field';

export const SUCCESS_CHOICES: readonly { value: SuccessChoice; label: string }[] = [
  { value: 'completed', label: 'The record reached the end of the sequence' },
  { value: 'replied', label: 'The customer replied' },
  { value: 'field', label: 'A field reached a value' },
];

/** Which choice a stored rule is (no rule: the default). */
export function successChoice(rule: SuccessRule | undefined): SuccessChoice {
  if (rule === undefined || 'completed' in rule) return 'completed';
  if ('replied' in rule) return 'replied';
  return 'field';
}

/** The field condition of a field rule, or null. */
export function successField(rule: SuccessRule | undefined): FieldCondition | null {
  return rule !== undefined && 'field' in rule ? rule : null;
}

/**
 * The `success` to store for `choice`: undefined for the default, `{ replied: true }`, or a
 * field rule (`field` equals `value`), keeping a field rule that is already there.
 */
export function successRuleFor(
  choice: SuccessChoice,
  current: SuccessRule | undefined,
): SuccessRule | undefined {
  if (choice === 'completed') return undefined;
  if (choice === 'replied') return { replied: true };
  return successField(current) ?? { field: '', op: 'equals', value: '' };
}
