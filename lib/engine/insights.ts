/**
 * Sequence statistics for a window of days (issue #18.1, #18.4), computed from daily roll-ups
 * (rollup.ts) and, for "in progress", from the connections' start and end instants. Pure: the
 * caller passes the rows and "now".
 *
 * - A window is a range of whole UTC days, `from`..`to` inclusive; "last 30 days" ends today.
 * - Success rate: of the records that left the sequence in the window (completed, exited on
 *   reply, disconnected or moved), the share that were a success under the sequence's rule;
 *   null when none left. Its trend is the difference, in percentage points, from the previous
 *   window of the same length.
 * - Time to complete: from connection to completion, for records that completed in the window.
 * - Steps completed per day: seller steps completed in the window divided by its days.
 */
import { COUNT_FIELDS, dayOf, emptyCounts, type DayRollup, type RollupCounts } from './rollup';

export const WINDOW_DAYS = [30, 90, 180, 365] as const;
/** The longest custom range, in days (two years: a year and the one before it, for the trend). */
export const MAX_WINDOW_DAYS = 731;
export type WindowChoice = { days: (typeof WINDOW_DAYS)[number] } | { from: number; to: number };

/** Whole UTC days, inclusive. */
export interface DayWindow {
  from: number;
  to: number;
}

/** The days of a choice at `now`: the last N days up to today, or a custom range (ordered). */
export function windowOf(choice: WindowChoice, now: number): DayWindow {
  if ('days' in choice) {
    const to = dayOf(now);
    return { from: to - choice.days + 1, to };
  }
  return choice.from <= choice.to
    ? { from: choice.from, to: choice.to }
    : { from: choice.to, to: choice.from };
}

/** The window of the same length just before `window`. */
export function previousWindow(window: DayWindow): DayWindow {
  const length = window.to - window.from + 1;
  return { from: window.from - length, to: window.from - 1 };
}

function windowLength(window: DayWindow): number {
  return window.to - window.from + 1;
}

/** What a window shows for one sequence (or one version of it). */
export interface WindowStats {
  connected: number;
  /** Connected before the end of the window and not ended by then. */
  inProgress: number;
  completed: number;
  exited: number;
  disconnected: number;
  moved: number;
  successes: number;
  /** successes / records that left in the window; null when none left. */
  successRate: number | null;
  /** Percentage points against the previous window; null when either rate is unknown. */
  successTrend: number | null;
  medianCompleteMs: number | null;
  averageCompleteMs: number | null;
  stepsCompleted: number;
  stepsSkipped: number;
  stepsPerDay: number;
}

/** Adds up the rows inside `window`. */
function totalIn(rows: readonly DayRollup[], window: DayWindow): RollupCounts {
  const total = emptyCounts();
  for (const row of rows) {
    if (row.day < window.from || row.day > window.to) continue;
    for (const field of COUNT_FIELDS) total[field] += row[field];
    for (const ms of row.completionMs) total.completionMs.push(ms);
  }
  return total;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function successRate(counts: RollupCounts): number | null {
  const left = counts.completed + counts.exited + counts.disconnected + counts.moved;
  return left === 0 ? null : counts.successes / left;
}

/**
 * The statistics of `rows` (one sequence's rows, or one version's) for `window`, with the
 * success trend against the previous window. `inProgress`: see `inProgressOn`.
 */
export function windowStats(
  rows: readonly DayRollup[],
  window: DayWindow,
  inProgress: number,
): WindowStats {
  const counts = totalIn(rows, window);
  const rate = successRate(counts);
  const before = successRate(totalIn(rows, previousWindow(window)));
  const times = counts.completionMs;
  return {
    connected: counts.connected,
    inProgress,
    completed: counts.completed,
    exited: counts.exited,
    disconnected: counts.disconnected,
    moved: counts.moved,
    successes: counts.successes,
    successRate: rate,
    successTrend: rate === null || before === null ? null : (rate - before) * 100,
    medianCompleteMs: median(times),
    averageCompleteMs:
      times.length === 0 ? null : times.reduce((sum, ms) => sum + ms, 0) / times.length,
    stepsCompleted: counts.stepsCompleted,
    stepsSkipped: counts.stepsSkipped,
    stepsPerDay: counts.stepsCompleted / windowLength(window),
  };
}

/**
 * How many records were still in the sequence at the end of UTC day `day`: connected on or
 * before it and not ended by then. Every connection is counted in the roll-ups on the day it
 * connected and on the day it ended, so this is the connections up to `day` minus the ends up to
 * `day`, read from `rows` (one sequence's, or one version's, of every day up to `day`) without
 * reading a single connection.
 */
export function inProgressOn(rows: readonly DayRollup[], day: number): number {
  let count = 0;
  for (const row of rows) {
    if (row.day > day) continue;
    count += row.connected - row.completed - row.exited - row.disconnected - row.moved;
  }
  return Math.max(0, count);
}

/** A sequence as the stats table lists it. */
export interface StatsSequence {
  id: string;
  name: string;
  entity: string;
  tags: readonly string[];
  state: string;
}

export interface StatsRow {
  sequence: StatsSequence;
  /** All versions together. */
  all: WindowStats;
  /** Each version that has data in the window or before (newest first). */
  versions: { version: number; stats: WindowStats }[];
}

/**
 * The stats table: one row per sequence (all versions together) with per-version rows.
 * `rollups` may hold any sequences' rows and must hold every day up to the window's end (for
 * "in progress" at the window's end, `inProgressOn`).
 */
export function statsTable(input: {
  sequences: readonly StatsSequence[];
  rollups: readonly DayRollup[];
  window: DayWindow;
}): StatsRow[] {
  const rowsBy = new Map<string, Map<number, DayRollup[]>>();
  for (const row of input.rollups) {
    const byVersion = rowsBy.get(row.sequenceId) ?? new Map<number, DayRollup[]>();
    const list = byVersion.get(row.version) ?? [];
    list.push(row);
    byVersion.set(row.version, list);
    rowsBy.set(row.sequenceId, byVersion);
  }
  return input.sequences.map((sequence) => {
    const byVersion = rowsBy.get(sequence.id) ?? new Map<number, DayRollup[]>();
    const versions = [...byVersion.entries()]
      .map(([version, rows]) => ({ version, rows, running: inProgressOn(rows, input.window.to) }))
      .sort((a, b) => b.version - a.version);
    const all = versions.flatMap((entry) => entry.rows);
    const allRunning = versions.reduce((sum, entry) => sum + entry.running, 0);
    return {
      sequence,
      all: windowStats(all, input.window, allRunning),
      versions: versions.map(({ version, rows, running }) => ({
        version,
        stats: windowStats(rows, input.window, running),
      })),
    };
  });
}

/** Connections and completions per week (weeks start on Monday, UTC), for the weekly chart. */
export interface WeekPoint {
  /** The Monday starting the week (UTC day number). */
  week: number;
  connected: number;
  completed: number;
}

/** Weekly totals over `window` (the first and last weeks may be partial). */
export function weeklySeries(rows: readonly DayRollup[], window: DayWindow): WeekPoint[] {
  // Day 0 (1970-01-01) was a Thursday: Monday-based week start = day - ((day + 3) mod 7).
  const mondayOf = (day: number): number => day - ((((day + 3) % 7) + 7) % 7);
  const weeks = new Map<number, WeekPoint>();
  for (let week = mondayOf(window.from); week <= window.to; week += 7)
    weeks.set(week, { week, connected: 0, completed: 0 });
  for (const row of rows) {
    if (row.day < window.from || row.day > window.to) continue;
    const point = weeks.get(mondayOf(row.day));
    if (point === undefined) continue;
    point.connected += row.connected;
    point.completed += row.completed;
  }
  return [...weeks.values()];
}
