/**
 * The service worker: wiring only. Every listener is registered synchronously at the top level
 * of `main`, so an event that wakes a killed worker is delivered; the logic lives in handlers/,
 * scheduler.ts and lib/. Nothing lives only in memory: the database is the state.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';

import { browserTimeZone } from '@/lib/format/time';
import type { ShortcutCommand } from '@/lib/messaging/protocol';
import { openDatabase, type Database } from '@/lib/store/db';
import type { Settings } from '@/lib/store/settings';

import { loadSettings, type BackgroundDeps } from './context';
import { reconcileContentScripts, registerCustomCrmListeners } from './custom-crms';
import { createHandlers } from './handlers';
import { applyMailMessages } from './handlers/mailbox';
import { armFeedIfConnected, reconcileMailbox, registerMailboxListeners } from './mailbox';
import { registerPolicyListeners } from './policy';
import { route } from './router';
import {
  armWakeAlarm,
  broadcast,
  DAILY_ALARM,
  dailyMaintenance,
  ensureDailyAlarm,
  openFromNotification,
  processDue,
  reprojectAll,
  updateBadge,
  WAKE_ALARM,
} from './scheduler';

const SHORTCUTS: readonly string[] = [
  'complete-step',
  'skip-step',
  'snooze-step',
] satisfies ShortcutCommand[];

export default defineBackground(() => {
  const startedAt = Date.now();
  let database: Promise<Database> | undefined;
  // One shared connection, opened lazily; a failed open is retried on the next event.
  const db = (): Promise<Database> => {
    database ??= openDatabase().catch((error: unknown) => {
      database = undefined;
      throw error;
    });
    return database;
  };

  // Badge, alarm and live updates after a change, coalesced: many changes in one burst
  // (a bulk action) refresh once.
  let pending: { keys: Set<string>; all: boolean; reproject: boolean } | null = null;
  let settingsCache: Promise<Settings> | null = null;
  const deps: BackgroundDeps = {
    db,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    version: browser.runtime.getManifest().version,
    startedAt,
    systemTimeZone: browserTimeZone,
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    injectPanel: async (tabId, frameId) => {
      await browser.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        files: ['/content-scripts/panel.js'],
      });
    },
    reconcileCrms: () => {
      void reconcileContentScripts({ db });
      // A restore or reset may have changed the mailbox too (its state lives in `settings`).
      void reconcileMailbox({ db }).catch((error: unknown) => {
        console.error('[upnext] reconcileMailbox failed', error);
      });
    },
    readSettings: (database) => {
      settingsCache ??= loadSettings(database).catch((error: unknown) => {
        settingsCache = null;
        throw error;
      });
      return settingsCache;
    },
    afterChange: ({ recordKeys, all, reproject }) => {
      // Settings writes (seller, policy, restore, reset) all report `all`.
      if (all === true) settingsCache = null;
      pending ??= { keys: new Set(), all: false, reproject: false };
      for (const key of recordKeys) pending.keys.add(key);
      pending.all ||= all === true;
      pending.reproject ||= reproject === true;
      queueMicrotask(() => void flush());
    },
  };
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = null;
    if (batch === null) return;
    const database = await db();
    if (batch.reproject) await reprojectAll(deps, database);
    const now = Date.now();
    await Promise.all([updateBadge(database, now), armWakeAlarm(database, now)]);
    for (const key of batch.keys) {
      const changes = (await database.get('records', key))?.changes;
      broadcast({
        upnext: 1,
        type: 'recordChanged',
        recordKey: key,
        ...(changes === undefined ? {} : { changes }),
      });
    }
    if (batch.all) broadcast({ upnext: 1, type: 'dataChanged' });
    // A record may now wait on a reply: the Gmail feed alarm runs again (if Gmail is connected).
    if (batch.keys.size > 0) await armFeedIfConnected({ db });
  };

  const handlers = createHandlers(deps);
  const extension = {
    id: browser.runtime.id,
    origin: browser.runtime.getURL('/').replace(/\/$/, ''),
  };

  // webextension-polyfill idiom: return a promise to reply, undefined to let others answer.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the polyfill awaits the returned promise
  browser.runtime.onMessage.addListener((message, sender) =>
    route(message, sender, handlers, extension),
  );

  const catchUp = async (): Promise<void> => {
    const database = await db();
    await processDue(deps, database);
    await ensureDailyAlarm();
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) void catchUp();
    if (alarm.name === DAILY_ALARM) void db().then((database) => dailyMaintenance(deps, database));
  });
  // Chrome clears alarms on update: re-arm from the stored due times on install, update and start.
  browser.runtime.onInstalled.addListener(() => void catchUp());
  browser.runtime.onStartup.addListener(() => void catchUp());

  browser.notifications.onClicked.addListener(
    (id) => void db().then((database) => openFromNotification(database, id)),
  );

  browser.commands.onCommand.addListener((command) => {
    if (command === 'open-worklist') {
      void browser.tabs.create({ url: browser.runtime.getURL('/worklist.html') });
      return;
    }
    if (!SHORTCUTS.includes(command)) return;
    void browser.tabs.query({ active: true, currentWindow: true }).then((tabs) => {
      const tabId = tabs.at(0)?.id;
      if (tabId === undefined) return;
      return browser.tabs
        .sendMessage(tabId, { upnext: 1, type: 'shortcut', command })
        .catch(() => undefined);
    });
  });

  // Custom CRMs (content scripts on granted origins) and the administrator's policy.
  registerCustomCrmListeners({ db });
  registerPolicyListeners({ db, now: deps.now, afterChange: deps.afterChange });
  // The seller's mailbox: its content script on granted hosts, the panel's mirror, the Gmail feed.
  registerMailboxListeners({
    db,
    now: deps.now,
    apply: async (client, messages) => applyMailMessages(deps, await db(), client, messages),
  });

  // A worker that starts for any reason first makes sure nothing due was missed.
  void catchUp().then(() => db().then((database) => armWakeAlarm(database, Date.now())));
  void reconcileMailbox({ db }).catch((error: unknown) => {
    console.error('[upnext] reconcileMailbox failed', error);
  });
});
