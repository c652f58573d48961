import { describe, expect, it } from 'vitest';
import { isSuccess, successAt, successRuleOf, type SuccessFacts } from './success';
import type { Connection, EmailEventRecord } from './types';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

function facts(
  connection: Partial<SuccessFacts['connection']>,
  extra: Partial<Omit<SuccessFacts, 'connection'>> = {},
): SuccessFacts {
  return {
    connection: {
      status: 'active',
      connectedAt: T0,
      endedAt: null,
      emailEvents: [],
      ...connection,
    },
    now: T0 + 100 * HOUR,
    timeZone: 'Europe/Berlin',
    ...extra,
  };
}

const reply = (at: number): EmailEventRecord => ({
  type: 'replied',
  at,
  recordedAt: at,
  stepId: 'e1',
});

describe('success: completed (the default)', () => {
  it.each<[Connection['status'], boolean]>([
    ['completed', true],
    ['active', false],
    ['exited', false],
    ['moved', false],
    ['disconnected', false],
  ])('a %s connection is a success: %s', (status, expected) => {
    const ended = status === 'active' ? null : T0 + HOUR;
    expect(isSuccess(undefined, facts({ status, endedAt: ended }))).toBe(expected);
    expect(isSuccess({ completed: true }, facts({ status, endedAt: ended }))).toBe(expected);
  });

  it('succeeds when it ended', () => {
    expect(successAt(undefined, facts({ status: 'completed', endedAt: T0 + 5 * HOUR }))).toBe(
      T0 + 5 * HOUR,
    );
  });

  it('a sequence without a rule uses the default', () => {
    expect(successRuleOf({})).toEqual({ completed: true });
    expect(successRuleOf({ success: { replied: true } })).toEqual({ replied: true });
  });
});

describe('success: replied', () => {
  it('a reply recorded while connected is a success, whatever the status after it', () => {
    const rule = { replied: true } as const;
    expect(isSuccess(rule, facts({ emailEvents: [reply(T0 + HOUR)] }))).toBe(true);
    expect(
      isSuccess(
        rule,
        facts({ status: 'exited', endedAt: T0 + HOUR, emailEvents: [reply(T0 + HOUR)] }),
      ),
    ).toBe(true);
    expect(isSuccess(rule, facts({ status: 'completed', endedAt: T0 + HOUR }))).toBe(false);
  });

  it('opens and clicks are not replies', () => {
    const opened: EmailEventRecord = { ...reply(T0 + HOUR), type: 'opened' };
    expect(isSuccess({ replied: true }, facts({ emailEvents: [opened] }))).toBe(false);
  });

  it('succeeds at the first reply, never before the connection started', () => {
    const events = [reply(T0 + 3 * HOUR), reply(T0 + 2 * HOUR)];
    expect(successAt({ replied: true }, facts({ emailEvents: events }))).toBe(T0 + 2 * HOUR);
    expect(successAt({ replied: true }, facts({ emailEvents: [reply(T0 - HOUR)] }))).toBe(T0);
  });
});

describe('success: a field condition met while connected', () => {
  const qualified = { field: 'status', op: 'equals', value: 'Qualified' } as const;

  it('holds from the start when the field already had the value', () => {
    const changes = [{ at: T0 - HOUR, values: { status: 'qualified ' } }];
    expect(successAt(qualified, facts({}, { fieldChanges: changes }))).toBe(T0);
  });

  it('succeeds at the first capture that meets it, even if the field changes back', () => {
    const changes = [
      { at: T0 - HOUR, values: { status: 'New' } },
      { at: T0 + 4 * HOUR, values: { status: 'Qualified' } },
      { at: T0 + 2 * HOUR, values: { status: 'Working' } },
      { at: T0 + 6 * HOUR, values: { status: 'Lost' } },
    ];
    expect(successAt(qualified, facts({}, { fieldChanges: changes }))).toBe(T0 + 4 * HOUR);
  });

  it('does not count a value reached before the connection or after it ended', () => {
    const before = [
      { at: T0 - 2 * HOUR, values: { status: 'Qualified' } },
      { at: T0 - HOUR, values: { status: 'New' } },
    ];
    expect(isSuccess(qualified, facts({}, { fieldChanges: before }))).toBe(false);
    const after = [{ at: T0 + 3 * HOUR, values: { status: 'Qualified' } }];
    expect(
      isSuccess(
        qualified,
        facts({ status: 'disconnected', endedAt: T0 + 2 * HOUR }, { fieldChanges: after }),
      ),
    ).toBe(false);
    // Captured the instant it ended (the same action): still while connected.
    const same = [{ at: T0 + 2 * HOUR, values: { status: 'Qualified' } }];
    expect(
      isSuccess(
        qualified,
        facts({ status: 'disconnected', endedAt: T0 + 2 * HOUR }, { fieldChanges: same }),
      ),
    ).toBe(true);
  });

  it('an active connection counts captures up to now', () => {
    const later = [{ at: T0 + 200 * HOUR, values: { status: 'Qualified' } }];
    expect(isSuccess(qualified, facts({}, { fieldChanges: later }))).toBe(false);
    expect(isSuccess(qualified, facts({}, { fieldChanges: later, now: T0 + 200 * HOUR }))).toBe(
      true,
    );
  });

  it('a field never captured is not a success, not even for is-empty', () => {
    expect(isSuccess({ field: 'status', op: 'is-empty' }, facts({}))).toBe(false);
    const blank = [{ at: T0 + HOUR, values: { status: null } }];
    expect(isSuccess({ field: 'status', op: 'is-empty' }, facts({}, { fieldChanges: blank }))).toBe(
      true,
    );
  });

  it('compares numbers as numbers', () => {
    const rule = { field: 'amount', op: 'greater-or-equal', value: 10000 } as const;
    const changes = [{ at: T0 + HOUR, values: { amount: '12,500' } }];
    expect(isSuccess(rule, facts({}, { fieldChanges: changes }))).toBe(true);
  });
});
