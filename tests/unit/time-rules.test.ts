/**
 * The time rules are one rule wherever they apply (issue #13): the engine decides, the panel and
 * the work list offer choices and explain refusals before sending, and all three must agree,
 * across DST changes in particular.
 */
import { describe, expect, it } from 'vitest';

import { MAX_SNOOZE_DAYS } from '../../lib/domain/limits';
import { Harness, sequence } from '../../lib/engine/test-kit';
import { snoozeLimit, snoozeProblem, snoozeUntil } from '../../lib/engine/time/snooze';
import { fromZoned } from '../../lib/engine/time/zoned';
import { fromLocalInput, toLocalInput, zonedInstant } from '../../lib/format/time';
import { customSnoozeProblem } from '../../lib/views/worklist-query';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): number => Date.parse(iso);

/** What the engine says about a snooze until `until`: null when it applies. */
function engineSays(now: number, timeZone: string, until: number): string | null {
  const h = new Harness({
    now,
    timeZone,
    sequences: [sequence('s', [{ id: 't1', type: 'task' }])],
  });
  const c = h.connect('s');
  const result = h.run({ type: 'snooze', connectionId: c.id, stepId: 't1', until });
  return result.kind === 'rejected' ? result.code : null;
}

describe('the 30-day snooze limit', () => {
  // Each `now` is 30 days or less before a DST change in its zone.
  const cases = [
    { zone: 'America/New_York', now: at('2026-03-03T15:00:00Z'), change: 'spring forward' },
    { zone: 'Europe/Berlin', now: at('2026-10-10T08:00:00Z'), change: 'fall back' },
    { zone: 'Australia/Sydney', now: at('2026-03-20T01:00:00Z'), change: 'fall back (south)' },
    { zone: 'Asia/Kolkata', now: at('2026-03-03T05:00:00Z'), change: 'none' },
  ];

  it.each(cases)('is 30 calendar days in $zone ($change), everywhere', ({ zone, now }) => {
    const limit = snoozeLimit(now, zone);
    // The same wall-clock time 30 calendar days later.
    expect(toLocalInput(limit, zone).slice(11)).toBe(toLocalInput(now, zone).slice(11));
    for (const until of [
      limit - 1,
      limit,
      limit + 1,
      now + MAX_SNOOZE_DAYS * DAY - HOUR,
      now + MAX_SNOOZE_DAYS * DAY,
      now + MAX_SNOOZE_DAYS * DAY + HOUR,
    ]) {
      const tooFar = until > limit;
      // The engine refuses exactly what the panel's form and the work list's dialog refuse.
      expect(engineSays(now, zone, until)).toBe(tooFar ? 'snooze-too-far' : null);
      expect(snoozeProblem(until, now, zone)).toBe(tooFar ? 'too-far' : null);
      expect(customSnoozeProblem(until, now, zone)).toBe(
        tooFar ? 'A step can be snoozed at most 30 days ahead.' : null,
      );
    }
  });

  it('across a spring-forward change, 30 × 24 hours is too far', () => {
    const now = at('2026-03-03T15:00:00Z'); // 10:00 in New York, before 8 March
    expect(snoozeLimit(now, 'America/New_York')).toBe(now + 30 * DAY - HOUR);
    expect(engineSays(now, 'America/New_York', now + 30 * DAY)).toBe('snooze-too-far');
    expect(snoozeProblem(now + 30 * DAY, now, 'America/New_York')).toBe('too-far');
  });

  it('across a fall-back change, 30 days and an hour is allowed', () => {
    const now = at('2026-10-10T08:00:00Z'); // 10:00 in Berlin, before 25 October
    expect(snoozeLimit(now, 'Europe/Berlin')).toBe(now + 30 * DAY + HOUR);
    expect(engineSays(now, 'Europe/Berlin', now + 30 * DAY + HOUR)).toBeNull();
    expect(snoozeProblem(now + 30 * DAY + HOUR, now, 'Europe/Berlin')).toBeNull();
  });

  it('every preset is a snooze the engine accepts', () => {
    for (const { zone, now } of cases) {
      for (const preset of ['hour', 'four-hours', 'tomorrow', 'next-week'] as const) {
        expect(engineSays(now, zone, snoozeUntil(preset, now, zone)), `${preset} in ${zone}`).toBe(
          null,
        );
      }
    }
  });
});

describe('a wall-clock time in a spring-forward gap', () => {
  it.each([
    // Berlin jumps from 02:00 to 03:00 on 29 March 2026; New York on 8 March 2026.
    { zone: 'Europe/Berlin', wall: '2026-03-29T02:30', instant: '2026-03-29T01:00:00Z' },
    { zone: 'America/New_York', wall: '2026-03-08T02:15', instant: '2026-03-08T07:00:00Z' },
  ])('$wall in $zone is the jump itself, in the panel, the work list and the engine', (c) => {
    const [date = '', time = ''] = c.wall.split('T');
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    const engine = fromZoned({ year, month, day, hour, minute, second: 0, millisecond: 0 }, c.zone);
    expect(engine).toBe(at(c.instant));
    // The panel's and the work list's custom snooze inputs read the same way.
    expect(fromLocalInput(c.wall, c.zone)).toBe(engine);
    expect(zonedInstant(year, month, day, hour, minute, c.zone)).toBe(engine);
    expect(toLocalInput(engine, c.zone)).toBe(`${date}T03:00`);
  });
});
