/**
 * A double click is one action. The background answers in tens of milliseconds, so the next
 * step's button (in the panel) or the next row (in the work list) is under the pointer before
 * the second click of a double click lands. Whatever just changed under the pointer therefore
 * ignores clicks for `SETTLE_MS`: long enough for the second click of a double click (typically
 * 100–300 ms after the first), shorter than anyone reads a new step and decides.
 */
import { signal, type ReadonlySignal } from '@preact/signals-core';

export const SETTLE_MS = 400;

export interface ClickGuard {
  /** Keys (connection ids, row ids) that changed within `SETTLE_MS`: for rendering. */
  settling: ReadonlySignal<ReadonlySet<string>>;
  /** These keys just changed: clicks on them are ignored for `SETTLE_MS`. */
  changed(keys: Iterable<string>): void;
  /** Whether a click on `key` now is one the seller could have meant for what is there. */
  accepts(key: string): boolean;
  dispose(): void;
}

export interface ClickGuardOptions {
  /** One-shot timer; returns a cancel function. Elapsed time is the timer's, not a clock's. */
  setTimer: (run: () => void, ms: number) => () => void;
  settleMs?: number;
}

export function createClickGuard({
  setTimer,
  settleMs = SETTLE_MS,
}: ClickGuardOptions): ClickGuard {
  const settling = signal<ReadonlySet<string>>(new Set());
  /** The latest change of each settling key (a later change restarts its moment). */
  const latest = new Map<string, number>();
  const timers = new Set<() => void>();
  let changes = 0;

  return {
    settling,
    changed(keys) {
      const mine = ++changes;
      const batch = [...keys];
      if (batch.length === 0) return;
      for (const key of batch) latest.set(key, mine);
      settling.value = new Set(latest.keys());
      const cancel = setTimer(() => {
        timers.delete(cancel);
        for (const key of batch) if (latest.get(key) === mine) latest.delete(key);
        settling.value = new Set(latest.keys());
      }, settleMs);
      timers.add(cancel);
    },
    accepts: (key) => !latest.has(key),
    dispose() {
      for (const cancel of timers) cancel();
      timers.clear();
      latest.clear();
    },
  };
}
