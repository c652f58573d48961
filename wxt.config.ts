import { readFileSync } from 'node:fs';

import preact from '@preact/preset-vite';
import type { PluginOption } from 'vite';
import { defineConfig } from 'wxt';

import { BUILT_IN_HOST_PATTERNS } from './lib/crm/hosts';

import { asciiOutput } from './scripts/vite-ascii-output';
import {
  backgroundPolyfill,
  POLYFILL_SCRIPT,
  polyfillScript,
} from './scripts/vite-background-polyfill';
import { backgroundRare } from './scripts/vite-background-rare';
import { contentScriptDiet, withoutBundledStrings } from './scripts/vite-content-script-diet';
import { hardenLibraries } from './scripts/vite-hardening';
import { sharedPreact } from './scripts/vite-panel-extras';

/** Hosts the seller may grant at run time (self-hosted and custom CRMs). */
const RUNTIME_HOST_PATTERNS = ['https://*/*', 'http://*/*'];
/** The panel's page (entrypoints/panel-frame), shown in an iframe on CRM record pages. */
const PANEL_FRAME = 'panel-frame';
/** The panel's extras (entrypoints/panel-extras), a script the panel's page adds on demand. */
const PANEL_EXTRAS = 'panel-extras';
/** The work list's page (entrypoints/worklist). */
const WORKLIST = 'worklist';
/** The browser this build is for (`wxt build -b`), known once WXT resolved its config. */
let targetBrowser = 'chrome';

// Explicit imports everywhere (house style): WXT's auto-imports hide where things come from.
/**
 * What git ignores is not source either: the source zip (Firefox's review copy) leaves out the
 * same files, above all the demo CRM's TLS key (demo/certs/), which is made on each machine.
 * .gitignore lines become globs: `/x/` and `a/b` are anchored, `x/` and `*.log` match anywhere.
 */
function ignoredSources(): string[] {
  return readFileSync(new URL('.gitignore', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => {
      const folder = line.endsWith('/');
      const bare = line.replace(/^\/|\/$/g, '');
      const anchored = line.startsWith('/') || bare.includes('/');
      return `${anchored ? '' : '**/'}${bare}${folder ? '/**' : ''}`;
    });
}

/**
 * Vite's plugins without WXT's auto-import plugin (unimport). `imports: false` only stops WXT from
 * declaring the auto-imported names; the plugin itself still ran on every module and added an
 * import for any name it took for a free one: a parameter named `storage` in
 * lib/models/worklist-model.ts brought `wxt/utils/storage` (WXT's storage wrapper, about 16 KB
 * before minifying, with a `createStorage()` run at start) into the work list's page bundle.
 */
function withoutAutoImports(plugins: PluginOption[] | undefined): PluginOption[] {
  return (plugins ?? []).filter(
    (plugin) =>
      !(
        plugin !== null &&
        typeof plugin === 'object' &&
        'name' in plugin &&
        plugin.name === 'unimport'
      ),
  );
}

export default defineConfig({
  imports: false,
  zip: { excludeSources: ignoredSources() },
  outDir: process.env['UPNEXT_OUT_DIR'] ?? '.output',
  // WXT 0.20 no longer bundles webextension-polyfill; this module aliases `wxt/browser` to it so
  // every context uses the promise-based `browser.*` API.
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [hardenLibraries(), preact()],
    // Every browser Upnext runs in supports `<link rel="modulepreload">`; Vite's polyfill for
    // older ones (a MutationObserver and a fetch per preload) only cost bytes on every page,
    // the panel's among them, parsed on every CRM record page.
    build: { modulePreload: { polyfill: false } },
  }),
  hooks: {
    'config:resolved': (wxt) => {
      targetBrowser = wxt.config.browser;
    },
    // The polyfill's own script, for a Chrome worker without a native `browser`
    // (scripts/vite-background-polyfill.ts).
    'build:publicAssets': (_wxt, files) => {
      if (targetBrowser === 'firefox') return;
      files.push({ relativeDest: POLYFILL_SCRIPT.slice(1), contents: polyfillScript() });
    },
    // The panel's page is built on its own, not with the other extension pages: it is what every
    // CRM record page waits for before the panel's first paint, so it must not share chunks
    // with the console's pages (a chunk shared with them brings what only they need, and each
    // extra file is gzipped apart) (docs/architecture.md, "The panel frame"). The work list's
    // page likewise: each file a page asks for costs main-thread work before its HTML is parsed
    // and a fetch before its script can run, and the seller waits for its first rows (one
    // script and one style sheet instead of seven and two; docs/worklist.md, "The page's files
    // and the early script's priority").
    'vite:devServer:extendConfig': (config) => {
      config.plugins = withoutAutoImports(config.plugins);
    },
    'entrypoints:grouped': (_wxt, groups) => {
      for (const name of [PANEL_FRAME, WORKLIST]) {
        for (const group of groups) {
          if (!Array.isArray(group)) continue;
          const at = group.findIndex((entry) => entry.name === name);
          if (at === -1 || group.length === 1) continue;
          groups.push(group.splice(at, 1));
          break;
        }
      }
    },
    // Content scripts are parsed on every CRM page, and the panel's page is loaded on every
    // record page: they get a smaller `browser` (scripts/vite-content-script-diet.ts).
    'vite:build:extendConfig': (entrypoints, config) => {
      config.plugins = withoutAutoImports(config.plugins);
      // No build bundles the English catalogue: everything built here runs in the extension,
      // where `i18n.getMessage` has every string (the console's pages too; only unit tests and
      // the CLI use lib/i18n.ts's fallback). This is the one place that decides it.
      config.plugins = [withoutBundledStrings(), ...(config.plugins ?? [])];
      if (
        entrypoints.every((entry) => entry.type === 'content-script') ||
        entrypoints.every((entry) => entry.name === PANEL_FRAME || entry.name === PANEL_EXTRAS) ||
        // The work list's page (built on its own, above) likewise only sends, listens without
        // replying and asks for its strings: without the polyfill its first task, which the
        // database's first answer waits behind, runs less (docs/worklist.md).
        entrypoints.every((entry) => entry.name === WORKLIST) ||
        // The designer's early script only sends one message and listens without replying; the
        // work list's only reads the database, but the store's modules it reaches import the
        // strings (lib/i18n.ts, and so `wxt/browser`) for their error messages.
        entrypoints.every(
          (entry) => entry.name === 'designer-read' || entry.name === 'worklist-read',
        ) ||
        // The console's and the popup's pages send, listen without replying (entrypoints/options
        // and popup main.tsx), ask for permissions and use tabs and storage: all promises in
        // Chromium's MV3 `chrome.*`, so the polyfill was only bytes to load before the designer
        // draws (docs/performance.md, "The console without the catalogue").
        entrypoints.every((entry) => entry.name === 'options' || entry.name === 'popup')
      ) {
        config.plugins = [contentScriptDiet(), ...(config.plugins ?? [])];
      }
      // Chrome's service worker leaves its rare work to a script it imports on demand
      // (scripts/vite-background-rare.ts); Firefox's background page is built whole. Chrome's
      // worker imports webextension-polyfill's script only where the browser has no native
      // `browser` (scripts/vite-background-polyfill.ts).
      if (entrypoints.some((entry) => entry.name === 'background') && targetBrowser !== 'firefox') {
        config.plugins = [backgroundRare(), backgroundPolyfill(), ...(config.plugins ?? [])];
      }
      // Every script is decoded each time it loads (the worker's at every start, the console's
      // and the work list's at every open), fastest when it is ASCII (scripts/vite-ascii-output.ts).
      config.plugins = [asciiOutput(), ...(config.plugins ?? [])];
      // The panel's extras render with the panel page's Preact (scripts/vite-panel-extras.ts).
      if (entrypoints.some((entry) => entry.name === PANEL_EXTRAS)) {
        config.plugins = [sharedPreact(), ...(config.plugins ?? [])];
      }
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Least privilege: storage (IndexedDB quota), alarms for waits and snoozes, scripting to
    // register the content script on custom CRMs the user grants, notifications for due steps.
    permissions: ['storage', 'alarms', 'scripting', 'notifications'],
    host_permissions: [...BUILT_IN_HOST_PATTERNS],
    // Custom and self-hosted CRMs are asked for at run time, one origin at a time.
    optional_host_permissions: [...RUNTIME_HOST_PATTERNS],
    action: { default_title: '__MSG_actionTitle__' },
    // The panel renders in an iframe of this page on CRM record pages (docs/architecture.md,
    // "The panel frame"), so pages where the panel can show may load it, and nothing else is
    // exposed. The hosts are every host Upnext may ever run on (the built-in CRMs, and the
    // self-hosted and custom CRMs the seller grants at run time, which a manifest cannot list
    // one by one); Chrome's dynamic URL changes every session, so no page can probe for it.
    web_accessible_resources: [
      {
        resources: ['panel-frame.html'],
        matches: RUNTIME_HOST_PATTERNS,
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    commands: {
      'complete-step': {
        suggested_key: { default: 'Alt+Shift+C' },
        description: 'Complete the step that is due on this record',
      },
      'skip-step': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Skip the step that is due on this record',
      },
      'snooze-step': {
        suggested_key: { default: 'Alt+Shift+Z' },
        description: 'Snooze the step that is due on this record',
      },
      'open-worklist': {
        suggested_key: { default: 'Alt+Shift+U' },
        description: 'Open the Upnext work list',
      },
    },
    // Administrators pre-configure Upnext through managed storage (docs/admin.md). Firefox reads
    // policies differently (no managed_schema), so the key is for Chromium browsers only.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'upnext@upnext.dev',
              // 142: the first Firefox (desktop and Android) that reads data_collection_permissions.
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
