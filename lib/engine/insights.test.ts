import { describe, expect, it } from 'vitest';

import {
  inProgressOn,
  median,
  previousWindow,
  statsTable,
  weeklySeries,
  windowOf,
  windowStats,
} from './insights';
import { connectionRollup, dayOf, emptyCounts, type DayRollup } from './rollup';
import { DAY } from './time/zoned';
import type { Connection } from './types';

const NOW = Date.parse('2026-11-29T10:00:00Z');
const TODAY = dayOf(NOW);

function row(day: number, counts: Partial<DayRollup>, version = 1, sequenceId = 's'): DayRollup {
  return { sequenceId, version, day, ...emptyCounts(), ...counts };
}

describe('windows', () => {
  it('the last N days end today; the previous window has the same length just before', () => {
    expect(windowOf({ days: 30 }, NOW)).toEqual({ from: TODAY - 29, to: TODAY });
    expect(windowOf({ days: 365 }, NOW)).toEqual({ from: TODAY - 364, to: TODAY });
    expect(previousWindow({ from: TODAY - 29, to: TODAY })).toEqual({
      from: TODAY - 59,
      to: TODAY - 30,
    });
  });

  it('a custom range is whole days in either order', () => {
    expect(windowOf({ from: 100, to: 90 }, NOW)).toEqual({ from: 90, to: 100 });
  });
});

describe('window statistics', () => {
  const rows = [
    row(TODAY, {
      connected: 3,
      completed: 1,
      successes: 1,
      completionMs: [2 * DAY],
      stepsCompleted: 6,
    }),
    row(TODAY - 10, { connected: 1, exited: 1, disconnected: 1, successes: 1, completionMs: [] }),
    row(TODAY - 20, {
      completed: 2,
      successes: 0,
      completionMs: [4 * DAY, 10 * DAY],
      stepsCompleted: 3,
    }),
    // outside the 30 days, inside the previous window
    row(TODAY - 40, { completed: 2, successes: 2, completionMs: [1, 1] }),
    // a year ago: outside both
    row(TODAY - 200, { connected: 50 }),
  ];

  it('adds up only the days in the window', () => {
    const stats = windowStats(rows, windowOf({ days: 30 }, NOW), 7);
    expect(stats.connected).toBe(4);
    expect(stats.completed).toBe(3);
    expect(stats.exited).toBe(1);
    expect(stats.disconnected).toBe(1);
    expect(stats.inProgress).toBe(7);
    expect(stats.stepsCompleted).toBe(9);
    expect(stats.stepsPerDay).toBeCloseTo(9 / 30);
  });

  it('success rate is successes over records that left; the trend is in points against the previous window', () => {
    const stats = windowStats(rows, windowOf({ days: 30 }, NOW), 0);
    // 2 successes of 5 that left (3 completed, 1 exited, 1 disconnected); before: 2 of 2.
    expect(stats.successRate).toBeCloseTo(0.4);
    expect(stats.successTrend).toBeCloseTo(-60);
  });

  it('median and average time to complete', () => {
    const stats = windowStats(rows, windowOf({ days: 30 }, NOW), 0);
    expect(stats.medianCompleteMs).toBe(4 * DAY);
    expect(stats.averageCompleteMs).toBeCloseTo((16 * DAY) / 3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('without anyone leaving, the rate and trend are unknown, not 0 %', () => {
    const stats = windowStats([row(TODAY, { connected: 2 })], windowOf({ days: 30 }, NOW), 2);
    expect(stats.successRate).toBeNull();
    expect(stats.successTrend).toBeNull();
    expect(stats.medianCompleteMs).toBeNull();
  });

  it('365 days reach rows older than the 90-day event log', () => {
    expect(windowStats(rows, windowOf({ days: 365 }, NOW), 0).connected).toBe(54);
    expect(windowStats(rows, windowOf({ days: 90 }, NOW), 0).connected).toBe(4);
  });
});

describe('the stats table', () => {
  const sequence = { id: 's', name: 'S', entity: 'lead', tags: [], state: 'active' };
  it('has all versions together and a row per version, newest first, with in progress at the window end', () => {
    const window = windowOf({ days: 30 }, NOW);
    const [entry] = statsTable({
      sequences: [sequence],
      rollups: [
        row(TODAY, { connected: 2, completed: 1, successes: 1 }, 1),
        row(TODAY, { connected: 5, completed: 2, successes: 0 }, 2),
        // Before the window: not in its figures, but still in progress at its end (2 of 3).
        row(TODAY - 100, { connected: 3, disconnected: 1 }, 2),
        row(TODAY, { connected: 9 }, 1, 'other'),
      ],
      window,
    });
    expect(entry.all.connected).toBe(7);
    // Version 1: 2 − 1; version 2: 3 − 1 before the window and 5 − 2 in it.
    expect(entry.all.inProgress).toBe(6);
    expect(entry.all.successRate).toBeCloseTo(1 / 3);
    expect(
      entry.versions.map((v) => [
        v.version,
        v.stats.connected,
        v.stats.successRate,
        v.stats.inProgress,
      ]),
    ).toEqual([
      [2, 5, 0, 5],
      [1, 2, 1, 1],
    ]);
  });

  it('in progress at the end of a day counts records connected by then and not ended by then', () => {
    const rows = [
      row(10, { connected: 3 }),
      row(12, { completed: 1, exited: 1 }),
      row(15, { connected: 1, moved: 1 }),
      row(20, { disconnected: 2 }),
    ];
    expect(inProgressOn(rows, 9)).toBe(0);
    expect(inProgressOn(rows, 10)).toBe(3);
    expect(inProgressOn(rows, 12)).toBe(1);
    expect(inProgressOn(rows, 15)).toBe(1);
    expect(inProgressOn(rows, 20)).toBe(0);
  });
});

describe('weekly series', () => {
  it('weeks start on Monday and hold the connections and completions of their days', () => {
    // 2026-11-23 is a Monday.
    const monday = dayOf(Date.parse('2026-11-23T00:00:00Z'));
    const series = weeklySeries(
      [
        row(monday, { connected: 2 }),
        row(monday + 6, { completed: 1 }),
        row(monday + 7, { connected: 4 }),
      ],
      { from: monday - 3, to: monday + 8 },
    );
    expect(series).toEqual([
      { week: monday - 7, connected: 0, completed: 0 },
      { week: monday, connected: 2, completed: 1 },
      { week: monday + 7, connected: 4, completed: 0 },
    ]);
  });
});

describe("a connection's roll-up under each success rule", () => {
  const base: Connection = {
    id: 'c',
    sequenceId: 's',
    version: 1,
    sequenceName: 'S',
    schedule: null,
    exitOnReply: false,
    status: 'completed',
    reason: null,
    movedTo: null,
    revision: 5,
    connectedAt: Date.parse('2026-11-01T09:00:00Z'),
    updatedAt: 0,
    endedAt: Date.parse('2026-11-04T09:00:00Z'),
    current: null,
    emailEvents: [],
    steps: [
      {
        stepId: 'e1',
        type: 'email',
        reachedAt: 0,
        dueAt: 0,
        at: Date.parse('2026-11-02T09:00:00Z'),
        result: 'completed',
      },
      {
        stepId: 'w1',
        type: 'wait',
        reachedAt: 0,
        dueAt: 0,
        at: Date.parse('2026-11-03T09:00:00Z'),
        result: 'auto',
      },
      {
        stepId: 't1',
        type: 'task',
        reachedAt: 0,
        dueAt: 0,
        at: Date.parse('2026-11-04T09:00:00Z'),
        result: 'skipped',
      },
    ],
  };
  const zone = 'Europe/Berlin';
  const end = dayOf(base.endedAt ?? 0);

  it('counts the connection, seller steps by day (waits are not steps done), the end and the time to complete', () => {
    const days = connectionRollup(base, { rule: undefined, timeZone: zone });
    expect(days.get(dayOf(base.connectedAt))?.connected).toBe(1);
    expect(days.get(end - 2)?.stepsCompleted).toBe(1);
    expect(days.get(end - 1)).toBeUndefined();
    expect(days.get(end)).toMatchObject({
      completed: 1,
      stepsSkipped: 1,
      successes: 1,
      completionMs: [3 * DAY],
    });
  });

  it('replied: a success only with a reply; field rule: only when the field held while connected', () => {
    expect(
      connectionRollup(base, { rule: { replied: true }, timeZone: zone }).get(end)?.successes,
    ).toBe(0);
    const replied = {
      ...base,
      status: 'exited' as const,
      reason: 'replied' as const,
      emailEvents: [
        {
          type: 'replied' as const,
          at: base.connectedAt + DAY,
          recordedAt: base.connectedAt + DAY,
          stepId: 'e1',
        },
      ],
    };
    expect(
      connectionRollup(replied, { rule: { replied: true }, timeZone: zone }).get(end),
    ).toMatchObject({ exited: 1, successes: 1, completionMs: [] });
    const rule = { field: 'status', op: 'equals' as const, value: 'Qualified' };
    const during = [{ at: base.connectedAt + DAY, values: { status: 'Qualified' } }];
    const after = [{ at: (base.endedAt ?? 0) + DAY, values: { status: 'Qualified' } }];
    expect(
      connectionRollup(base, { rule, fieldChanges: during, timeZone: zone }).get(end)?.successes,
    ).toBe(1);
    expect(
      connectionRollup(base, { rule, fieldChanges: after, timeZone: zone }).get(end)?.successes,
    ).toBe(0);
  });

  it('an active connection has no end and no success yet', () => {
    const days = connectionRollup(
      { ...base, status: 'active', endedAt: null },
      { rule: undefined, timeZone: zone },
    );
    expect([...days.values()].reduce((n, d) => n + d.completed + d.successes, 0)).toBe(0);
  });
});
