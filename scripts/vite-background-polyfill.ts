/**
 * webextension-polyfill for Chrome's service worker as a script of its own, imported only by a
 * Chrome that needs it (docs/performance.md, "The service worker: start and import", seventh
 * pass). The polyfill's first test is whether the browser has a native `browser` with
 * `runtime.id`; if so it is that object, untouched. Chromium 156 has one, so in the worker the
 * polyfill was 9.6 KB of code (about 20 KB of code cache) read and deserialised at every start
 * for a test, and the bundler's CommonJS interop copied the native object's properties with their
 * descriptors, which built every API namespace of the extension (`tabs`, `scripting`, `action`,
 * `i18n`, `windows`...) before the first message, about 2 ms a start.
 *
 * In Chrome's background build `webextension-polyfill` is a module that makes the same test: a
 * native `browser` is used as it is; otherwise the worker imports the polyfill's own published
 * script (`browser-polyfill.js`, its documented use in a service worker), which defines
 * `globalThis.browser` with the same test and the wrapped `chrome`. A worker imports it while
 * installing (its first start), so any later start may import it again. Firefox's background
 * page is built with the polyfill bundled as before (it has a native `browser` too).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Plugin } from 'vite';

/** Where the polyfill's script is, from the extension's root. */
export const POLYFILL_SCRIPT = '/browser-polyfill.js';

const MODULE = '\0upnext:background-polyfill';

/** The module that stands for `webextension-polyfill` in Chrome's worker. */
export const BACKGROUND_POLYFILL_MODULE = [
  'const native = globalThis.browser;',
  `if (!native?.runtime?.id) importScripts(${JSON.stringify(POLYFILL_SCRIPT)});`,
  'export default globalThis.browser;',
].join('\n');

/**
 * The polyfill's published script, as the extension ships it: without its source-map comment
 * (the map is not shipped).
 */
export function polyfillScript(): string {
  const require = createRequire(import.meta.url);
  const file = require.resolve('webextension-polyfill/dist/browser-polyfill.min.js');
  return readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
}

export function backgroundPolyfill(): Plugin {
  return {
    name: 'upnext:background-polyfill',
    enforce: 'pre',
    resolveId: (source) => (source === 'webextension-polyfill' ? MODULE : null),
    load: (id) => (id === MODULE ? BACKGROUND_POLYFILL_MODULE : null),
  };
}
