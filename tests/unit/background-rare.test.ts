/**
 * The worker's rare work is a script of its own in Chrome's build (scripts/vite-background-rare.ts):
 * the background's stubs call `background-rare.js` by module name and function name. Both lists
 * must match the real modules exactly, and what the rare script carries must be pure code (its
 * own copies of modules with state, such as the store's caches, would answer from a state the
 * worker's copies do not share).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import rareScript from '@/entrypoints/background-rare/index';
import { provideRare, rareModule, type RareModules } from '@/entrypoints/background/rare';
import * as crmDefinition from '@/lib/sequence/crm-definition';
import * as parse from '@/lib/sequence/parse';
import * as builtIn from '@/lib/sequence/templates/built-in';

import {
  forwardedFunctions,
  RARE_MODULES,
  rareStub,
  type RareModule,
} from '../../scripts/vite-background-rare';

const ROOT = resolve(import.meta.dirname, '../..');
const REAL: Record<RareModule, Record<string, unknown>> = {
  'lib/sequence/parse': parse,
  'lib/sequence/crm-definition': crmDefinition,
  'lib/sequence/templates/built-in': builtIn,
};
const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();
const source = (module: string): string => readFileSync(resolve(ROOT, `${module}.ts`), 'utf8');

afterEach(() => {
  provideRare(undefined as unknown as RareModules);
});

describe("the worker's rare script", () => {
  it('forwards every run-time export of each module, all of them functions', () => {
    expect(Object.keys(REAL).sort()).toEqual([...RARE_MODULES].sort());
    for (const module of RARE_MODULES) {
      const real = REAL[module];
      expect(
        Object.values(real).every((value) => typeof value === 'function'),
        module,
      ).toBe(true);
      expect(forwardedFunctions(source(module), module).sort(), module).toEqual(
        Object.keys(real).sort(),
      );
    }
  });

  it('provides each module the stubs call, as the real module', () => {
    rareScript.main();
    for (const module of RARE_MODULES) {
      const provided = rareModule(module);
      for (const [name, value] of Object.entries(REAL[module])) {
        expect(provided[name], `${module}.${name}`).toBe(value);
      }
    }
  });

  it('fails plainly where the script is neither there nor importable', () => {
    expect(() => rareModule('lib/sequence/parse')).toThrow(/background-rare\.js/);
  });

  it('stands for a module with stubs that call the script by name', () => {
    const code = rareStub('lib/sequence/parse', ['parsePack'], '/loader.ts');
    expect(code).toContain('import { rareModule } from "/loader.ts";');
    expect(code).toContain(
      'export function parsePack(...args) { return rareModule("lib/sequence/parse").parsePack(...args); }',
    );
    expect(() => forwardedFunctions('export const x = 1;\n', 'm')).toThrow(/more than functions/);
    expect(forwardedFunctions('export type T = 1;\nexport async function f() {}\n', 'm')).toEqual([
      'f',
    ]);
  });

  it('carries only pure code: nothing of the store, the use cases or the background', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Type-only imports are erased: they bring no code.
      const specifiers = text.matchAll(/^(?:import|export) (?!type )[^;]*? from '([^']+)';/gms);
      for (const [, specifier = ''] of specifiers) {
        if (!specifier.startsWith('.') && !specifier.startsWith('@/')) continue;
        const base = specifier.startsWith('@/')
          ? resolve(ROOT, specifier.slice(2))
          : resolve(dirname(file), specifier);
        const next = ['.ts', '.tsx', '/index.ts', ''].map((ext) => base + ext).find(isFile);
        if (next !== undefined) visit(next);
      }
    };
    for (const module of RARE_MODULES) visit(resolve(ROOT, `${module}.ts`));
    const files = [...seen].map((file) => file.slice(ROOT.length + 1));
    expect(files.length).toBeGreaterThan(RARE_MODULES.length);
    // lib/once.ts: a memo of a pure value (the schemas), no state anyone shares. lib/zod-mini.ts:
    // the configuration of the rare script's own copy of zod, the same as the worker's.
    const shared = ['lib/once.ts', 'lib/zod-mini.ts'];
    expect(
      files.filter(
        (file) => !/^lib\/(sequence|engine|domain)\//.test(file) && !shared.includes(file),
      ),
    ).toEqual([]);
  });
});
