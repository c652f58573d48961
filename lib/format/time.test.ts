import { describe, expect, it } from 'vitest';

import { snoozeProblem, snoozeUntil } from '../engine/time/snooze';
import {
  formatAbsolute,
  formatDuration,
  fromLocalInput,
  keptBrowserTimeZone,
  toLocalInput,
  wallClock,
  zonedInstant,
} from './time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Tuesday 3 March 2026, 10:00 UTC.
const NOW = Date.UTC(2026, 2, 3, 10, 0);

describe('keptBrowserTimeZone (the worker asks on every record message)', () => {
  it('asks the browser once a minute, and at once when the UTC offset changes', () => {
    let clock = Date.parse('2026-03-23T10:00:00Z');
    let zone = 'Europe/Paris';
    let offset = -60;
    let asks = 0;
    const systemZone = keptBrowserTimeZone(
      () => clock,
      () => {
        asks += 1;
        return zone;
      },
      () => offset,
    );
    expect(systemZone()).toBe('Europe/Paris');
    clock += 59_000;
    expect(systemZone()).toBe('Europe/Paris');
    expect(asks).toBe(1);
    // The computer moved to New York: the offset says so before the minute is over.
    zone = 'America/New_York';
    offset = 240;
    clock += 500;
    expect(systemZone()).toBe('America/New_York');
    expect(asks).toBe(2);
    // A zone change that keeps the offset is seen within a minute.
    zone = 'America/Toronto';
    clock += 60_000;
    expect(systemZone()).toBe('America/Toronto');
    expect(asks).toBe(3);
  });
});

describe('time formatting', () => {
  it('durations in words', () => {
    expect(formatDuration(2 * HOUR, 'en')).toBe('2 hours');
    expect(formatDuration(3 * DAY + HOUR, 'en')).toBe('3 days');
    expect(formatDuration(45 * 60_000, 'en')).toBe('45 minutes');
    expect(formatDuration(5_000, 'en')).toBe('1 minute');
  });

  it('absolute times: time today, weekday this week, date further away', () => {
    expect(formatAbsolute(NOW + 4 * HOUR, NOW, 'UTC', 'en-GB')).toBe('14:00');
    expect(formatAbsolute(NOW + DAY, NOW, 'UTC', 'en-GB')).toBe('Wed 10:00');
    expect(formatAbsolute(NOW + 10 * DAY, NOW, 'UTC', 'en-GB')).toBe('13 Mar 10:00');
    expect(formatAbsolute(NOW + 400 * DAY, NOW, 'UTC', 'en-GB')).toBe('7 Apr 2027 10:00');
    // The same instant in New York is 05:00 the same day.
    expect(formatAbsolute(NOW, NOW, 'America/New_York', 'en-GB')).toBe('05:00');
  });
});

describe('zoned calendar arithmetic', () => {
  it('reads and builds wall-clock times in a zone', () => {
    expect(wallClock(NOW, 'Europe/Berlin')).toMatchObject({
      year: 2026,
      month: 3,
      day: 3,
      hour: 11,
      weekday: 2,
    });
    expect(zonedInstant(2026, 3, 3, 11, 0, 'Europe/Berlin')).toBe(NOW);
    expect(zonedInstant(2026, 7, 1, 9, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 7, 0));
  });

  it('moves a time in the spring-forward gap to just after it', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026. The first valid instant after 02:30 is the jump
    // itself, 03:00 (01:00Z), as in the engine and the spec (it used to be 03:30 here).
    expect(zonedInstant(2026, 3, 29, 2, 30, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 0));
    expect(wallClock(zonedInstant(2026, 3, 29, 2, 30, 'Europe/Berlin'), 'Europe/Berlin').hour).toBe(
      3,
    );
  });

  it('snooze presets in the seller zone', () => {
    expect(snoozeUntil('hour', NOW, 'UTC')).toBe(NOW + HOUR);
    expect(snoozeUntil('four-hours', NOW, 'UTC')).toBe(NOW + 4 * HOUR);
    expect(snoozeUntil('tomorrow', NOW, 'America/New_York')).toBe(Date.UTC(2026, 2, 4, 14, 0));
    // Next Monday 9:00 from a Tuesday; from a Monday it is a week later.
    expect(snoozeUntil('next-week', NOW, 'UTC')).toBe(Date.UTC(2026, 2, 9, 9, 0));
    expect(snoozeUntil('next-week', Date.UTC(2026, 2, 9, 8, 0), 'UTC')).toBe(
      Date.UTC(2026, 2, 16, 9, 0),
    );
    // Across the US DST change (8 March 2026) it is still 9:00 local.
    expect(snoozeUntil('next-week', NOW, 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 13, 0));
  });

  it('datetime-local round trip and the 30-day limit', () => {
    expect(toLocalInput(NOW, 'Europe/Berlin')).toBe('2026-03-03T11:00');
    expect(fromLocalInput('2026-03-03T11:00', 'Europe/Berlin')).toBe(NOW);
    expect(fromLocalInput('garbage', 'UTC')).toBeNull();
    // The 30 days are calendar days in the seller's zone (see tests/unit/time-rules.test.ts).
    expect(snoozeProblem(NOW - 1, NOW, 'UTC')).toBe('past');
    expect(snoozeProblem(NOW + 31 * DAY, NOW, 'UTC')).toBe('too-far');
    expect(snoozeProblem(NOW + 30 * DAY, NOW, 'UTC')).toBeNull();
    expect(snoozeProblem(null, NOW, 'UTC')).toBe('invalid');
  });
});
