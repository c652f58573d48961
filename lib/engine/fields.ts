/**
 * Field comparison for conditions and update-field steps (docs/sequence-format.md, "Conditions"):
 * strings ignore case and surrounding white space; a value that reads as a number or an ISO
 * date compares as one.
 */
import type { FieldOp, FieldValue } from '../sequence/types';
import type { RecordFieldValue } from './types';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

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

/**
 * The instant an ISO date or date-time reads as. Without an offset it is read as UTC: both
 * sides of a comparison are read the same way, and the engine must not depend on the host zone.
 */
export function asDate(v: RecordFieldValue): number | null {
  if (typeof v !== 'string') return null;
  const m = ISO_DATE.exec(v.trim());
  if (m === null) return null;
  // Optional groups are undefined when they did not match.
  const [, y, mo, d, h, mi, s, ms, zone] = m as unknown as (string | undefined)[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let t = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((ms ?? '0').padEnd(3, '0')),
  );
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return t;
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

/** Ordering of two values when both read as numbers, or both as dates; null otherwise. */
function order(a: RecordFieldValue, b: RecordFieldValue): number | null {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return na - nb;
  const da = asDate(a);
  const db = asDate(b);
  if (da !== null && db !== null) return da - db;
  return null;
}

export function valuesEqual(a: RecordFieldValue, b: RecordFieldValue): boolean {
  const o = order(a, b);
  if (o !== null) return o === 0;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const ba = asBoolean(a);
    return ba !== null && ba === asBoolean(b);
  }
  return normalize(a) === normalize(b);
}

/** Applies a field op to a known field value (the caller handles unknown fields). */
export function testField(
  actual: RecordFieldValue,
  op: FieldOp,
  expected: FieldValue | FieldValue[] | undefined,
): boolean {
  const single: FieldValue | null = Array.isArray(expected)
    ? (expected[0] ?? null)
    : (expected ?? null);
  switch (op) {
    case 'is-empty':
      return isEmpty(actual);
    case 'is-not-empty':
      return !isEmpty(actual);
    case 'equals':
      return valuesEqual(actual, single);
    case 'not-equals':
      return !valuesEqual(actual, single);
    case 'contains':
      return normalize(actual).includes(normalize(single));
    case 'not-contains':
      return !normalize(actual).includes(normalize(single));
    case 'in': {
      const list = Array.isArray(expected) ? expected : expected === undefined ? [] : [expected];
      return list.some((v) => valuesEqual(actual, v));
    }
    case 'greater-than': {
      const o = order(actual, single);
      return o !== null && o > 0;
    }
    case 'less-than': {
      const o = order(actual, single);
      return o !== null && o < 0;
    }
  }
}
