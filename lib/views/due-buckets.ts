/**
 * Day boundaries in the seller's time zone, for "overdue / today / tomorrow / this week".
 * Pure; DST-correct through the engine's zoned time.
 */
import { addDaysToDate, fromZoned, toZoned, weekdayOf } from '../engine/time/zoned';

export interface DayBounds {
  /** Start of today. */
  today: number;
  tomorrow: number;
  dayAfter: number;
  /** Start of next Monday: "this week" runs until then. */
  nextWeek: number;
}

export function dayBounds(now: number, timeZone: string): DayBounds {
  const local = toZoned(now, timeZone);
  const date = { year: local.year, month: local.month, day: local.day };
  const start = (offset: number) =>
    fromZoned(
      { ...addDaysToDate(date, offset), hour: 0, minute: 0, second: 0, millisecond: 0 },
      timeZone,
    );
  // getUTCDay: 0 is Sunday. Days until next Monday: Monday→7, Sunday→1.
  const weekday = weekdayOf(date);
  const untilMonday = (8 - weekday) % 7 || 7;
  return { today: start(0), tomorrow: start(1), dayAfter: start(2), nextWeek: start(untilMonday) };
}

export type DueBucket = 'overdue' | 'today' | 'tomorrow' | 'later';

/** Overdue means due on an earlier day; something due earlier today is "today" (and due now). */
export function bucketOf(dueAt: number, bounds: DayBounds): DueBucket {
  if (dueAt < bounds.today) return 'overdue';
  if (dueAt < bounds.tomorrow) return 'today';
  if (dueAt < bounds.dayAfter) return 'tomorrow';
  return 'later';
}
