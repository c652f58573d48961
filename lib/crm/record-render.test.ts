// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { watchLocation, watchRecordRender, type LocationHost } from './navigation';

/** Lets MutationObserver callbacks (microtasks) run under fake timers. */
const flush = async (): Promise<void> => {
  await Promise.resolve();
  await Promise.resolve();
};

describe('watchRecordRender', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '<main id="app"></main>';
  });
  afterEach(() => vi.useRealTimers());

  const readName = (): string => document.querySelector('#record h1')?.textContent ?? '';

  /**
   * Watches `#record` with `readName`, counting the reads and keeping what was accepted; `extra`
   * adds or overrides options (a proof of record, delays, the timeout).
   */
  const countedWatch = (extra: Partial<Parameters<typeof watchRecordRender<string>>[0]> = {}) => {
    const counted = { reads: 0, seen: [] as string[], controller: new AbortController() };
    watchRecordRender({
      read: () => {
        counted.reads++;
        return readName();
      },
      onRead: (value) => counted.seen.push(value),
      signal: counted.controller.signal,
      container: () => document.querySelector('#record'),
      delays: [50, 100, 200, 300, 500, 700],
      ...extra,
    });
    return counted;
  };

  it('re-reads on a bounded schedule until the container appears, then on its mutations', async () => {
    const reads: string[] = [];
    const controller = new AbortController();
    watchRecordRender({
      read: readName,
      onRead: (value) => reads.push(value),
      signal: controller.signal,
      container: () => document.querySelector('#record'),
    });
    expect(reads).toEqual(['']);
    document.querySelector('#app')!.innerHTML = '<section id="record"><h1>Loading</h1></section>';
    vi.advanceTimersByTime(100);
    expect(reads).toEqual(['', 'Loading']);
    document.querySelector('#record h1')!.textContent = 'Ada Lovelace';
    await flush();
    vi.advanceTimersByTime(100);
    expect(reads).toEqual(['', 'Loading', 'Ada Lovelace']);
    controller.abort();
  });

  it('reads nothing more on schedule once a read was accepted and the container holds still', async () => {
    document.querySelector('#app')!.innerHTML = '<section id="record"><h1>Ada</h1></section>';
    const watch = countedWatch({ timeoutMs: 5000 });
    vi.advanceTimersByTime(1000);
    expect(watch.reads).toBe(1);
    // A field rendering late inside the container is read after the mutation's debounce.
    document.querySelector('#record')!.insertAdjacentHTML('beforeend', '<p>late</p>');
    document.querySelector('#record h1')!.textContent = 'Ada Lovelace';
    await flush();
    vi.advanceTimersByTime(100);
    expect(watch.seen).toEqual(['Ada', 'Ada Lovelace']);
    expect(watch.reads).toBe(2);
    // The last check, when the watch ends, always reads (fields outside the container).
    vi.advanceTimersByTime(4000);
    expect(watch.reads).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
    watch.controller.abort();
  });

  it('keeps the schedule while the page does not prove the record, and notices its container replaced', async () => {
    document.querySelector('#app')!.innerHTML = '<section id="record"><h1>Old</h1></section>';
    let proven = false;
    const watch = countedWatch({ ready: () => proven, delays: [50, 100, 200, 300] });
    // The page proves the record without a mutation in the container (say, its header):
    // the next scheduled check reads it.
    vi.advanceTimersByTime(60);
    expect(watch.reads).toBe(0);
    proven = true;
    vi.advanceTimersByTime(50);
    expect(watch.seen).toEqual(['Old']);
    // Settled: nothing is scheduled any more but the watch's end.
    expect(vi.getTimerCount()).toBe(1);
    // The container is replaced by a new element: its own mutations can no longer be seen, but
    // its parent's children changed, so the watch reads again and observes the new one.
    document.querySelector('#app')!.innerHTML = '<section id="record"><h1>New</h1></section>';
    await flush();
    vi.advanceTimersByTime(100);
    expect(watch.seen).toEqual(['Old', 'New']);
    // Replaced with an ancestor of it (below <body>): noticed the same way.
    document.querySelector('#app')!.innerHTML =
      '<div><section id="record"><h1>x</h1></section></div>';
    await flush();
    vi.advanceTimersByTime(100);
    document.querySelector('#app')!.innerHTML =
      '<div><section id="record"><h1>Newer</h1></section></div>';
    await flush();
    vi.advanceTimersByTime(100);
    expect(watch.seen).toEqual(['Old', 'New', 'x', 'Newer']);
    expect(vi.getTimerCount()).toBe(1);
    watch.controller.abort();
  });

  it('disconnects after the timeout and on abort', async () => {
    document.querySelector('#app')!.innerHTML = '<section id="record"><h1>A</h1></section>';
    const reads: string[] = [];
    const controller = new AbortController();
    watchRecordRender({
      read: readName,
      onRead: (value) => reads.push(value),
      signal: controller.signal,
      container: () => document.querySelector('#record'),
      timeoutMs: 1000,
    });
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(0);
    document.querySelector('#record h1')!.textContent = 'B';
    await flush();
    vi.advanceTimersByTime(500);
    expect(reads).toEqual(['A']);

    const second = new AbortController();
    watchRecordRender({
      read: readName,
      onRead: (value) => reads.push(value),
      signal: second.signal,
    });
    second.abort();
    expect(vi.getTimerCount()).toBe(0);
    controller.abort();
  });

  it('never observes <body>; falls back to the bounded schedule', async () => {
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const reads: string[] = [];
    const controller = new AbortController();
    watchRecordRender({
      read: () => document.body.textContent,
      onRead: (value) => reads.push(value),
      signal: controller.signal,
      container: () => document.body,
      delays: [50],
    });
    document.body.append('x');
    await flush();
    vi.advanceTimersByTime(49);
    expect(reads).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(reads).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(observe).not.toHaveBeenCalled();
    observe.mockRestore();
    controller.abort();
  });

  it('survives throwing readers, callbacks and container lookups', () => {
    const controller = new AbortController();
    vi.stubGlobal('reportError', vi.fn());
    expect(() =>
      watchRecordRender({
        read: () => {
          throw new Error('read');
        },
        onRead: () => undefined,
        signal: controller.signal,
        container: () => {
          throw new Error('container');
        },
      }),
    ).not.toThrow();
    vi.advanceTimersByTime(10_000);
    vi.unstubAllGlobals();
    controller.abort();
  });
});

describe('watchLocation without the Navigation API', () => {
  it('notices a pushState that changes the <title> without waiting for the poll', async () => {
    document.head.innerHTML = '<title>A</title>';
    const href = { value: 'https://app.example/a' };
    const host = {
      location: {
        get href() {
          return href.value;
        },
      },
      document,
      addEventListener: window.addEventListener.bind(window),
      setInterval: () => 0,
      clearInterval: () => undefined,
    } as unknown as LocationHost;
    const seen: string[] = [];
    const controller = new AbortController();
    watchLocation((value) => seen.push(value), controller.signal, { host });
    href.value = 'https://app.example/b';
    document.title = 'B';
    await flush();
    expect(seen).toEqual(['https://app.example/b']);
    controller.abort();
  });
});
