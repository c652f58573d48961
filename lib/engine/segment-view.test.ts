import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SegmentCondition } from '../sequence/types';
import { testFieldCondition } from './fields';
import {
  compileSegmentCondition,
  hostMatches,
  recordView,
  segmentConditionHolds,
  segmentConditionHoldsFor,
  type SegmentRecord,
} from './segments';
import type { RecordFieldValue } from './types';

const clock = { now: Date.parse('2026-03-11T12:00:00Z'), timeZone: 'UTC' };

/** The criteria as the spec words them, read directly (no compiling, no shared decisions). */
function reference(condition: SegmentCondition, record: SegmentRecord): boolean {
  if ('all' in condition) return condition.all.every((c) => reference(c, record));
  if ('any' in condition) return condition.any.some((c) => reference(c, record));
  if ('crm' in condition)
    return condition.crm.some((id) => id.toLowerCase() === record.crm.toLowerCase());
  if ('host' in condition) return hostMatches(record.host, condition.host);
  return testFieldCondition(condition, record.fields, { unknownField: 'empty', clock }) === true;
}

const FIELDS = ['title', 'country', 'score'] as const;
const leaf: fc.Arbitrary<SegmentCondition> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...FIELDS),
    op: fc.constantFrom('equals', 'not-equals', 'contains', 'begins-with', 'greater-than'),
    value: fc.constantFrom('a', 'B', 1, '2'),
  }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom('is-empty', 'is-not-empty') }),
  fc
    .constantFrom(...FIELDS)
    .map((field): SegmentCondition => ({ field, op: 'in', value: ['a', 2] })),
  fc.constant<SegmentCondition>({ crm: ['Salesforce'] }),
  fc.constant<SegmentCondition>({ host: ['*.example.com'] }),
);
const condition: fc.Arbitrary<SegmentCondition> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc
      .array(tie('node'), { minLength: 1, maxLength: 3 })
      .map((all) => ({ all }) as SegmentCondition),
    fc
      .array(tie('node'), { minLength: 1, maxLength: 3 })
      .map((any) => ({ any }) as SegmentCondition),
  ),
})).node;
const value = fc.constantFrom<RecordFieldValue>('a', 'A ', 'b', '', null, 1, '2', 3);
const record: fc.Arbitrary<SegmentRecord> = fc.record({
  crm: fc.constantFrom('salesforce', 'hubspot'),
  entity: fc.constant('lead' as const),
  id: fc.constant('r1'),
  host: fc.constantFrom('app.example.com', 'crm.other.org', null),
  fields: fc.dictionary(fc.constantFrom(...FIELDS), value),
});

describe('compiled segment criteria', () => {
  it('decide every condition of many segments on one shared record view as the plain reading does', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 8 }), record, (conditions, r) => {
        // Copies written alike share decisions through the view: they must still agree.
        const all = [...conditions, ...conditions.map((c) => structuredClone(c))];
        for (const c of all) compileSegmentCondition(c);
        const view = recordView(r, clock);
        for (const c of all) expect(segmentConditionHoldsFor(c, view)).toBe(reference(c, r));
      }),
    );
  });

  it('decides a condition compiled after the record view was made', () => {
    const r: SegmentRecord = {
      crm: 'hubspot',
      entity: 'lead',
      id: 'r1',
      host: null,
      fields: { title: 'VP Sales' },
    };
    const view = recordView(r, clock);
    const late: SegmentCondition = { field: 'title', op: 'contains', value: `vp${Math.random()}` };
    expect(segmentConditionHoldsFor(late, view)).toBe(false);
    expect(segmentConditionHoldsFor({ field: 'title', op: 'begins-with', value: 'vp' }, view)).toBe(
      true,
    );
  });

  it('reads dates against the clock of the view, not of an earlier one', () => {
    const r: SegmentRecord = {
      crm: 'hubspot',
      entity: 'lead',
      id: 'r1',
      host: null,
      fields: { closes: '2026-03-12' },
    };
    const soon: SegmentCondition = { field: 'closes', op: 'in-next-days', value: 2 };
    expect(segmentConditionHolds(soon, r, clock)).toBe(true);
    expect(
      segmentConditionHolds(soon, r, { ...clock, now: Date.parse('2026-03-20T12:00:00Z') }),
    ).toBe(false);
  });

  it('reads the host only when a host test is reached, and once per view', () => {
    // A caller works the host out from the record's address (lib/store/segment-routing.ts):
    // a CRM test that decides an `any` spares every record that parse.
    let reads = 0;
    const r: SegmentRecord = {
      crm: 'dynamics365',
      entity: 'lead',
      id: 'r1',
      get host() {
        reads += 1;
        return 'org.crm.example.com';
      },
      fields: {},
    };
    const crmFirst: SegmentCondition = {
      any: [{ crm: ['dynamics365'] }, { host: ['*.example.com'] }],
    };
    const hostOnly: SegmentCondition = { host: ['*.example.com'] };
    const otherHost: SegmentCondition = { host: ['org.crm.example.com', 'other.example.org'] };
    compileSegmentCondition(crmFirst);
    compileSegmentCondition(hostOnly);
    compileSegmentCondition(otherHost);
    const view = recordView(r, clock);
    expect(segmentConditionHoldsFor(crmFirst, view)).toBe(true);
    expect(reads).toBe(0);
    expect(segmentConditionHoldsFor(hostOnly, view)).toBe(true);
    expect(segmentConditionHoldsFor(otherHost, view)).toBe(true);
    expect(reads).toBe(1);
  });
});
