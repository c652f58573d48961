import { describe, expect, it } from 'vitest';
import { compareVersions, countAbTest, decideAbTest } from './ab-statistics';
import type { AbTestEntry } from './ab-statistics';
import type { AbAssignment, StepRecord } from './types';

describe('compareVersions: two-proportion z-test', () => {
  it('40/200 against 20/200: A is clearly better (z 2.8006, p 0.0051)', () => {
    // By hand: pooled p = 60/400 = 0.15; se = sqrt(0.15 × 0.85 × (1/200 + 1/200)) = 0.0357071;
    // z = (0.20 - 0.10) / 0.0357071 = 2.80056; p = 2 × (1 - Φ(2.80056)) = 0.005101.
    const r = compareVersions({ records: 200, conversions: 40 }, { records: 200, conversions: 20 });
    expect(r.a.rate).toBe(0.2);
    expect(r.b.rate).toBe(0.1);
    expect(r.z).toBeCloseTo(2.80056, 4);
    expect(r.pValue).toBeCloseTo(0.005101, 5);
    expect(r.confidence).toBeCloseTo(0.994899, 5);
    expect(r).toMatchObject({ winner: 'a', verdict: 'clearly-better', enoughRecords: true });
  });

  it('100/1000 against 130/1000: B is clearly better (z -2.1027, 96.45 %)', () => {
    // pooled p = 0.115; se = sqrt(0.115 × 0.885 × 0.002) = 0.0142671; z = -0.03 / 0.0142671.
    const r = compareVersions(
      { records: 1000, conversions: 100 },
      { records: 1000, conversions: 130 },
    );
    expect(r.z).toBeCloseTo(-2.10274, 4);
    expect(r.confidence).toBeCloseTo(0.964512, 5);
    expect(r.winner).toBe('b');
  });

  it('100/500 against 77/500 is not enough: 94.33 % is below 95 %', () => {
    // pooled p = 0.177; se = sqrt(0.177 × 0.823 × 0.004) = 0.0241388; z = 0.046 / se = 1.90564.
    const r = compareVersions(
      { records: 500, conversions: 100 },
      { records: 500, conversions: 77 },
    );
    expect(r.z).toBeCloseTo(1.90564, 4);
    expect(r.confidence).toBeCloseTo(0.943303, 5);
    expect(r).toMatchObject({ winner: null, verdict: 'no-clear-difference' });
  });

  it('10/50 against 5/50: 50 records each, but only 83.86 % sure', () => {
    // pooled p = 0.15; se = sqrt(0.1275 × 0.04) = 0.0714143; z = 0.1 / se = 1.40028.
    const r = compareVersions({ records: 50, conversions: 10 }, { records: 50, conversions: 5 });
    expect(r.z).toBeCloseTo(1.40028, 4);
    expect(r.pValue).toBeCloseTo(0.161429, 5);
    expect(r.winner).toBeNull();
  });

  it('needs 50 records in each version, however large the difference', () => {
    const r = compareVersions({ records: 49, conversions: 45 }, { records: 200, conversions: 10 });
    expect(r.confidence).toBeGreaterThan(0.999);
    expect(r).toMatchObject({
      enoughRecords: false,
      winner: null,
      verdict: 'not-enough-records',
    });
    expect(
      compareVersions({ records: 50, conversions: 45 }, { records: 50, conversions: 10 }).winner,
    ).toBe('a');
  });

  it('equal rates, no conversions at all, or no records: no winner and no confidence', () => {
    const same = compareVersions(
      { records: 60, conversions: 30 },
      { records: 60, conversions: 30 },
    );
    expect(same).toMatchObject({ z: 0, pValue: 1, confidence: 0, winner: null });
    const none = compareVersions({ records: 80, conversions: 0 }, { records: 90, conversions: 0 });
    expect(none).toMatchObject({ z: null, pValue: null, confidence: 0, winner: null });
    const empty = compareVersions({ records: 0, conversions: 0 }, { records: 0, conversions: 0 });
    expect(empty).toMatchObject({ a: { rate: 0 }, z: null, winner: null });
  });
});

describe('countAbTest', () => {
  const T0 = Date.parse('2026-03-02T09:00:00Z');
  const sent = (ab: AbAssignment, result: StepRecord['result'] = 'completed'): StepRecord => ({
    stepId: 'ab1',
    type: 'ab-test',
    reachedAt: T0,
    dueAt: T0,
    at: T0,
    result,
    ab,
  });
  const entry = (
    steps: StepRecord[],
    events: AbTestEntry['connection']['emailEvents'] = [],
    status: AbTestEntry['connection']['status'] = 'active',
  ): AbTestEntry => ({
    connection: {
      sequenceId: 's',
      status,
      connectedAt: T0,
      endedAt: status === 'active' ? null : T0 + 1,
      emailEvents: events,
      steps,
    },
  });
  const reply = (stepId: string) => ({
    type: 'replied' as const,
    at: T0 + 1,
    recordedAt: T0 + 1,
    stepId,
  });

  it('counts records sent a version by the split, and those that replied to that step', () => {
    const entries = [
      entry([sent({ version: 'a', by: 'split' })], [reply('ab1')]),
      entry([sent({ version: 'a', by: 'split' })], [reply('other')]),
      entry([sent({ version: 'b', by: 'split' })]),
      entry([sent({ version: 'b', by: 'split' }, 'skipped')], [reply('ab1')]),
      entry([sent({ version: 'a', by: 'winner' })], [reply('ab1')]),
      entry([sent({ version: 'b', by: 'default' })]),
      entry([]),
    ];
    expect(
      countAbTest(entries, 's', { id: 'ab1', metric: 'replied' }, { now: T0, timeZone: 'UTC' }),
    ).toEqual({ a: { records: 2, conversions: 1 }, b: { records: 1, conversions: 0 } });
  });

  it('counts a version the mailbox saw go out (the step completed by itself) as sent', () => {
    const entries = [
      entry([sent({ version: 'b', by: 'split' }, 'auto')], [reply('ab1')]),
      entry([sent({ version: 'b', by: 'split' }, 'auto')]),
    ];
    expect(
      countAbTest(entries, 's', { id: 'ab1', metric: 'replied' }, { now: T0, timeZone: 'UTC' }),
    ).toEqual({ a: { records: 0, conversions: 0 }, b: { records: 2, conversions: 1 } });
  });

  it('with the success metric, counts connections that are a success of the sequence', () => {
    const entries = [
      entry([sent({ version: 'a', by: 'split' })], [], 'completed'),
      entry([sent({ version: 'a', by: 'split' })], [], 'disconnected'),
      entry([sent({ version: 'b', by: 'split' })], [reply('ab1')], 'exited'),
    ];
    const options = { now: T0, timeZone: 'UTC' };
    expect(countAbTest(entries, 's', { id: 'ab1', metric: 'success' }, options)).toEqual({
      a: { records: 2, conversions: 1 },
      b: { records: 1, conversions: 0 },
    });
    expect(
      countAbTest(
        entries,
        's',
        { id: 'ab1', metric: 'success' },
        { ...options, success: { replied: true } },
      ),
    ).toEqual({ a: { records: 2, conversions: 0 }, b: { records: 1, conversions: 1 } });
  });
});

describe('decideAbTest', () => {
  const now = Date.parse('2026-07-01T00:00:00Z');
  const winner = { winner: 'b' as const };
  const none = { winner: null };

  it('runs until it ends; without an end only the manager ends it', () => {
    expect(decideAbTest({}, winner, now)).toBeUndefined();
    expect(decideAbTest({}, winner, now, { endedAt: now, winner: 'a' })).toEqual({ winner: 'a' });
    expect(decideAbTest({}, winner, now, { endedAt: now, winner: null })).toEqual({
      winner: null,
    });
    expect(decideAbTest({}, winner, now, { endedAt: now + 1, winner: 'a' })).toBeUndefined();
  });

  it('"when significant" ends as soon as one version is clearly better', () => {
    const step = { ends: { when: 'significant' as const } };
    expect(decideAbTest(step, none, now)).toBeUndefined();
    expect(decideAbTest(step, winner, now)).toEqual({ winner: 'b' });
  });

  it('"at" ends at that instant, with the winner if there is one', () => {
    const step = { ends: { at: '2026-07-01T02:00:00+02:00' } };
    expect(decideAbTest(step, winner, now - 1)).toBeUndefined();
    expect(decideAbTest(step, winner, now)).toEqual({ winner: 'b' });
    expect(decideAbTest(step, none, now)).toEqual({ winner: null });
  });
});
