/**
 * Time formatting and calendar arithmetic for the panel, in a given IANA time zone (the
 * seller's), through `Intl` only: no date library in the content script. Zone conversion is the
 * engine's (`lib/engine/time/zoned.ts`, pure and small).
 */
import { toZoned, weekdayOf } from '../engine/time/zoned';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The browser's own time zone (the fallback when the background does not name one). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The wall-clock reading of instant `at` in `timeZone` (the engine's conversion, plus the weekday). */
export function wallClock(at: number, timeZone: string): WallClock {
  const local = toZoned(at, timeZone);
  return {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    weekday: weekdayOf(local),
  };
}

function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(at / MINUTE) * MINUTE;
}

/**
 * The instant at which `timeZone` reads the given wall-clock time. Month and day may overflow
 * (day 32 is the 1st of the next month). A time that does not exist that day (spring-forward
 * gap) moves forward to the first valid instant after it, as the engine does.
 */
export function zonedInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let at = naive - offsetAt(naive, timeZone);
  at = naive - offsetAt(at, timeZone);
  const check = wallClock(at, timeZone);
  const reads = Date.UTC(check.year, check.month - 1, check.day, check.hour, check.minute);
  if (reads < naive) {
    // In a gap: step forward by the difference, which lands just after it.
    at += naive - reads;
  }
  return at;
}

/** Whole-minute duration in words, e.g. "2 hours", "3 days", "45 minutes". */
export function formatDuration(ms: number, locale?: string): string {
  const abs = Math.abs(ms);
  const unit = (value: number, name: 'minute' | 'hour' | 'day'): string =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (abs < HOUR) return unit(Math.max(1, Math.round(abs / MINUTE)), 'minute');
  if (abs < DAY) return unit(Math.round(abs / HOUR), 'hour');
  return unit(Math.round(abs / DAY), 'day');
}

function dayNumber(w: WallClock): number {
  return Math.floor(Date.UTC(w.year, w.month - 1, w.day) / DAY);
}

/**
 * A short absolute time for the seller: "14:00" today, "Tue 14:00" within a week either way,
 * "12 Mar 14:00" further away, with the year when it differs.
 */
export function formatAbsolute(at: number, now: number, timeZone: string, locale?: string): string {
  const target = wallClock(at, timeZone);
  const today = wallClock(now, timeZone);
  const days = Math.abs(dayNumber(target) - dayNumber(today));
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  if (days === 0) {
    // Time only.
  } else if (days < 7) {
    options.weekday = 'short';
  } else {
    options.day = 'numeric';
    options.month = 'short';
    if (target.year !== today.year) options.year = 'numeric';
  }
  return new Intl.DateTimeFormat(locale, options).format(at).replace(',', '');
}

/** A date and time with the weekday, for history rows and tooltips: "Tue 3 Mar, 14:00". */
export function formatDateTime(at: number, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** `YYYY-MM-DDTHH:MM` for an `<input type="datetime-local">`, read in `timeZone`. */
export function toLocalInput(at: number, timeZone: string): string {
  const w = wallClock(at, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${String(w.year)}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}

/** Parses an `<input type="datetime-local">` value as a wall-clock time in `timeZone`. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return zonedInstant(y, mo, d, h, mi, timeZone);
}

export const SNOOZE_LIMIT_MS = 30 * DAY;

export type SnoozePreset = 'hour' | 'four-hours' | 'tomorrow' | 'next-week';

/**
 * When a snooze preset ends: 1 hour and 4 hours from now; tomorrow at 9:00 and next week's
 * Monday at 9:00 in the seller's zone.
 */
export function snoozeUntil(preset: SnoozePreset, now: number, timeZone: string): number {
  const today = wallClock(now, timeZone);
  switch (preset) {
    case 'hour':
      return now + HOUR;
    case 'four-hours':
      return now + 4 * HOUR;
    case 'tomorrow':
      return zonedInstant(today.year, today.month, today.day + 1, 9, 0, timeZone);
    case 'next-week': {
      // Days until the next Monday, strictly after today (Monday → 7).
      const ahead = (8 - today.weekday) % 7 || 7;
      return zonedInstant(today.year, today.month, today.day + ahead, 9, 0, timeZone);
    }
  }
}

/** Whether a chosen snooze end is allowed: later than now and at most 30 days ahead. */
export function snoozeProblem(
  until: number | null,
  now: number,
): 'invalid' | 'past' | 'too-far' | null {
  if (until === null || Number.isNaN(until)) return 'invalid';
  if (until <= now) return 'past';
  if (until - now > SNOOZE_LIMIT_MS) return 'too-far';
  return null;
}
