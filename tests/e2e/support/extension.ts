/**
 * Helpers for driving the built extension in real Chromium: find its service worker, open its
 * pages, read its IndexedDB, and stop the worker the way Chrome does when it is idle.
 */
import { resolve } from 'node:path';

import { TargetType, type Browser, type Page, type Target, type WebWorker } from 'puppeteer-core';

import type { MessageType, RecordRef, ReplyOf, RequestOf } from '../../../lib/messaging/protocol';
import type { Reply } from '../../../lib/messaging/result';
import type { ConnectionView } from '../../../lib/views/record-view';
import { waitForPanelFrame } from './panel';

export const EXTENSION_PATH = resolve(import.meta.dirname, '../../../.output/chrome-mv3');

export const isServiceWorker = (target: Target): boolean =>
  target.type() === TargetType.SERVICE_WORKER && target.url().endsWith('/background.js');

export async function serviceWorker(
  browser: Browser,
): Promise<{ target: Target; worker: WebWorker; id: string }> {
  const target = await browser.waitForTarget(isServiceWorker, { timeout: 30_000 });
  const worker = await target.worker();
  if (worker === null) throw new Error('The service worker target has no worker.');
  return { target, worker, id: new URL(target.url()).host };
}

/**
 * Stops the service worker (as Chrome does when idle) and waits until it is gone: its target is
 * destroyed. Chromium now and then leaves a worker running after DevTools' `Target.closeTarget`
 * (under load, about 1 stop in 40: 15 s later `chrome.runtime.getContexts` still listed the
 * background and the target was never destroyed); asking again stopped it every time, so the stop
 * is asked again every 2 s. Throws, saying so, if the worker is still there after 5 asks.
 */
export async function killServiceWorker(browser: Browser): Promise<void> {
  const { target, worker } = await serviceWorker(browser);
  let onDestroyed: ((destroyed: Target) => void) | undefined;
  const gone = new Promise<true>((done) => {
    // `once` would drop the listener after the first destroyed target of any kind.
    onDestroyed = (destroyed: Target): void => {
      if (destroyed === target) done(true);
    };
    browser.on('targetdestroyed', onDestroyed);
  });
  const root = await browser.target().createCDPSession();
  try {
    await worker.close();
    for (let asked = 1; ; asked += 1) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stillThere = new Promise<false>((done) => {
        timer = setTimeout(() => done(false), 2_000);
      });
      const stopped = await Promise.race([gone, stillThere]).finally(() => clearTimeout(timer));
      if (stopped) return;
      if (asked === 5)
        throw new Error('The service worker was asked to stop 5 times and still runs.');
      // The worker's own session is detached by `close()`: ask through the browser's.
      const { targetInfos } = await root.send('Target.getTargets');
      const running = targetInfos.find(
        (info) => info.type === 'service_worker' && info.url === target.url(),
      );
      // Gone from the browser's list: stopped, whatever puppeteer has yet to hear.
      if (running === undefined) return;
      await root.send('Target.closeTarget', { targetId: running.targetId }).catch(() => undefined);
    }
  } finally {
    if (onDestroyed !== undefined) browser.off('targetdestroyed', onDestroyed);
    await root.detach();
  }
}

/**
 * Turns on developer mode, as on chrome://extensions (through that page's own
 * `chrome.developerPrivate` API). Chromium 156 re-enables an unpacked extension after
 * `chrome.runtime.reload()` only in developer mode: without it the extension stays disabled (its
 * pages fail with `ERR_BLOCKED_BY_CLIENT` and no service worker starts again).
 */
export async function enableDeveloperMode(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://extensions', { waitUntil: 'domcontentloaded' });
    const on = await page.evaluate(
      () =>
        new Promise<boolean>((done) => {
          // chrome://extensions' private API (callback style), not in the extension's types.
          const api = (
            globalThis as unknown as {
              chrome: {
                developerPrivate: {
                  updateProfileConfiguration: (update: object, callback: () => void) => void;
                  getProfileConfiguration: (
                    callback: (c: { inDeveloperMode: boolean }) => void,
                  ) => void;
                };
              };
            }
          ).chrome.developerPrivate;
          api.updateProfileConfiguration({ inDeveloperMode: true }, () => {
            api.getProfileConfiguration((configuration) => done(configuration.inDeveloperMode));
          });
        }),
    );
    if (!on) throw new Error('Developer mode could not be turned on.');
  } finally {
    await page.close();
  }
}

/**
 * Reloads the extension as an update does: `chrome.runtime.reload()`, asked from the extension
 * page `page` (which closes), and returns the new service worker. Needs developer mode
 * (`enableDeveloperMode`).
 */
export async function reloadExtension(
  browser: Browser,
  page: Page,
  old: Target,
): Promise<{ target: Target; worker: WebWorker }> {
  // `URL.origin` is "null" for chrome-extension: URLs in Node: build it from the host (the id).
  const origin = `chrome-extension://${new URL(old.url()).host}`;
  // Chromium may keep reporting the old worker's target: wait for another one.
  const next = browser.waitForTarget(
    (target) =>
      target !== old &&
      target.type() === TargetType.SERVICE_WORKER &&
      target.url().startsWith(`${origin}/`),
    { timeout: 30_000 },
  );
  // Asked for later, not awaited in the page: the reload ends the page before it could answer.
  await page.evaluate(() => {
    setTimeout(() => chrome.runtime.reload(), 0);
  });
  const target = await next;
  const worker = await target.worker();
  if (worker === null) throw new Error('The new service worker target has no worker.');
  return { target, worker };
}

export async function openExtensionPage(browser: Browser, id: string, path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${id}/${path}`, { waitUntil: 'domcontentloaded' });
  return page;
}

/** Sends a protocol message from an extension page, exactly as our own pages do. */
export async function sendFromPage(page: Page, type: string, payload: unknown): Promise<unknown> {
  return page.evaluate((message) => chrome.runtime.sendMessage(message), {
    upnext: 1,
    type,
    payload,
  });
}

/** Reads every value of one object store of the extension's IndexedDB (from an extension page). */
export async function readStore(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<unknown[]>((done, failed) => {
        const open = indexedDB.open('upnext');
        open.onerror = () => failed(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => {
            db.close();
            done(request.result as unknown[]);
          };
          request.onerror = () => failed(request.error ?? new Error('getAll failed'));
        };
      }),
    store,
  );
}

/**
 * For tools that read the panel with in-page code (screenshots, the benchmark), not for tests
 * (they use ./panel.ts): waits for an element shown in the panel's frame.
 */
export async function waitInPanel(page: Page, selector: string, timeout = 10_000): Promise<void> {
  const started = Date.now();
  const frame = await waitForPanelFrame(page, timeout);
  await frame.waitForFunction(
    (wanted) => {
      const element = document.querySelector(wanted);
      return element !== null && element.getClientRects().length > 0;
    },
    { timeout: Math.max(1, timeout - (Date.now() - started)), polling: 50 },
    selector,
  );
}

/** A typed protocol call from an extension page; throws with the background's message on failure. */
export async function call<K extends MessageType>(
  page: Page,
  type: K,
  payload: RequestOf<K>,
): Promise<ReplyOf<K>> {
  const reply = (await sendFromPage(page, type, payload)) as Reply<ReplyOf<K>>;
  if (!reply.ok) throw new Error(`${type}: ${reply.error.code}: ${reply.error.message}`);
  return reply.data;
}

/**
 * Connects `record` to `sequenceId` and completes its first step (`stepId`) through the
 * protocol, as a seller would in the panel; returns the card of that connection afterwards (its
 * current step is the next one, e.g. a wait with `waitEndsAt`). Throws when the card is missing.
 */
export async function connectAndCompleteFirst(
  page: Page,
  record: RecordRef,
  sequenceId: string,
  stepId: string,
): Promise<ConnectionView> {
  const { view } = await call(page, 'actOnRecord', {
    record,
    action: { type: 'connect', sequenceId },
  });
  const card = view.active.find((c) => c.sequenceId === sequenceId);
  if (card === undefined) throw new Error(`connect: no card for '${sequenceId}'`);
  const { view: after } = await call(page, 'actOnRecord', {
    record,
    action: { type: 'complete', connectionId: card.connectionId, stepId, revision: card.revision },
  });
  const next = after.active.find((c) => c.sequenceId === sequenceId);
  if (next === undefined) throw new Error(`complete: no card for '${sequenceId}' afterwards`);
  return next;
}
