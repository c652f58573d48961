import { describe, expect, it } from 'vitest';

import { parsePack } from '../sequence/parse';
import { successChoice, successRuleFor } from './success-rule';

describe('the success rule in sequence options', () => {
  it('reads each kind of rule as its choice; no rule is the default', () => {
    expect(successChoice(undefined)).toBe('completed');
    expect(successChoice({ completed: true })).toBe('completed');
    expect(successChoice({ replied: true })).toBe('replied');
    expect(successChoice({ field: 'leadStatus', op: 'equals', value: 'Qualified' })).toBe('field');
  });

  it('writes the default as no key, and keeps a field rule when picked again', () => {
    const rule = { field: 'stage', op: 'equals' as const, value: 'Closed won' };
    expect(successRuleFor('completed', rule)).toBeUndefined();
    expect(successRuleFor('replied', undefined)).toEqual({ replied: true });
    expect(successRuleFor('field', rule)).toBe(rule);
    expect(successRuleFor('field', { replied: true })).toEqual({
      field: '',
      op: 'equals',
      value: '',
    });
  });

  it('a field rule made in the options is what the pack stores; an unfinished one is refused', () => {
    const packWith = (success: unknown) =>
      parsePack(
        JSON.stringify({
          format: 'upnext/v1',
          sequences: [
            { id: 's', name: 'S', entity: 'lead', success, steps: [{ id: 't', type: 'task' }] },
          ],
        }),
      );
    const blank = successRuleFor('field', undefined);
    const filled = { ...blank, field: 'leadStatus', value: 'Qualified' };
    const parsed = packWith(filled);
    expect(parsed.ok && parsed.pack.sequences[0]?.success).toEqual(filled);
    expect(packWith(blank).ok).toBe(false);
  });
});
