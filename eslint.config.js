// @ts-check
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import js from '@eslint/js';
import globals from 'globals';
import unicorn from 'eslint-plugin-unicorn';
import tseslint from 'typescript-eslint';

/** Import-path zones (house style "Boundaries"): enforced by tooling, not goodwill. */
const browserModules = [
  'wxt/*',
  'wxt',
  'webextension-polyfill',
  'idb',
  'preact',
  'preact/*',
  '@preact/*',
];
const pureCoreRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: [
            ...browserModules,
            '**/store/**',
            '**/messaging/**',
            '**/crm/**',
            '**/models/**',
            '**/components/**',
            '**/entrypoints/**',
            'node:*',
          ],
          message:
            'lib/engine, lib/sequence, lib/domain and lib/designer are pure: no browser APIs, storage, UI or Node built-ins.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'chrome', message: 'Pure core: no browser APIs.' },
    { name: 'browser', message: 'Pure core: no browser APIs.' },
    { name: 'indexedDB', message: 'Pure core: no storage.' },
    { name: 'localStorage', message: 'Pure core: no storage.' },
    { name: 'window', message: 'Pure core: no browser APIs.' },
    { name: 'document', message: 'Pure core: no browser APIs.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Pure core: pass `now` in.' },
    { object: 'Math', property: 'random', message: 'Pure core: pass randomness or ids in.' },
  ],
};

/** Imports that reach the store at run time (type imports of its document shapes are fine). */
const noStore = (message, allow = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['**/store/**', ...allow.map((path) => `!**/store/${path}`), 'idb'],
          allowTypeImports: true,
          message,
        },
      ],
    },
  ],
});

const isDirectory = (path) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Directory-index imports: every import names the module that holds what it uses
 * (`./fields/capture`), never a folder (`./fields`) or an `index` file. One name per module, no
 * barrels that hide where a rule lives, and bundles that only carry what they import.
 */
const noDirectoryImport = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const root = import.meta.dirname;
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string') return;
      let target;
      if (source.startsWith('.')) target = resolve(dirname(context.filename), source);
      else if (source.startsWith('@/') || source.startsWith('~/'))
        target = resolve(root, source.slice(2));
      else return;
      // A WXT entrypoint must be `entrypoints/<name>/index.ts`; its own test imports it so.
      if (dirname(dirname(target)) === resolve(root, 'entrypoints')) return;
      if (/(^|\/)index(\.[cm]?[jt]sx?)?$/.test(source) || isDirectory(target)) {
        context.report({
          node: node.source,
          message: `'{{source}}' imports a directory index: import the module that holds the name.`,
          data: { source },
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules', '.output', '.wxt', 'coverage', 'bench/results*.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    plugins: { unicorn, upnext: { rules: { 'no-directory-import': noDirectoryImport } } },
    rules: {
      'upnext/no-directory-import': 'error',
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      'unicorn/expiring-todo-comments': 'off',
      'unicorn/prefer-node-protocol': 'error',
      'unicorn/no-array-for-each': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Nothing from a page is trusted: never build HTML from strings (security standard).
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build DOM nodes or use textContent; never assign HTML strings.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Build DOM nodes; never insert HTML strings.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render text; never inject HTML.',
        },
      ],
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    // Plain JavaScript (the config, the CLI's launcher, scripts, the demo CRM's skins): linted
    // with the same rules, without type information (they are not part of the TypeScript program).
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['eslint.config.js', 'bin/**/*.mjs', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // lib/domain (the shared vocabulary) is pure too, so the engine and the format may import it;
    // lib/designer holds the designer's pure edits.
    files: [
      'lib/engine/**/*.ts',
      'lib/sequence/**/*.ts',
      'lib/domain/**/*.ts',
      'lib/designer/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: pureCoreRule,
  },
  {
    // Converters from other tools are pure too: the CLI and the console page both run them.
    files: ['lib/convert/**/*.ts'],
    ignores: ['**/*.test.ts', 'lib/convert/test-kit.ts'],
    rules: pureCoreRule,
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/store/**',
                '**/messaging/**',
                'idb',
                'wxt/browser',
                'webextension-polyfill',
              ],
              message:
                'Components are presentational: props in, callbacks out; no storage or messaging.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pages, view models and the CLI never open the store: pages talk to the background through
    // messages (the work list's read-only fast read and the console's backup file are the
    // exceptions), models get what they
    // need handed in, the CLI works on files.
    files: [
      'entrypoints/options/**/*.{ts,tsx}',
      'entrypoints/popup/**/*.{ts,tsx}',
      'entrypoints/worklist/**/*.{ts,tsx}',
      'components/pages/**/*.{ts,tsx}',
      'lib/models/**/*.{ts,tsx}',
      'cli/**/*.ts',
    ],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: noStore(
      'Pages, view models and the CLI do not open the store: the background owns it (send a message, or hand the data in).',
    ),
  },
  {
    // The console's backup file is read by the page itself (too large for a message).
    files: ['entrypoints/options/download.ts'],
    rules: noStore(
      'The console reads the store only through lib/store/backup-reader (read-only).',
      ['backup-reader'],
    ),
  },
  {
    files: ['entrypoints/worklist/**/*.{ts,tsx}', 'entrypoints/worklist-read/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: noStore(
      'The work list page reads the store only through lib/store/worklist-reader (read-only).',
      ['worklist-reader'],
    ),
  },
  {
    files: [
      'entrypoints/crm.content/**/*.{ts,tsx}',
      'lib/panel-bridge.ts',
      'lib/panel-frame-link.ts',
      'lib/panel-mount.ts',
      'lib/crm/**/*.ts',
    ],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/**', 'idb'],
              message:
                "Content scripts never touch IndexedDB: there it is the CRM site's database. The background is the only writer.",
            },
            {
              group: ['zod', 'zod/*'],
              message:
                'Keep zod out of the content script (bundle size); the background validates.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'indexedDB', message: "In a content script this is the CRM site's database." },
      ],
    },
  },
  {
    files: [
      '**/*.test.{ts,tsx}',
      'tests/**/*.ts',
      'cli/**/*.ts',
      'scripts/**/*.ts',
      'bench/**/*.ts',
      'demo/**/*.ts',
      '*.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests build their fixture pages from HTML strings they write themselves.
      'no-restricted-syntax': 'off',
    },
  },
  {
    // End-to-end tests, benchmarks and dev scripts drive a real browser: replies cross from
    // Chromium as untyped JSON, so the type-aware "unsafe any" rules would only add casts
    // without adding safety. Unit tests and product code keep every rule.
    files: ['tests/e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
);
