import { describe, expect, it } from 'vitest';

import { row, summary } from '../models/worklist-test-kit';
import { snoozeUntil } from '../engine/time/snooze';
import { fromLocalInput as parseLocalInput, toLocalInput } from '../format/time';
import {
  DEFAULT_FILTERS,
  bucketOf,
  customSnoozeProblem,
  dayBounds,
  dueLabel,
  filterItems,
  prepareRows,
  sortItems,
  tagsOf,
  type WorkFilters,
} from './worklist-query';

const utc = (iso: string): number => Date.parse(iso);

describe('dayBounds and bucketOf', () => {
  const cases: { name: string; zone: string; now: string; due: string; bucket: string }[] = [
    {
      name: 'earlier the same day is today',
      zone: 'Europe/Berlin',
      now: '2026-06-04T10:00:00Z',
      due: '2026-06-04T05:00:00Z',
      bucket: 'today',
    },
    {
      name: 'yesterday evening is overdue',
      zone: 'Europe/Berlin',
      now: '2026-06-04T10:00:00Z',
      due: '2026-06-03T21:59:00Z',
      bucket: 'overdue',
    },
    {
      name: 'local midnight starts today',
      zone: 'Europe/Berlin',
      now: '2026-06-04T10:00:00Z',
      due: '2026-06-03T22:00:00Z',
      bucket: 'today',
    },
    {
      name: 'one minute before midnight, 00:01 is tomorrow',
      zone: 'Europe/Berlin',
      now: '2026-06-04T21:59:00Z',
      due: '2026-06-04T22:01:00Z',
      bucket: 'tomorrow',
    },
    {
      name: 'one minute after midnight, 23:59 is overdue',
      zone: 'Europe/Berlin',
      now: '2026-06-04T22:01:00Z',
      due: '2026-06-04T21:59:00Z',
      bucket: 'overdue',
    },
    {
      name: 'the day after tomorrow is later',
      zone: 'Europe/Berlin',
      now: '2026-06-04T10:00:00Z',
      due: '2026-06-05T22:00:00Z',
      bucket: 'later',
    },
    {
      name: 'UTC-5 zone: 01:00Z is still yesterday evening',
      zone: 'America/New_York',
      now: '2026-01-10T15:00:00Z',
      due: '2026-01-10T01:00:00Z',
      bucket: 'overdue',
    },
    // Spring forward in New York (2026-03-08, 02:00 -> 03:00): a 23-hour day.
    {
      name: 'DST gap day: 23:30 EDT is still today',
      zone: 'America/New_York',
      now: '2026-03-08T14:00:00Z',
      due: '2026-03-09T03:30:00Z',
      bucket: 'today',
    },
    {
      name: 'DST gap day: 00:30 EDT next day is tomorrow',
      zone: 'America/New_York',
      now: '2026-03-08T14:00:00Z',
      due: '2026-03-09T04:30:00Z',
      bucket: 'tomorrow',
    },
    // Fall back in Berlin (2026-10-25, 03:00 -> 02:00): a 25-hour day.
    {
      name: 'DST overlap day: 23:30 CET is still today',
      zone: 'Europe/Berlin',
      now: '2026-10-25T09:00:00Z',
      due: '2026-10-25T22:30:00Z',
      bucket: 'today',
    },
    {
      name: 'DST overlap day: 00:30 CET next day is tomorrow',
      zone: 'Europe/Berlin',
      now: '2026-10-25T09:00:00Z',
      due: '2026-10-25T23:30:00Z',
      bucket: 'tomorrow',
    },
  ];
  it.each(cases)('$name', ({ zone, now, due, bucket }) => {
    expect(bucketOf(utc(due), dayBounds(utc(now), zone))).toBe(bucket);
  });

  it('day lengths follow the calendar across DST', () => {
    const spring = dayBounds(utc('2026-03-08T14:00:00Z'), 'America/New_York');
    expect(spring.tomorrow - spring.today).toBe(23 * 3_600_000);
    const fall = dayBounds(utc('2026-10-25T09:00:00Z'), 'Europe/Berlin');
    expect(fall.tomorrow - fall.today).toBe(25 * 3_600_000);
    expect(fall.today).toBe(utc('2026-10-24T22:00:00Z'));
    expect(fall.weekEnd).toBe(utc('2026-10-31T23:00:00Z'));
  });
});

describe('filterItems', () => {
  const now = utc('2026-06-04T10:00:00Z'); // Thursday, 12:00 in Berlin
  const bounds = dayBounds(now, 'Europe/Berlin');
  const rows = [
    row({
      id: 'a',
      recordName: 'Ada Lovelace',
      dueAt: utc('2026-06-01T07:00:00Z'),
      stepType: 'call',
      stepName: 'Discovery call',
    }),
    row({
      id: 'b',
      recordName: 'Grace Hopper',
      entity: 'contact',
      dueAt: utc('2026-06-04T07:00:00Z'),
      stepType: 'email',
      stepName: 'Intro email',
    }),
    row({
      id: 'c',
      recordName: 'Alan Turing',
      dueAt: utc('2026-06-05T07:00:00Z'),
      sequenceId: 'seq-renewal',
      sequenceName: 'Renewal',
    }),
    row({
      id: 'd',
      recordName: 'Katherine Johnson',
      dueAt: utc('2026-06-08T07:00:00Z'),
      stepType: 'task',
      stepName: 'Send proposal',
    }),
    row({ id: 'e', recordName: 'Edsger Dijkstra', dueAt: utc('2026-06-20T07:00:00Z') }),
    row({ id: 'waiting', dueAt: undefined }),
    row({ id: 'ended', status: 'completed' }),
  ];
  const items = sortItems(prepareRows(rows), 'due');
  const sequences = [
    summary('seq-outbound', 'Outbound', ['q3', 'outbound']),
    summary('seq-renewal', 'Renewal', ['renewal']),
  ];
  const ids = (filters: Partial<WorkFilters>): string[] =>
    filterItems(items, { ...DEFAULT_FILTERS, ...filters }, bounds, sequences).items.map(
      (item) => item.id,
    );

  it('keeps only active rows that need the seller', () => {
    expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it.each([
    { filters: { due: 'overdue' }, expected: ['a'] },
    { filters: { due: 'today' }, expected: ['b'] },
    { filters: { due: 'tomorrow' }, expected: ['c'] },
    { filters: { due: 'week' }, expected: ['a', 'b', 'c', 'd'] },
    { filters: { due: 'all' }, expected: ['a', 'b', 'c', 'd', 'e'] },
    { filters: { entity: 'contact' }, expected: ['b'] },
    { filters: { stepType: 'task' }, expected: ['d'] },
    { filters: { sequenceId: 'seq-renewal' }, expected: ['c'] },
    { filters: { tag: 'renewal' }, expected: ['c'] },
    { filters: { tag: 'nobody-has-this' }, expected: [] },
    { filters: { search: 'ada' }, expected: ['a'] },
    { filters: { search: '  INTRO ' }, expected: ['b'] },
    { filters: { search: 'renew' }, expected: ['c'] },
    { filters: { search: 'proposal', due: 'week' }, expected: ['d'] },
    { filters: { search: 'call', entity: 'lead' }, expected: ['a', 'c', 'e'] },
  ] as { filters: Partial<WorkFilters>; expected: string[] }[])(
    '$filters',
    ({ filters, expected }) => {
      expect(ids(filters)).toEqual(expected);
    },
  );

  it('counts each due filter over the other filters', () => {
    expect(filterItems(items, DEFAULT_FILTERS, bounds, sequences).counts).toEqual({
      overdue: 1,
      today: 1,
      tomorrow: 1,
      week: 4,
      all: 5,
    });
    expect(
      filterItems(items, { ...DEFAULT_FILTERS, due: 'overdue', entity: 'lead' }, bounds, sequences)
        .counts,
    ).toEqual({
      overdue: 1,
      today: 0,
      tomorrow: 1,
      week: 3,
      all: 4,
    });
  });

  it('leaves out rows waiting to be sent', () => {
    expect(
      filterItems(items, DEFAULT_FILTERS, bounds, sequences, new Set(['a', 'c'])).items.map(
        (item) => item.id,
      ),
    ).toEqual(['b', 'd', 'e']);
  });
});

describe('sortItems', () => {
  const rows = prepareRows([
    row({ id: '1', recordName: 'zoe', sequenceName: 'B', stepType: 'email', dueAt: 3 }),
    row({ id: '2', recordName: 'Adam', sequenceName: 'a', stepType: 'task', dueAt: 2 }),
    row({ id: '3', recordName: 'Émile', sequenceName: 'C', stepType: 'call', dueAt: 1 }),
    row({ id: '4', recordName: 'adam', sequenceName: 'a', stepType: 'call', dueAt: 1 }),
  ]);
  it.each([
    // Rows due at the same instant in id order, the order of the work-list index (3 before 4).
    { sort: 'due', expected: ['3', '4', '2', '1'] },
    { sort: 'name', expected: ['4', '2', '3', '1'] },
    { sort: 'sequence', expected: ['4', '2', '1', '3'] },
    { sort: 'type', expected: ['3', '4', '1', '2'] },
  ] as const)('by $sort', ({ sort, expected }) => {
    expect(sortItems(rows, sort).map((item) => item.id)).toEqual(expected);
  });
});

describe('labels', () => {
  const bounds = dayBounds(utc('2026-06-04T10:00:00Z'), 'Europe/Berlin');
  it.each([
    { due: '2026-06-02T07:00:00Z', text: 'Overdue · Tue, Jun 2, 09:00' },
    { due: '2026-06-04T12:30:00Z', text: 'Today, 14:30' },
    { due: '2026-06-05T07:00:00Z', text: 'Tomorrow, 09:00' },
    { due: '2026-06-09T07:00:00Z', text: 'Tue, Jun 9, 09:00' },
  ])('$text', ({ due, text }) => {
    expect(dueLabel(utc(due), bounds, 'en-US-u-hc-h23').text).toBe(text);
  });
  it('marks steps whose time has passed', () => {
    expect(dueLabel(utc('2026-06-04T07:00:00Z'), bounds).dueNow).toBe(true);
    expect(dueLabel(utc('2026-06-04T17:00:00Z'), bounds).dueNow).toBe(false);
  });
});

describe('snooze', () => {
  const zone = 'Europe/Berlin';
  const thursday = utc('2026-06-04T10:00:00Z');
  it.each([
    { choice: 'hour', now: thursday, until: '2026-06-04T11:00:00Z' },
    { choice: 'four-hours', now: thursday, until: '2026-06-04T14:00:00Z' },
    { choice: 'tomorrow', now: thursday, until: '2026-06-05T07:00:00Z' },
    { choice: 'next-week', now: thursday, until: '2026-06-08T07:00:00Z' },
    // On a Monday, next week is the following Monday.
    { choice: 'next-week', now: utc('2026-06-08T10:00:00Z'), until: '2026-06-15T07:00:00Z' },
    // Tomorrow 9:00 across the spring-forward night: 07:00Z, not 08:00Z.
    { choice: 'tomorrow', now: utc('2026-03-28T12:00:00Z'), until: '2026-03-29T07:00:00Z' },
  ] as const)('$choice from $now', ({ choice, now, until }) => {
    expect(snoozeUntil(choice, now, zone)).toBe(utc(until));
  });

  it('reads and writes datetime-local values in the zone', () => {
    expect(parseLocalInput('2026-06-05T09:30', zone)).toBe(utc('2026-06-05T07:30:00Z'));
    expect(toLocalInput(utc('2026-06-05T07:30:00Z'), zone)).toBe('2026-06-05T09:30');
    expect(parseLocalInput('nonsense', zone)).toBeNull();
  });

  it.each([
    { until: null, problem: 'Pick a date and time.' },
    { until: thursday - 1, problem: 'Pick a time in the future.' },
    { until: thursday + 30 * 86_400_000, problem: null },
    { until: thursday + 31 * 86_400_000, problem: 'A step can be snoozed at most 30 days ahead.' },
  ])('custom $until', ({ until, problem }) => {
    expect(customSnoozeProblem(until, thursday, zone)).toBe(problem);
  });
});

it('tagsOf lists each tag once, sorted', () => {
  expect(
    tagsOf([summary('a', 'A', ['q3', 'Outbound']), summary('b', 'B', ['q3', 'events'])]),
  ).toEqual(['events', 'Outbound', 'q3']);
});

it('filters 10,000 rows quickly (a smoke check, not a benchmark)', () => {
  const many = prepareRows(
    Array.from({ length: 10_000 }, (_, i) =>
      row({
        id: `r${i}`,
        recordName: `Record ${i}`,
        sequenceName: `Sequence ${i % 40}`,
        dueAt: utc('2026-06-01T00:00:00Z') + i * 600_000,
      }),
    ),
  );
  const bounds = dayBounds(utc('2026-06-04T10:00:00Z'), 'Europe/Berlin');
  const t0 = performance.now();
  const sorted = sortItems(many, 'name');
  const t1 = performance.now();
  let shown = 0;
  for (const search of ['r', 're', 'rec', 'reco', 'record 12']) {
    shown = filterItems(sorted, { ...DEFAULT_FILTERS, search }, bounds, []).items.length;
  }
  const t2 = performance.now();
  expect(shown).toBe(111);
  console.info(
    `[worklist] 10k rows: sort by name ${(t1 - t0).toFixed(1)} ms, 5 searches ${(t2 - t1).toFixed(1)} ms`,
  );
});
