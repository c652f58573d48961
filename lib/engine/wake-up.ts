import { effectiveDueAt, isActionable, type DueContext } from './due';
import type { RecordState } from './types';

/**
 * The earliest instant at which something in this record changes by itself (a wait ends, a
 * window closes: `tick` then) or a step becomes due (badge, notification). An instant in the
 * past means "tick now". Null when nothing is scheduled.
 */
export function nextWakeUp(state: RecordState, ctx: DueContext): number | null {
  let best: number | null = null;
  const consider = (t: number): void => {
    if (best === null || t < best) best = t;
  };
  for (const conn of state.connections) {
    const cur = conn.current;
    if (conn.status !== 'active' || cur === null) continue;
    if (cur.waitEndsAt !== null) consider(cur.waitEndsAt);
    if (cur.windowClosesAt !== null && !cur.needsAnswer) consider(cur.windowClosesAt);
    if (isActionable(cur)) {
      const due = effectiveDueAt(conn, cur, ctx);
      if (due > ctx.now) consider(due);
    }
  }
  return best;
}
