/**
 * Zoned <-> UTC conversion with nothing but `Intl.DateTimeFormat` (full ICU in Node 20 and in
 * every browser we ship to), so the engine has no date dependency. Instants are UTC
 * milliseconds; a `LocalDateTime` is a wall-clock reading in one IANA zone.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
// A memo of a pure function, so the engine stays deterministic.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Berlin`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of instant `utc` in `timeZone`. */
export function toZoned(utc: number, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(new Date(utc));
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value);
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      case 'era':
        bc = p.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (bc) year = 1 - year;
  const millisecond = ((utc % 1000) + 1000) % 1000;
  return { year, month, day, hour, minute, second, millisecond };
}

/** The wall-clock reading as if it were UTC: a number to do arithmetic with. */
function wallNumber(l: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(l.year, l.month - 1, l.day);
  d.setUTCHours(l.hour, l.minute, l.second, l.millisecond);
  return d.getTime();
}

function fromWallNumber(n: number): LocalDateTime {
  const d = new Date(n);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/** Offset of `timeZone` at `utc` in ms (local minus UTC; +2h in Berlin summer time). */
export function offsetAt(utc: number, timeZone: string): number {
  return wallNumber(toZoned(utc, timeZone)) - utc;
}

/**
 * The instant at which the wall clock in `timeZone` reads `local`. Fields may overflow
 * (day 32, hour 25) and are normalized first. In a fall-back overlap (the hour happens twice)
 * the earlier instant wins; in a spring-forward gap (the time does not exist) the result is the
 * first valid instant after it, i.e. the moment the clocks jumped (docs/sequence-format.md, "Time").
 */
export function fromZoned(local: LocalDateTime, timeZone: string): number {
  const wall = wallNumber(local);
  const offsets = new Set([
    offsetAt(wall - DAY, timeZone),
    offsetAt(wall, timeZone),
    offsetAt(wall + DAY, timeZone),
  ]);
  let best: number | null = null;
  for (const o of offsets) {
    const utc = wall - o;
    if (offsetAt(utc, timeZone) === o && (best === null || utc < best)) best = utc;
  }
  if (best !== null) return best;
  // Gap: before the jump the offset is the smaller one. Binary-search the jump instant between
  // "wall read with the later offset" (still before the jump) and "with the earlier" (after).
  const sorted = [...offsets].sort((a, b) => a - b);
  const small = sorted[0] ?? 0;
  const large = sorted[sorted.length - 1] ?? 0;
  let lo = wall - large; // offset here is still `small`
  let hi = wall - small; // offset here is already `large`
  const before = offsetAt(lo, timeZone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Calendar date `n` days after `date` (n may be negative). */
export function addDaysToDate(date: LocalDate, n: number): LocalDate {
  const l = fromWallNumber(
    wallNumber({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }) + n * DAY,
  );
  return { year: l.year, month: l.month, day: l.day };
}

/** 0 = Sunday .. 6 = Saturday, like `Date#getUTCDay`. */
export function weekdayOf(date: LocalDate): number {
  return new Date(
    wallNumber({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }),
  ).getUTCDay();
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetweenDates(from: LocalDate, to: LocalDate): number {
  const midnight = (d: LocalDate): number =>
    wallNumber({ ...d, hour: 0, minute: 0, second: 0, millisecond: 0 });
  return Math.round((midnight(to) - midnight(from)) / DAY);
}

/** Compares calendar dates: negative, 0 or positive. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * `days` calendar days later at the same wall-clock time, then `hours` of elapsed time
 * (docs/sequence-format.md, "Time": Monday 10:00 + 2 days is Wednesday 10:00 even across a DST change).
 */
export function addCalendarTime(
  utc: number,
  days: number,
  hours: number,
  timeZone: string,
): number {
  let t = utc;
  if (days !== 0) {
    const l = toZoned(utc, timeZone);
    t = fromZoned({ ...l, ...addDaysToDate(l, days) }, timeZone);
  }
  return t + hours * HOUR;
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** `2026-03-30T09:00:00+02:00`: the instant as read in `timeZone`, to the second. */
export function formatInstant(utc: number, timeZone: string): string {
  const whole = Math.floor(utc / 1000) * 1000;
  const l = toZoned(whole, timeZone);
  const offsetMinutes = Math.round(offsetAt(whole, timeZone) / MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const year = l.year < 0 ? `-${pad(l.year, 6)}` : pad(l.year, 4);
  return (
    `${year}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}` +
    `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  );
}

/** Parses `HH:MM` (24-hour) into minutes after midnight; null when malformed. */
export function parseClock(text: string): number | null {
  // "24:00" reads as the end of the day, so a schedule can run to midnight.
  if (text === '24:00') return 24 * 60;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (m === null) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}
