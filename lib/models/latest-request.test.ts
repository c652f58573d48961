import { describe, expect, it } from 'vitest';

import { latestRequest } from './latest-request';

describe('latestRequest', () => {
  it('keeps only the request begun last', () => {
    const requests = latestRequest();
    const first = requests.begin();
    expect(first()).toBe(true);
    const second = requests.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
  });

  it('makes every request on its way stale when forgotten', () => {
    const requests = latestRequest();
    const pending = requests.begin();
    requests.forget();
    expect(pending()).toBe(false);
    expect(requests.begin()()).toBe(true);
  });

  it('drops a slow earlier answer that arrives after a later one', async () => {
    const requests = latestRequest();
    const applied: string[] = [];
    const load = async (answer: string, delayMs: number): Promise<void> => {
      const current = requests.begin();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (current()) applied.push(answer);
    };
    await Promise.all([load('slow, earlier visit', 20), load('fast, latest visit', 1)]);
    expect(applied).toEqual(['fast, latest visit']);
  });
});
