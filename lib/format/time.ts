/**
 * Time for people: formatting instants in the seller's IANA zone through `Intl` (no date library
 * in the content script), and `<input type="datetime-local">` values. Every conversion between
 * wall-clock time and UTC is the engine's (`lib/engine/time/zoned.ts`), so the panel, the work
 * list and the engine agree on DST gaps and calendar days; snooze presets and the 30-day rule are
 * in `lib/engine/time/snooze.ts`.
 */
import {
  DAY,
  HOUR,
  MINUTE,
  daysBetweenDates,
  fromZoned,
  toZoned,
  weekdayOf,
} from '../engine/time/zoned';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/**
 * The browser's own time zone (the fallback when the background does not name one). Chromium
 * names some zones by their pre-rename names (`Europe/Kiev`): show it with `zoneLabel`, compare it
 * with `sameZone` (zone-names.ts; kept out of here so the panel does not carry the rename table).
 */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** How long `keptBrowserTimeZone` answers without asking the browser again (ms). */
const ZONE_KEPT_MS = 60_000;

/**
 * `browserTimeZone` for a context that needs it on every message (the service worker: every
 * record message's context names the zone): asking costs about 0.2 ms (an
 * `Intl.DateTimeFormat` is built each time), so the answer is kept, and asked again a minute
 * after the last ask or as soon as the UTC offset now differs from the one it was asked at (the
 * seller's computer moved to another zone). `now`: the clock, epoch ms; `ask` and `offsetAt`
 * (minutes, as `Date#getTimezoneOffset`) are the browser's, replaced in tests.
 */
export function keptBrowserTimeZone(
  now: () => number = Date.now,
  ask: () => string = browserTimeZone,
  offsetAt: (at: number) => number = (at) => new Date(at).getTimezoneOffset(),
): () => string {
  let kept: { zone: string; at: number; offset: number } | null = null;
  return () => {
    const at = now();
    const offset = offsetAt(at);
    if (kept === null || at - kept.at >= ZONE_KEPT_MS || at < kept.at || offset !== kept.offset)
      kept = { zone: ask(), at, offset };
    return kept.zone;
  };
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

/**
 * The instant at which `timeZone` reads the given wall-clock time (the engine's conversion).
 * Month and day may overflow (day 32 is the 1st of the next month). A time that does not exist
 * that day (spring-forward gap) is the first valid instant after it, the moment the clocks
 * jumped (02:30 in Berlin on 29 March 2026 is 03:00), as the engine and the spec say.
 */
export function zonedInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  return fromZoned({ year, month, day, hour, minute, second: 0, millisecond: 0 }, timeZone);
}

// Building an Intl formatter costs far more than using one, and the panel formats every due
// time and history row on each render: one formatter per locale and options (a pure memo).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

function unitFormat(
  locale: string | undefined,
  unit: 'minute' | 'hour' | 'day',
): Intl.NumberFormat {
  const key = `${locale ?? ''}|${unit}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
    numberFormats.set(key, format);
  }
  return format;
}

/** Whole-minute duration in words, e.g. "2 hours", "3 days", "45 minutes". */
export function formatDuration(ms: number, locale?: string): string {
  const abs = Math.abs(ms);
  const unit = (value: number, name: 'minute' | 'hour' | 'day'): string =>
    unitFormat(locale, name).format(value);
  if (abs < HOUR) return unit(Math.max(1, Math.round(abs / MINUTE)), 'minute');
  if (abs < DAY) return unit(Math.round(abs / HOUR), 'hour');
  return unit(Math.round(abs / DAY), 'day');
}

/**
 * A short absolute time for the seller: "14:00" today, "Tue 14:00" within a week either way,
 * "12 Mar 14:00" further away, with the year when it differs.
 */
export function formatAbsolute(at: number, now: number, timeZone: string, locale?: string): string {
  const target = wallClock(at, timeZone);
  const today = wallClock(now, timeZone);
  const days = Math.abs(daysBetweenDates(today, target));
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
  return dateFormat(locale, options).format(at).replace(',', '');
}

/** A date and time with the weekday, for history rows and tooltips: "Tue 3 Mar, 14:00". */
export function formatDateTime(at: number, timeZone: string, locale?: string): string {
  return dateFormat(locale, {
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
  const l = toZoned(at, timeZone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(l.year).padStart(4, '0')}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}`;
}

/**
 * Reads an `<input type="datetime-local">` value ("2026-06-04T09:30") as a wall-clock time in
 * `timeZone`; null when it is not one.
 */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return zonedInstant(y, mo, d, h, mi, timeZone);
}
