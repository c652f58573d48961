/**
 * Properties of segment evaluation over random segments, records, memberships and connections:
 * priority, one segment per record, move-in rules, manual disconnects respected, never twice in
 * a sequence, and idempotent re-evaluation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldCondition, Segment, SegmentCondition } from '../sequence/types';
import {
  evaluateSegments,
  rankSegments,
  segmentConditionHolds,
  segmentFields,
  type SegmentConnection,
  type SegmentDecision,
  type SegmentEvaluation,
  type SegmentRecord,
} from './segments';
import { valuesEqual } from './fields';
import type { RecordFieldValue } from './types';

const clock = { now: Date.parse('2026-03-11T12:00:00Z'), timeZone: 'UTC' };
const FIELDS = ['title', 'country', 'score'] as const;
const SEQUENCES = ['s1', 's2', 's3'] as const;
const value = fc.constantFrom<RecordFieldValue>('a', 'b', 'A ', '', null, 1, 2);

const leaf: fc.Arbitrary<SegmentCondition> = fc.oneof(
  fc
    .record({
      field: fc.constantFrom(...FIELDS),
      op: fc.constantFrom('equals', 'not-equals', 'contains', 'is-empty', 'is-not-empty'),
      value: fc.constantFrom('a', 'b', 1),
    })
    .map((c): FieldCondition => (c.op.startsWith('is-') ? { field: c.field, op: c.op } : c)),
  fc
    .constantFrom(...FIELDS)
    .map((field): SegmentCondition => ({ field, op: 'in', value: ['a', 2] })),
  fc.constant<SegmentCondition>({ crm: ['salesforce'] }),
  fc.constant<SegmentCondition>({ host: ['*.example.com'] }),
);
const where: fc.Arbitrary<SegmentCondition> = fc.oneof(
  leaf,
  fc.array(leaf, { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
  fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
);

const segmentsArb = fc
  .array(
    fc.record({
      priority: fc.integer({ min: 1, max: 3 }),
      state: fc.constantFrom('active', 'active', 'inactive' as const),
      sequence: fc.constantFrom(...SEQUENCES),
      allowMoveIn: fc.boolean(),
      entity: fc.constantFrom('lead', 'lead', 'contact' as const),
      where,
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((list) => list.map((s, i): Segment => ({ ...s, id: `g${i}`, name: `Segment ${i}` })));

const fieldsArb = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 3 });

const recordArb = fc.record({
  crm: fc.constantFrom('salesforce', 'hubspot'),
  entity: fc.constant('lead' as const),
  id: fc.constant('r1'),
  host: fc.constantFrom('app.example.com', 'crm.other.org', null),
  fields: fieldsArb,
});

const connectionsArb = fc
  .array(
    fc.record({
      sequenceId: fc.constantFrom(...SEQUENCES),
      status: fc.constantFrom('active', 'completed', 'disconnected', 'moved', 'exited' as const),
      fieldsAtEnd: fc.option(fieldsArb, { nil: undefined }),
      endedAt: fc.integer({ min: 0, max: 1000 }),
    }),
    { maxLength: 5 },
  )
  .map((list) => {
    // At most one active connection per sequence, as the engine guarantees.
    const active = new Set<string>();
    return list.flatMap((c, i): SegmentConnection[] => {
      if (c.status === 'active') {
        if (active.has(c.sequenceId)) return [];
        active.add(c.sequenceId);
        return [
          { id: `c${i}`, sequenceId: c.sequenceId, status: 'active', reason: null, endedAt: null },
        ];
      }
      const reason =
        c.status === 'disconnected'
          ? 'manual'
          : c.status === 'moved'
            ? 'moved'
            : c.status === 'exited'
              ? 'replied'
              : null;
      return [
        {
          id: `c${i}`,
          sequenceId: c.sequenceId,
          status: c.status,
          reason,
          endedAt: c.endedAt,
          ...(c.status === 'disconnected' && c.fieldsAtEnd !== undefined
            ? { fieldsAtEnd: c.fieldsAtEnd }
            : {}),
        },
      ];
    });
  });

const triggerArb = fc.oneof(
  fc.constant({ kind: 'first-sight' as const }),
  fc.constant({ kind: 'manual' as const }),
  fc
    .subarray([...FIELDS], { minLength: 1 })
    .map((keys) => ({ kind: 'field-change' as const, keys })),
);

const inputArb = fc
  .record({
    segments: segmentsArb,
    record: recordArb,
    connections: connectionsArb,
    trigger: triggerArb,
    currentIndex: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
  })
  .map(({ currentIndex, ...rest }): SegmentEvaluation => ({
    ...rest,
    current: currentIndex === null ? null : `g${currentIndex}`,
    clock,
  }));

/** The record's connections after the decision's commands, as the engine would leave them. */
function applied(input: SegmentEvaluation, d: SegmentDecision): SegmentConnection[] {
  const out = input.connections.map((c) => ({ ...c }));
  for (const command of d.commands) {
    const alreadyIn = (id: string) => out.some((c) => c.status === 'active' && c.sequenceId === id);
    if (command.type === 'connect') {
      expect(alreadyIn(command.sequenceId)).toBe(false);
      out.push({
        id: `new-${command.sequenceId}`,
        sequenceId: command.sequenceId,
        status: 'active',
        reason: null,
        endedAt: null,
      });
    } else if (command.type === 'move') {
      const source = out.find((c) => c.id === command.connectionId);
      expect(source?.status).toBe('active');
      if (source !== undefined)
        Object.assign(source, { status: 'moved', reason: 'moved', endedAt: 2000 });
      if (!alreadyIn(command.sequenceId)) {
        out.push({
          id: `new-${command.sequenceId}`,
          sequenceId: command.sequenceId,
          status: 'active',
          reason: null,
          endedAt: null,
        });
      }
    } else {
      throw new Error(`unexpected command ${command.type}`);
    }
  }
  return out;
}

const targets = (d: SegmentDecision): string[] =>
  d.commands.flatMap((c) => (c.type === 'connect' || c.type === 'move' ? [c.sequenceId] : []));

function currentSegment(input: SegmentEvaluation): Segment | undefined {
  return input.segments.find((s) => s.id === input.current && s.entity === input.record.entity);
}

function holds(segment: Segment, record: SegmentRecord): boolean {
  return segmentConditionHolds(segment.where, record, clock);
}

describe('segment evaluation properties', () => {
  it('the best-priority matching active segment wins a record in no segment', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = evaluateSegments(input);
        const best = rankSegments(input.segments, 'lead').find((s) => holds(s, input.record));
        if (currentSegment(input) === undefined) {
          expect(d.result).toBe(best === undefined ? 'no-match' : 'matched');
          expect(d.segment).toBe(best?.id ?? null);
        }
        if (d.result === 'moved') expect(d.segment).toBe(best?.id);
        // Ties: among equal priorities, the earlier segment wins.
        if (best !== undefined) {
          const earlierTie = input.segments.findIndex(
            (s) =>
              s.entity === 'lead' &&
              s.state === 'active' &&
              s.priority === best.priority &&
              holds(s, input.record),
          );
          expect(input.segments[earlierTie]?.id).toBe(best.id);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a record is in exactly one segment or none, and its sequence is that segment’s', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = evaluateSegments(input);
        if (d.segment === null) {
          expect(d.sequence).toBeNull();
          expect(d.result).toBe('no-match');
        } else {
          const segment = input.segments.find((s) => s.id === d.segment);
          expect(segment?.sequence).toBe(d.sequence);
          expect(segment?.entity).toBe('lead');
        }
        expect(targets(d).every((t) => t === d.sequence)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('move-in rules: a member moves only to a better segment that allows it, else stays', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = evaluateSegments(input);
        const current = currentSegment(input);
        if (current === undefined) {
          expect(d.result === 'matched' || d.result === 'no-match').toBe(true);
          return;
        }
        expect(d.result === 'kept' || d.result === 'moved').toBe(true);
        if (d.result === 'kept') expect(d.segment).toBe(current.id);
        if (d.result === 'moved') {
          const winner = input.segments.find((s) => s.id === d.segment);
          expect(winner?.allowMoveIn).toBe(true);
          expect(winner?.id).not.toBe(current.id);
          // It leaves the old sequence only when the new one is another sequence.
          if (d.leave !== null) {
            expect(d.leave.sequenceId).toBe(current.sequence);
            expect(d.sequence).not.toBe(current.sequence);
          }
        }
        // A member that stops matching stays put.
        if (!holds(current, input.record) && current.state === 'active') {
          const better = rankSegments(input.segments, 'lead').find((s) => holds(s, input.record));
          if (better === undefined || better.allowMoveIn !== true) {
            expect(d).toMatchObject({ result: 'kept', segment: current.id });
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never connects twice to a sequence, nor back to one the seller left, unless its fields changed', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = evaluateSegments(input);
        for (const command of d.commands) {
          if (command.type !== 'connect' && command.type !== 'move') continue;
          const target = command.sequenceId;
          const active = input.connections.some(
            (c) => c.status === 'active' && c.sequenceId === target,
          );
          // `connect` only where the record is not; `move` may end in an existing connection.
          if (command.type === 'connect') expect(active).toBe(false);
          if (active) continue;
          const ended = input.connections
            .filter((c) => c.sequenceId === target && c.status !== 'active')
            .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
            .at(-1);
          if (ended?.reason !== 'manual') continue;
          const segment = input.segments.find((s) => s.id === d.segment);
          if (segment === undefined) throw new Error('a decision without its segment');
          const changedFor = (by: Segment): boolean => {
            const keys = segmentFields(by);
            return ended.fieldsAtEnd === undefined
              ? input.trigger.kind === 'field-change' &&
                  input.trigger.keys.some((k) => keys.includes(k))
              : keys.some((k) => {
                  const before = ended.fieldsAtEnd ?? {};
                  const now = input.record.fields;
                  const had = Object.hasOwn(before, k);
                  const has = Object.hasOwn(now, k);
                  return had && has ? !valuesEqual(before[k] ?? null, now[k] ?? null) : had !== has;
                });
          };
          // The segment the record enters restarts the sequence when one of its fields changed;
          // on a move, the segment it leaves may, when both route to this sequence and the
          // record still matches the one it leaves (it would restart it by staying).
          const current = currentSegment(input);
          const byCurrent =
            d.result === 'moved' &&
            current !== undefined &&
            current.state === 'active' &&
            current.sequence === target &&
            holds(current, input.record) &&
            changedFor(current);
          expect(changedFor(segment) || byCurrent).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('evaluating again after the decision was carried out changes nothing', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('manual', 'same'), (input, again) => {
        const first = evaluateSegments(input);
        const second = evaluateSegments({
          ...input,
          current: first.segment,
          connections: applied(input, first),
          trigger: again === 'manual' ? { kind: 'manual' } : input.trigger,
        });
        expect(second.segment).toBe(first.segment);
        expect(second.commands).toEqual([]);
        expect(second.result).toBe(first.segment === null ? 'no-match' : 'kept');
      }),
      { numRuns: 600 },
    );
  });
});
