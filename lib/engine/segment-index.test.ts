/**
 * The segment index (segment-index.ts) only narrows which segments are tested: a record's
 * matches must be exactly the segments whose criteria hold when each one is tested, whatever
 * values (text in any case and spacing, numbers, dates, yes/no, empty, unknown) the record and
 * the `equals` / `in` conditions hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { FieldValue, Segment, SegmentCondition } from '../sequence/types';
import { candidatePositions, segmentIndexOf } from './segment-index';
import { preparedFields } from './fields';
import {
  evaluateSegments,
  rankSegments,
  segmentConditionHolds,
  type SegmentRecord,
} from './segments';
import type { RecordFieldValue } from './types';

const clock = { now: Date.parse('2026-03-11T12:00:00Z'), timeZone: 'UTC' };
const FIELDS = ['owner', 'country', 'score'] as const;
// Values that read alike in some ways and not others: case and spaces, numbers written two
// ways, a date, yes/no words and booleans, empty.
const VALUES = ['ann', 'Ann ', 'bo', '', '1', '1.0', 1, true, false, 'yes', 'no', '2026-03-01'];
const expected = fc.constantFrom<FieldValue>(...VALUES);
const actual = fc.constantFrom<RecordFieldValue>(...VALUES, null, ' 2026-03-01T00:00:00Z', 'NO');

const leaf: fc.Arbitrary<SegmentCondition> = fc.oneof(
  fc
    .record({ field: fc.constantFrom(...FIELDS), value: expected })
    .map(({ field, value }): SegmentCondition => ({ field, op: 'equals', value })),
  fc
    .record({ field: fc.constantFrom(...FIELDS), value: fc.array(expected, { maxLength: 3 }) })
    .map(({ field, value }): SegmentCondition => ({ field, op: 'in', value })),
  fc
    .constantFrom(...FIELDS)
    .map((field): SegmentCondition => ({ field, op: 'contains', value: 'n' })),
  fc.constantFrom(...FIELDS).map((field): SegmentCondition => ({ field, op: 'is-empty' })),
  fc.constant<SegmentCondition>({ crm: ['salesforce'] }),
);
const where: fc.Arbitrary<SegmentCondition> = fc.oneof(
  leaf,
  fc.array(leaf, { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
  fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
  fc
    .tuple(leaf, fc.array(leaf, { minLength: 1, maxLength: 2 }))
    .map(([first, rest]) => ({ all: [first, { all: rest }] })),
);
const segmentsArb = fc
  .array(fc.record({ priority: fc.integer({ min: 1, max: 3 }), where }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((list) =>
    list.map((s, i): Segment => ({
      ...s,
      id: `g${i}`,
      name: `Segment ${i}`,
      entity: 'lead',
      state: 'active',
      sequence: 's1',
    })),
  );
const recordArb = fc.record({
  crm: fc.constantFrom('salesforce', 'hubspot'),
  entity: fc.constant('lead' as const),
  id: fc.constant('r1'),
  host: fc.constant(null),
  fields: fc.dictionary(fc.constantFrom(...FIELDS), actual, { maxKeys: 3 }),
});

describe('the segment index', () => {
  it('finds exactly the segments whose criteria hold, in rank order', () => {
    fc.assert(
      fc.property(
        segmentsArb,
        fc.array(recordArb, { minLength: 1, maxLength: 4 }),
        (segments, records) => {
          const ranked = rankSegments(segments, 'lead');
          for (const record of records) {
            const each = ranked
              .filter((segment) => segmentConditionHolds(segment.where, record, clock))
              .map((segment) => segment.id);
            const decision = evaluateSegments({
              segments,
              ranked,
              record,
              current: null,
              connections: [],
              trigger: { kind: 'manual' },
              clock,
            });
            expect(decision.matches).toEqual(each);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('looks 250 segments that differ in one owner up by the record’s owner', () => {
    const segments = Array.from({ length: 250 }, (_, i): Segment => ({
      id: `s${i}`,
      name: `S${i}`,
      entity: 'lead',
      priority: i + 1,
      state: 'active',
      sequence: 's1',
      where: {
        all: [
          { field: 'country', op: 'in', value: ['DE', 'AT'] },
          { field: 'owner', op: 'equals', value: `Owner ${i}` },
        ],
      },
    }));
    const index = segmentIndexOf(segments);
    const record = (owner: string): SegmentRecord['fields'] => ({ owner, country: 'de' });
    expect(candidatePositions(index, preparedFields(record(' owner 7')))).toEqual([7]);
    expect(candidatePositions(index, preparedFields(record('Priya')))).toEqual([]);
    expect(candidatePositions(index, preparedFields({ country: 'DE' }))).toEqual([]);
  });
});
