import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

import { BUILT_IN_HOST_PATTERNS } from './lib/crm/hosts';

// Explicit imports everywhere (house style): WXT's auto-imports hide where things come from.
export default defineConfig({
  imports: false,
  // WXT 0.20 no longer bundles webextension-polyfill; this module aliases `wxt/browser` to it so
  // every context uses the promise-based `browser.*` API.
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Least privilege: storage (IndexedDB quota), alarms for waits and snoozes, scripting to
    // register the content script on custom CRMs the user grants, notifications for due steps.
    permissions: ['storage', 'alarms', 'scripting', 'notifications'],
    host_permissions: [...BUILT_IN_HOST_PATTERNS],
    // Custom and self-hosted CRMs are asked for at run time, one origin at a time.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_actionTitle__' },
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
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'upnext@upnext.dev',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
