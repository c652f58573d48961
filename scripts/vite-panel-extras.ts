/**
 * The panel's extras script (entrypoints/panel-extras.content, components/panel/extras.ts)
 * renders with the panel script's Preact, not a copy: a second Preact would not know the panel's
 * components (hooks keep their state in the instance that renders them), and would be parsed
 * twice. In that build, `preact`, `preact/hooks` and `preact/jsx-runtime` resolve to modules
 * that read what the panel script shared on `globalThis` in the extension's isolated world
 * (entrypoints/panel.content/shared-preact.ts, which shares exactly these names). An extras
 * module that imports another name fails the build (the module does not export it).
 */
import type { Plugin } from 'vite';

/** The key on `globalThis`, as `Symbol.for(key)`. */
export const SHARED_PREACT_KEY = 'upnext.panel-preact';

/** What the extras may import from Preact, by module. */
export const SHARED_PREACT: Readonly<Record<string, readonly string[]>> = {
  preact: [],
  'preact/hooks': ['useEffect', 'useId', 'useRef', 'useState'],
  'preact/jsx-runtime': ['Fragment', 'jsx', 'jsxs'],
};

const PREFIX = '\0upnext:shared-preact:';

export function sharedPreact(): Plugin {
  return {
    name: 'upnext:shared-preact',
    enforce: 'pre',
    resolveId(source) {
      return Object.hasOwn(SHARED_PREACT, source) ? PREFIX + source : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      const lines = [
        `const shared = globalThis[Symbol.for(${JSON.stringify(SHARED_PREACT_KEY)})]?.[${JSON.stringify(name)}];`,
        `if (!shared) throw new Error('Upnext: the panel extras need the panel script first');`,
        ...(SHARED_PREACT[name] ?? []).map((key) => `export const ${key} = shared.${key};`),
      ];
      return lines.join('\n');
    },
  };
}
