// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';

import { createShadowHost } from './shadow-host';

afterEach(() => {
  for (const element of document.querySelectorAll('upnext-panel')) element.remove();
});

const host = () =>
  createShadowHost({
    name: 'upnext-panel',
    css: '',
    mode: 'closed',
    onMount: (container) => container,
    onRemove: () => undefined,
  });

describe('the panel host', () => {
  it('mounting leaves one panel on the page: a host an unloaded copy left behind goes', () => {
    // The host of a copy of Upnext that could not clean up (its scripts were unloaded).
    document.documentElement.append(document.createElement('upnext-panel'));
    const ui = host();
    ui.mount();
    const hosts = document.querySelectorAll('upnext-panel');
    expect(hosts).toHaveLength(1);
    // The one left is this panel's: removing it leaves none.
    ui.remove();
    expect(document.querySelectorAll('upnext-panel')).toHaveLength(0);
  });

  it('mounting again after a removal keeps one host', () => {
    const ui = host();
    ui.mount();
    ui.remove();
    ui.mount();
    ui.mount();
    expect(document.querySelectorAll('upnext-panel')).toHaveLength(1);
  });
});
