/**
 * The panel's extras render with the panel script's Preact (scripts/vite-panel-extras.ts): the
 * names the extras build may import must be exactly the ones the panel script shares, under the
 * same key, or an extra would find `undefined` where a hook should be.
 */
import * as preact from 'preact';
import * as jsxRuntime from 'preact/jsx-runtime';
import { describe, expect, it } from 'vitest';

import { SHARED, SHARED_PREACT_KEY as PANEL_KEY } from '@/entrypoints/panel-frame/shared-preact';

import { SHARED_PREACT, SHARED_PREACT_KEY, sharedPreact } from '../../scripts/vite-panel-extras';

describe('the Preact the panel shares with its extras', () => {
  it('is shared under the key the extras read', () => {
    expect(PANEL_KEY).toBe(SHARED_PREACT_KEY);
  });

  it('shares exactly the names the extras may import, each the panel’s own Preact export', () => {
    expect(Object.keys(SHARED).sort()).toEqual(Object.keys(SHARED_PREACT).sort());
    const own: Record<string, Record<string, unknown>> = {
      preact,
      'preact/jsx-runtime': jsxRuntime,
    };
    for (const [module, names] of Object.entries(SHARED_PREACT)) {
      expect(Object.keys(SHARED[module]).sort(), module).toEqual([...names].sort());
      for (const name of names) {
        expect(SHARED[module][name], name).toBeDefined();
        expect(SHARED[module][name], name).toBe(own[module][name]);
      }
    }
  });

  it('resolves only the shared modules, to code that reads the shared names', () => {
    const plugin = sharedPreact();
    const resolve = plugin.resolveId as (source: string) => string | null;
    const load = plugin.load as (id: string) => string | null;
    expect(resolve('preact/compat')).toBeNull();
    expect(resolve('preact-render-to-string')).toBeNull();
    // The extras bundle the hooks module (the panel's first paint has no hooks); it imports
    // only `options` from preact, which resolves to the shared one.
    expect(resolve('preact/hooks')).toBeNull();
    const id = resolve('preact')!;
    const code = load(id)!;
    expect(code).toContain('export const options = shared.options;');
    expect(code).toContain(`Symbol.for("${SHARED_PREACT_KEY}")`);
  });

  it('gives a development build (jsxDEV) the shared jsx, and leaves Preact’s own modules alone', () => {
    const plugin = sharedPreact();
    const resolve = plugin.resolveId as (source: string, importer?: string) => string | null;
    const load = plugin.load as (id: string) => string | null;
    const code = load(resolve('preact/jsx-dev-runtime')!)!;
    expect(code).toContain('export const jsxDEV = shared.jsx;');
    expect(code).toContain('export const Fragment = shared.Fragment;');
    expect(resolve('preact', '/app/node_modules/preact/devtools/dist/devtools.mjs')).toBeNull();
    expect(resolve('preact', '/app/components/panel/extras.ts')).not.toBeNull();
    expect(resolve('preact', '/app/node_modules/preact/compat/dist/compat.mjs')).not.toBeNull();
  });
});
