/**
 * Chrome's worker imports webextension-polyfill's own script only where the browser has no native
 * `browser` (scripts/vite-background-polyfill.ts). Either way the background gets the object the
 * polyfill would have given it: the native one untouched, or the polyfill's wrapped `chrome`.
 */
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import {
  BACKGROUND_POLYFILL_MODULE,
  POLYFILL_SCRIPT,
  polyfillScript,
} from '../../scripts/vite-background-polyfill';

/** The worker's `webextension-polyfill` module run in a scope of its own: its default export. */
function backgroundBrowser(scope: Record<string, unknown>): unknown {
  return runInNewContext(BACKGROUND_POLYFILL_MODULE.replace('export default ', ''), scope);
}

describe("Chrome's worker and webextension-polyfill", () => {
  it('uses a native browser as it is, without importing the polyfill', () => {
    const native = { runtime: { id: 'upnext' } };
    const imported: string[] = [];
    const scope = { browser: native, importScripts: (url: string) => imported.push(url) };
    expect(backgroundBrowser(scope)).toBe(native);
    expect(imported).toEqual([]);
  });

  it("imports the polyfill's script where there is no native browser, and uses what it defines", () => {
    const chrome = { runtime: { id: 'upnext', getURL: (path: string) => `x://upnext${path}` } };
    const imported: string[] = [];
    const scope: Record<string, unknown> = { chrome };
    scope['importScripts'] = (url: string) => {
      imported.push(url);
      runInNewContext(polyfillScript(), scope);
    };
    const browser = backgroundBrowser(scope) as { runtime: { getURL(path: string): string } };
    expect(imported).toEqual([POLYFILL_SCRIPT]);
    expect(browser).not.toBe(chrome);
    expect(browser.runtime.getURL('/a.html')).toBe('x://upnext/a.html');
  });

  it("ships the polyfill's published script, without a source map it does not ship", () => {
    const script = polyfillScript();
    expect(script).toContain('webextension-polyfill');
    expect(script).not.toContain('sourceMappingURL');
  });
});
