/**
 * bench/history.jsonl: one line per `npm run bench`, appended, with the commit it measured. The
 * report (bench/report.ts) reads it for the latest figure of every row and the charts.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { MetricOutcome } from './stats';

const HISTORY_FILE = resolve(import.meta.dirname, 'history.jsonl');

export interface Machine {
  cpu: string;
  cores: number;
  memory: number;
  node: string;
  chromium: string;
  /** 1-minute load average when the run started and ended (the machine is shared). */
  load: [number, number];
}

export interface HistoryEntry {
  date: string;
  commit: string;
  /** Uncommitted changes were measured too. */
  dirty: boolean;
  options: string[];
  durationS: number;
  machine: Machine;
  results: Record<string, MetricOutcome>;
}

export function currentCommit(): { commit: string; dirty: boolean } {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: resolve(import.meta.dirname, '..'), encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short=12', 'HEAD'),
      dirty: git('status', '--porcelain') !== '',
    };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}

/** Appends one run; raw samples stay in results.json, the history keeps the summaries. */
export function appendHistory(entry: HistoryEntry): void {
  const results = Object.fromEntries(
    Object.entries(entry.results).map(([name, outcome]) => {
      if ('failed' in outcome) return [name, outcome];
      const summary: Partial<typeof outcome> = { ...outcome };
      delete summary.samples;
      return [name, summary];
    }),
  );
  appendFileSync(HISTORY_FILE, `${JSON.stringify({ ...entry, results })}\n`);
}

export function readHistory(): HistoryEntry[] {
  if (!existsSync(HISTORY_FILE)) return [];
  return readFileSync(HISTORY_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HistoryEntry);
}
