/**
 * A keyboard shortcut that arrives before the panel's extras (where shortcuts live) asks for
 * them once and runs when they arrive; once they are here it runs at once.
 */
import { describe, expect, it } from 'vitest';

import { extrasRegistry, provideExtras, withExtras, type PanelExtras } from './extras';

describe('waiting for the panel extras', () => {
  it('asks once, runs what waited in order when they arrive, then runs at once', () => {
    const registry = extrasRegistry();
    let asked = 0;
    registry.load = () => (asked += 1);
    const ran: string[] = [];
    withExtras(() => ran.push('first'));
    withExtras(() => ran.push('second'));
    expect(asked).toBe(1);
    expect(ran).toEqual([]);

    provideExtras({ css: '' } as PanelExtras);
    expect(ran).toEqual(['first', 'second']);
    withExtras(() => ran.push('third'));
    expect(ran).toEqual(['first', 'second', 'third']);
    expect(asked).toBe(1);
  });
});
