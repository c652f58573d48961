/**
 * Seller away periods (vacations, docs/sequence-format.md, "Time"): due times inside one move to its end, then
 * into working time; nothing becomes overdue while away.
 */
import type { Schedule } from '../../sequence/types';
import { toWorkingTime } from './working-time';

/** A half-open interval [start, end) of UTC ms during which the seller is away. */
export interface AwayPeriod {
  start: number;
  end: number;
}

export function awayAt(utc: number, away: readonly AwayPeriod[] | undefined): AwayPeriod | null {
  for (const p of away ?? []) if (p.start <= utc && utc < p.end) return p;
  return null;
}

/**
 * The instant a step due at `utc` is really due: out of every away period (they may overlap or
 * touch) and into working time, repeated until both hold.
 */
export function adjustDue(
  utc: number,
  schedule: Schedule | undefined,
  timeZone: string,
  away: readonly AwayPeriod[] | undefined,
): number {
  let t = toWorkingTime(utc, schedule, timeZone);
  for (let guard = 0; guard < 1000; guard++) {
    const p = awayAt(t, away);
    if (p === null) return t;
    t = toWorkingTime(p.end, schedule, timeZone);
  }
  return t;
}
