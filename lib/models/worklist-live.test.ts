// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { connectLive, isRefreshBroadcast } from './worklist-live';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

it('refreshes on broadcasts (once per burst), on visibility and each minute; flushes when hidden', () => {
  const target = { refresh: vi.fn(), flush: vi.fn() };
  let handler: (message: unknown) => void = () => undefined;
  setVisibility('visible');
  const stop = connectLive({
    target,
    listen: (h) => ((handler = h), () => undefined),
    document,
    window,
  });

  handler({ upnext: 1, type: 'recordChanged', recordKey: 'a' });
  handler({ upnext: 1, type: 'dataChanged' });
  handler({ upnext: 1, type: 'shortcut', command: 'complete-step' });
  vi.advanceTimersByTime(250);
  expect(target.refresh).toHaveBeenCalledTimes(1);

  vi.advanceTimersByTime(60_000);
  expect(target.refresh).toHaveBeenCalledTimes(2);

  setVisibility('hidden');
  expect(target.flush).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(180_000);
  expect(target.refresh).toHaveBeenCalledTimes(2);

  setVisibility('visible');
  expect(target.refresh).toHaveBeenCalledTimes(3);

  window.dispatchEvent(new Event('pagehide'));
  expect(target.flush).toHaveBeenCalledTimes(2);
  stop();
  vi.advanceTimersByTime(120_000);
  expect(target.refresh).toHaveBeenCalledTimes(3);
});

it('recognizes only our refresh broadcasts', () => {
  expect(isRefreshBroadcast({ upnext: 1, type: 'recordChanged', recordKey: 'x' })).toBe(true);
  expect(isRefreshBroadcast({ type: 'recordChanged' })).toBe(false);
  expect(isRefreshBroadcast(null)).toBe(false);
});
