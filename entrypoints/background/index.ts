/**
 * The service worker: wiring only. Every browser event listener is registered here, once,
 * synchronously at the top level of `main`, so an event that wakes a killed worker is
 * delivered; the logic lives in handlers/, scheduler.ts, policy.ts, custom-crms.ts and lib/
 * (use cases in lib/use-cases). Nothing lives only in memory: the database is the state.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';

import { keptBrowserTimeZone } from '@/lib/format/time';
import type { Broadcast, ShortcutCommand } from '@/lib/messaging/protocol';
import type { Reply } from '@/lib/messaging/result';
import { envelopeSchema } from '@/lib/messaging/schemas';
import { openDatabase, type Database } from '@/lib/store/db';
import { foldRollupDeltas } from '@/lib/store/rollups';
import { readSellerSettings, type Settings } from '@/lib/store/settings';

import { settleAbTestsAfterChange, settleAllAbTests } from './ab-tests';
import type { BackgroundDeps } from './context';
import { reconcileContentScripts, type ReconcileReport } from './custom-crms';
import { followUps, type ChangeBatch } from './follow-ups';
import { createHandlers } from './handlers/create-handlers';
import { ensureRollups } from './handlers/insights';
import { applyMailMessages } from './handlers/mailbox';
import { armFeedIfConnected, FEED_ALARM, pollGmailFeed, reconcileMailbox } from './mailbox';
import { injectDetectorIntoOpenTabs, reachOpenTabs } from './open-crm-tabs';
import { applyPolicy, POLICY_ALARM } from './policy';
import { importRareOnInstall } from './rare';
import { keepReplyChannel, serveRequestPort, type ReplyChannels } from './request-port';
import { route, type SenderInfo } from './router';
import {
  armWakeAlarm,
  DAILY_ALARM,
  dailyMaintenance,
  ensureDailyAlarm,
  openFromNotification,
  processDue,
  reprojectAll,
  tellBurst,
  updateBadge,
  WAKE_ALARM,
} from './scheduler';
import { serveWorkerMessage, type WorkerMessageEvent } from './worker-message';

/** How long a worker started by something other than a message waits for its start-up work. */
const START_UP_WAIT_MS = 100;

/** A well-formed envelope, checked once at start so that the envelope's schema is ready. */
const READY_ENVELOPE = { upnext: 1, type: 'ping', payload: null };

const SHORTCUTS: readonly string[] = [
  'complete-step',
  'skip-step',
  'snooze-step',
] satisfies ShortcutCommand[];

export default defineBackground(() => {
  const startedAt = Date.now();
  // Chrome: the rare work's script (rare.ts) is imported while installing, so that any later
  // start may import it when a message needs it. Firefox's background is built whole.
  if (import.meta.env.BROWSER !== 'firefox') importRareOnInstall();
  let database: Promise<Database> | undefined;
  // One shared connection, opened lazily; a failed open is retried on the next event.
  const db = (): Promise<Database> => {
    database ??= openDatabase().catch((error: unknown) => {
      database = undefined;
      throw error;
    });
    return database;
  };

  /** Event work runs on its own: a failure is logged, and the next event tries again. */
  const run = (what: string, work: () => Promise<unknown>): void => {
    work().catch((error: unknown) => {
      console.error(`[upnext] ${what} failed`, error);
    });
  };
  // Content-script registrations for custom CRMs and instances (custom-crms.ts); `then` runs
  // with the result (the registrations made).
  const reconcile = (then?: (report: ReconcileReport) => Promise<unknown>): void =>
    run('reconcileContentScripts', async () => {
      const report = await reconcileContentScripts({ db });
      await then?.(report);
    });
  // The seller's mailbox: its content script on granted hosts, the panel's mirror, the Gmail
  // feed alarm (mailbox.ts).
  const reconcileMail = (): void => run('reconcileMailbox', () => reconcileMailbox({ db }));
  // A CRM that just got its registration: its open tabs get the detector (open-crm-tabs.ts).
  const reconcileAndReachOpenTabs = (): void => reconcile(reachOpenTabs);

  // Badge, alarm and live updates after a change, coalesced (many changes in one burst refresh
  // once) and started a moment after the reply to the message that made the change, so they do
  // not compete with its delivery and the panel's render (follow-ups.ts says why and how long).
  // The change is stored before it is acknowledged; a killed worker loses none of this either:
  // the next start's catch-up recounts the badge and re-arms the alarm.
  //
  // The insight roll-up deltas the changes appended are folded into their rows then too, in a
  // transaction of their own (lib/store/rollups.ts): readers count waiting deltas, so nothing
  // waits on it, and a worker stopped first folds them at its next start (below).
  const foldRollups = (): void => run('foldRollupDeltas', async () => foldRollupDeltas(await db()));
  const followUp = followUps((batch) => {
    foldRollups();
    run('afterChange', () => flush(batch));
  });
  let settingsCache: Promise<Settings> | null = null;
  const deps: BackgroundDeps = {
    db,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    version: browser.runtime.getManifest().version,
    startedAt,
    systemTimeZone: keptBrowserTimeZone(),
    reconcileCrms: () => {
      reconcileAndReachOpenTabs();
      // A restore or reset may have changed the mailbox too (its state lives in `settings`).
      reconcileMail();
    },
    readSettings: (database) => {
      settingsCache ??= readSellerSettings(database).catch((error: unknown) => {
        settingsCache = null;
        throw error;
      });
      return settingsCache;
    },
    afterChange: (change) => {
      // Settings writes (seller, policy, restore, reset) all report `all`.
      if (change.all === true) settingsCache = null;
      followUp(change);
    },
  };
  const flush = async (batch: ChangeBatch): Promise<void> => {
    const database = await db();
    if (batch.reproject) await reprojectAll(deps, database);
    const now = Date.now();
    await Promise.all([updateBadge(database, now), armWakeAlarm(database, now)]);
    await tellBurst(database, batch);
    // A record may now wait on a reply: the Gmail feed alarm runs again (if Gmail is connected).
    if (batch.keys.size > 0) await armFeedIfConnected({ db });
    // A sent version or a reply may make one version of an A/B test clearly better.
    if (batch.keys.size > 0) await settleAbTestsAfterChange(deps, database, [...batch.keys]);
  };

  const handlers = createHandlers(deps);
  const extension = {
    id: browser.runtime.id,
    origin: browser.runtime.getURL('/').replace(/\/$/, ''),
  };

  // The work every start does (the bottom of `main`) waits for the first answer: a worker is
  // mostly started by a page waiting for one, and the catch-up's reads and writes would take
  // the worker's thread while that message is on its way. A start by anything else (an alarm,
  // a click on a notification) begins it after START_UP_WAIT_MS. It is all recomputed from the
  // database at every start, so a worker stopped before it ran loses nothing.
  let startUpPending = true;
  const startUp = (): void => {
    if (!startUpPending) return;
    startUpPending = false;
    clearTimeout(startUpTimer);
    startUpWork();
  };
  const startUpTimer = setTimeout(startUp, START_UP_WAIT_MS);
  // Every message's envelope is checked first (router.ts), and zod readies a schema on its first
  // check (about 0.5 ms). Between the script's end and the delivery of the message that woke the
  // worker, the thread waits about 2 ms for Chromium: that check is done there, in a task of its
  // own, so the first message does not wait for it (docs/performance.md, "The service worker:
  // start and import", seventh pass).
  setTimeout(() => envelopeSchema().safeParse(READY_ENVELOPE), 0);
  // In a task of its own, after the reply has gone out (it is sent in a callback of the same
  // promise, added after this one).
  const startUpNext = (): void => void setTimeout(startUp, 0);
  /** Routes a request (route.ts); its settled reply, whatever it is, begins the start-up work. */
  const answer = (message: unknown, sender: SenderInfo): Promise<Reply<unknown>> | undefined => {
    const reply = route(message, sender, handlers, extension);
    if (startUpPending) void reply?.then(startUpNext, startUpNext);
    return reply;
  };

  // webextension-polyfill idiom: return a promise to reply, undefined to let others answer.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the polyfill awaits the returned promise
  browser.runtime.onMessage.addListener((message, sender) => answer(message, sender));
  // The panel's requests come on a port of their own (request-port.ts), checked the same way;
  // its replies go on the channel the page handed over as a service-worker message, if any.
  const replyChannels: ReplyChannels = new Map();
  browser.runtime.onConnect.addListener((port) => {
    serveRequestPort(port, answer, replyChannels);
  });
  // A pack's text comes from the console as a service-worker message (worker-message.ts). Only
  // in a service worker: Firefox's background page is a window, whose 'message' events would be
  // window.postMessage, which nothing of Upnext listens to.
  const workerScope = (globalThis as { ServiceWorkerGlobalScope?: abstract new () => unknown })
    .ServiceWorkerGlobalScope;
  if (workerScope !== undefined && globalThis instanceof workerScope) {
    globalThis.addEventListener('message', (event) => {
      if (keepReplyChannel(event, replyChannels)) return;
      serveWorkerMessage(event as unknown as WorkerMessageEvent, extension.id, answer);
    });
  }

  // Lets time pass for every record that is due, then re-arms the wake alarm (scheduler.ts).
  const catchUp = (): void =>
    run('processDue', async () => {
      await processDue(deps, await db());
      await ensureDailyAlarm();
    });
  // A/B tests that ended while the worker was away (ab-tests.ts).
  const settleTests = (): void =>
    run('settleAllAbTests', async () => settleAllAbTests(deps, await db()));
  // The administrator's policy (policy.ts).
  const policy = (): void =>
    run('applyPolicy', () => applyPolicy({ db, now: deps.now, afterChange: deps.afterChange }));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) catchUp();
    if (alarm.name === DAILY_ALARM)
      run('dailyMaintenance', async () => dailyMaintenance(deps, await db()));
    if (alarm.name === POLICY_ALARM) policy();
    if (alarm.name === FEED_ALARM)
      run('pollGmailFeed', () =>
        pollGmailFeed({
          db,
          now: deps.now,
          apply: async (client, messages) => applyMailMessages(deps, await db(), client, messages),
        }),
      );
  });
  // Install, update and browser start: content-script registrations and the policy are brought
  // up to date. The catch-up (which re-arms the alarms Chrome clears on update), the A/B check
  // and the mailbox reconcile run at the bottom on every worker start, which these events are
  // too: running them here as well would do the same work twice at browser start.
  const onStart = (afterReconcile?: (report: ReconcileReport) => Promise<unknown>): void => {
    reconcile(afterReconcile);
    policy();
    // Insight roll-ups missing (first run with insights): rebuilt from the stored history.
    run('ensureRollups', () => ensureRollups(deps));
  };
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // CRM tabs open at an install or update have no detector, or one the update orphaned: they
    // get the new one, once the registrations say where it runs (open-crm-tabs.ts). Not on a
    // browser update (`chrome_update`, Firefox's `browser_update`): its scripts are current.
    const fresh = reason === 'install' || reason === 'update';
    onStart(fresh ? async ({ plan }) => injectDetectorIntoOpenTabs(plan.wanted) : undefined);
  });
  browser.runtime.onStartup.addListener(() => onStart());
  // A grant from the console, a revocation on chrome://extensions.
  const onPermissions = (): void => {
    reconcileAndReachOpenTabs();
    reconcileMail();
  };
  browser.permissions.onAdded.addListener(onPermissions);
  browser.permissions.onRemoved.addListener(onPermissions);
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') policy();
  });

  browser.notifications.onClicked.addListener((id) =>
    run('openFromNotification', async () => openFromNotification(await db(), id)),
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
      // The panel is an extension page in an iframe of that tab (docs/architecture.md, "The
      // panel frame"): runtime messages reach it, tab messages reach only content scripts.
      const shortcut: Broadcast = {
        upnext: 1,
        type: 'shortcut',
        // One of SHORTCUTS (checked above).
        command: command as ShortcutCommand,
        tabId,
      };
      return browser.runtime.sendMessage(shortcut).catch(() => undefined);
    });
  });

  // A worker that starts for any reason (install, update, browser start, an event) makes sure
  // nothing due was missed (and the alarms are armed), that no A/B test end was missed, and
  // that the mailbox registrations match what is stored and granted, and folds the insight
  // roll-up deltas a stopped worker left: once its first message is answered (`startUp`).
  function startUpWork(): void {
    catchUp();
    settleTests();
    reconcileMail();
    foldRollups();
  }
});
