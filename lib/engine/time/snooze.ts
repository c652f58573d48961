/**
 * Snoozing (spec section 4): the preset choices and the 30-day rule, once for the engine (which
 * decides), the panel and the work list (which offer the choices and explain a refusal before
 * sending). Pure; instants are UTC ms, the zone is the seller's.
 */
import { MAX_SNOOZE_DAYS } from '../../domain/limits';
import { HOUR, addCalendarTime, addDaysToDate, fromZoned, toZoned, weekdayOf } from './zoned';

export const SNOOZE_PRESETS = ['hour', 'four-hours', 'tomorrow', 'next-week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/**
 * When a preset ends: 1 and 4 hours of elapsed time from `now`; tomorrow at 09:00 and the next
 * Monday (a week ahead on a Monday) at 09:00 on the seller's wall clock, whatever DST does between.
 */
export function snoozeUntil(preset: SnoozePreset, now: number, timeZone: string): number {
  switch (preset) {
    case 'hour':
      return now + HOUR;
    case 'four-hours':
      return now + 4 * HOUR;
    case 'tomorrow':
    case 'next-week': {
      const today = toZoned(now, timeZone);
      // weekdayOf: 0 = Sunday. Days until the next Monday, 1..7.
      const ahead = preset === 'tomorrow' ? 1 : (8 - weekdayOf(today)) % 7 || 7;
      const day = addDaysToDate(today, ahead);
      return fromZoned({ ...day, hour: 9, minute: 0, second: 0, millisecond: 0 }, timeZone);
    }
  }
}

/**
 * The latest instant a snooze may end: the same wall-clock time `MAX_SNOOZE_DAYS` calendar days
 * after `now` in the seller's zone (30 × 24 h minus or plus an hour across a DST change).
 */
export function snoozeLimit(now: number, timeZone: string): number {
  return addCalendarTime(now, MAX_SNOOZE_DAYS, 0, timeZone);
}

export type SnoozeProblem = 'invalid' | 'past' | 'too-far';

/**
 * Why a snooze until `until` is refused at `now`, or null when it is allowed: `invalid` (no
 * instant, e.g. an unreadable date input), `past` (not after now), `too-far` (after
 * `snoozeLimit`).
 */
export function snoozeProblem(
  until: number | null,
  now: number,
  timeZone: string,
): SnoozeProblem | null {
  if (until === null || !Number.isFinite(until)) return 'invalid';
  if (until <= now) return 'past';
  if (until > snoozeLimit(now, timeZone)) return 'too-far';
  return null;
}
