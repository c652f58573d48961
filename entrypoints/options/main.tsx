import '@/components/pages/page.css';
import './style.css';
import './designer.css';

import { render } from 'preact';
import { browser } from 'wxt/browser';

import type { Broadcast } from '@/lib/messaging/protocol';
import { send } from '@/lib/messaging/client';
import { createRouterModel } from '@/lib/models/console/router-model';

import { ConsoleApp, createConsoleModels } from './console-app';
import { downloadText, saveBackupFile } from './download';

const router = createRouterModel(window);
const models = createConsoleModels({
  transport: { send },
  router,
  download: downloadText,
  saveBackup: saveBackupFile,
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
    transport: { send },
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

// Live updates: the background says when data changed (a seller acted in a CRM tab, an import).
browser.runtime.onMessage.addListener((message: unknown) => {
  if ((message as Partial<Broadcast> | null)?.type === 'dataChanged') models.refresh();
  return undefined;
});

const root = document.getElementById('app');
if (root !== null) render(<ConsoleApp models={models} router={router} />, root);
