import { describe, expect, it } from 'vitest';
import {
  addCalendarTime,
  formatInstant,
  fromZoned,
  isValidTimeZone,
  offsetAt,
  toZoned,
} from './zoned';

const at = (iso: string): number => Date.parse(iso);
const local = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
  millisecond: 0,
});

describe('zoned time', () => {
  it.each([
    // [zone, local wall time, expected instant]
    ['Europe/Berlin', local(2026, 1, 15, 9), '2026-01-15T08:00:00Z'],
    ['Europe/Berlin', local(2026, 7, 15, 9), '2026-07-15T07:00:00Z'],
    ['America/New_York', local(2026, 7, 15, 9), '2026-07-15T13:00:00Z'],
    ['Asia/Kolkata', local(2026, 7, 15, 9), '2026-07-15T03:30:00Z'],
    // Spring forward: 02:30 does not exist; the first valid instant after is 03:00 local.
    ['Europe/Berlin', local(2026, 3, 29, 2, 30), '2026-03-29T01:00:00Z'],
    ['America/New_York', local(2026, 3, 8, 2, 30), '2026-03-08T07:00:00Z'],
    // Fall back: 02:30 happens twice in Berlin (CEST then CET); the earlier one wins.
    ['Europe/Berlin', local(2026, 10, 25, 2, 30), '2026-10-25T00:30:00Z'],
    ['America/New_York', local(2026, 11, 1, 1, 30), '2026-11-01T05:30:00Z'],
    // Overflowing fields are normalized.
    ['Europe/Berlin', local(2026, 12, 32, 9), '2027-01-01T08:00:00Z'],
  ])('%s %o is %s', (zone, wall, iso) => {
    expect(fromZoned(wall, zone)).toBe(at(iso));
  });

  it('reads instants back in the zone', () => {
    expect(toZoned(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toMatchObject({
      day: 29,
      hour: 3,
    });
    expect(offsetAt(at('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('adds calendar days at the same wall-clock time across DST, then elapsed hours', () => {
    // Friday 10:00 CET + 3 days = Monday 10:00 CEST (only 71 hours later).
    expect(addCalendarTime(at('2026-03-27T09:00:00Z'), 3, 0, 'Europe/Berlin')).toBe(
      at('2026-03-30T08:00:00Z'),
    );
    // Saturday 02:30 + 1 day lands in the gap: moves to 03:00.
    expect(addCalendarTime(at('2026-03-28T01:30:00Z'), 1, 0, 'Europe/Berlin')).toBe(
      at('2026-03-29T01:00:00Z'),
    );
    // Hours are elapsed time: Saturday 23:00 + 5h across the gap is Sunday 05:00 CEST.
    expect(addCalendarTime(at('2026-03-28T22:00:00Z'), 0, 5, 'Europe/Berlin')).toBe(
      at('2026-03-29T03:00:00Z'),
    );
    // New York fall back: Saturday 10:00 EDT + 1 day = Sunday 10:00 EST.
    expect(addCalendarTime(at('2026-10-31T14:00:00Z'), 1, 0, 'America/New_York')).toBe(
      at('2026-11-01T15:00:00Z'),
    );
    // 30 days.
    expect(addCalendarTime(at('2026-03-02T09:00:00Z'), 30, 0, 'Europe/Berlin')).toBe(
      at('2026-04-01T08:00:00Z'),
    );
  });

  it('formats with the zone offset, to the second', () => {
    expect(formatInstant(at('2026-03-30T07:00:00.123Z'), 'Europe/Berlin')).toBe(
      '2026-03-30T09:00:00+02:00',
    );
    expect(formatInstant(at('2026-01-05T14:00:00Z'), 'America/New_York')).toBe(
      '2026-01-05T09:00:00-05:00',
    );
    expect(formatInstant(at('2026-01-05T14:00:00Z'), 'Asia/Kolkata')).toBe(
      '2026-01-05T19:30:00+05:30',
    );
    expect(formatInstant(at('2026-01-05T14:00:00Z'), 'UTC')).toBe('2026-01-05T14:00:00+00:00');
  });

  it('knows valid zones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
