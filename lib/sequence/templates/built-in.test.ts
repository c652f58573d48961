import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePack } from '../parse';
import { walkSteps } from '../steps';
import { builtInPack } from './built-in';

describe('built-in pack', () => {
  it('is a valid pack as a file', () => {
    const text = readFileSync(
      fileURLToPath(new URL('built-in-pack.json', import.meta.url)),
      'utf8',
    );
    const result = parsePack(text);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("covers Dynamics' template set", () => {
    expect(builtInPack().sequences.map((sequence) => [sequence.id, sequence.entity])).toEqual([
      ['no-show-follow-up', 'contact'],
      ['outbound-prospecting', 'lead'],
      ['event-invitation', 'contact'],
      ['demo-request', 'opportunity'],
      ['account-renewal', 'account'],
      ['webinar-follow-up', 'lead'],
    ]);
  });

  it('uses conditions of every kind, schedules, merge fields and tags', () => {
    const conditions = builtInPack().sequences.flatMap((sequence) =>
      [...walkSteps(sequence.steps)].flatMap(({ step }) =>
        step.type === 'condition' ? [step] : [],
      ),
    );
    const kinds = new Set(conditions.flatMap((step) => Object.keys(step.if)));
    for (const kind of ['email', 'call', 'field', 'stage', 'any']) expect(kinds).toContain(kind);
    expect(conditions.some((step) => step.within !== undefined)).toBe(true);
    for (const sequence of builtInPack().sequences) {
      expect(sequence.schedule).toBeDefined();
      expect(sequence.tags?.length).toBeGreaterThan(0);
      expect(sequence.description?.length).toBeGreaterThan(20);
    }
    expect(JSON.stringify(builtInPack())).toContain('{{firstName}}');
    expect(
      builtInPack().sequences.filter((sequence) => sequence.exitOnReply === true).length,
    ).toBeGreaterThanOrEqual(3);
  });
});
