import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { watchLocation, type LocationHost } from './navigation';

/** A fake window: plain EventTargets for window, document and navigation; fake timers. */
function fakeHost(options: { navigationApi?: boolean; hidden?: boolean } = {}) {
  const win = new EventTarget();
  const navigation = new EventTarget();
  const doc = Object.assign(new EventTarget(), {
    visibilityState: options.hidden ? 'hidden' : 'visible',
    querySelector: () => null,
  });
  const host = {
    location: { href: 'https://app.example/a' },
    navigation: options.navigationApi === false ? undefined : navigation,
    document: doc,
    addEventListener: win.addEventListener.bind(win),
    setInterval: (handler: () => void, ms: number) => setInterval(handler, ms) as unknown as number,
    clearInterval: (id: number) => clearInterval(id),
  };
  const go = (href: string, event?: [EventTarget, string]): void => {
    host.location.href = href;
    if (event) event[0].dispatchEvent(new Event(event[1]));
  };
  return { host: host as unknown as LocationHost, win, navigation, doc, go };
}

describe('watchLocation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports pushState/replaceState through the Navigation API at once, once per URL', () => {
    const { host, navigation, go } = fakeHost();
    const seen: string[] = [];
    const controller = new AbortController();
    watchLocation((href) => seen.push(href), controller.signal, { host });
    go('https://app.example/b', [navigation, 'currententrychange']);
    navigation.dispatchEvent(new Event('currententrychange')); // Same URL: not reported again.
    go('https://app.example/c#x', [navigation, 'currententrychange']);
    expect(seen).toEqual(['https://app.example/b', 'https://app.example/c#x']);
    controller.abort();
  });

  it('reports a same-document navigation from navigate, before its URL commits, once', () => {
    const { host, navigation, go } = fakeHost();
    const seen: string[] = [];
    const controller = new AbortController();
    watchLocation((href) => seen.push(href), controller.signal, { host });
    const navigate = (url: string, sameDocument: boolean): void => {
      navigation.dispatchEvent(
        Object.assign(new Event('navigate'), { destination: { url, sameDocument } }),
      );
    };
    navigate('https://app.example/b', true);
    // Reported while the address still is the old one.
    expect(seen).toEqual(['https://app.example/b']);
    expect(host.location.href).toBe('https://app.example/a');
    // The commit that follows is the same address: not reported again.
    go('https://app.example/b', [navigation, 'currententrychange']);
    // A navigation that loads another document is left to the page load.
    navigate('https://app.example/other-document', false);
    expect(seen).toEqual(['https://app.example/b']);
    controller.abort();
  });

  it('reports the address as it is again when the page cancels a navigation it was told of', () => {
    const { host, navigation } = fakeHost();
    const seen: string[] = [];
    const controller = new AbortController();
    watchLocation((href) => seen.push(href), controller.signal, { host });
    navigation.dispatchEvent(
      Object.assign(new Event('navigate'), {
        destination: { url: 'https://app.example/b', sameDocument: true },
      }),
    );
    // Cancelled: the address never changed, and the browser says so with navigateerror.
    navigation.dispatchEvent(new Event('navigateerror'));
    expect(seen).toEqual(['https://app.example/b', 'https://app.example/a']);
    controller.abort();
  });

  it('reports popstate and hashchange without the Navigation API', () => {
    const { host, win, go } = fakeHost({ navigationApi: false });
    const seen: string[] = [];
    const controller = new AbortController();
    watchLocation((href) => seen.push(href), controller.signal, { host });
    go('https://app.example/a#x', [win, 'hashchange']);
    go('https://app.example/b', [win, 'popstate']);
    expect(seen).toEqual(['https://app.example/a#x', 'https://app.example/b']);
    controller.abort();
  });

  it('runs no timer with the Navigation API, and polls every 100 ms without it', () => {
    const withApi = fakeHost();
    const withoutApi = fakeHost({ navigationApi: false });
    const seenWith = vi.fn();
    const seenWithout = vi.fn();
    const controller = new AbortController();
    watchLocation(seenWith, controller.signal, { host: withApi.host });
    expect(vi.getTimerCount()).toBe(0);
    watchLocation(seenWithout, controller.signal, { host: withoutApi.host });
    withoutApi.go('https://app.example/b');
    vi.advanceTimersByTime(100);
    expect(seenWithout).toHaveBeenCalledWith('https://app.example/b');
    expect(seenWith).not.toHaveBeenCalled();
    controller.abort();
  });

  it('does not poll while hidden and checks as soon as the tab becomes visible', () => {
    const { host, doc, go } = fakeHost({ hidden: true, navigationApi: false });
    const seen = vi.fn();
    const controller = new AbortController();
    watchLocation(seen, controller.signal, { host });
    expect(vi.getTimerCount()).toBe(0);
    go('https://app.example/b');
    vi.advanceTimersByTime(5000);
    expect(seen).not.toHaveBeenCalled();
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(seen).toHaveBeenCalledWith('https://app.example/b');
    expect(vi.getTimerCount()).toBe(1);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(vi.getTimerCount()).toBe(0);
    controller.abort();
  });

  it('stops everything on abort, and does nothing for an already aborted signal', () => {
    const { host, navigation, go } = fakeHost();
    const { host: without, win } = fakeHost({ navigationApi: false });
    const seen = vi.fn();
    const controller = new AbortController();
    watchLocation(seen, controller.signal, { host });
    watchLocation(seen, controller.signal, { host: without });
    controller.abort();
    expect(vi.getTimerCount()).toBe(0);
    go('https://app.example/b', [navigation, 'currententrychange']);
    win.dispatchEvent(new Event('popstate'));
    vi.advanceTimersByTime(5000);
    expect(seen).not.toHaveBeenCalled();
    watchLocation(seen, controller.signal, { host });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps watching when the callback throws', () => {
    const { host, navigation, go } = fakeHost();
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    const seen: string[] = [];
    const controller = new AbortController();
    watchLocation(
      (href) => {
        seen.push(href);
        throw new Error('boom');
      },
      controller.signal,
      { host },
    );
    go('https://app.example/b', [navigation, 'currententrychange']);
    go('https://app.example/c', [navigation, 'currententrychange']);
    expect(seen).toHaveLength(2);
    expect(reportError).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
    controller.abort();
  });
});
