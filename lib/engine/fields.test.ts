import { describe, expect, it } from 'vitest';
import type { FieldOp, FieldValue } from '../sequence/types';
import {
  asCalendarDay,
  asDate,
  compileFieldCondition,
  preparedFields,
  prepareValue,
  testField,
  testFieldCondition,
} from './fields';
import type { RecordFieldValue } from './types';

describe('field ops', () => {
  it.each<[RecordFieldValue, FieldOp, FieldValue | FieldValue[] | undefined, boolean]>([
    [' Qualified ', 'equals', 'qualified', true],
    ['Qualified', 'not-equals', 'QUALIFIED', false],
    ['1,500', 'equals', 1500, true],
    ['1500.0', 'equals', '1500', true],
    ['10', 'greater-than', 9, true],
    ['10', 'greater-than', '9', true],
    ['9', 'less-than', 10, true],
    ['abc', 'greater-than', 1, false],
    ['2026-03-01', 'less-than', '2026-03-02', true],
    ['2026-03-01T10:00:00+02:00', 'greater-than', '2026-03-01T07:30:00Z', true],
    ['Acme Corp', 'contains', 'acme', true],
    ['Acme Corp', 'not-contains', 'globex', true],
    ['b', 'in', ['A', ' B '], true],
    ['c', 'in', ['A', 'B'], false],
    ['', 'is-empty', undefined, true],
    ['  ', 'is-empty', undefined, true],
    [null, 'is-empty', undefined, true],
    ['x', 'is-not-empty', undefined, true],
    [true, 'equals', 'true', true],
    ['yes', 'equals', true, true],
    [false, 'equals', true, false],
    // begins-with / ends-with: case and surrounding white space ignored.
    ['  VP of Sales ', 'begins-with', 'vp', true],
    ['Senior VP', 'begins-with', 'vp', false],
    ['Head of Sales', 'ends-with', ' SALES', true],
    ['Sales lead', 'ends-with', 'sales', false],
    [null, 'begins-with', 'a', false],
    // Orderings: numbers and dates, equal ends included by the -or- ops.
    ['10', 'greater-or-equal', 10, true],
    ['9.5', 'greater-or-equal', 10, false],
    ['1,000', 'less-or-equal', 1000, true],
    ['2026-03-02', 'less-or-equal', '2026-03-01', false],
    ['2026-03-01T00:00:00Z', 'greater-or-equal', '2026-03-01', true],
    ['abc', 'less-or-equal', 5, false],
    [true, 'greater-or-equal', 0, false],
    // between: inclusive at both ends, numbers or dates, never mixed.
    ['10', 'between', [10, 20], true],
    ['20', 'between', [10, 20], true],
    ['20.01', 'between', [10, 20], false],
    ['9', 'between', [10, 20], false],
    ['2026-03-15', 'between', ['2026-03-01', '2026-03-31'], true],
    ['2026-04-01', 'between', ['2026-03-01', '2026-03-31'], false],
    ['15', 'between', ['2026-03-01', '2026-03-31'], false],
    ['n/a', 'between', [1, 2], false],
  ])('%j %s %j is %s', (actual, op, value, expected) => {
    expect(testField(actual, op, value)).toBe(expected);
  });

  it('reads ISO dates without depending on the host zone', () => {
    expect(asDate('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(asDate('2026-13-01')).toBeNull();
    expect(asDate('March 1')).toBeNull();
  });

  it('reads the calendar day of a date as written, and of an instant in the seller zone', () => {
    expect(asCalendarDay('2026-03-05', 'Asia/Tokyo')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(asCalendarDay('2026-03-05T23:30', 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 3,
      day: 5,
    });
    // 23:30 UTC is already the next day in Berlin (UTC+1 in March).
    expect(asCalendarDay('2026-03-05T23:30:00Z', 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 6,
    });
    expect(asCalendarDay('2026-03-05T01:00:00+02:00', 'America/New_York')).toEqual({
      year: 2026,
      month: 3,
      day: 4,
    });
    expect(asCalendarDay('2026-02-30', 'UTC')).toBeNull();
    expect(asCalendarDay(20260305, 'UTC')).toBeNull();
  });
});

describe('in-last-days and in-next-days', () => {
  // 23:30 UTC on Wednesday 11 March 2026: already Thursday 12 March in Berlin, still the 11th in
  // New York (UTC-4 since the DST change of 8 March).
  const now = Date.UTC(2026, 2, 11, 23, 30);
  const berlin = { now, timeZone: 'Europe/Berlin' };
  const newYork = { now, timeZone: 'America/New_York' };

  it.each<[RecordFieldValue, FieldOp, number, typeof berlin, boolean]>([
    ['2026-03-12', 'in-last-days', 7, berlin, true], // today
    ['2026-03-06', 'in-last-days', 7, berlin, true], // the 7th day back, today counted
    ['2026-03-05', 'in-last-days', 7, berlin, false],
    ['2026-03-13', 'in-last-days', 7, berlin, false], // the future is not in the last days
    ['2026-03-12', 'in-last-days', 1, berlin, true],
    ['2026-03-11', 'in-last-days', 1, berlin, false],
    ['2026-03-05T23:30:00Z', 'in-last-days', 7, berlin, true], // 6 March 00:30 in Berlin
    ['2026-03-12', 'in-last-days', 7, newYork, false], // tomorrow in New York
    ['2026-03-05', 'in-last-days', 7, newYork, true],
    ['2026-03-12', 'in-next-days', 1, berlin, true],
    ['2026-03-13', 'in-next-days', 1, berlin, false],
    ['2026-03-18', 'in-next-days', 7, berlin, true],
    ['2026-03-19', 'in-next-days', 7, berlin, false],
    ['2026-03-11', 'in-next-days', 7, berlin, false], // yesterday in Berlin
    ['2026-03-11', 'in-next-days', 7, newYork, true], // today in New York
    ['not a date', 'in-next-days', 7, berlin, false],
    [null, 'in-last-days', 7, berlin, false],
  ])('%j %s %d (%o) is %s', (actual, op, days, clock, expected) => {
    expect(testField(actual, op, days, clock)).toBe(expected);
  });

  it('counts calendar days across a daylight-saving change', () => {
    // Berlin springs forward on Sunday 29 March 2026: that day has 23 hours.
    const clock = { now: Date.UTC(2026, 2, 30, 8), timeZone: 'Europe/Berlin' };
    expect(testField('2026-03-28', 'in-last-days', 3, clock)).toBe(true);
    expect(testField('2026-03-27', 'in-last-days', 3, clock)).toBe(false);
    expect(testField('2026-03-28T23:30:00Z', 'in-last-days', 2, clock)).toBe(true);
  });

  it('cannot decide without a clock', () => {
    expect(testField('2026-03-12', 'in-last-days', 7)).toBeNull();
  });
});

describe('unknown fields', () => {
  const fields = { title: 'VP Sales', empty: null };

  it('in sequences, a field nobody captured needs an answer', () => {
    const ask = { unknownField: 'ask' } as const;
    expect(testFieldCondition({ field: 'grade', op: 'equals', value: 'A' }, fields, ask)).toBe(
      'unknown',
    );
    expect(testFieldCondition({ field: 'grade', op: 'is-empty' }, fields, ask)).toBe('unknown');
    expect(testFieldCondition({ field: 'empty', op: 'is-empty' }, fields, ask)).toBe(true);
    expect(testFieldCondition({ field: 'title', op: 'in-last-days', value: 3 }, fields, ask)).toBe(
      'unknown',
    );
  });

  it('in segments, an unknown field is empty for is-empty and false for every other op', () => {
    const empty = { unknownField: 'empty' } as const;
    expect(testFieldCondition({ field: 'grade', op: 'is-empty' }, fields, empty)).toBe(true);
    expect(testFieldCondition({ field: 'grade', op: 'is-not-empty' }, fields, empty)).toBe(false);
    expect(
      testFieldCondition({ field: 'grade', op: 'not-equals', value: 'A' }, fields, empty),
    ).toBe(false);
    expect(
      testFieldCondition({ field: 'grade', op: 'not-contains', value: 'A' }, fields, empty),
    ).toBe(false);
    expect(testFieldCondition({ field: 'title', op: 'contains', value: 'vp' }, fields, empty)).toBe(
      true,
    );
  });

  it('does not read keys inherited from Object.prototype as fields', () => {
    expect(
      testFieldCondition({ field: 'toString', op: 'is-not-empty' }, {}, { unknownField: 'empty' }),
    ).toBe(false);
  });
});

describe('compiled field conditions', () => {
  it('are reused across records without carrying one record into the next', () => {
    const compiled = compileFieldCondition(
      { field: 'score', op: 'greater-than', value: 10 },
      'empty',
    );
    expect(compiled(preparedFields({ score: '1,200' }))).toBe(true);
    expect(compiled(preparedFields({ score: '9' }))).toBe(false);
    expect(compiled(preparedFields({}))).toBe(false);
    const asking = compileFieldCondition({ field: 'score', op: 'greater-than', value: 10 }, 'ask');
    expect(asking(preparedFields({}))).toBe('unknown');
  });

  it('prepare a value once with every reading the ops use', () => {
    expect(prepareValue(' 1,200.5 ')).toMatchObject({
      text: '1,200.5',
      number: 1200.5,
      date: null,
    });
    expect(prepareValue('2026-03-01')).toMatchObject({ number: null, date: Date.UTC(2026, 2, 1) });
    expect(prepareValue('Yes')).toMatchObject({ text: 'yes', isBoolean: false, boolean: true });
    expect(prepareValue(false)).toMatchObject({ isBoolean: true, boolean: false });
    expect(prepareValue(null)).toMatchObject({ text: '', number: null, boolean: null });
  });
});
