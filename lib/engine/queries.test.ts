import { describe, expect, it } from 'vitest';
import type { Step } from '../sequence/types';
import { currentSteps, dueNow, history, pathAhead, progress } from './queries';
import { Harness, sequence } from './test-kit';

const MON = Date.parse('2026-03-23T10:00:00+01:00');
const DAY = 86_400_000;
const steps: Step[] = [
  { id: 'e1', type: 'email' },
  { id: 'w1', type: 'wait', days: 1 },
  {
    id: 'k1',
    type: 'condition',
    if: { email: 'replied', step: 'e1' },
    within: { days: 2 },
    yes: [{ id: 'c1', type: 'call' }],
    no: [
      { id: 't1', type: 'task' },
      { id: 't2', type: 'task' },
    ],
  },
];
const ids = (nodes: ReturnType<typeof pathAhead>): unknown =>
  nodes.map((n) =>
    n.branches === undefined
      ? n.step.id
      : {
          [n.step.id]: {
            known: n.branches.known,
            yes: n.branches.yes && ids(n.branches.yes),
            no: n.branches.no && ids(n.branches.no),
          },
        },
  );

describe('queries', () => {
  it('pathAhead previews a sequence not connected yet, with both branches of an open condition', () => {
    expect(ids(pathAhead(null, sequence('s', steps)))).toEqual([
      'e1',
      'w1',
      { k1: { known: null, yes: ['c1'], no: ['t1', 't2'] } },
    ]);
  });

  it('pathAhead follows a branch once it is certain; progress counts along the likely path', () => {
    const h = new Harness({ now: MON, sequences: [sequence('s', steps)] });
    const c = h.connect('s');
    const def = sequence('s', steps);
    expect(progress(h.conn(c.id), def)).toEqual({ done: 0, total: 5, ratio: 0 });
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
    h.ok({ type: 'record-email-event', connectionId: c.id, event: 'replied' });
    const ahead = pathAhead(h.conn(c.id), def);
    expect(ids(ahead)).toEqual(['w1', { k1: { known: 'yes', yes: ['c1'], no: null } }]);
    expect(ahead[0]?.current).toBe(true);
    expect(progress(h.conn(c.id), def)).toEqual({ done: 1, total: 4, ratio: 0.25 });
    h.tick(MON + DAY);
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'c1', outcome: 'connected' });
    expect(progress(h.conn(c.id), def).ratio).toBe(1);
    expect(history(h.conn(c.id)).map((e) => (e.kind === 'step' ? e.stepId : e.kind))).toEqual([
      'connected',
      'e1',
      'email-event',
      'w1',
      'k1',
      'c1',
      'ended',
    ]);
  });

  it('currentSteps and dueNow', () => {
    const h = new Harness({
      now: MON,
      sequences: [sequence('s', steps), sequence('o', [{ id: 'x', type: 'task' }])],
    });
    const c = h.connect('s');
    h.connect('o');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
    const views = currentSteps(h.state, h.ctx);
    expect(views.map((v) => [v.stepId, v.kind, v.isDue])).toEqual([
      ['w1', 'waiting', false],
      ['x', 'action', true],
    ]);
    expect(views[0]).toMatchObject({ waitEndsAt: MON + DAY, dueAt: MON + DAY, step: steps[1] });
    expect(dueNow([h.state, h.state], MON)).toBe(2);
    expect(dueNow([h.state], MON - 1)).toBe(0);
    // Two days later the task is overdue (due on an earlier day), unless the seller is away.
    h.now = MON + 2 * DAY;
    expect(currentSteps(h.state, h.ctx)[1]).toMatchObject({ overdue: true });
    h.away = [{ start: MON + DAY, end: MON + 3 * DAY }];
    expect(currentSteps(h.state, h.ctx)[1]).toMatchObject({ overdue: false });
  });
});
