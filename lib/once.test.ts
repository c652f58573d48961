import { describe, expect, it } from 'vitest';

import { once } from './once';

describe('once', () => {
  it('makes the value on the first call only and returns the same value after', () => {
    let calls = 0;
    const get = once(() => {
      calls += 1;
      return { made: calls };
    });
    expect(calls).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(first).toEqual({ made: 1 });
    expect(calls).toBe(1);
  });

  it('tries again after a failed make', () => {
    let calls = 0;
    const get = once(() => {
      calls += 1;
      if (calls === 1) throw new Error('not yet');
      return calls;
    });
    expect(get).toThrow('not yet');
    expect(get()).toBe(2);
    expect(get()).toBe(2);
  });
});
