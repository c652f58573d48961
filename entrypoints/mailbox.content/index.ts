/**
 * The mailbox content script (issue #20): on a connected Gmail or Outlook on the web tab, reads
 * the message list and the open conversation for messages from or to a record's address, and
 * tells the background. It is registered at run time only for clients the seller connected and
 * granted (entrypoints/background/mailbox.ts), never listed in the manifest.
 *
 * Never on the page's hot path: a DOM change only sets a timer; the read runs when the page is
 * idle, at most every `SCAN_EVERY_MS`, and only messages not reported before (in this page) that
 * involve a watched address leave the page. It reads addresses, ids, times and subjects, never
 * bodies. It never throws on an unknown page: it reports it as unreadable.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

import { clientForUrl } from '@/lib/mailbox/clients';
import { readGmail } from '@/lib/mailbox/dom/gmail';
import { readOutlook } from '@/lib/mailbox/dom/outlook';
import type { PageRead } from '@/lib/mailbox/dom/page-read';
import type { MailMessage } from '@/lib/mailbox/types';
import { send } from '@/lib/messaging/client';

/** Reads no more often than this. */
const SCAN_EVERY_MS = 400;
/** Web mail apps take a while to render: no page is judged unreadable before this. */
const GRACE_MS = 15_000;
/** Unreadable only after this many reads in a row found nothing (a slow render is not a change). */
const FAILED_READS = 3;
/** Reads even without DOM changes this often (the unreadable check needs reads). */
const IDLE_READ_MS = 30_000;

const involves = (message: MailMessage, watch: Set<string>): boolean =>
  message.direction === 'received'
    ? watch.has(message.from)
    : message.to.some((address) => watch.has(address));

export default defineContentScript({
  // Registered by the background (scripting.registerContentScripts) for granted hosts only; no
  // `matches` here, or the build would ask for these hosts at install.
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    const client = clientForUrl(location.href);
    if (client === null) return;
    // Once per tab and copy of Upnext (each copy has its own isolated world): the background
    // also starts it in tabs open when the client was connected, and a tab loading just then
    // gets the registered copy as well (entrypoints/background/mailbox.ts).
    const scope = globalThis as unknown as Record<symbol, true | undefined>;
    const started = Symbol.for('upnext.mailbox-reader');
    if (scope[started] === true) return;
    scope[started] = true;
    // A timer's or idle callback's work runs only while this copy of the script is current (an
    // update or reinstall of Upnext ends it: ctx.isInvalid), as WXT's own ctx timers did.
    const whileCurrent = (run: () => void) => (): void => {
      if (!ctx.isInvalid) run();
    };
    const read = (): PageRead =>
      client === 'gmail'
        ? readGmail(document, location.href, Date.now())
        : readOutlook(document, location.href, Date.now());

    const startedAt = Date.now();
    const reported = new Set<string>();
    let watch: Set<string> | null = null;
    let failures = 0;
    let lastHealth: 'ok' | 'unreadable' | null = null;
    let scheduled = false;
    let lastScan = 0;
    let sending = false;

    const refreshWatch = async (): Promise<void> => {
      try {
        watch = new Set((await send('mailboxWatch', {})).addresses);
      } catch {
        // Disconnected meanwhile, or the extension is reloading: read nothing.
        watch = null;
      }
    };

    const scan = (): void => {
      scheduled = false;
      lastScan = Date.now();
      if (watch === null || sending) return;
      let result: PageRead;
      try {
        result = read();
      } catch {
        // The page is nothing the readers expect (they should not throw; this is the last guard).
        result = { report: { view: 'other', readable: false, account: null }, messages: [] };
      }
      failures = result.report.readable ? 0 : failures + 1;
      const unreadable = failures >= FAILED_READS && Date.now() - startedAt >= GRACE_MS;
      const health = unreadable
        ? 'unreadable'
        : result.report.readable && result.report.view !== 'other'
          ? 'ok'
          : lastHealth;
      const current = watch;
      const fresh = result.messages.filter(
        (message) => !reported.has(message.id) && involves(message, current),
      );
      if (fresh.length === 0 && health === lastHealth) return;
      sending = true;
      send('mailboxSeen', {
        report: { ...result.report, readable: !unreadable && result.report.readable },
        messages: fresh.slice(0, 200),
      })
        .then(() => {
          for (const message of fresh.slice(0, 200)) reported.add(message.id);
          lastHealth = health;
        })
        .catch(() => undefined)
        .finally(() => {
          sending = false;
          if (fresh.length > 200) schedule();
        });
    };

    const schedule = (): void => {
      if (scheduled) return;
      scheduled = true;
      const wait = Math.max(0, lastScan + SCAN_EVERY_MS - Date.now());
      setTimeout(
        whileCurrent(() => {
          const idle = requestIdleCallback(whileCurrent(scan), { timeout: SCAN_EVERY_MS });
          ctx.onInvalidated(() => cancelIdleCallback(idle));
        }),
        wait,
      );
    };

    // A DOM change only schedules a read; the callback does nothing else.
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    ctx.onInvalidated(() => observer.disconnect());
    window.addEventListener('hashchange', schedule, { signal: ctx.signal });
    window.addEventListener('popstate', schedule, { signal: ctx.signal });
    const idleRead = setInterval(whileCurrent(schedule), IDLE_READ_MS);
    ctx.onInvalidated(() => clearInterval(idleRead));

    // Records connected or ended elsewhere change which addresses matter.
    const onMessage = (message: unknown): undefined => {
      const type = (message as { upnext?: unknown; type?: unknown } | null)?.type;
      if (type === 'recordChanged' || type === 'dataChanged') {
        void refreshWatch().then(schedule);
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    void refreshWatch().then(schedule);
  },
});
