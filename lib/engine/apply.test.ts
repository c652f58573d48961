import { describe, expect, it } from 'vitest';
import { MAX_NOTE } from '../domain/limits';
import type { Condition, Schedule, Step } from '../sequence/types';
import { currentSteps } from './queries';
import { nextWakeUp } from './wake-up';
import { Harness, sequence } from './test-kit';
import { checkInvariants } from './invariants';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MON = at('2026-03-23T10:00:00+01:00'); // Monday 10:00 in Berlin, a week before DST starts
const weekdays: Schedule = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
};

const email = (id: string): Step => ({ id, type: 'email' });
const call = (id: string): Step => ({ id, type: 'call' });
const task = (id: string): Step => ({ id, type: 'task' });
const wait = (id: string, days: number, hours = 0): Step => ({ id, type: 'wait', days, hours });
const cond = (
  id: string,
  c: Condition,
  yes: Step[],
  no: Step[],
  within?: { days?: number; hours?: number },
): Step => ({
  id,
  type: 'condition',
  if: c,
  yes,
  no,
  ...(within === undefined ? {} : { within }),
});

function harness(steps: Step[], extra: Parameters<typeof sequence>[2] = {}, now = MON): Harness {
  return new Harness({ now, sequences: [sequence('s', steps, extra)] });
}

function valid(h: Harness): void {
  expect(checkInvariants(h.state, h.lookup)).toEqual([]);
}

describe('connect', () => {
  it('makes the first step current and due at once', () => {
    const h = harness([email('e1'), task('t1')]);
    const r = h.ok({ type: 'connect', sequenceId: 's' });
    const c = h.state.connections[0];
    expect(c).toMatchObject({ status: 'active', version: 1, connectedAt: MON });
    expect(c.current).toMatchObject({ stepId: 'e1', dueAt: MON, reachedAt: MON });
    // What the shell derives from the result: the history event and the work-list row (due
    // now, so the badge counts it).
    expect(r.events).toEqual([
      expect.objectContaining({
        type: 'connected',
        connectionId: c.id,
        sequenceId: 's',
        version: 1,
      }),
    ]);
    expect(currentSteps(h.state, h.ctx)).toEqual([
      expect.objectContaining({
        connectionId: c.id,
        stepId: 'e1',
        kind: 'action',
        dueAt: MON,
        isDue: true,
      }),
    ]);
    valid(h);
  });

  it('moves the first step into working time', () => {
    const saturday = at('2026-03-28T11:00:00+01:00');
    const h = harness([email('e1')], { schedule: weekdays }, saturday);
    const c = h.connect('s');
    expect(c.current?.dueAt).toBe(at('2026-03-30T09:00:00+02:00'));
  });

  it.each([
    ['unknown sequence', 'nope', 'unknown-sequence'],
    ['inactive sequence', 'off', 'sequence-inactive'],
    ['other entity', 'contacts', 'wrong-entity'],
  ])('rejects an %s', (_name, id, code) => {
    const h = harness([email('e1')]);
    h.add(sequence('off', [email('e1')]), false);
    h.add(sequence('contacts', [email('e1')], { entity: 'contact' }));
    expect(h.run({ type: 'connect', sequenceId: id })).toMatchObject({ kind: 'rejected', code });
  });

  it('never connects the same sequence twice at once, but again after it ended', () => {
    const h = harness([task('t1')]);
    const c = h.connect('s');
    expect(h.run({ type: 'connect', sequenceId: 's' })).toMatchObject({
      kind: 'rejected',
      code: 'already-connected',
    });
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id).status).toBe('completed');
    h.ok({ type: 'connect', sequenceId: 's' });
    expect(h.state.connections.filter((x) => x.status === 'active')).toHaveLength(1);
    valid(h);
  });

  it('a replayed connect with the same connection id is already handled', () => {
    const h = harness([task('t1')]);
    h.ok({ type: 'connect', sequenceId: 's', connectionId: 'c-1' });
    expect(h.run({ type: 'connect', sequenceId: 's', connectionId: 'c-1' }).kind).toBe(
      'already-handled',
    );
  });

  it('keeps several sequences on one record', () => {
    const h = harness([task('t1')]);
    h.add(sequence('other', [email('e1')]));
    h.connect('s');
    h.connect('other');
    expect(currentSteps(h.state, h.ctx).map((v) => v.stepId)).toEqual(['t1', 'e1']);
  });

  it('stays on the version it started with', () => {
    const h = harness([task('t1'), task('t2')]);
    const c = h.connect('s');
    h.add(sequence('s', [task('x1')]));
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.where(c.id)).toBe('t2');
    expect(h.conn(c.id).version).toBe(1);
  });
});

describe('actions on the current step', () => {
  it('complete advances exactly once; a repeat or stale revision is already handled', () => {
    const h = harness([email('e1'), task('t1')]);
    const c = h.connect('s');
    const rev = h.conn(c.id).revision;
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1', revision: rev, note: 'sent' });
    expect(h.where(c.id)).toBe('t1');
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'e1', revision: rev })).toEqual({
      kind: 'already-handled',
      message: 'This step was already completed.',
    });
    expect(
      h.run({ type: 'complete', connectionId: c.id, stepId: 't1', revision: rev }),
    ).toMatchObject({
      kind: 'already-handled',
    });
    expect(h.conn(c.id).steps).toEqual([
      {
        stepId: 'e1',
        type: 'email',
        reachedAt: MON,
        dueAt: MON,
        at: MON,
        result: 'completed',
        note: 'sent',
      },
    ]);
  });

  it('a step not reached yet is rejected, an unknown step too', () => {
    const h = harness([email('e1'), task('t1')]);
    const c = h.connect('s');
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 't1' })).toMatchObject({
      code: 'not-current',
    });
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'zz' })).toMatchObject({
      code: 'unknown-step',
    });
    expect(h.run({ type: 'complete', connectionId: 'nope', stepId: 'e1' })).toMatchObject({
      code: 'unknown-connection',
    });
  });

  it('a call needs an outcome, and only a call takes one', () => {
    const h = harness([call('c1'), task('t1')]);
    const c = h.connect('s');
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'c1' })).toMatchObject({
      code: 'outcome-required',
    });
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'c1', outcome: 'voicemail' });
    expect(h.conn(c.id).steps[0]).toMatchObject({ outcome: 'voicemail' });
    expect(
      h.run({ type: 'complete', connectionId: c.id, stepId: 't1', outcome: 'connected' }),
    ).toMatchObject({
      code: 'outcome-not-allowed',
    });
  });

  it('skip records the step as skipped and moves on', () => {
    const h = harness([email('e1'), task('t1')]);
    const c = h.connect('s');
    h.ok({ type: 'skip', connectionId: c.id, stepId: 'e1', note: 'no address' });
    expect(h.conn(c.id).steps[0]).toMatchObject({ result: 'skipped', note: 'no address' });
    expect(h.run({ type: 'skip', connectionId: c.id, stepId: 'e1' })).toMatchObject({
      kind: 'already-handled',
      message: 'This step was already skipped.',
    });
  });

  it('completing the last step completes the connection', () => {
    const h = harness([task('t1')]);
    const c = h.connect('s');
    const r = h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id)).toMatchObject({
      status: 'completed',
      reason: null,
      endedAt: MON,
      current: null,
    });
    expect(r.events).toContainEqual(
      expect.objectContaining({ type: 'completed', connectionId: c.id, sequenceId: 's', at: MON }),
    );
    expect(currentSteps(h.state, h.ctx)).toEqual([]);
    expect(nextWakeUp(h.state, h.ctx)).toBeNull();
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 't1' }).kind).toBe(
      'already-handled',
    );
  });

  it('disconnect ends the connection once', () => {
    const h = harness([task('t1')]);
    const c = h.connect('s');
    h.ok({ type: 'disconnect', connectionId: c.id, reason: 'manual' });
    expect(h.conn(c.id)).toMatchObject({ status: 'disconnected', reason: 'manual' });
    expect(h.run({ type: 'disconnect', connectionId: c.id, reason: 'manual' }).kind).toBe(
      'already-handled',
    );
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 't1' }).kind).toBe(
      'already-handled',
    );
  });
});

describe('snooze', () => {
  it('snoozes to a later instant, keeps the count, and bounds it', () => {
    const h = harness([task('t1')]);
    const c = h.connect('s');
    const t = { connectionId: c.id, stepId: 't1' };
    expect(h.run({ type: 'snooze', ...t, until: MON - 1 })).toMatchObject({
      code: 'snooze-in-past',
    });
    expect(h.run({ type: 'snooze', ...t, until: MON })).toMatchObject({ code: 'snooze-in-past' });
    expect(h.run({ type: 'snooze', ...t, until: MON + 31 * DAY })).toMatchObject({
      code: 'snooze-too-far',
    });
    // 30 calendar days across the DST change is allowed (29 days 23 hours elapsed).
    h.ok({ type: 'snooze', ...t, until: at('2026-04-22T10:00:00+02:00') });
    expect(h.run({ type: 'snooze', ...t, until: at('2026-04-22T10:00:00+02:00') }).kind).toBe(
      'already-handled',
    );
    const r = h.ok({ type: 'snooze', ...t, until: MON + DAY });
    expect(r.events.map((e) => e.type)).toEqual(['step-snoozed']);
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({
      connectionId: c.id,
      stepId: 't1',
      dueAt: MON + DAY,
    });
    expect(nextWakeUp(h.state, h.ctx)).toBe(MON + DAY);
    expect(h.conn(c.id).current).toMatchObject({ snoozedUntil: MON + DAY, snoozeCount: 2 });
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({ kind: 'snoozed', isDue: false });
    h.now = MON + DAY;
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({
      kind: 'action',
      isDue: true,
      overdue: false,
    });
    h.ok({ type: 'complete', ...t });
    expect(h.conn(c.id).steps[0]).toMatchObject({ snoozeCount: 2 });
  });

  it('a wait cannot be snoozed', () => {
    const h = harness([task('t1'), wait('w1', 1), task('t2')]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(
      h.run({ type: 'snooze', connectionId: c.id, stepId: 'w1', until: MON + HOUR }),
    ).toMatchObject({
      code: 'not-actionable',
    });
  });
});

describe('waits', () => {
  it('end at the same wall-clock time days later (across DST), each at its own instant', () => {
    const fri = at('2026-03-27T10:00:00+01:00');
    const h = harness(
      [task('t1'), wait('w1', 3), task('t2'), wait('w2', 0, 5), task('t3')],
      {},
      fri,
    );
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id).current).toMatchObject({
      stepId: 'w1',
      waitEndsAt: at('2026-03-30T10:00:00+02:00'),
    });
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'w1' })).toMatchObject({
      code: 'not-actionable',
    });
    // A week later, in one tick: w1 ends Monday 10:00; t2 is due then (not now).
    h.tick(fri + 7 * DAY);
    expect(h.where(c.id)).toBe('t2');
    expect(h.conn(c.id).current).toMatchObject({ reachedAt: at('2026-03-30T10:00:00+02:00') });
    expect(h.conn(c.id).steps[1]).toMatchObject({
      stepId: 'w1',
      result: 'auto',
      at: at('2026-03-30T10:00:00+02:00'),
    });
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({ overdue: true, isDue: true });
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't2' });
    expect(h.conn(c.id).current?.waitEndsAt).toBe(fri + 7 * DAY + 5 * HOUR);
    valid(h);
  });

  it('skip-wait moves on now; a second skip-wait is already handled', () => {
    const h = harness([task('t1'), wait('w1', 2), task('t2')]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.now += HOUR;
    h.ok({ type: 'skip-wait', connectionId: c.id, stepId: 'w1' });
    expect(h.where(c.id)).toBe('t2');
    expect(h.conn(c.id).steps[1]).toMatchObject({ result: 'skipped', at: MON + HOUR });
    expect(h.run({ type: 'skip-wait', connectionId: c.id, stepId: 'w1' })).toMatchObject({
      kind: 'already-handled',
      message: 'This wait already ended.',
    });
    expect(h.run({ type: 'skip-wait', connectionId: c.id, stepId: 't2' })).toMatchObject({
      code: 'not-a-wait',
    });
  });

  it('a skip-wait after the wait already ended is already handled', () => {
    const h = harness([task('t1'), wait('w1', 1), task('t2')]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.now += 2 * DAY;
    expect(h.run({ type: 'skip-wait', connectionId: c.id, stepId: 'w1' }).kind).toBe(
      'already-handled',
    );
  });

  it('wake-up is the wait end', () => {
    const h = harness([task('t1'), wait('w1', 1), task('t2')]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(nextWakeUp(h.state, h.ctx)).toBe(MON + DAY);
  });

  it('waitsInWorkingTime: Monday 15:00 + 4 working hours is Tuesday 11:00', () => {
    const h = harness(
      [task('t1'), wait('w1', 0, 4), task('t2')],
      {
        schedule: { ...weekdays, waitsInWorkingTime: true },
      },
      at('2026-03-23T15:00:00+01:00'),
    );
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id).current?.waitEndsAt).toBe(at('2026-03-24T11:00:00+01:00'));
  });

  it('the step after a wait ending outside working time is due at the next slot', () => {
    const h = harness(
      [task('t1'), wait('w1', 0, 8), task('t2')],
      { schedule: weekdays },
      at('2026-03-27T16:00:00+01:00'),
    );
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.tick(at('2026-03-28T12:00:00+01:00'));
    expect(h.conn(c.id).current).toMatchObject({
      stepId: 't2',
      reachedAt: at('2026-03-28T00:00:00+01:00'),
      dueAt: at('2026-03-30T09:00:00+02:00'),
    });
  });
});

describe('conditions', () => {
  const replied: Condition = { email: 'replied', step: 'e1' };

  it.each<[string, Condition, (h: Harness, id: string) => void, string]>([
    [
      'email event before the condition: yes at once',
      replied,
      (h, id) => {
        h.ok({ type: 'record-email-event', connectionId: id, event: 'replied' });
      },
      'yes1',
    ],
    ['no email event: no at once', replied, () => undefined, 'no1'],
    [
      'opened counts only for opened',
      { email: 'opened', step: 'e1' },
      (h, id) => {
        h.ok({ type: 'record-email-event', connectionId: id, event: 'replied' });
      },
      'no1',
    ],
    ['skipped email: no', replied, () => undefined, 'no1'],
    ['call outcome in list: yes', { call: ['connected'], step: 'c1' }, () => undefined, 'yes1'],
    ['call outcome not in list: no', { call: ['voicemail'], step: 'c1' }, () => undefined, 'no1'],
    [
      'known field: decided',
      { field: 'grade', op: 'equals', value: ' a ' },
      (h) => {
        h.ok({ type: 'record-fields', values: { grade: 'A' } });
      },
      'yes1',
    ],
    [
      'stage in list',
      { stage: ['Qualify'] },
      (h) => {
        h.ok({ type: 'record-fields', values: { stage: 'qualify' } });
      },
      'yes1',
    ],
    [
      'all: one no is no',
      {
        all: [
          { call: ['connected'], step: 'c1' },
          { field: 'x', op: 'is-empty' },
        ],
      },
      (h) => {
        h.ok({ type: 'record-fields', values: { x: 'filled' } });
      },
      'no1',
    ],
    [
      'all with an unknown field but a final no: no',
      {
        all: [
          { call: ['voicemail'], step: 'c1' },
          { field: 'x', op: 'is-empty' },
        ],
      },
      () => undefined,
      'no1',
    ],
    [
      'any: one yes is yes even with unknowns',
      {
        any: [
          { field: 'x', op: 'is-empty' },
          { call: ['connected'], step: 'c1' },
        ],
      },
      () => undefined,
      'yes1',
    ],
  ])('%s', (name, c, before, expected) => {
    const h = harness([email('e1'), call('c1'), cond('k', c, [task('yes1')], [task('no1')])]);
    const conn = h.connect('s');
    if (name.startsWith('skipped')) h.ok({ type: 'skip', connectionId: conn.id, stepId: 'e1' });
    else h.ok({ type: 'complete', connectionId: conn.id, stepId: 'e1' });
    before(h, conn.id);
    h.ok({ type: 'complete', connectionId: conn.id, stepId: 'c1', outcome: 'connected' });
    expect(h.where(conn.id)).toBe(expected);
    expect(h.conn(conn.id).steps[2]).toMatchObject({
      stepId: 'k',
      result: 'auto',
      decidedBy: 'at-once',
    });
    valid(h);
  });

  it('an unknown field needs an answer; the seller answers once', () => {
    const h = harness([
      task('t1'),
      cond('k', { field: 'grade', op: 'equals', value: 'A' }, [task('y')], [task('n')]),
    ]);
    const c = h.connect('s');
    const r = h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id).current).toMatchObject({ stepId: 'k', needsAnswer: true });
    expect(r.events.map((e) => e.type)).toContain('needs-answer');
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({ stepId: 'k', dueAt: MON });
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({ kind: 'needs-answer', isDue: true });
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'k' })).toMatchObject({
      code: 'not-actionable',
    });
    h.ok({ type: 'answer-condition', connectionId: c.id, stepId: 'k', answer: 'no' });
    expect(h.where(c.id)).toBe('n');
    expect(h.conn(c.id).steps[1]).toMatchObject({
      result: 'completed',
      branch: 'no',
      decidedBy: 'answer',
    });
    expect(
      h.run({ type: 'answer-condition', connectionId: c.id, stepId: 'k', answer: 'yes' }),
    ).toMatchObject({
      kind: 'already-handled',
      message: 'This condition was already decided.',
    });
  });

  it('a field captured while waiting for an answer decides it', () => {
    const h = harness([
      task('t1'),
      cond('k', { field: 'amount', op: 'greater-than', value: 1000 }, [task('y')], [task('n')]),
    ]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.ok({ type: 'record-fields', values: { other: 'x' } });
    expect(h.conn(c.id).current?.needsAnswer).toBe(true);
    h.now += HOUR;
    h.ok({ type: 'record-fields', values: { amount: '1,500' } });
    expect(h.where(c.id)).toBe('y');
    expect(h.conn(c.id).steps[1]).toMatchObject({ decidedBy: 'fields', at: MON + HOUR });
    expect(h.run({ type: 'record-fields', values: { amount: '1,500' } }).kind).toBe(
      'already-handled',
    );
  });

  it('answering a condition that needs no answer is rejected', () => {
    const h = harness([email('e1'), cond('k', replied, [task('y')], [task('n')], { days: 2 })]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
    expect(
      h.run({ type: 'answer-condition', connectionId: c.id, stepId: 'k', answer: 'yes' }),
    ).toMatchObject({
      code: 'no-answer-needed',
    });
  });

  describe('with a window', () => {
    function setup(): { h: Harness; id: string } {
      const h = harness([email('e1'), cond('k', replied, [task('y')], [task('n')], { days: 2 })]);
      const c = h.connect('s');
      h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
      return { h, id: c.id };
    }

    it('waits, then takes yes as soon as the event is recorded inside it', () => {
      const { h, id } = setup();
      expect(h.conn(id).current).toMatchObject({ stepId: 'k', windowClosesAt: MON + 2 * DAY });
      expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({
        kind: 'waiting',
        windowClosesAt: MON + 2 * DAY,
      });
      h.now = MON + DAY;
      h.ok({ type: 'record-email-event', connectionId: id, event: 'replied' });
      expect(h.where(id)).toBe('y');
      expect(h.conn(id).steps[1]).toMatchObject({
        branch: 'yes',
        decidedBy: 'event',
        at: MON + DAY,
      });
    });

    it('takes no when the window closes, at the instant it closes', () => {
      const { h, id } = setup();
      h.tick(MON + 10 * DAY);
      expect(h.where(id)).toBe('n');
      expect(h.conn(id).steps[1]).toMatchObject({
        branch: 'no',
        decidedBy: 'window-closed',
        at: MON + 2 * DAY,
      });
      // A late reply is recorded but decides nothing again.
      h.ok({ type: 'record-email-event', connectionId: id, event: 'replied', at: MON + DAY });
      expect(h.where(id)).toBe('n');
    });

    it('a reply that happened inside the window but is recorded late (before any tick) counts', () => {
      const { h, id } = setup();
      h.now = MON + 5 * DAY;
      h.ok({ type: 'record-email-event', connectionId: id, event: 'replied', at: MON + DAY });
      expect(h.where(id)).toBe('y');
      expect(h.conn(id).steps[1]).toMatchObject({ branch: 'yes', at: MON + DAY });
    });

    it('a reply after the window closed is too late', () => {
      const { h, id } = setup();
      h.now = MON + 5 * DAY;
      h.ok({ type: 'record-email-event', connectionId: id, event: 'replied', at: MON + 3 * DAY });
      expect(h.where(id)).toBe('n');
    });

    it('skip-wait decides the window now', () => {
      const { h, id } = setup();
      h.ok({ type: 'skip-wait', connectionId: id, stepId: 'k' });
      expect(h.conn(id).steps[1]).toMatchObject({ branch: 'no', decidedBy: 'skip-wait' });
    });

    it('an unknown field when the window closes needs an answer', () => {
      const h = harness([
        task('t1'),
        cond('k', { field: 'f', op: 'is-not-empty' }, [task('y')], [task('n')], { hours: 4 }),
      ]);
      const c = h.connect('s');
      h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
      h.tick(MON + 5 * HOUR);
      expect(h.conn(c.id).current).toMatchObject({
        stepId: 'k',
        needsAnswer: true,
        dueAt: MON + 4 * HOUR,
      });
    });
  });

  it('an empty branch ends the sequence', () => {
    const h = harness([email('e1'), cond('k', replied, [task('y')], [])]);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
    expect(h.conn(c.id)).toMatchObject({ status: 'completed', endedAt: MON });
    valid(h);
  });
});

describe('replies and exitOnReply', () => {
  it('a reply exits wherever the record is, and wins over conditions', () => {
    const h = harness(
      [
        email('e1'),
        cond('k', { email: 'replied', step: 'e1' }, [task('y')], [task('n')], { days: 3 }),
      ],
      { exitOnReply: true },
    );
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
    h.now += HOUR;
    const r = h.ok({ type: 'record-email-event', connectionId: c.id, event: 'replied' });
    expect(h.conn(c.id)).toMatchObject({
      status: 'exited',
      reason: 'replied',
      endedAt: MON + HOUR,
    });
    expect(h.conn(c.id).steps.map((s) => s.stepId)).toEqual(['e1']);
    expect(r.events.map((e) => e.type)).toEqual(['email-event', 'exited']);
    expect(h.run({ type: 'record-email-event', connectionId: c.id, event: 'replied' }).kind).toBe(
      'already-handled',
    );
  });

  it('an open does not exit; the same event twice is already handled', () => {
    const h = harness([email('e1'), task('t1')], { exitOnReply: true });
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'e1' });
    h.ok({ type: 'record-email-event', connectionId: c.id, event: 'opened' });
    expect(
      h.run({ type: 'record-email-event', connectionId: c.id, event: 'opened' }),
    ).toMatchObject({
      kind: 'already-handled',
      message: 'An open to this email was already recorded.',
    });
    expect(h.where(c.id)).toBe('t1');
    expect(h.conn(c.id).emailEvents).toEqual([
      { type: 'opened', at: MON, recordedAt: MON, stepId: 'e1' },
    ]);
  });

  it('names the email step, which must have been sent', () => {
    const h = harness([email('e1'), email('e2'), task('t1')]);
    const c = h.connect('s');
    expect(
      h.run({ type: 'record-email-event', connectionId: c.id, event: 'opened', stepId: 'e2' }),
    ).toMatchObject({
      code: 'not-current',
    });
    expect(
      h.run({ type: 'record-email-event', connectionId: c.id, event: 'opened', stepId: 't1' }),
    ).toMatchObject({
      code: 'not-an-email-step',
    });
  });
});

describe('update-field', () => {
  const uf: Step = { id: 'u1', type: 'update-field', field: 'status', value: 'Qualified' };

  it('completes by itself when the field already has the value', () => {
    const h = harness([task('t1'), uf, task('t2')]);
    const c = h.connect('s');
    h.ok({ type: 'record-fields', values: { status: ' qualified ' } });
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.where(c.id)).toBe('t2');
    expect(h.conn(c.id).steps[1]).toMatchObject({ stepId: 'u1', result: 'auto' });
  });

  it('completes by itself when the field is captured later, or by hand', () => {
    const h = harness([uf, task('t2')]);
    const c = h.connect('s');
    expect(h.where(c.id)).toBe('u1');
    h.ok({ type: 'record-fields', values: { status: 'New' } });
    expect(h.where(c.id)).toBe('u1');
    h.ok({ type: 'record-fields', values: { status: 'Qualified' } });
    expect(h.where(c.id)).toBe('t2');
    const h2 = harness([uf, task('t2')]);
    const c2 = h2.connect('s');
    h2.ok({ type: 'complete', connectionId: c2.id, stepId: 'u1' });
    expect(h2.conn(c2.id).steps[0]).toMatchObject({ result: 'completed' });
  });
});

describe('move-to-sequence', () => {
  const move = (target: string): Step => ({ id: 'm1', type: 'move-to-sequence', sequence: target });

  it('leaves this sequence and connects to the target in one step', () => {
    const h = harness([task('t1'), move('next')]);
    h.add(sequence('next', [email('n1')]));
    const c = h.connect('s');
    const r = h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    const moved = h.conn(c.id);
    expect(moved).toMatchObject({
      status: 'moved',
      reason: 'moved',
      movedTo: { sequenceId: 'next' },
    });
    expect(moved.steps[1]).toMatchObject({ stepId: 'm1', result: 'auto' });
    const target = h.conn(moved.movedTo!.connectionId);
    expect(target).toMatchObject({
      sequenceId: 'next',
      status: 'active',
      current: { stepId: 'n1' },
    });
    expect(r.events.map((e) => e.type)).toEqual(['step-completed', 'moved', 'connected']);
    valid(h);
  });

  it('when the record is already in the target, it just leaves this one', () => {
    const h = harness([task('t1'), move('next')]);
    h.add(sequence('next', [email('n1')]));
    const other = h.connect('next');
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id).movedTo).toEqual({ sequenceId: 'next', connectionId: other.id });
    expect(h.state.connections.filter((x) => x.sequenceId === 'next')).toHaveLength(1);
    valid(h);
  });

  it('an inactive target blocks the step with a message; completing retries, skipping ends', () => {
    const h = harness([task('t1'), move('next')]);
    h.add(sequence('next', [email('n1')]), false);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    expect(h.conn(c.id).current?.problem).toMatchObject({ code: 'target-inactive' });
    expect(currentSteps(h.state, h.ctx)[0]).toMatchObject({ kind: 'action', isDue: true });
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'm1' })).toMatchObject({
      kind: 'rejected',
    });
    h.catalog.get('next')!.active = true;
    // Time passing first retries the move by itself, so the seller's click finds it done.
    expect(h.run({ type: 'complete', connectionId: c.id, stepId: 'm1' })).toMatchObject({
      kind: 'already-handled',
      message: 'This step already completed by itself.',
    });
    h.tick(h.now);
    expect(h.conn(c.id).status).toBe('moved');

    const h2 = harness([task('t1'), move('missing')]);
    const c2 = h2.connect('s');
    h2.ok({ type: 'complete', connectionId: c2.id, stepId: 't1' });
    expect(h2.conn(c2.id).current?.problem?.code).toBe('target-missing');
    h2.ok({ type: 'skip', connectionId: c2.id, stepId: 'm1' });
    expect(h2.conn(c2.id).status).toBe('completed');
    valid(h2);
  });

  it('a blocked move retries by itself once the target is active', () => {
    const h = harness([task('t1'), move('next')]);
    h.add(sequence('next', [email('n1')]), false);
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.catalog.get('next')!.active = true;
    h.tick(MON + HOUR);
    expect(h.conn(c.id)).toMatchObject({ status: 'moved', endedAt: MON + HOUR });
  });
});

describe('away and time zones', () => {
  it('steps due while away are due at its end (then in working time), never overdue meanwhile', () => {
    const h = harness([task('t1'), wait('w1', 1), task('t2')], { schedule: weekdays });
    h.away = [{ start: at('2026-03-24T00:00:00+01:00'), end: at('2026-03-28T00:00:00+01:00') }];
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.tick(at('2026-03-26T12:00:00+01:00'));
    expect(h.where(c.id)).toBe('t2');
    const view = currentSteps(h.state, h.ctx)[0];
    expect(view).toMatchObject({
      dueAt: at('2026-03-30T09:00:00+02:00'),
      isDue: false,
      overdue: false,
    });
  });

  it('rejects an unknown time zone', () => {
    const h = harness([task('t1')]);
    h.timeZone = 'Nowhere/Town';
    expect(h.run({ type: 'tick' })).toMatchObject({ kind: 'rejected', code: 'invalid-time-zone' });
  });
});

describe('add-note', () => {
  it('keeps a note on the current step without moving on, once', () => {
    const h = harness([call('c1'), task('t1')]);
    h.ok({ type: 'connect', sequenceId: 's' });
    const c = h.state.connections[0];
    const revision = c.revision;
    const r = h.ok({
      type: 'add-note',
      connectionId: c.id,
      stepId: 'c1',
      revision,
      note: '  Ask about Q3 budget ',
    });
    const after = h.state.connections[0];
    expect(after.current?.stepId).toBe('c1');
    expect(after.notes).toEqual([{ stepId: 'c1', at: MON, text: 'Ask about Q3 budget' }]);
    expect(after.revision).toBe(revision + 1);
    expect(r.events.map((e) => e.type)).toEqual(['note-added']);
    // The same note sent again with the revision it saw changes nothing.
    const again = h.run({
      type: 'add-note',
      connectionId: c.id,
      stepId: 'c1',
      revision,
      note: 'Ask about Q3 budget',
    });
    expect(again.kind).toBe('already-handled');
    expect(h.state.connections[0].notes).toHaveLength(1);
    valid(h);
  });

  it('refuses an empty note and a step that is not current', () => {
    const h = harness([call('c1'), task('t1')]);
    h.ok({ type: 'connect', sequenceId: 's' });
    const c = h.state.connections[0];
    expect(
      h.run({ type: 'add-note', connectionId: c.id, stepId: 'c1', note: '   ' }),
    ).toMatchObject({ kind: 'rejected', code: 'empty-note' });
    expect(h.run({ type: 'add-note', connectionId: c.id, stepId: 't1', note: 'x' })).toMatchObject({
      kind: 'rejected',
      code: 'not-current',
    });
    expect(h.state.connections[0].notes).toBeUndefined();
  });

  it('keeps at most MAX_NOTE characters of a note', () => {
    const h = harness([call('c1')]);
    h.ok({ type: 'connect', sequenceId: 's' });
    const c = h.state.connections[0];
    const note = `${'a'.repeat(MAX_NOTE)}overflow`;
    h.ok({ type: 'add-note', connectionId: c.id, stepId: 'c1', revision: c.revision, note });
    expect(h.state.connections[0].notes?.[0]?.text).toBe('a'.repeat(MAX_NOTE));
  });
});
