/**
 * What content scripts leave out of their bundles, applied only to content-script builds (the
 * `vite:build:extendConfig` hook in wxt.config.ts). Every CRM page parses these scripts, so each
 * kilobyte is paid on every page load (docs/performance.md, "Where the bytes go").
 *
 * - webextension-polyfill (2.7 KB gzip): a content script only sends messages, listens to
 *   broadcasts without replying, and reads and writes `storage.local`. Chromium's MV3 `chrome.*`
 *   returns promises for all of that and Firefox has `browser.*` natively, so `wxt/browser` is the
 *   browser's own object there. The panel's page and its extras (entrypoints/panel-frame,
 *   panel-extras; wxt.config.ts) get the same diet: they too only send, listen without replying
 *   and use storage. So does the work list's page (entrypoints/worklist), whose first task the
 *   database's first answer waits behind: the polyfill's set-up ran in it. So do the console's
 *   and the popup's pages, whose listeners reply to nothing either; they also ask for
 *   permissions and use `tabs`, promises in MV3 `chrome.*` as well. Only the background keeps
 *   the polyfill (its `onMessage` listeners reply with promises, which the polyfill makes work
 *   in Chromium).
 * - The bundled English catalogue: left out of every build, not only these
 *   (`withoutBundledStrings` below).
 * - WXT's content-script context (0.3 KB gzip in each script): `wxt/utils/content-script-context`
 *   becomes scripts/content-script-context.ts, the same context (a newer copy of a script ends
 *   the older copy's context; tests/e2e/update.test.ts, open-tabs-update.test.ts) without WXT's
 *   `wxt:locationchange` watcher, which it builds for every context and we never listen to, and
 *   its development logger.
 * - WXT's start-up wrapper's logger (0.1 KB gzip): the wrapper logs a crash with a logger that
 *   prints nothing in a production build; the crash still rejects the wrapper's promise, which
 *   the browser reports itself.
 * - The URL patterns of crm.content's `matches` / `excludeMatches`: WXT reads them at build time
 *   (importing the entry in Node) to write the manifest; in the bundle they were only data
 *   nobody reads, with the host tables they come from.
 */
import { fileURLToPath } from 'node:url';

import type { Plugin } from 'vite';

const NATIVE_BROWSER = '\0upnext:native-browser';
const LEAN_CONTEXT = fileURLToPath(new URL('./content-script-context.ts', import.meta.url));
const CATALOGUE = /[\\/]public[\\/]_locales[\\/]en[\\/]messages\.json$/;
const CRM_ENTRY = /^[^?]*[\\/]entrypoints[\\/]crm\.content[\\/]index\.tsx$/;
/** WXT's wrapper that starts a content script, and its crash log (a no-op in production). */
const START_WRAPPER = /content-script-isolated-world-entrypoint/;
const CRASH_LOG = /^\s*logger\.error\(.*\);$/m;
/** `matches: [...X],` and `excludeMatches: [...Y],` lines of a content script's definition. */
const MATCH_LINES = /^ {2}(?:matches|excludeMatches): \[\.\.\.[A-Z_]+\],\n/gm;

/** The catalogue's module where it is left out: still JSON, which Vite's JSON plugin makes `{}`. */
const NO_CATALOGUE = '{}';

/**
 * The bundled English catalogue left out (`public/_locales/en/messages.json`, 3.3 KB gzip with
 * the worker's and the store's answers): lib/i18n.ts falls back to it only where
 * `browser.i18n` has no message, which is unit tests and Node (the CLI), never a build. Every
 * script WXT builds runs in the extension, where `i18n.getMessage` has every string of
 * `_locales/`: content scripts, the panel's page, the background (Chrome's service worker and
 * Firefox's background page), and the console's, popup's and work list's pages. wxt.config.ts
 * applies it to every build; each page open and each worker start parses less
 * (docs/performance.md, "The console without the catalogue").
 */
export function withoutBundledStrings(): Plugin {
  return {
    name: 'upnext:without-bundled-strings',
    enforce: 'pre',
    load: (id) => (CATALOGUE.test(id) ? NO_CATALOGUE : null),
  };
}

export function contentScriptDiet(): Plugin {
  let production = true;
  return {
    name: 'upnext:content-script-diet',
    enforce: 'pre',
    configResolved(config) {
      production = config.mode === 'production';
    },
    resolveId(source) {
      if (source === 'wxt/utils/content-script-context') return LEAN_CONTEXT;
      return source === 'webextension-polyfill' ? NATIVE_BROWSER : null;
    },
    load(id) {
      if (id === NATIVE_BROWSER) {
        return 'export default globalThis.browser ?? globalThis.chrome;';
      }
      return null;
    },
    transform(code, id) {
      if (START_WRAPPER.test(id) && production) {
        const next = code.replace(CRASH_LOG, '');
        if (next === code) this.error("upnext:content-script-diet: no crash log in WXT's wrapper");
        return { code: next, map: null };
      }
      if (!CRM_ENTRY.test(id)) return null;
      const next = code.replace(MATCH_LINES, '');
      if (next === code) {
        this.error('upnext:content-script-diet: crm.content has no matches line to drop');
      }
      return { code: next, map: null };
    },
  };
}
