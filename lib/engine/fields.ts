/**
 * Field comparison (docs/sequence-format.md, "Field ops"): the one implementation behind sequences' field
 * conditions, segments' `where` and update-field steps. Strings ignore case and surrounding white
 * space; a value that reads as a number or an ISO date compares as one; `in-last-days` /
 * `in-next-days` count calendar days in the seller's zone, today included.
 */
import type { FieldCondition, FieldOp, FieldValue } from '../sequence/types';
import { addDaysToDate, compareDates, MINUTE, toZoned, type LocalDate } from './time/zoned';
import type { RecordFieldValue } from './types';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** "Now" for the ops that count days from today: the instant and the seller's IANA zone. */
export interface FieldClock {
  now: number;
  timeZone: string;
}

function normalize(v: RecordFieldValue): string {
  return v === null ? '' : String(v).trim().toLowerCase();
}

/** The number a value reads as: numbers, and strings like " 1,200.50 " (thousands commas). */
function asNumber(v: RecordFieldValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/(?<=\d),(?=\d{3}\b)/g, '');
  return NUMBER.test(s) ? Number(s) : null;
}

interface IsoParts {
  date: LocalDate;
  /** Milliseconds after midnight of `date`, as written. */
  time: number;
  /** Minutes east of UTC; null when the text has no offset. */
  offset: number | null;
}

function isoParts(v: RecordFieldValue): IsoParts | null {
  if (typeof v !== 'string') return null;
  const m = ISO_DATE.exec(v.trim());
  if (m === null) return null;
  // Optional groups are undefined when they did not match.
  const [, y, mo, d, h, mi, s, ms, zone] = m as unknown as (string | undefined)[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const time =
    ((Number(h ?? 0) * 60 + Number(mi ?? 0)) * 60 + Number(s ?? 0)) * 1000 +
    Number((ms ?? '0').padEnd(3, '0'));
  let offset: number | null = null;
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') offset = 0;
    else {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
  }
  return { date: { year: Number(y), month, day }, time, offset };
}

/**
 * The instant an ISO date or date-time reads as. Without an offset it is read as UTC: both
 * sides of a comparison are read the same way, and the engine must not depend on the host zone.
 */
export function asDate(v: RecordFieldValue): number | null {
  const parts = isoParts(v);
  if (parts === null) return null;
  const { date, time, offset } = parts;
  return Date.UTC(date.year, date.month - 1, date.day) + time - (offset ?? 0) * MINUTE;
}

/**
 * The calendar day an ISO date falls on for the seller. A date, or a date-time without an
 * offset, is a wall-clock reading: its day is the one written. A date-time with an offset (or
 * `Z`) is an instant: its day is the one the seller's clock shows then. Null for anything else,
 * and for days that do not exist (2026-02-30).
 */
export function asCalendarDay(v: RecordFieldValue, timeZone: string): LocalDate | null {
  const parts = isoParts(v);
  if (parts === null) return null;
  const check = new Date(Date.UTC(parts.date.year, parts.date.month - 1, parts.date.day));
  if (check.getUTCDate() !== parts.date.day) return null;
  if (parts.offset === null) return parts.date;
  const instant = asDate(v);
  if (instant === null) return null;
  const local = toZoned(instant, timeZone);
  return { year: local.year, month: local.month, day: local.day };
}

function asBoolean(v: RecordFieldValue): boolean | null {
  if (typeof v === 'boolean') return v;
  const s = normalize(v);
  if (s === 'true' || s === 'yes') return true;
  if (s === 'false' || s === 'no') return false;
  return null;
}

export function isEmpty(v: RecordFieldValue | undefined): boolean {
  return v === undefined || v === null || normalize(v) === '';
}

/**
 * A value read once for every op: its normalised text, the number or instant it reads as, and
 * its yes/no reading. Comparing prepared values is what every op does, so a caller testing one
 * value against many conditions (segments: 250 segments × 10 conditions on a record's 8 fields)
 * prepares each value once instead of once per comparison.
 */
export interface PreparedValue {
  readonly raw: RecordFieldValue;
  /** Trimmed, lower-case text ('' for null). */
  readonly text: string;
  readonly number: number | null;
  readonly date: number | null;
  /** The raw value is a boolean (then equality compares yes/no readings). */
  readonly isBoolean: boolean;
  readonly boolean: boolean | null;
}

export function prepareValue(v: RecordFieldValue): PreparedValue {
  const number = asNumber(v);
  return {
    raw: v,
    text: normalize(v),
    number,
    // A value that reads as a number never reads as an ISO date: no second parse.
    date: number === null ? asDate(v) : null,
    isBoolean: typeof v === 'boolean',
    boolean: asBoolean(v),
  };
}

function comparePrepared(a: PreparedValue, b: PreparedValue): number | null {
  if (a.number !== null && b.number !== null) return a.number - b.number;
  if (a.date !== null && b.date !== null) return a.date - b.date;
  return null;
}

function equalPrepared(a: PreparedValue, b: PreparedValue): boolean {
  const o = comparePrepared(a, b);
  if (o !== null) return o === 0;
  if (a.isBoolean || b.isBoolean) return a.boolean !== null && a.boolean === b.boolean;
  return a.text === b.text;
}

/**
 * The texts a field's value must have for `condition` to hold, when equal text is what it takes:
 * `equals` or `in` whose expected values read as neither a number, a date nor yes/no (then
 * `equalPrepared` compares only the normalised text, and a yes/no value never equals them).
 * Null for every other condition. A known value can satisfy such a condition only if its
 * `equalityKeyOf` is one of these texts, so a caller can look conditions up by the value instead
 * of testing each one (segments: 250 segments that differ in the owner they route).
 */
export function equalityKeysOf(condition: FieldCondition): string[] | null {
  const { op, value } = condition;
  if (op !== 'equals' && op !== 'in') return null;
  // The expected values as `compileFieldTest` reads them for each op.
  const values =
    op === 'equals'
      ? [Array.isArray(value) ? (value[0] ?? null) : (value ?? null)]
      : Array.isArray(value)
        ? value
        : value === undefined
          ? []
          : [value];
  const keys = new Set<string>();
  for (const expected of values) {
    const prepared = prepareValue(expected);
    if (
      prepared.number !== null ||
      prepared.date !== null ||
      prepared.isBoolean ||
      prepared.boolean !== null
    )
      return null;
    keys.add(prepared.text);
  }
  return [...keys];
}

/**
 * The key of a known value for `equalityKeysOf`: its normalised text, or null for a yes/no value
 * (which equals none of those texts).
 */
export function equalityKeyOf(actual: PreparedValue): string | null {
  return actual.isBoolean ? null : actual.text;
}

/** Ordering of two values when both read as numbers, or both as dates; null otherwise. */
export function compareFieldValues(a: RecordFieldValue, b: RecordFieldValue): number | null {
  return comparePrepared(prepareValue(a), prepareValue(b));
}

export function valuesEqual(a: RecordFieldValue, b: RecordFieldValue): boolean {
  return equalPrepared(prepareValue(a), prepareValue(b));
}

/** Whole days 1.. for `in-last-days` / `in-next-days`; null for anything else. */
function dayCount(value: FieldValue | FieldValue[] | undefined): number | null {
  const n = typeof value === 'number' ? value : null;
  return n !== null && Number.isInteger(n) && n >= 1 ? n : null;
}

/**
 * `in-last-days n`: the date's calendar day is one of the n days ending today (today and the
 * n - 1 days before); `in-next-days n`: one of the n days starting today.
 */
function inDays(
  actual: RecordFieldValue,
  op: 'in-last-days' | 'in-next-days',
  days: number,
  clock: FieldClock,
): boolean {
  const day = asCalendarDay(actual, clock.timeZone);
  if (day === null) return false;
  const now = toZoned(clock.now, clock.timeZone);
  const today: LocalDate = { year: now.year, month: now.month, day: now.day };
  const from = op === 'in-last-days' ? addDaysToDate(today, -(days - 1)) : today;
  const to = op === 'in-last-days' ? today : addDaysToDate(today, days - 1);
  return compareDates(day, from) >= 0 && compareDates(day, to) <= 0;
}

/**
 * A field op with its expected value read once: applied to a prepared known value, it gives
 * what `testField` gives (null only for `in-last-days` / `in-next-days` without a clock).
 */
type FieldTest = (actual: PreparedValue, clock?: FieldClock) => boolean | null;

/** Compiles `op` and `expected` into a `FieldTest` (the one implementation of every op). */
function compileFieldTest(op: FieldOp, expected: FieldValue | FieldValue[] | undefined): FieldTest {
  const single = prepareValue(Array.isArray(expected) ? (expected[0] ?? null) : (expected ?? null));
  const ordered =
    (accept: (order: number) => boolean): FieldTest =>
    (actual) => {
      const o = comparePrepared(actual, single);
      return o !== null && accept(o);
    };
  switch (op) {
    case 'is-empty':
      return (actual) => actual.text === '';
    case 'is-not-empty':
      return (actual) => actual.text !== '';
    case 'equals':
      return (actual) => equalPrepared(actual, single);
    case 'not-equals':
      return (actual) => !equalPrepared(actual, single);
    case 'contains':
      return (actual) => actual.text.includes(single.text);
    case 'not-contains':
      return (actual) => !actual.text.includes(single.text);
    case 'begins-with':
      return (actual) => actual.text.startsWith(single.text);
    case 'ends-with':
      return (actual) => actual.text.endsWith(single.text);
    case 'in': {
      const list = (
        Array.isArray(expected) ? expected : expected === undefined ? [] : [expected]
      ).map(prepareValue);
      return (actual) => list.some((v) => equalPrepared(actual, v));
    }
    case 'greater-than':
      return ordered((o) => o > 0);
    case 'less-than':
      return ordered((o) => o < 0);
    case 'greater-or-equal':
      return ordered((o) => o >= 0);
    case 'less-or-equal':
      return ordered((o) => o <= 0);
    case 'between': {
      if (!Array.isArray(expected) || expected.length !== 2) return () => false;
      const low = prepareValue(expected[0]);
      const high = prepareValue(expected[1]);
      return (actual) => {
        const fromLow = comparePrepared(actual, low);
        const toHigh = comparePrepared(actual, high);
        return fromLow !== null && toHigh !== null && fromLow >= 0 && toHigh <= 0;
      };
    }
    case 'in-last-days':
    case 'in-next-days': {
      const days = dayCount(expected);
      return (actual, clock) => {
        if (clock === undefined) return null;
        return days !== null && inDays(actual.raw, op, days, clock);
      };
    }
  }
}

/**
 * Applies a field op to a known field value (the caller decides what an unknown field means,
 * see `testFieldCondition`). `in-last-days` / `in-next-days` need `clock`; without one they
 * cannot be decided and the result is null. Every other op gives true or false.
 */
export function testField(
  actual: RecordFieldValue,
  op: FieldOp,
  expected: FieldValue | FieldValue[] | undefined,
  clock?: FieldClock,
): boolean | null {
  return compileFieldTest(op, expected)(prepareValue(actual), clock);
}

/**
 * What a field the record does not have (never captured) means:
 * - `'ask'` (sequences): the engine does not guess; the result is `'unknown'` and the seller
 *   answers;
 * - `'empty'` (segments): `is-empty` holds and every other op does not.
 */
export type UnknownField = 'ask' | 'empty';

/**
 * A record's fields for compiled conditions: each known field's value, prepared (once per
 * record when the caller caches it); undefined for a field the record does not have.
 */
export type PreparedFields = (key: string) => PreparedValue | undefined;

/** Prepares `fields` on demand, each key once. */
export function preparedFields(fields: Readonly<Record<string, RecordFieldValue>>): PreparedFields {
  const cache = new Map<string, PreparedValue | undefined>();
  return (key) => {
    if (cache.has(key)) return cache.get(key);
    const known = Object.prototype.hasOwnProperty.call(fields, key);
    const actual = known ? fields[key] : undefined;
    const prepared = actual === undefined ? undefined : prepareValue(actual);
    cache.set(key, prepared);
    return prepared;
  };
}

/** A field condition compiled once (`compileFieldCondition`), applied to prepared fields. */
export type CompiledFieldCondition = (
  fields: PreparedFields,
  clock?: FieldClock,
) => boolean | 'unknown';

/** `testFieldCondition` with the condition read once, for callers that test it many times. */
export function compileFieldCondition(
  condition: FieldCondition,
  unknownField: UnknownField,
): CompiledFieldCondition {
  const test = compileFieldTest(condition.op, condition.value);
  const whenUnknown = unknownField === 'ask' ? 'unknown' : condition.op === 'is-empty';
  return (fields, clock) => {
    const actual = fields(condition.field);
    if (actual === undefined) return whenUnknown;
    const result = test(actual, clock);
    if (result === null) return unknownField === 'ask' ? 'unknown' : false;
    return result;
  };
}

/** A field condition against a record's fields; `'unknown'` only with `unknownField: 'ask'`. */
export function testFieldCondition(
  condition: FieldCondition,
  fields: Readonly<Record<string, RecordFieldValue>>,
  options: { unknownField: UnknownField; clock?: FieldClock | undefined },
): boolean | 'unknown' {
  return compileFieldCondition(condition, options.unknownField)(
    preparedFields(fields),
    options.clock,
  );
}
