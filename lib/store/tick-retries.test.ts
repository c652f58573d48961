/**
 * Rests between tries of a record whose tick keeps failing: they double from a minute to an
 * hour, belong to the wake-up they failed at, and end once the record is ticked or gone.
 */
import { describe, expect, it } from 'vitest';

import {
  afterCatchUp,
  FIRST_REST_MS,
  LONGEST_REST_MS,
  restAfter,
  rests,
  sameRetries,
} from './tick-retries';

const NOW = Date.parse('2026-03-23T10:00:00Z');

describe('rests between failed ticks', () => {
  it('double from a minute and stop at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 30].map(restAfter)).toEqual([
      FIRST_REST_MS,
      2 * FIRST_REST_MS,
      4 * FIRST_REST_MS,
      8 * FIRST_REST_MS,
      16 * FIRST_REST_MS,
      32 * FIRST_REST_MS,
      LONGEST_REST_MS,
      LONGEST_REST_MS,
      LONGEST_REST_MS,
    ]);
  });

  it('count failures at the same wake-up, and start over at another', () => {
    const first = afterCatchUp({}, [{ key: 'a', wakeAt: 5 }], [], NOW);
    expect(first).toEqual({ a: { wakeAt: 5, failures: 1, retryAt: NOW + FIRST_REST_MS } });
    const second = afterCatchUp(first, [{ key: 'a', wakeAt: 5 }], [], NOW + FIRST_REST_MS);
    expect(second['a']).toEqual({ wakeAt: 5, failures: 2, retryAt: NOW + 3 * FIRST_REST_MS });
    // Stored again with another wake-up (a seller's action), then failing: a first failure.
    const moved = afterCatchUp(second, [{ key: 'a', wakeAt: 9 }], [], NOW);
    expect(moved['a']?.failures).toBe(1);
  });

  it('keep the records left out while resting, and drop those ticked or gone', () => {
    const before = {
      a: { wakeAt: 1, failures: 3, retryAt: NOW + 1 },
      b: { wakeAt: 2, failures: 1, retryAt: NOW - 1 },
      c: { wakeAt: 3, failures: 2, retryAt: NOW + 5 },
    };
    // a rested (left out), b was tried and ticked, c's record is gone.
    const after = afterCatchUp(before, [], ['a'], NOW);
    expect(after).toEqual({ a: before.a });
    expect(sameRetries(before, after)).toBe(false);
    expect(sameRetries(after, { a: { ...before.a } })).toBe(true);
  });

  it('apply only before the next try and only to the wake-up that failed', () => {
    const retries = { a: { wakeAt: 5, failures: 1, retryAt: NOW + 10 } };
    expect(rests(retries, 'a', 5, NOW)).toBe(true);
    expect(rests(retries, 'a', 5, NOW + 10)).toBe(false);
    expect(rests(retries, 'a', 6, NOW)).toBe(false);
    expect(rests(retries, 'b', 5, NOW)).toBe(false);
  });
});
