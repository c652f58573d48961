/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-dynamic-delete -- these tests break packs on purpose, through loosely typed values */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePack, validatePackValue } from './parse';
import type { ParseResult } from './parse';
import { builtInPack } from './templates/built-in';
import { samplePack } from './test-support/sample-pack';
import type { Loose } from './test-support/sample-pack';

/** Every path from the root to a value in `value`. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    for (const [index, item] of (value as unknown[]).entries())
      out.push(...paths(item, [...prefix, index]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  }
  return out;
}

type Mutation = 'delete' | 'retype' | 'unknown-key' | 'random';

function mutate(root: Loose, path: (string | number)[], mutation: Mutation, junk: unknown): Loose {
  if (path.length === 0) return mutation === 'random' ? junk : root;
  const parent = path.slice(0, -1).reduce((value: Loose, key) => value[key], root);
  const key = path[path.length - 1];
  switch (mutation) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'retype':
      parent[key] =
        typeof parent[key] === 'string'
          ? 42
          : typeof parent[key] === 'number'
            ? 'forty-two'
            : typeof parent[key] === 'object'
              ? 'x'
              : {};
      break;
    case 'unknown-key':
      if (parent[key] !== null && typeof parent[key] === 'object' && !Array.isArray(parent[key]))
        parent[key].exitOnReplly = junk;
      else parent[key] = junk;
      break;
    case 'random':
      parent[key] = junk;
      break;
  }
  return root;
}

function expectWellFormed(result: ParseResult): void {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(typeof problem.path).toBe('string');
    expect(problem.message.length).toBeGreaterThan(10);
    expect(problem.message).not.toMatch(/undefined|\[object Object\]|Invalid input/);
    if (problem.line !== null) {
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeGreaterThanOrEqual(1);
    }
  }
}

/** The newer parts of the format: a success rule, an A/B test step, segments. */
function extendedPack(): Loose {
  const pack: Loose = samplePack();
  pack.sequences[0].success = { field: 'leadStatus', op: 'in', value: ['Qualified', 'Won'] };
  pack.sequences[0].steps[0] = {
    id: 'e1',
    type: 'ab-test',
    a: { type: 'email', name: 'Short', template: { subject: 'Hi', body: 'Short' } },
    b: { type: 'email', template: { subject: 'Hello', body: 'Long' } },
    split: 40,
    metric: 'replied',
    ends: { when: 'significant' },
    default: 'a',
  };
  pack.segments = [
    {
      id: 'vp',
      name: 'VP leads',
      entity: 'lead',
      priority: 1,
      state: 'active',
      sequence: 'outbound',
      allowMoveIn: true,
      where: {
        all: [
          { field: 'jobTitle', op: 'begins-with', value: 'VP' },
          { any: [{ crm: ['salesforce'] }, { host: ['*.example.com'] }] },
          { field: 'created', op: 'in-last-days', value: 30 },
        ],
      },
    },
  ];
  return pack;
}

const bases: unknown[] = [samplePack(), builtInPack(), extendedPack()];
const mutation = fc.constantFrom<Mutation>('delete', 'retype', 'unknown-key', 'random');

describe('fuzz: parsePack never throws', () => {
  it('on mutated valid packs (one to three mutations)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(fc.tuple(fc.nat(), mutation, fc.jsonValue({ maxDepth: 3 })), {
          minLength: 1,
          maxLength: 3,
        }),
        (base, mutations) => {
          let pack: Loose = structuredClone(base);
          for (const [index, kind, junk] of mutations) {
            const all = paths(pack);
            pack = mutate(pack, all[index % all.length], kind, junk);
          }
          const text = (JSON.stringify(pack, null, 2) as string | undefined) ?? 'null';
          const result = parsePack(text);
          expectWellFormed(result);
          // Text and value validation agree on the outcome.
          expect(validatePackValue(pack).ok).toBe(result.ok);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parsePack(JSON.stringify(value));
        expect(result.ok).toBe(false);
        expectWellFormed(result);
      }),
      { numRuns: 300 },
    );
  });

  it('on random objects shaped like packs', () => {
    const condition = fc.letrec((tie) => ({
      condition: fc.oneof(
        { depthSize: 'small' },
        fc.record({
          email: fc.constantFrom('replied', 'opened', 'bogus'),
          step: fc.constantFrom('e1', 'c1', 'x'),
        }),
        fc.record({
          call: fc.array(fc.constantFrom('connected', 'voicemail', 'nope')),
          step: fc.constantFrom('e1', 'c1'),
        }),
        fc.record(
          {
            field: fc.string(),
            op: fc.constantFrom('equals', 'in', 'is-empty', 'greater-than'),
            value: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
          },
          { requiredKeys: ['field', 'op'] },
        ),
        fc.record({ all: fc.array(tie('condition'), { maxLength: 2 }) }),
      ),
    })).condition;
    const step = fc.letrec((tie) => ({
      step: fc.oneof(
        { depthSize: 'small' },
        fc.record(
          {
            id: fc.constantFrom('e1', 'c1', 'w1', 'x', 'Bad id'),
            type: fc.constantFrom('email', 'call', 'task', 'wait', 'nope'),
            days: fc.option(fc.integer({ min: -2, max: 40 }), { nil: undefined }),
          },
          { requiredKeys: ['id', 'type'] },
        ),
        fc.record({
          id: fc.constantFrom('cond', 'c2'),
          type: fc.constant('condition'),
          if: condition,
          yes: fc.array(tie('step'), { maxLength: 3 }),
          no: fc.array(tie('step'), { maxLength: 3 }),
        }),
        fc.record({
          id: fc.constant('m'),
          type: fc.constant('move-to-sequence'),
          sequence: fc.constantFrom('a', 'b', 'zz'),
        }),
      ),
    })).step;
    const sequence = fc.record({
      id: fc.constantFrom('a', 'b', 'a'),
      name: fc.string({ maxLength: 5 }),
      entity: fc.constantFrom('lead', 'contact', 'x'),
      exitOnReply: fc.option(fc.boolean(), { nil: undefined }),
      steps: fc.array(step, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(sequence, { maxLength: 3 }), (sequences) => {
        const pack = { format: 'upnext/v1', sequences };
        const result = parsePack(JSON.stringify(pack));
        expectWellFormed(result);
        expect(validatePackValue(JSON.parse(JSON.stringify(pack))).ok).toBe(result.ok);
      }),
      { numRuns: 400 },
    );
  });

  it('on random and corrupted text', () => {
    const valid = JSON.stringify(samplePack(), null, 2);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc
            .tuple(fc.nat(valid.length), fc.nat(20), fc.string({ maxLength: 3 }))
            .map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut)),
        ),
        (text) => {
          expectWellFormed(parsePack(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
