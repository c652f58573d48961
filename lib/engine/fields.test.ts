import { describe, expect, it } from 'vitest';
import type { FieldOp, FieldValue } from '../sequence/types';
import { asDate, testField } from './fields';
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
  ])('%j %s %j is %s', (actual, op, value, expected) => {
    expect(testField(actual, op, value)).toBe(expected);
  });

  it('reads ISO dates without depending on the host zone', () => {
    expect(asDate('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(asDate('2026-13-01')).toBeNull();
    expect(asDate('March 1')).toBeNull();
  });
});
