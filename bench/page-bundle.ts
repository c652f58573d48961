/**
 * Product code bundled on its own for a page of the benchmark (the mailbox readers, the bare
 * panel render of limit probe c): one IIFE that sets `window[globalName]`, built with Vite from
 * the product's sources. `wxt/browser` becomes an empty object: these bundles run in a web
 * page, where the code under test must not need the extension (lib/i18n.ts then uses its
 * bundled English strings).
 */
import { join, resolve } from 'node:path';

import preact from '@preact/preset-vite';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
const NO_BROWSER = '\0bench:no-browser';

export async function pageBundle(entry: string, globalName: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { '@': ROOT } },
    plugins: [
      preact(),
      {
        name: 'bench:no-browser',
        enforce: 'pre',
        resolveId: (source) => (source === 'wxt/browser' ? NO_BROWSER : null),
        load: (id) => (id === NO_BROWSER ? 'export const browser = {};' : null),
      },
    ],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      lib: { entry: join(ROOT, entry), formats: ['iife'], name: globalName, fileName: globalName },
    },
  });
  const result = Array.isArray(output) ? output[0] : output;
  if (!result || !('output' in result)) throw new Error('vite build returned no output');
  const chunk = result.output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no chunk for ${entry}`);
  return chunk.code;
}
