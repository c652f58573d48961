/**
 * A condition as a plain question for the seller ("Is Lead grade equal to “A”?"), shown when the
 * engine cannot decide it from what is known and asks the seller for Yes or No.
 */
import type { Condition, FieldValue } from '../sequence/types';

const EMAIL_WORDS = {
  replied: 'reply to',
  opened: 'open',
  'link-clicked': 'click a link in',
} as const;
const OUTCOME_WORDS = {
  connected: 'connected',
  voicemail: 'went to voicemail',
  'no-answer': 'had no answer',
  'wrong-number': 'was a wrong number',
} as const;

const humanKey = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/^./, (first) => first.toUpperCase());

const valueWords = (value: FieldValue | FieldValue[] | undefined): string =>
  Array.isArray(value)
    ? value.map((item) => `“${String(item)}”`).join(' or ')
    : `“${String(value)}”`;

const dayWords = (value: FieldValue | FieldValue[] | undefined): string =>
  value === 1 ? 'day' : `${String(value)} days`;

function clause(condition: Condition, stepName: (id: string) => string): string {
  if ('email' in condition)
    return `did the customer ${EMAIL_WORDS[condition.email]} “${stepName(condition.step)}”`;
  if ('call' in condition) {
    return `was the call “${stepName(condition.step)}” ${condition.call.map((outcome) => OUTCOME_WORDS[outcome]).join(' or ')}`;
  }
  if ('stage' in condition) return `is the stage ${valueWords(condition.stage)}`;
  if ('all' in condition) return condition.all.map((part) => clause(part, stepName)).join(', and ');
  if ('any' in condition) return condition.any.map((part) => clause(part, stepName)).join(', or ');
  const field = humanKey(condition.field);
  switch (condition.op) {
    case 'equals':
      return `is ${field} ${valueWords(condition.value)}`;
    case 'not-equals':
      return `is ${field} not ${valueWords(condition.value)}`;
    case 'contains':
      return `does ${field} contain ${valueWords(condition.value)}`;
    case 'not-contains':
      return `does ${field} not contain ${valueWords(condition.value)}`;
    case 'in':
      return `is ${field} one of ${valueWords(condition.value)}`;
    case 'is-empty':
      return `is ${field} empty`;
    case 'is-not-empty':
      return `does ${field} have a value`;
    case 'greater-than':
      return `is ${field} more than ${valueWords(condition.value)}`;
    case 'less-than':
      return `is ${field} less than ${valueWords(condition.value)}`;
    case 'begins-with':
      return `does ${field} begin with ${valueWords(condition.value)}`;
    case 'ends-with':
      return `does ${field} end with ${valueWords(condition.value)}`;
    case 'greater-or-equal':
      return `is ${field} at least ${valueWords(condition.value)}`;
    case 'less-or-equal':
      return `is ${field} at most ${valueWords(condition.value)}`;
    case 'between': {
      const [low, high] = Array.isArray(condition.value) ? condition.value : [];
      return `is ${field} between ${valueWords(low)} and ${valueWords(high)}`;
    }
    case 'in-last-days':
      return `is ${field} within the last ${dayWords(condition.value)} (today included)`;
    case 'in-next-days':
      return `is ${field} within the next ${dayWords(condition.value)} (today included)`;
  }
}

export function describeCondition(
  condition: Condition,
  stepName: (id: string) => string = (id) => id,
): string {
  const text = clause(condition, stepName);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}?`;
}
