/**
 * Working time (docs/sequence-format.md, "Time", `schedule`): when steps the seller acts on become due, and
 * waits counted in working days and hours when `waitsInWorkingTime` is set.
 */
import type { Duration, Schedule } from '../../sequence/types';
import { WEEKDAYS } from '../../sequence/types';
import {
  HOUR,
  addCalendarTime,
  addDaysToDate,
  fromZoned,
  parseClock,
  toZoned,
  weekdayOf,
  type LocalDate,
} from './zoned';

interface Slot {
  start: number;
  end: number;
}

// WEEKDAYS starts on Monday; Date#getUTCDay on Sunday.
function weekdayName(date: LocalDate): string {
  return WEEKDAYS[(weekdayOf(date) + 6) % 7] ?? 'mon';
}

/** The working slot on local `date`, or null when it is not a working day. */
function slotOn(date: LocalDate, schedule: Schedule, timeZone: string): Slot | null {
  if (!(schedule.days as string[]).includes(weekdayName(date))) return null;
  const start = parseClock(schedule.start);
  const end = parseClock(schedule.end);
  if (start === null || end === null || end <= start) return null;
  const at = (minutes: number): number =>
    fromZoned(
      {
        ...date,
        hour: Math.floor(minutes / 60),
        minute: minutes % 60,
        second: 0,
        millisecond: 0,
      },
      timeZone,
    );
  const slot = { start: at(start), end: at(end) };
  // A slot swallowed by a DST gap is empty: treat the day as not working.
  return slot.end > slot.start ? slot : null;
}

/**
 * The first slot that ends after `utc` (it may have started already). Null only for a schedule
 * with no usable day, which the pack schema rejects.
 */
function nextSlot(utc: number, schedule: Schedule, timeZone: string): Slot | null {
  const today = toZoned(utc, timeZone);
  // Start a day early: a slot that crosses midnight in UTC terms is still found.
  for (let i = -1; i <= 8; i++) {
    const slot = slotOn(addDaysToDate(today, i), schedule, timeZone);
    if (slot !== null && utc < slot.end) return slot;
  }
  return null;
}

/**
 * `utc` if it is working time, else the start of the next working slot. A due time exactly at
 * `end` is outside (docs/sequence-format.md, "Time"). Without a schedule every instant is working time.
 */
export function toWorkingTime(
  utc: number,
  schedule: Schedule | undefined,
  timeZone: string,
): number {
  if (schedule === undefined) return utc;
  const slot = nextSlot(utc, schedule, timeZone);
  return slot === null ? utc : Math.max(utc, slot.start);
}

/** `hours` of working time after `utc` (Monday 15:00 + 4h, 09:00–17:00, is Tuesday 11:00). */
export function addWorkingHours(
  utc: number,
  hours: number,
  schedule: Schedule,
  timeZone: string,
): number {
  let remaining = hours * HOUR;
  let cur = utc;
  for (let guard = 0; guard < 10_000; guard++) {
    const slot = nextSlot(cur, schedule, timeZone);
    if (slot === null) return cur + remaining;
    cur = Math.max(cur, slot.start);
    if (remaining <= slot.end - cur) return cur + remaining;
    remaining -= slot.end - cur;
    cur = slot.end;
  }
  return cur + remaining;
}

/**
 * The same wall-clock time on the `days`-th next working day, moved into working time if
 * outside (docs/sequence-format.md, "Time", `waitsInWorkingTime`).
 */
function addWorkingDays(utc: number, days: number, schedule: Schedule, timeZone: string): number {
  if (days === 0) return toWorkingTime(utc, schedule, timeZone);
  const local = toZoned(utc, timeZone);
  let date: LocalDate = local;
  let counted = 0;
  for (let guard = 0; counted < days && guard < 10_000; guard++) {
    date = addDaysToDate(date, 1);
    if (slotOn(date, schedule, timeZone) !== null) counted++;
  }
  return toWorkingTime(fromZoned({ ...local, ...date }, timeZone), schedule, timeZone);
}

/**
 * When a wait (or a condition's `within` window) that starts at `utc` ends: calendar time, or
 * working days then working hours when the schedule says `waitsInWorkingTime`.
 */
export function addDuration(
  utc: number,
  duration: Duration,
  schedule: Schedule | undefined,
  timeZone: string,
): number {
  const days = duration.days ?? 0;
  const hours = duration.hours ?? 0;
  if (schedule?.waitsInWorkingTime === true) {
    const afterDays = days > 0 ? addWorkingDays(utc, days, schedule, timeZone) : utc;
    return hours > 0 ? addWorkingHours(afterDays, hours, schedule, timeZone) : afterDays;
  }
  return addCalendarTime(utc, days, hours, timeZone);
}
