/**
 * The panel's extras script (entrypoints/panel-extras, components/panel/extras.ts) renders with
 * the panel page's Preact, not a copy: a second Preact would not know the panel's components
 * (hooks keep their state in the instance that renders them), and would be parsed twice. In that
 * build, `preact` and `preact/jsx-runtime` resolve to modules that read what the panel's page
 * shared on its `globalThis` (entrypoints/panel-frame/shared-preact.ts, which shares exactly
 * these names). An extras module that imports another name fails the build (the module does not
 * export it).
 *
 * `preact/hooks` is bundled into the extras, not shared: the panel's first paint renders no
 * component with hooks, so the panel's page does not carry them (1.1 KB gzip). The hooks module
 * imports only `options` from `preact`, which is shared, so it attaches to the panel's Preact.
 */
import type { Plugin } from 'vite';

/** The key on `globalThis`, as `Symbol.for(key)`. */
export const SHARED_PREACT_KEY = 'upnext.panel-preact';

/** What the extras may import from Preact, by module. */
export const SHARED_PREACT: Readonly<Record<string, readonly string[]>> = {
  preact: ['Component', 'options'],
  'preact/jsx-runtime': ['Fragment', 'jsx', 'jsxs'],
};

const PREFIX = '\0upnext:shared-preact:';

/**
 * A development build (`wxt dev`; vitest's NODE_ENV=test, under which the zip test builds)
 * compiles JSX to `jsxDEV` from this module. Preact's `jsxDEV` is its `jsx` (the extra source
 * and self arguments only feed devtools), so it is the shared `jsx`.
 */
const DEV_RUNTIME = 'preact/jsx-dev-runtime';

export function sharedPreact(): Plugin {
  return {
    name: 'upnext:shared-preact',
    enforce: 'pre',
    resolveId(source, importer) {
      // Preact's devtools and debug modules (a development build adds them) keep the Preact
      // they were written against: they only observe, and never render the extras. Any other
      // module that imports Preact still gets the shared one, or fails the build.
      if (importer !== undefined && /\/node_modules\/preact\/(devtools|debug)\//.test(importer))
        return null;
      if (source === DEV_RUNTIME) return PREFIX + DEV_RUNTIME;
      return Object.hasOwn(SHARED_PREACT, source) ? PREFIX + source : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      if (name === DEV_RUNTIME) {
        return [
          `const shared = globalThis[Symbol.for(${JSON.stringify(SHARED_PREACT_KEY)})]?.['preact/jsx-runtime'];`,
          `if (!shared) throw new Error('Upnext: the panel extras need the panel page first');`,
          'export const jsxDEV = shared.jsx;',
          'export const Fragment = shared.Fragment;',
        ].join('\n');
      }
      const lines = [
        `const shared = globalThis[Symbol.for(${JSON.stringify(SHARED_PREACT_KEY)})]?.[${JSON.stringify(name)}];`,
        `if (!shared) throw new Error('Upnext: the panel extras need the panel page first');`,
        ...(SHARED_PREACT[name] ?? []).map((key) => `export const ${key} = shared.${key};`),
      ];
      return lines.join('\n');
    },
  };
}
