/** Small statistics and result types shared by every metric group. */

export type Unit = 'ms' | 'bytes' | 'count';

export interface MetricResult {
  median: number;
  p95: number;
  unit: Unit;
  runs: number;
  /** Extra context (e.g. raw samples, how it was measured). */
  note?: string;
  samples?: number[];
}

interface FailedMetric {
  failed: true;
  reason: string;
  unit: Unit;
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

/** Median, p95 and run count of measured samples (warm-ups already left out). */
export function summarize(samples: readonly number[], unit: Unit, note?: string): MetricResult {
  if (samples.length === 0 || samples.some((value) => !Number.isFinite(value))) {
    // Nothing measured is a failure, never an empty row.
    throw new Error(`no valid samples: ${JSON.stringify(samples.slice(0, 5))}`);
  }
  return {
    median: round(median(samples)),
    p95: round(p95(samples)),
    unit,
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

/** A figure for people: "12.3 ms", "19.8 KB", "3". */
export function formatValue(value: number, unit: Unit): string {
  if (unit === 'bytes') {
    return value >= 1_048_576
      ? `${(value / 1_048_576).toFixed(1)} MB`
      : `${(value / 1024).toFixed(1)} KB`;
  }
  return unit === 'ms' ? `${value.toFixed(1)} ms` : String(value);
}

/**
 * Slope of the least-squares line through (log n, log y): 1 is linear, 0 is flat, n log n over
 * 1,000–100,000 comes out near 1.1. `null` with fewer than two usable points.
 */
export function growthExponent(points: readonly { n: number; y: number }[]): number | null {
  const usable = points.filter((p) => p.n > 0 && p.y > 0);
  if (usable.length < 2) return null;
  const xs = usable.map((p) => Math.log(p.n));
  const ys = usable.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (const [i, x] of xs.entries()) {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}
