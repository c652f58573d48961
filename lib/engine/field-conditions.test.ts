/** Field conditions in running sequences: the date ops count days at the instant of the decision. */
import { describe, expect, it } from 'vitest';
import type { Step } from '../sequence/types';
import { pathAhead } from './queries';
import { Harness, sequence } from './test-kit';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MON = Date.parse('2026-03-23T10:00:00+01:00'); // Monday 10:00 in Berlin

const steps = (op: 'in-last-days' | 'in-next-days', days: number): Step[] => [
  { id: 't1', type: 'task' },
  { id: 'w1', type: 'wait', days: 1 },
  {
    id: 'k',
    type: 'condition',
    if: { field: 'lastActivity', op, value: days },
    yes: [{ id: 'yes1', type: 'task' }],
    no: [{ id: 'no1', type: 'task' }],
  },
];

function run(op: 'in-last-days' | 'in-next-days', days: number, value: string, tickAt: number) {
  const h = new Harness({ now: MON, sequences: [sequence('s', steps(op, days))] });
  h.ok({ type: 'record-fields', values: { lastActivity: value } });
  const c = h.connect('s');
  h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
  h.tick(tickAt);
  return { h, id: c.id };
}

describe('date field conditions in a sequence', () => {
  it('counts days back from the day the condition is reached, in the seller zone', () => {
    // Reached Tuesday 24 March at 10:00 (the wait's end): the last 3 days are 22 to 24 March.
    const inside = run('in-last-days', 3, '2026-03-22', MON + DAY);
    expect(inside.h.where(inside.id)).toBe('yes1');
    const before = run('in-last-days', 3, '2026-03-21', MON + DAY);
    expect(before.h.where(before.id)).toBe('no1');
  });

  it('decides at the instant the wait ended, even when time is let pass much later', () => {
    // The browser was closed until Friday; on Friday 22 March is no longer in the last 3 days,
    // but the condition was reached on Tuesday, and is decided as of then.
    const late = run('in-last-days', 3, '2026-03-22', MON + 4 * DAY);
    expect(late.h.where(late.id)).toBe('yes1');
    expect(late.h.conn(late.id).steps.find((s) => s.stepId === 'k')).toMatchObject({
      branch: 'yes',
      at: MON + DAY,
    });
  });

  it('counts the days ahead from today, today included', () => {
    const today = run('in-next-days', 1, '2026-03-24', MON + DAY);
    expect(today.h.where(today.id)).toBe('yes1');
    const week = run('in-next-days', 7, '2026-03-31', MON + DAY);
    expect(week.h.where(week.id)).toBe('no1');
  });

  it('uses the seller zone: a late-evening UTC instant is already the next day in Tokyo', () => {
    const h = new Harness({
      now: MON,
      timeZone: 'Asia/Tokyo',
      sequences: [sequence('s', steps('in-next-days', 1))],
    });
    // Tuesday 24 March 10:00 Berlin is 18:00 in Tokyo; 16:00 UTC that day is 01:00 on the 25th.
    h.ok({ type: 'record-fields', values: { lastActivity: '2026-03-24T16:00:00Z' } });
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 't1' });
    h.tick(MON + DAY);
    expect(h.where(c.id)).toBe('no1');
  });

  it('a preview without a clock leaves the branch open; with one, it knows it', () => {
    const definition = sequence('s', steps('in-last-days', 3));
    const fields = { lastActivity: '2026-03-23' };
    const open = pathAhead(null, definition, fields);
    expect(open.at(-1)?.branches?.known).toBeNull();
    const known = pathAhead(null, definition, fields, { now: MON, timeZone: 'Europe/Berlin' });
    expect(known.at(-1)?.branches?.known).toBe('yes');
  });
});
