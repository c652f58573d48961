/**
 * Roll-ups kept live (the sum of what each command changed) equal roll-ups rebuilt from the
 * stored histories, on random command streams: connects, completes, skips, snoozes, replies,
 * opens and clicks, field captures, disconnects and time jumps (issue #18.5). The flow roll-ups
 * take away and add only the part of a route that changed: their sum must still be the flow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { EmailEvent, Sequence, SuccessRule } from '../sequence/types';
import { apply, createRecordState } from './apply';
import {
  applyFlowDelta,
  flowDelta,
  sumFlowRollups,
  sumFlowRows,
  type FlowRollup,
} from './flow-rollup';
import {
  flowOfTally,
  flowTally,
  sequenceFlow,
  unpackFlowTally,
  type PackedFlowTally,
} from './insights-flow';
import { inProgressOn } from './insights';
import {
  applyDayDelta,
  capturesBefore,
  endedWithCapture,
  dayOf,
  fieldChangesOf,
  isEmptyRollup,
  rollupDelta,
  rollupKey,
  sumRollups,
  type DayRollup,
  type SuccessJudge,
} from './rollup';
import { DAY } from './time/zoned';
import type { Command, EngineContext, EngineEvent, RecordState, SequenceVersion } from './types';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T08:00:00Z');

const RULES: SuccessRule[] = [
  { completed: true },
  { replied: true },
  { field: 'status', op: 'equals', value: 'Qualified' },
];

function definition(success: SuccessRule): Sequence {
  return {
    id: 'seq',
    name: 'Seq',
    entity: 'lead',
    success,
    steps: [
      { id: 'e1', type: 'email' },
      { id: 'w1', type: 'wait', days: 1 },
      { id: 'c1', type: 'call' },
      {
        id: 'k1',
        type: 'condition',
        if: { call: ['connected'], step: 'c1' },
        yes: [{ id: 't1', type: 'task' }],
        no: [
          {
            id: 'ab',
            type: 'ab-test',
            a: { type: 'email', name: 'Short' },
            b: { type: 'email', name: 'Long' },
            metric: 'replied',
            default: 'a',
          },
        ],
      },
    ],
  };
}

type Action =
  | { kind: 'jump'; hours: number }
  | { kind: 'connect' }
  | { kind: 'step'; type: 'complete' | 'skip' | 'snooze' | 'skip-wait'; outcome: number }
  | { kind: 'email'; event: EmailEvent }
  | { kind: 'fields'; status: string }
  | { kind: 'disconnect' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      hours: fc.integer({ min: 1, max: 60 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('connect' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      type: fc.constantFrom(
        'complete' as const,
        'complete' as const,
        'skip' as const,
        'snooze' as const,
        'skip-wait' as const,
      ),
      outcome: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('email' as const),
      event: fc.constantFrom<EmailEvent>('replied', 'opened', 'opened', 'link-clicked'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fields' as const),
      status: fc.constantFrom('New', 'Qualified'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const) }) },
);

const OUTCOMES = ['connected', 'voicemail', 'no-answer', 'wrong-number'] as const;

function commandFor(state: RecordState, act: Action, now: number): Command | null {
  const active = state.connections.find((c) => c.status === 'active');
  switch (act.kind) {
    case 'jump':
      return null;
    case 'connect':
      return { type: 'connect', sequenceId: 'seq' };
    case 'email':
      return active === undefined
        ? null
        : { type: 'record-email-event', connectionId: active.id, event: act.event };
    case 'fields':
      return { type: 'record-fields', values: { status: act.status } };
    case 'disconnect':
      return active === undefined
        ? null
        : { type: 'disconnect', connectionId: active.id, reason: 'manual' };
    case 'step': {
      if (active?.current == null) return null;
      const target = { connectionId: active.id, stepId: active.current.stepId };
      if (act.type === 'snooze') return { type: 'snooze', until: now + 2 * HOUR, ...target };
      if (act.type === 'skip-wait') return { type: 'skip-wait', ...target };
      if (act.type === 'skip') return { type: 'skip', ...target };
      return active.current.type === 'call'
        ? { type: 'complete', outcome: OUTCOMES[act.outcome], ...target }
        : { type: 'complete', ...target };
    }
  }
}

function key(row: Pick<DayRollup, 'sequenceId' | 'version' | 'day'>): string {
  return rollupKey(row).join('|');
}

/** Rows by key, each step's times sorted (their order is not a figure). */
function normalFlow<T extends PackedFlowTally>(rows: Iterable<T>, keyOf: (row: T) => string) {
  return Object.fromEntries(
    [...rows].map((row) => {
      const copy = structuredClone(row);
      for (const step of Object.values(copy.steps)) {
        step?.times.sort((a, b) => a - b);
        for (const version of Object.values(step?.versions ?? {}))
          version.times.sort((a, b) => a - b);
      }
      return [keyOf(row), copy];
    }),
  );
}

describe('roll-ups: live equals rebuilt', () => {
  it('on random histories, under every success rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RULES),
        fc.array(action, { maxLength: 60 }),
        (rule, actions) => {
          const def = definition(rule);
          const lookup = (id: string): SequenceVersion | undefined =>
            id === 'seq' ? { version: 1, definition: def, active: true } : undefined;
          let state = createRecordState({ crm: 'demo', entity: 'lead', id: 'r1' });
          let now = START;
          let ids = 0;
          const log: EngineEvent[] = [];
          const live = new Map<string, DayRollup>();
          const liveFlow = new Map<string, FlowRollup>();
          for (const act of actions) {
            if (act.kind === 'jump') now += act.hours * HOUR;
            const command = commandFor(state, act, now) ?? { type: 'tick' as const };
            const ctx: EngineContext = {
              now,
              timeZone: 'Europe/Berlin',
              newId: () => `id${++ids}`,
              sequences: lookup,
            };
            const result = apply(state, command, ctx);
            if (result.kind !== 'applied') continue;
            log.push(...result.events);
            const judge: SuccessJudge = {
              rule,
              fieldChanges: fieldChangesOf(log),
              timeZone: 'Europe/Berlin',
            };
            const before = new Map(state.connections.map((c) => [c.id, c]));
            const added = fieldChangesOf(result.events);
            for (const connection of result.state.connections) {
              const old = before.get(connection.id);
              // The flow roll-ups, as lib/store/rollups.ts commandFlowDeltas keeps them.
              if (old?.revision !== connection.revision) {
                const delta = flowDelta(def, old, connection);
                if (delta === null) {
                  // Nothing to write only when the connection's whole part of the flow is the same.
                  expect(old).toBeDefined();
                  expect(flowTally(def, [connection])).toEqual(flowTally(def, [old!]));
                } else {
                  const flowKey = rollupKey(delta).join('|');
                  const row = applyFlowDelta(liveFlow.get(flowKey), delta);
                  if (row === undefined) liveFlow.delete(flowKey);
                  else liveFlow.set(flowKey, row);
                }
              }
              if (old?.revision === connection.revision) {
                // Ended in this millisecond, and this command captured fields: judged again.
                if (!endedWithCapture(connection, rule, added)) continue;
                const judgeBefore = {
                  ...judge,
                  fieldChanges: capturesBefore(judge.fieldChanges ?? [], added),
                };
                for (const delta of rollupDelta(connection, connection, judgeBefore, judge)) {
                  const row = applyDayDelta(live.get(key(delta)), delta);
                  if (isEmptyRollup(row)) live.delete(key(delta));
                  else live.set(key(delta), row);
                }
                continue;
              }
              for (const delta of rollupDelta(old, connection, judge, judge)) {
                const row = applyDayDelta(live.get(key(delta)), delta);
                if (isEmptyRollup(row)) live.delete(key(delta));
                else live.set(key(delta), row);
              }
            }
            state = result.state;
          }
          const judge: SuccessJudge = {
            rule,
            fieldChanges: fieldChangesOf(log),
            timeZone: 'Europe/Berlin',
          };
          const rebuilt = sumRollups(
            state.connections.map((connection) => ({ connection, judge })),
          );
          const normal = (rows: Iterable<DayRollup>) =>
            Object.fromEntries(
              [...rows]
                .filter((row) => !isEmptyRollup(row))
                .map((row) => [
                  key(row),
                  { ...row, completionMs: [...row.completionMs].sort((a, b) => a - b) },
                ]),
            );
          expect(normal(live.values())).toEqual(normal(rebuilt.values()));
          // Flow roll-ups: live equals rebuilt, and their sum is the flow of the connections.
          const rebuiltFlow = sumFlowRollups(state.connections, () => def);
          const flowKeyOf = (row: FlowRollup) => rollupKey(row).join('|');
          expect(normalFlow(liveFlow.values(), flowKeyOf)).toEqual(
            normalFlow(rebuiltFlow.values(), flowKeyOf),
          );
          expect(flowOfTally(def, sumFlowRows(liveFlow.values()))).toEqual(
            sequenceFlow(def, state.connections),
          );
          // A stored row leaves its zero counts out and reads back as the day's full tally.
          for (const row of rebuiltFlow.values()) {
            const ofDay = state.connections.filter(
              (connection) => dayOf(connection.connectedAt) === row.day,
            );
            expect(unpackFlowTally(row)).toEqual(flowTally(def, ofDay));
            for (const step of Object.values(row.steps))
              for (const value of Object.values(step?.figures ?? {})) expect(value).not.toBe(0);
          }
          // In progress at the end of any day, from the roll-ups alone, is what the connections
          // themselves say: connected by then and not ended by then.
          const rows = [...live.values()];
          const last = dayOf(now) + 1;
          for (let day = dayOf(START) - 1; day <= last; day++) {
            const end = (day + 1) * DAY;
            const running = state.connections.filter(
              (c) => c.connectedAt < end && (c.endedAt === null || c.endedAt >= end),
            ).length;
            expect(inProgressOn(rows, day)).toBe(running);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
