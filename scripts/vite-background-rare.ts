/**
 * The service worker's rare work, out of the script Chromium reads and compiles at every start
 * (docs/performance.md, "The service worker: start and import"). A stopped worker starts again
 * for every event, and nine tenths of a start was Chromium fetching the 449 KB `background.js`
 * with its code cache (1.2 MB) and deserialising it. The modules below are needed only to parse
 * and check a pack (an import, a template, a segment's or a custom CRM's save, the policy's
 * pack); with them go redos-detector and jsonc-parser, which nothing else in the worker uses.
 *
 * In Chrome's build, each of these modules, when the background imports it, becomes a stub whose
 * functions call the real one in `background-rare.js` (entrypoints/background-rare), loaded on
 * the first call with `importScripts` (entrypoints/background/rare.ts). A service worker may
 * import only scripts it imported while installing, so the background imports it in its
 * `install` event too. Firefox's background is a page and is built whole (the plugin is not
 * used there, and the rare script is not built).
 *
 * Only functions can be forwarded: a stubbed module that exports anything else at run time (a
 * constant, a class) fails the build, and so does a stub for a module the rare script does not
 * carry (its registry is typed by `RareModule`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Plugin } from 'vite';

/** The modules the rare script carries, by path from the project's root without `.ts`. */
export const RARE_MODULES = [
  'lib/sequence/parse',
  'lib/sequence/crm-definition',
  'lib/sequence/templates/built-in',
] as const;

export type RareModule = (typeof RARE_MODULES)[number];

const ROOT = resolve(import.meta.dirname, '..');
const LOADER = resolve(ROOT, 'entrypoints/background/rare.ts');

/** The run-time exports of a module's source: its exported functions; anything else throws. */
export function forwardedFunctions(source: string, module: string): string[] {
  const other = /^export\s+(?:const|let|var|class|default|\{|\*)/m.exec(source);
  if (other !== null) {
    throw new Error(
      `upnext:background-rare: ${module} exports more than functions (${other[0]}); only functions can be loaded on demand`,
    );
  }
  return [...source.matchAll(/^export\s+(?:async\s+)?function\s+(\w+)/gm)].map(
    (match) => match[1]!,
  );
}

/** The stub that stands for `module` in the background's build. */
export function rareStub(module: RareModule, names: readonly string[], loader = LOADER): string {
  return [
    `import { rareModule } from ${JSON.stringify(loader)};`,
    ...names.map(
      (name) =>
        `export function ${name}(...args) { return rareModule(${JSON.stringify(module)}).${name}(...args); }`,
    ),
  ].join('\n');
}

export function backgroundRare(): Plugin {
  const byFile = new Map<string, RareModule>(
    RARE_MODULES.map((module) => [resolve(ROOT, `${module}.ts`), module]),
  );
  return {
    name: 'upnext:background-rare',
    enforce: 'pre',
    load(id) {
      const module = byFile.get(id.split('?')[0]!);
      if (module === undefined) return null;
      const names = forwardedFunctions(readFileSync(`${ROOT}/${module}.ts`, 'utf8'), module);
      return { code: rareStub(module, names), map: null };
    },
  };
}
