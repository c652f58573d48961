import { describe, expect, it } from 'vitest';

import type { Sequence } from '../sequence/types';
import {
  allVersionsSteps,
  flowOfTally,
  flowTally,
  packFlowTally,
  recordsAtStep,
  sequenceFlow,
  unpackFlowTally,
  type FlowConnection,
} from './insights-flow';
import { Harness } from './test-kit';

const START = Date.parse('2026-11-02T09:00:00Z');
const HOUR = 3_600_000;

const SEQ: Sequence = {
  id: 'seq',
  name: 'Seq',
  entity: 'lead',
  steps: [
    { id: 'e1', type: 'email', name: 'Intro' },
    { id: 'c1', type: 'call', name: 'Call' },
    {
      id: 'k1',
      type: 'condition',
      name: 'Reached?',
      if: { call: ['connected'], step: 'c1' },
      yes: [{ id: 't1', type: 'task', name: 'Book' }],
      no: [
        {
          id: 'ab',
          type: 'ab-test',
          name: 'Follow-up',
          a: { type: 'email', name: 'Short' },
          b: { type: 'email', name: 'Long' },
          metric: 'replied',
          default: 'a',
        },
      ],
    },
  ],
};

/** Runs one record through `script` on `definition` and returns its connection as the flow reads it. */
function record(
  id: string,
  script: (h: Harness, conn: string) => void,
  definition: Sequence = SEQ,
): FlowConnection {
  const h = new Harness({ now: START, sequences: [definition], timeZone: 'UTC' });
  h.state = { ...h.state, record: { crm: 'demo', entity: 'lead', id } };
  const conn = h.connect('seq').id;
  script(h, conn);
  const connection = h.conn(conn);
  return { ...connection, recordKey: `demo|lead|${id}`, recordName: id };
}

const step = (h: Harness, conn: string) => ({ connectionId: conn, stepId: h.where(conn) });

describe("one sequence's flow", () => {
  const connections = [
    // snoozes the email, then completes everything, call connected → yes → task done → completed
    record('ada', (h, c) => {
      h.ok({ type: 'snooze', until: START + 2 * HOUR, ...step(h, c) });
      h.now += HOUR;
      h.ok({ type: 'complete', ...step(h, c) });
      h.now += HOUR;
      h.ok({ type: 'complete', outcome: 'connected', ...step(h, c) });
      h.now += 3 * HOUR;
      h.ok({ type: 'complete', ...step(h, c) });
    }),
    // skips the email, call no answer → no → A/B step, still there
    record('bob', (h, c) => {
      h.ok({ type: 'skip', ...step(h, c) });
      h.now += 3 * HOUR;
      h.ok({ type: 'complete', outcome: 'no-answer', ...step(h, c) });
    }),
    // disconnected on the email
    record('cyd', (h, c) => {
      h.ok({ type: 'disconnect', connectionId: c, reason: 'manual' });
    }),
  ];
  const flow = sequenceFlow(SEQ, connections);
  const figures = (id: string) => flow.steps.find((s) => s.stepId === id)?.figures;

  it('counts reached, completed, skipped, snoozed, still there and left there per step', () => {
    expect(figures('e1')).toMatchObject({
      reached: 3,
      completed: 1,
      skipped: 1,
      snoozed: 1,
      stillThere: 0,
    });
    expect(figures('e1')?.left).toEqual({ replied: 0, disconnected: 1, moved: 0 });
    expect(figures('c1')).toMatchObject({ reached: 2, completed: 2 });
    expect(figures('c1')?.outcomes).toMatchObject({ connected: 1, 'no-answer': 1 });
    expect(figures('k1')).toMatchObject({ reached: 2, yes: 1, no: 1 });
    expect(figures('t1')).toMatchObject({ reached: 1, completed: 1 });
    expect(figures('ab')).toMatchObject({ reached: 1, stillThere: 1 });
    expect(flow.ends).toEqual({ completed: 1, replied: 0, disconnected: 1, moved: 0, active: 1 });
  });

  it('median time per step is from reaching it to finishing it', () => {
    expect(figures('e1')?.medianMs).toBe(HOUR); // ada's 1 h; bob's skip is not a completion
    expect(figures('t1')?.medianMs).toBe(3 * HOUR);
  });

  it('an A/B step has a row per version and a flow node per version', () => {
    const ab = flow.steps.find((s) => s.stepId === 'ab');
    const version = connections[1]?.current?.ab?.version;
    expect(version).toBeDefined();
    if (version === undefined) return;
    expect(ab?.versions?.[version].stillThere).toBe(1);
    expect(ab?.versions?.[version === 'a' ? 'b' : 'a'].reached).toBe(0);
    expect(flow.nodes.map((n) => n.id)).toContain(`step:ab:${version}`);
  });

  it('links follow each record: what enters a step leaves it', () => {
    const inflow = (id: string) =>
      flow.links.filter((l) => l.target === id).reduce((n, l) => n + l.value, 0);
    const outflow = (id: string) =>
      flow.links.filter((l) => l.source === id).reduce((n, l) => n + l.value, 0);
    expect(outflow('start')).toBe(3);
    for (const node of flow.nodes.filter((n) => n.kind === 'step'))
      expect(inflow(node.id)).toBe(outflow(node.id));
    expect(inflow('step:e1')).toBe(3);
    expect(flow.links).toContainEqual({ source: 'step:e1', target: 'end:disconnected', value: 1 });
  });

  it('a stored row keeps only the counts that are not zero, and reads back whole', () => {
    const tally = flowTally(SEQ, connections);
    const packed = packFlowTally(tally);
    // The email step: no call outcomes, no Yes / No, no email events, nobody still there.
    expect(packed.steps['e1']?.figures).toEqual({
      reached: 3,
      completed: 1,
      skipped: 1,
      snoozed: 1,
      left: { disconnected: 1 },
    });
    expect(packed.steps['c1']?.figures.outcomes).toEqual({ connected: 1, 'no-answer': 1 });
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(tally).length / 2);
    const read = unpackFlowTally(structuredClone(packed));
    expect(read).toEqual(tally);
    expect(sequenceFlow(SEQ, connections)).toEqual(flowOfTally(SEQ, read));
    // A row stored before rows were packed (every count) reads the same.
    expect(unpackFlowTally(structuredClone(tally))).toEqual(tally);
  });

  it('clicking a step lists its records and how each stands there', () => {
    expect(recordsAtStep(SEQ, connections, 'e1').map((r) => [r.recordName, r.outcome])).toEqual([
      ['ada', 'completed'],
      ['bob', 'skipped'],
      ['cyd', 'disconnected'],
    ]);
    expect(recordsAtStep(SEQ, connections, 'k1').map((r) => r.outcome)).toEqual(['yes', 'no']);
  });
});

describe('all versions together', () => {
  const task = (id: string, name: string) => ({ id, type: 'task' as const, name });
  // Version 2 dropped "Check" (b), added "Call prep" (d) and renamed "Intro" (a).
  const V1: Sequence = {
    id: 'seq',
    name: 'Seq',
    entity: 'lead',
    steps: [task('a', 'Intro'), task('b', 'Check'), task('c', 'Close')],
  };
  const V2: Sequence = {
    ...V1,
    steps: [task('a', 'Intro, shorter'), task('d', 'Call prep'), task('c', 'Close')],
  };
  const done = (h: Harness, c: string, hours: number) => {
    h.now += hours * HOUR;
    h.ok({ type: 'complete', ...step(h, c) });
  };
  const v1 = [
    // a (1 h), b → still on c
    record('ada', (h, c) => (done(h, c, 1), done(h, c, 1)), V1),
    // a (2 h), skips b, c → completed
    record(
      'bob',
      (h, c) => {
        done(h, c, 2);
        h.ok({ type: 'skip', ...step(h, c) });
        done(h, c, 1);
      },
      V1,
    ),
  ];
  const v2 = [
    // a (4 h), d → still on c
    record('cyd', (h, c) => (done(h, c, 4), done(h, c, 1)), V2),
    // disconnected on a
    record(
      'dan',
      (h, c) => void h.ok({ type: 'disconnect', connectionId: c, reason: 'manual' }),
      V2,
    ),
  ];
  const rows = allVersionsSteps([
    { version: 1, definition: V1, tally: flowTally(V1, v1) },
    { version: 2, definition: V2, tally: flowTally(V2, v2) },
  ]);
  const row = (id: string) => rows.find((r) => r.stepId === id);

  it('sums each step over the versions that have it, matched by step id', () => {
    expect(row('a')?.figures).toMatchObject({ reached: 4, completed: 3, skipped: 0 });
    expect(row('a')?.figures.left).toEqual({ replied: 0, disconnected: 1, moved: 0 });
    expect(row('c')?.figures).toMatchObject({ reached: 3, completed: 1, stillThere: 2 });
    // Equal to adding up each version's own step table.
    const one = sequenceFlow(V1, v1).steps.find((s) => s.stepId === 'c')?.figures;
    const two = sequenceFlow(V2, v2).steps.find((s) => s.stepId === 'c')?.figures;
    expect(row('c')?.figures.reached).toBe((one?.reached ?? 0) + (two?.reached ?? 0));
    expect(row('c')?.figures.stillThere).toBe((one?.stillThere ?? 0) + (two?.stillThere ?? 0));
  });

  it("takes the median over every version's times, not a median of medians", () => {
    // a: 1 h, 2 h (version 1) and 4 h (version 2).
    expect(row('a')?.figures.medianMs).toBe(2 * HOUR);
  });

  it('labels steps that only some versions have; names and order come from the newest version', () => {
    expect(rows.map((r) => [r.stepId, r.name, r.inVersions, r.partial])).toEqual([
      ['a', 'Intro, shorter', [1, 2], false],
      ['b', 'Check', [1], true],
      ['d', 'Call prep', [2], true],
      ['c', 'Close', [1, 2], false],
    ]);
    expect(row('b')?.figures).toMatchObject({ reached: 2, completed: 1, skipped: 1 });
    expect(row('d')?.figures).toMatchObject({ reached: 1, completed: 1 });
  });

  it('a version without records still counts for which steps are partial', () => {
    const only = allVersionsSteps([
      { version: 1, definition: V1, tally: flowTally(V1, []) },
      { version: 2, definition: V2, tally: flowTally(V2, v2) },
    ]);
    expect(only.find((r) => r.stepId === 'b')).toMatchObject({ partial: true, inVersions: [1] });
    expect(only.find((r) => r.stepId === 'b')?.figures.reached).toBe(0);
    expect(only.find((r) => r.stepId === 'a')?.figures.reached).toBe(2);
  });
});
