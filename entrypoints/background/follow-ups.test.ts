/**
 * The follow-ups of a change (badge, alarm, live updates) wait a moment after the reply, so they
 * stay out of the seller's click (bench action-round-trip), and a burst of changes refreshes
 * once, with every record it touched.
 */
import { describe, expect, it } from 'vitest';

import { FOLLOW_UP_DELAY_MS, followUps, type ChangeBatch } from './follow-ups';

function harness() {
  const timers: { run: () => void; ms: number }[] = [];
  const flushed: ChangeBatch[] = [];
  const afterChange = followUps(
    (batch) => flushed.push(batch),
    (run, ms) => timers.push({ run, ms }),
  );
  return { timers, flushed, afterChange };
}

describe('follow-ups after a change', () => {
  it('start FOLLOW_UP_DELAY_MS after the change, not in the same task as its reply', () => {
    const { timers, flushed, afterChange } = harness();
    afterChange({ recordKeys: ['crm|lead|1'] });
    expect(flushed).toEqual([]);
    expect(timers.map((timer) => timer.ms)).toEqual([FOLLOW_UP_DELAY_MS]);
    expect(FOLLOW_UP_DELAY_MS).toBeGreaterThan(0);
    timers[0]?.run();
    expect(flushed).toEqual([{ keys: new Set(['crm|lead|1']), all: false, reproject: false }]);
  });

  it('merge a burst into one refresh with every record, and start again after it', () => {
    const { timers, flushed, afterChange } = harness();
    afterChange({ recordKeys: ['crm|lead|1'] });
    afterChange({ recordKeys: ['crm|lead|2', 'crm|lead|1'], reproject: true });
    afterChange({ recordKeys: [], all: true });
    expect(timers).toHaveLength(1);
    timers[0]?.run();
    expect(flushed).toEqual([
      { keys: new Set(['crm|lead|1', 'crm|lead|2']), all: true, reproject: true },
    ]);
    afterChange({ recordKeys: ['crm|lead|3'] });
    expect(timers).toHaveLength(2);
    timers[1]?.run();
    expect(flushed[1]).toEqual({ keys: new Set(['crm|lead|3']), all: false, reproject: false });
  });

  it('carry the newest change count each record stored, unless a later change did not say it', () => {
    const { timers, flushed, afterChange } = harness();
    afterChange({ recordKeys: ['crm|lead|1'], changes: { 'crm|lead|1': 4 } });
    afterChange({ recordKeys: ['crm|lead|1'], changes: { 'crm|lead|1': 5 } });
    afterChange({ recordKeys: ['crm|lead|2'], changes: { 'crm|lead|2': 2 } });
    afterChange({ recordKeys: ['crm|lead|2'] });
    afterChange({ recordKeys: ['crm|lead|3'] });
    timers[0]?.run();
    const told = flushed[0]?.changes;
    expect(told?.get('crm|lead|1')).toBe(5);
    // Unknown: the page is told what is stored then (read), not a count that may be old.
    expect(told?.get('crm|lead|2') ?? null).toBeNull();
    expect(told?.get('crm|lead|3') ?? null).toBeNull();
  });
});
