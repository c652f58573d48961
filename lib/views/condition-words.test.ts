import { describe, expect, it } from 'vitest';
import type { Condition } from '../sequence/types';
import { describeCondition } from './condition-words';

describe('describeCondition', () => {
  it.each([
    [{ field: 'jobTitle', op: 'begins-with', value: 'VP' }, 'Does Job Title begin with “VP”?'],
    [{ field: 'jobTitle', op: 'ends-with', value: 'Sales' }, 'Does Job Title end with “Sales”?'],
    [{ field: 'amount', op: 'greater-or-equal', value: 10 }, 'Is Amount at least “10”?'],
    [{ field: 'amount', op: 'less-or-equal', value: 10 }, 'Is Amount at most “10”?'],
    [{ field: 'amount', op: 'between', value: [1, 5] }, 'Is Amount between “1” and “5”?'],
    [
      { field: 'lastActivity', op: 'in-last-days', value: 7 },
      'Is Last Activity within the last 7 days (today included)?',
    ],
    [
      { field: 'renewal', op: 'in-next-days', value: 1 },
      'Is Renewal within the next day (today included)?',
    ],
  ] as [Condition, string][])('%j', (condition, words) => {
    expect(describeCondition(condition)).toBe(words);
  });
});
