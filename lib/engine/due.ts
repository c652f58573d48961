/**
 * When a current step is really due, given the seller's away periods *now* (they can change
 * after the step was reached), and what kind of attention it needs.
 */
import { adjustDue, awayAt, type AwayPeriod } from './time/away';
import { MANUAL_STEP_TYPES } from '../sequence/types';
import type { Connection, CurrentStep } from './types';

export type StepKind = 'action' | 'waiting' | 'needs-answer' | 'snoozed';

const SELLER_STEPS: ReadonlySet<string> = new Set(MANUAL_STEP_TYPES);

/** True for a step the seller acts on: Complete / Skip / Snooze apply. */
export function isActionable(cur: CurrentStep): boolean {
  return SELLER_STEPS.has(cur.type) || cur.needsAnswer || cur.problem !== null;
}

export interface DueContext {
  now: number;
  timeZone: string;
  away?: AwayPeriod[] | undefined;
}

/**
 * The instant the seller should act on `cur`. A snooze is kept exactly as the seller picked it
 * (only an away period moves it); other due times also move into working time.
 */
export function effectiveDueAt(conn: Connection, cur: CurrentStep, ctx: DueContext): number {
  if (cur.snoozedUntil !== null)
    return adjustDue(cur.snoozedUntil, undefined, ctx.timeZone, ctx.away);
  if (!isActionable(cur)) return cur.dueAt;
  return adjustDue(cur.dueAt, conn.schedule ?? undefined, ctx.timeZone, ctx.away);
}

export function stepKind(conn: Connection, cur: CurrentStep, ctx: DueContext): StepKind {
  if (!isActionable(cur)) return 'waiting';
  if (cur.snoozedUntil !== null && effectiveDueAt(conn, cur, ctx) > ctx.now) return 'snoozed';
  return cur.needsAnswer ? 'needs-answer' : 'action';
}

export function isAway(ctx: DueContext): boolean {
  return awayAt(ctx.now, ctx.away) !== null;
}
