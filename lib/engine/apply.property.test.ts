/**
 * Property tests: random command streams (duplicated, stale, out of order, with random time
 * jumps, backwards too) never advance a step twice, never finish a step silently, never rewrite
 * history, and always leave a valid state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sequence, Step } from '../sequence/types';
import { apply, createRecordState } from './apply';
import { checkInvariants } from './invariants';
import { allSteps } from './tree';
import type { Command, EngineContext, RecordState, SequenceVersion } from './types';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-20T08:00:00Z');

const main: Sequence = {
  id: 'main',
  name: 'Main',
  entity: 'lead',
  schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
  steps: [
    { id: 'e1', type: 'email' },
    { id: 'w1', type: 'wait', days: 1, hours: 2 },
    { id: 'c1', type: 'call' },
    {
      id: 'k1',
      type: 'condition',
      if: {
        any: [
          { email: 'replied', step: 'e1' },
          { call: ['connected'], step: 'c1' },
        ],
      },
      within: { days: 2 },
      yes: [
        { id: 'u1', type: 'update-field', field: 'status', value: 'Qualified' },
        {
          id: 'k2',
          type: 'condition',
          if: { field: 'grade', op: 'in', value: ['A', 'B'] },
          yes: [{ id: 't1', type: 'task' }],
          no: [],
        },
      ],
      no: [
        { id: 'l1', type: 'linkedin', action: 'connect' },
        { id: 'w2', type: 'wait', hours: 5 },
        {
          id: 'k3',
          type: 'condition',
          if: { stage: ['Qualify'] },
          yes: [{ id: 'm1', type: 'move-to-sequence', sequence: 'nurture' }],
          no: [{ id: 's1', type: 'text' }],
        },
      ],
    },
  ],
};
const nurture: Sequence = {
  id: 'nurture',
  name: 'Nurture',
  entity: 'lead',
  exitOnReply: true,
  steps: [
    { id: 'n1', type: 'email' },
    { id: 'nw', type: 'wait', days: 3 },
    { id: 'n2', type: 'task' },
    {
      id: 'nab',
      type: 'ab-test',
      a: { type: 'email', name: 'Short' },
      b: { type: 'email', name: 'Long' },
      metric: 'replied',
      default: 'a',
    },
  ],
};
const catalog = new Map([main, nurture].map((s) => [s.id, s]));
const stepIds = [
  ...new Set([...allSteps(main.steps), ...allSteps(nurture.steps)].map((s: Step) => s.id)),
];
const sequences = (id: string): SequenceVersion | undefined => {
  const definition = catalog.get(id);
  return definition === undefined ? undefined : { version: 1, definition, active: true };
};

type Action =
  | { kind: 'jump'; ms: number }
  | { kind: 'connect'; seq: 'main' | 'nurture' }
  | {
      kind: 'step';
      type: 'complete' | 'skip' | 'skip-wait' | 'answer' | 'snooze';
      conn: number;
      step: number;
      fresh: boolean;
      outcome: number;
      answer: boolean;
      snooze: number;
    }
  | { kind: 'event'; conn: number; event: 'replied' | 'opened' | 'link-clicked'; back: number }
  | { kind: 'fields'; grade: string | null; stage: string | null; status: string | null }
  | { kind: 'disconnect'; conn: number }
  | { kind: 'tick' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      ms: fc.integer({ min: -6 * HOUR, max: 4 * 24 * HOUR }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('connect' as const),
      seq: fc.constantFrom('main' as const, 'nurture' as const),
    }),
  },
  {
    weight: 30,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      type: fc.constantFrom(
        'complete' as const,
        'complete' as const,
        'complete' as const,
        'skip' as const,
        'skip-wait' as const,
        'answer' as const,
        'snooze' as const,
      ),
      conn: fc.nat(4),
      step: fc.nat(stepIds.length - 1),
      fresh: fc.boolean(),
      outcome: fc.nat(4),
      answer: fc.boolean(),
      snooze: fc.integer({ min: -2, max: 32 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      conn: fc.nat(4),
      event: fc.constantFrom('replied' as const, 'opened' as const, 'link-clicked' as const),
      back: fc.integer({ min: 0, max: 72 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fields' as const),
      grade: fc.constantFrom('A', 'c', null),
      stage: fc.constantFrom('qualify', 'Develop', null),
      status: fc.constantFrom('Qualified', 'New', null),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('disconnect' as const), conn: fc.nat(4) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
);

const OUTCOMES = ['connected', 'voicemail', 'no-answer', 'wrong-number'] as const;

const i0 = (a: Action): boolean => !('fresh' in a) || a.fresh;

/** Turns a generated action into a command against the state as it is now (or a stale view). */
function toCommand(a: Action, state: RecordState, now: number, serial: number): Command | null {
  const active = state.connections.filter((c) => c.status === 'active');
  // Mostly aim at active connections; sometimes at ended ones (stale tabs).
  const pool = active.length > 0 && i0(a) ? active : state.connections;
  const pick = (i: number) => pool.at(i % Math.max(1, pool.length));
  switch (a.kind) {
    case 'jump':
      return null;
    case 'tick':
      return { type: 'tick' };
    case 'connect':
      return { type: 'connect', sequenceId: a.seq, connectionId: `c${serial}` };
    case 'fields': {
      const values: Record<string, string> = {};
      if (a.grade !== null) values['grade'] = a.grade;
      if (a.stage !== null) values['stage'] = a.stage;
      if (a.status !== null) values['status'] = a.status;
      return { type: 'record-fields', values };
    }
    case 'disconnect': {
      const c = pick(a.conn);
      return c === undefined ? null : { type: 'disconnect', connectionId: c.id, reason: 'manual' };
    }
    case 'event': {
      const c = pick(a.conn);
      return c === undefined
        ? null
        : {
            type: 'record-email-event',
            connectionId: c.id,
            event: a.event,
            at: now - a.back * HOUR,
          };
    }
    case 'step': {
      const c = pick(a.conn);
      if (c === undefined) return null;
      // "fresh" aims at the current step with the current revision; otherwise any step id, any revision.
      const stepId = a.fresh && c.current !== null ? c.current.stepId : stepIds[a.step];
      const target = { connectionId: c.id, stepId, ...(a.fresh ? { revision: c.revision } : {}) };
      // A fresh "complete" does what the current step asks for, so streams get far along.
      let type = a.type;
      if (a.fresh && type === 'complete' && c.current !== null) {
        if (c.current.type === 'wait' || (c.current.type === 'condition' && !c.current.needsAnswer))
          type = 'skip-wait';
        else if (c.current.type === 'condition') type = 'answer';
      }
      switch (type) {
        case 'complete':
          return {
            type: 'complete',
            ...target,
            ...(c.current?.type === 'call' || !a.fresh ? { outcome: OUTCOMES[a.outcome % 4] } : {}),
          };
        case 'skip':
          return { type: 'skip', ...target };
        case 'skip-wait':
          return { type: 'skip-wait', ...target };
        case 'answer':
          return { type: 'answer-condition', ...target, answer: a.answer ? 'yes' : 'no' };
        case 'snooze':
          return { type: 'snooze', ...target, until: now + a.snooze * 24 * HOUR + HOUR };
      }
    }
  }
}

const ADVANCING = new Set(['complete', 'skip', 'skip-wait', 'answer-condition']);

describe('engine properties', () => {
  it('exactly once, never silently, history only grows, state always valid', () => {
    // How much the generated streams really exercise: checked at the end so the test can't pass idly.
    const seen = { advanced: 0, ended: 0, moved: 0, answered: 0, replays: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(action, fc.boolean()), { minLength: 10, maxLength: 80, size: 'max' }),
        fc.constantFrom('Europe/Berlin', 'America/New_York'),
        (actions, timeZone) => {
          let state = createRecordState({ crm: 'demo', entity: 'lead', id: 'r' });
          let now = START;
          let ids = 0;
          const ctx = (): EngineContext => ({ now, timeZone, newId: () => `n${++ids}`, sequences });
          /** (connection, step) pairs advanced by a seller command. */
          const advanced = new Set<string>();
          for (const [serial, [a, replay]] of actions.entries()) {
            if (a.kind === 'jump') {
              now += a.ms;
              continue;
            }
            const command = toCommand(a, state, now, serial);
            if (command === null) continue;
            const before = state;
            const result = apply(before, command, ctx());
            if (result.kind !== 'applied') continue;
            state = result.state;
            expect(checkInvariants(state, sequences)).toEqual([]);
            for (const old of before.connections) {
              const next = state.connections.find((c) => c.id === old.id)!;
              expect(next.steps.slice(0, old.steps.length)).toEqual(old.steps);
              expect(next.emailEvents.slice(0, old.emailEvents.length)).toEqual(old.emailEvents);
              if (JSON.stringify(next) !== JSON.stringify(old))
                expect(next.revision).toBeGreaterThan(old.revision);
            }
            if (
              ADVANCING.has(command.type) &&
              'stepId' in command &&
              command.stepId !== undefined
            ) {
              const key = `${command.connectionId}/${command.stepId}`;
              expect(advanced.has(key)).toBe(false);
              advanced.add(key);
              seen.advanced++;
              if (command.type === 'answer-condition') seen.answered++;
            }
            // The same command again, at once: it must change nothing.
            if (replay) {
              seen.replays++;
              const again = apply(state, command, ctx());
              if (command.type === 'tick') {
                expect(
                  again.kind === 'applied' && JSON.stringify(again.state) === JSON.stringify(state),
                ).toBe(true);
              } else {
                expect(again.kind).not.toBe('applied');
              }
            }
          }
          seen.ended += state.connections.filter((c) => c.status !== 'active').length;
          seen.moved += state.connections.filter((c) => c.status === 'moved').length;
          // Every step a seller completed or skipped was named by one applied seller command.
          for (const c of state.connections) {
            for (const s of c.steps) {
              if (
                (s.result === 'completed' || s.result === 'skipped') &&
                s.type !== 'move-to-sequence'
              ) {
                expect(advanced.has(`${c.id}/${s.stepId}`)).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(seen.advanced).toBeGreaterThan(400);
    expect(seen.answered).toBeGreaterThan(5);
    expect(seen.ended).toBeGreaterThan(100);
    expect(seen.moved).toBeGreaterThan(0);
    expect(seen.replays).toBeGreaterThan(1000);
  });

  it('a tick after a long absence equals ticking along the way', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 36 }), { minLength: 1, maxLength: 12 }),
        (hours) => {
          const base = createRecordState({ crm: 'demo', entity: 'lead', id: 'r' });
          let n = 0;
          const ctx = (now: number): EngineContext => ({
            now,
            timeZone: 'Europe/Berlin',
            newId: () => `n${++n}`,
            sequences,
          });
          const connected = apply(
            base,
            { type: 'connect', sequenceId: 'main', connectionId: 'c' },
            ctx(START),
          );
          if (connected.kind !== 'applied') throw new Error('connect');
          const sent = apply(
            connected.state,
            { type: 'complete', connectionId: 'c', stepId: 'e1' },
            ctx(START),
          );
          if (sent.kind !== 'applied') throw new Error('complete');
          let stepwise = sent.state;
          let now = START;
          for (const h of hours) {
            now += h * HOUR;
            const r = apply(stepwise, { type: 'tick' }, ctx(now));
            if (r.kind === 'applied') stepwise = r.state;
          }
          const once = apply(sent.state, { type: 'tick' }, ctx(now));
          if (once.kind !== 'applied') throw new Error('tick');
          const strip = (s: RecordState) =>
            s.connections.map((c) => ({ steps: c.steps, current: c.current, status: c.status }));
          expect(strip(once.state)).toEqual(strip(stepwise));
        },
      ),
      { numRuns: 200 },
    );
  });
});
