import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../sequence/types';
import { adjustDue } from './away';
import { addDuration, addWorkingHours, toWorkingTime } from './working-time';

const at = (iso: string): number => Date.parse(iso);
const BERLIN = 'Europe/Berlin';
const NY = 'America/New_York';
const weekdays: Schedule = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
};
const inWorkingTime: Schedule = { ...weekdays, waitsInWorkingTime: true };

describe('working time', () => {
  it.each([
    ['inside stays', '2026-03-30T10:00:00+02:00', '2026-03-30T10:00:00+02:00'],
    ['at start stays', '2026-03-30T09:00:00+02:00', '2026-03-30T09:00:00+02:00'],
    ['before start moves to start', '2026-03-30T07:00:00+02:00', '2026-03-30T09:00:00+02:00'],
    ['exactly at end is outside', '2026-03-30T17:00:00+02:00', '2026-03-31T09:00:00+02:00'],
    ['Friday evening moves to Monday', '2026-03-27T18:00:00+01:00', '2026-03-30T09:00:00+02:00'],
    ['Saturday moves to Monday', '2026-03-28T12:00:00+01:00', '2026-03-30T09:00:00+02:00'],
  ])('%s', (_name, from, to) => {
    expect(toWorkingTime(at(from), weekdays, BERLIN)).toBe(at(to));
  });

  it('without a schedule every instant is working time', () => {
    expect(toWorkingTime(at('2026-03-28T03:00:00Z'), undefined, BERLIN)).toBe(
      at('2026-03-28T03:00:00Z'),
    );
  });

  it('adds working hours (Monday 15:00 + 4h is Tuesday 11:00)', () => {
    expect(addWorkingHours(at('2026-03-30T15:00:00+02:00'), 4, weekdays, BERLIN)).toBe(
      at('2026-03-31T11:00:00+02:00'),
    );
    // Friday 16:00 + 2h skips the weekend (and the DST change).
    expect(addWorkingHours(at('2026-03-27T16:00:00+01:00'), 2, weekdays, BERLIN)).toBe(
      at('2026-03-30T10:00:00+02:00'),
    );
    // Ending exactly at the end of a slot.
    expect(addWorkingHours(at('2026-03-30T15:00:00+02:00'), 2, weekdays, BERLIN)).toBe(
      at('2026-03-30T17:00:00+02:00'),
    );
  });

  it('waitsInWorkingTime counts working days at the same wall-clock time', () => {
    // Thursday 10:00 + 2 working days = Monday 10:00.
    expect(addDuration(at('2026-03-26T10:00:00+01:00'), { days: 2 }, inWorkingTime, BERLIN)).toBe(
      at('2026-03-30T10:00:00+02:00'),
    );
    // Thursday 18:00 + 1 working day = Friday 18:00, outside: Monday 09:00.
    expect(addDuration(at('2026-03-26T18:00:00+01:00'), { days: 1 }, inWorkingTime, BERLIN)).toBe(
      at('2026-03-30T09:00:00+02:00'),
    );
    // Days then hours: Monday 15:00 + 1 day 4 hours = Wednesday 11:00.
    expect(
      addDuration(at('2026-03-30T15:00:00+02:00'), { days: 1, hours: 4 }, inWorkingTime, BERLIN),
    ).toBe(at('2026-04-01T11:00:00+02:00'));
  });

  it('calendar waits ignore the schedule unless waitsInWorkingTime', () => {
    expect(addDuration(at('2026-03-27T10:00:00+01:00'), { days: 1 }, weekdays, BERLIN)).toBe(
      at('2026-03-28T10:00:00+01:00'),
    );
    expect(addDuration(at('2026-03-07T10:00:00-05:00'), { days: 1, hours: 2 }, undefined, NY)).toBe(
      at('2026-03-08T12:00:00-04:00'),
    );
  });

  it('New York schedule across fall back', () => {
    // Saturday 31 Oct 12:00 EDT moves to Monday 09:00 EST.
    expect(toWorkingTime(at('2026-10-31T12:00:00-04:00'), weekdays, NY)).toBe(
      at('2026-11-02T09:00:00-05:00'),
    );
  });

  it('away periods move due times to their end, then into working time', () => {
    const away = [{ start: at('2026-03-30T00:00:00+02:00'), end: at('2026-04-03T18:00:00+02:00') }];
    // Due Tuesday during a Monday–Friday-evening vacation: next Monday 09:00.
    expect(adjustDue(at('2026-03-31T10:00:00+02:00'), weekdays, BERLIN, away)).toBe(
      at('2026-04-06T09:00:00+02:00'),
    );
    // Touching periods chain.
    const chained = [
      { start: at('2026-03-30T00:00:00+02:00'), end: at('2026-03-31T00:00:00+02:00') },
      { start: at('2026-03-31T00:00:00+02:00'), end: at('2026-03-31T12:00:00+02:00') },
    ];
    expect(adjustDue(at('2026-03-30T10:00:00+02:00'), undefined, BERLIN, chained)).toBe(
      at('2026-03-31T12:00:00+02:00'),
    );
    // Outside any period: unchanged.
    expect(adjustDue(at('2026-03-27T10:00:00+01:00'), weekdays, BERLIN, away)).toBe(
      at('2026-03-27T10:00:00+01:00'),
    );
  });
});
