/** Small statistics and result types shared by every metric group. */

export type Unit = 'ms' | 'bytes' | 'count';

export interface MetricResult {
  median: number;
  p95: number;
  unit: Unit;
  /** `null`: reported for information, no target. */
  target: number | null;
  runs: number;
  /** Extra context (e.g. raw samples, how it was measured). */
  note?: string;
  samples?: number[];
}

interface FailedMetric {
  failed: true;
  reason: string;
  unit: Unit;
  target: number | null;
}

export type MetricOutcome = MetricResult | FailedMetric;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank 95th percentile (with few runs this is the maximum). */
export function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

const round = (value: number): number => Math.round(value * 100) / 100;

export function summarize(
  samples: readonly number[],
  unit: Unit,
  target: number | null,
  note?: string,
): MetricResult {
  return {
    median: round(median(samples)),
    p95: round(p95(samples)),
    unit,
    target,
    runs: samples.length,
    ...(note === undefined ? {} : { note }),
    samples: samples.map(round),
  };
}

/** Runs `once` warm-up times (discarded), then `runs` times; returns the measured samples. */
export async function repeat(
  runs: number,
  warmUp: number,
  once: (index: number) => Promise<number>,
): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await once(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(i));
  return samples;
}

export function passes(outcome: MetricOutcome): boolean | null {
  if ('failed' in outcome) return false;
  if (outcome.target === null) return null;
  return outcome.median <= outcome.target;
}

/** Rejects after `ms` (a hung browser call must not hang the whole benchmark). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
