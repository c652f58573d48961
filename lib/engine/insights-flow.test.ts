import { describe, expect, it } from 'vitest';

import type { Sequence } from '../sequence/types';
import { recordsAtStep, sequenceFlow, type FlowConnection } from './insights-flow';
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

/** Runs one record through `script` and returns its connection as the flow reads it. */
function record(id: string, script: (h: Harness, conn: string) => void): FlowConnection {
  const h = new Harness({ now: START, sequences: [SEQ], timeZone: 'UTC' });
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

  it('clicking a step lists its records and how each stands there', () => {
    expect(recordsAtStep(SEQ, connections, 'e1').map((r) => [r.recordName, r.outcome])).toEqual([
      ['ada', 'completed'],
      ['bob', 'skipped'],
      ['cyd', 'disconnected'],
    ]);
    expect(recordsAtStep(SEQ, connections, 'k1').map((r) => r.outcome)).toEqual(['yes', 'no']);
  });
});
