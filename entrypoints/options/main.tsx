import '@/components/pages/page.css';
import './style.css';
import './designer.css';

import { render } from 'preact';
import { browser } from 'wxt/browser';

import type { Broadcast } from '@/lib/messaging/protocol';
import { consoleSend } from '@/lib/messaging/console-send';
import { takeEarlyDesignerRead } from '@/lib/models/console/designer-early-read';
import { createRouterModel } from '@/lib/models/console/router-model';

import { ConsoleApp, createConsoleModels } from './console-app';
import { downloadText, saveBackupFile } from './download';

const router = createRouterModel(window);
const models = createConsoleModels({
  transport: { send: consoleSend },
  router,
  download: downloadText,
  saveBackup: saveBackupFile,
  // Taken as the first designer is made, in the first render: after the broadcast listener below
  // is added, so a change is heard either by the early script or by the page.
  earlyDesignerRead: takeEarlyDesignerRead,
  // Pages cannot link to chrome:// URLs; the tabs API can open this one in Chromium browsers.
  openShortcuts: async () => {
    await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  },
  // Match patterns ignore ports: https://crm.acme.example:8443 → https://crm.acme.example/*.
  requestAccess: (origins) =>
    browser.permissions.request({
      origins: origins.map((origin) => {
        const url = new URL(origin);
        return `${url.protocol}//${url.hostname}/*`;
      }),
    }),
  // Mail clients' match patterns, asked for inside the Connect click.
  requestMailboxAccess: (patterns) => browser.permissions.request({ origins: patterns }),
  crmEditor: {
    transport: { send: consoleSend },
    // Called inside the click handler, before any await, so the browser sees a user gesture.
    requestPermission: (origins) => browser.permissions.request({ origins }),
    // Tab addresses are visible only where Upnext already has access: what the live test needs.
    listTabs: async () =>
      (await browser.tabs.query({})).flatMap((tab) =>
        tab.id !== undefined && tab.url
          ? [{ tabId: tab.id, url: tab.url, title: tab.title ?? tab.url }]
          : [],
      ),
    // Matching against an empty fragment parses the selector and touches no page.
    isSelector: (selector) => {
      try {
        document.createDocumentFragment().querySelector(selector);
        return true;
      } catch {
        return false;
      }
    },
  },
});

/**
 * How long the console gathers `recordChanged` broadcasts before it reloads the progress on
 * screen once: "Run now" or a work-list batch changes hundreds of records in a second, one
 * broadcast each.
 */
const PROGRESS_REFRESH_MS = 250;
let progressTimer: ReturnType<typeof setTimeout> | null = null;

// Live updates: `dataChanged` (an import, a restore, a reset, settings) reloads what is on
// screen; a seller's action in a CRM tab or the work list says `recordChanged` for its record,
// and the progress the console shows follows it.
browser.runtime.onMessage.addListener((message: unknown) => {
  const type = (message as Partial<Broadcast> | null)?.type;
  if (type === 'dataChanged') models.refresh();
  else if (type === 'recordChanged' && progressTimer === null)
    progressTimer = setTimeout(() => {
      progressTimer = null;
      models.refreshProgress();
    }, PROGRESS_REFRESH_MS);
  return undefined;
});

const root = document.getElementById('app');
if (root !== null) render(<ConsoleApp models={models} router={router} />, root);
