/**
 * The Up next panel: mounted in a closed shadow root on a CRM record page, kept in step with the
 * background (live updates, shortcuts). It is not listed in the manifest: the background injects
 * it into a tab only once `crm.content` found a record page there (lib/panel-bridge.ts), so CRM
 * pages that are not records never load the UI. It never touches IndexedDB (on this page that
 * is the CRM's database).
 */
import { effect, signal } from '@preact/signals-core';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

import { extrasRegistry, preloadExtras, withExtras } from '@/components/panel/extras';
import { PanelView, type PanelHandlers, type PanelState } from '@/components/panel/panel-view';
import { browserTimeZone } from '@/lib/format/time';
import { send } from '@/lib/messaging/client';
import { keepBrowserAnswers, t, uiLocale } from '@/lib/i18n';
import { recordKey } from '@/lib/domain/record-ref';
import type { Broadcast } from '@/lib/messaging/protocol';
import { CONNECT_KEY, createPanelModel } from '@/lib/models/panel-model';
import { panelBridge } from '@/lib/panel-bridge';
import { acceptOnlyTrustedInput } from '@/lib/trusted-input';
import { MAILBOX_HINT_KEY, parseMailboxMirror, type PanelMailbox } from '@/lib/mailbox/mirror';
import { MAILBOX_MIRROR_KEY } from '@/lib/mailbox/types';

import { createShadowHost } from './shadow-host';
import { sharePreact } from './shared-preact';
import css from './style.css?inline';

function isBroadcast(message: unknown): message is Broadcast {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { upnext?: unknown }).upnext === 1 &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

export default defineContentScript({
  // Injected by the background with scripting.executeScript, not declared in the manifest, so no
  // `matches` (the host permissions are the manifest's own; listing them here only bundled them).
  registration: 'runtime',
  // The styles ship inside the script (shadow-host.ts), so nothing is injected or fetched.
  cssInjectionMode: 'manual',
  // No window.postMessage to the CRM page when the script starts (see crm.content).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const bridge = panelBridge();
    // Injected twice (two quick requests): the first copy already serves this page.
    if (bridge.api !== null) return;
    sharePreact();
    // Every render asks for the same strings; the browser's answers are fixed for our life.
    keepBrowserAnswers();
    const extras = extrasRegistry();
    const model = createPanelModel({
      resultWords: (action, reply) => extras.extras?.resultWords(action, reply) ?? '',
    });
    ctx.onInvalidated(() => model.dispose());
    void model.loadLayout();
    // Until the first view arrives, the browser's zone; then the seller's (a setting may override
    // it). Asked for only when needed: every view names its zone, and an Intl object is not free
    // on the CRM page's main thread.
    let browserZone: string | undefined;
    const fallbackZone = (): string => (browserZone ??= browserTimeZone());
    const locale = uiLocale();

    // The seller's mailbox, mirrored by the background into storage.local (hints, compose app).
    const mailbox = signal<PanelMailbox | undefined>(undefined);
    const readMailbox = async (): Promise<void> => {
      const stored = await browser.storage.local.get([MAILBOX_MIRROR_KEY, MAILBOX_HINT_KEY]);
      mailbox.value = {
        ...parseMailboxMirror(stored[MAILBOX_MIRROR_KEY]),
        hintDismissed: stored[MAILBOX_HINT_KEY] === true,
      };
    };
    void readMailbox().catch(() => undefined);
    const onStorage = (changes: Record<string, unknown>): void => {
      if (MAILBOX_MIRROR_KEY in changes || MAILBOX_HINT_KEY in changes)
        void readMailbox().catch(() => undefined);
    };
    browser.storage.local.onChanged.addListener(onStorage);
    ctx.onInvalidated(() => browser.storage.local.onChanged.removeListener(onStorage));

    const on: PanelHandlers = {
      // An action waits for the extras (already here once the seller reached for the panel):
      // they bring what its result is announced as (model option resultWords).
      onAct: (action) => withExtras(() => void model.act(action)),
      onRetry: () => withExtras(() => void model.retry()),
      onDismissNotice: () => model.dismissNotice(),
      onOpenMenu: (id, kind) => model.openMenu(id, kind),
      onCloseMenu: () => model.closeMenu(),
      onOpenPicker: () => void model.openPicker(),
      onClosePicker: () => model.closePicker(),
      onQuery: (query) => model.setQuery(query),
      onSelect: (id) => model.selectSequence(id),
      onConnect: () => void model.connectSelected(),
      onToggle: (collapsed) => model.setCollapsed(collapsed),
      onResize: (width, commit) => model.setWidth(width, commit),
      // Content scripts cannot call runtime.openOptionsPage(), and a web page may not open
      // extension pages that are not web-accessible: the background opens it. If the background
      // cannot be reached, say where to go.
      onOpenConsole: () => {
        send('openOptionsPage', {}).catch(() =>
          withExtras(() => model.notify(CONNECT_KEY, t('openConsoleHint'))),
        );
      },
      onDismissMailboxHint: () => {
        void browser.storage.local.set({ [MAILBOX_HINT_KEY]: true }).catch(() => undefined);
      },
    };

    const ui = createShadowHost({
      name: 'upnext-panel',
      css,
      // Closed: the CRM page's scripts cannot read the record, the sequence or the notes, nor
      // reach a button (host.shadowRoot is null for them). Only this script holds the root.
      mode: 'closed',
      onMount(container) {
        const root = document.createElement('div');
        container.append(root);
        // A navigation or an action writes several signals in one go (status, sighting, view,
        // pending…): they become one render in a microtask, not one render per signal.
        let state: PanelState | null = null;
        let last: PanelState | null = null;
        let live = true;
        let queued = false;
        const draw = (): void => {
          queued = false;
          const next = state;
          state = null;
          last = next ?? last;
          if (live && next !== null) render(<PanelView state={next} on={on} />, root);
        };
        // Drawn in a microtask, the neutral wait included: it comes before the CRM's own render
        // of the record. Drawing it at the next animation frame instead (to skip it when the
        // stored view came first) made the browser run that frame before the CRM's render task,
        // and the stored view, which waits behind that task, came 20 ms later (bench
        // panel-after-navigation, docs/architecture.md).
        const schedule = (): void => {
          if (queued) return;
          queued = true;
          queueMicrotask(draw);
        };
        /** The same state once more: the extras arrived, so an open menu can now show. */
        const redraw = (): void => {
          if (state !== null || last === null) return;
          state = last;
          schedule();
        };
        const stop = effect(() => {
          state = {
            status: model.status.value,
            sighting: model.sighting.value,
            view: model.view.value,
            loadError: model.loadError.value,
            pending: model.pending.value,
            settling: model.settling.value,
            failure: model.failure.value,
            notice: model.notice.value,
            announcement: model.announcement.value,
            menu: model.menu.value,
            picker: model.picker.value,
            layout: model.layout.value,
            time: {
              now: model.now.value,
              timeZone: model.view.value?.timeZone ?? fallbackZone(),
              locale,
            },
            mailbox: mailbox.value,
          };
          schedule();
        });
        const dispose = (): void => {
          live = false;
          stop();
        };
        return { root, dispose, redraw };
      },
      onRemove(mounted) {
        mounted?.dispose();
        if (mounted) render(null, mounted.root);
      },
    });
    ctx.onInvalidated(() => ui.remove());

    // The parts a seller opens come in a second script (components/panel/extras.ts), asked for
    // the first time the seller reaches for the panel or the panel needs one of them.
    extras.load = () => {
      send('loadPanel', { part: 'extras' }).catch(() => {
        extras.requested = false;
      });
    };
    extras.loaded = (loaded) => {
      ui.addStyles(loaded.css);
      ui.mounted?.redraw();
    };
    if (extras.extras !== null) extras.loaded(extras.extras);
    for (const type of ['pointerover', 'focusin'] as const)
      ui.shadow.addEventListener(type, preloadExtras, { once: true, signal: ctx.signal });
    ctx.onInvalidated(() => {
      extras.load = null;
      extras.loaded = null;
    });

    // Only the seller acts: synthetic events never reach the panel's handlers (lib/trusted-input.ts).
    ctx.onInvalidated(acceptOnlyTrustedInput(ui.shadow));

    // Live updates and shortcuts from the background. Returning nothing: we never reply.
    const onMessage = (message: unknown): undefined => {
      if (!isBroadcast(message)) return undefined;
      const current = model.sighting.value;
      if (message.type === 'recordChanged') {
        // The panel's own action already brought the stored view: no second fetch.
        const fresh = message.changes !== undefined && model.shows(message.changes);
        if (current && message.recordKey === recordKey(current.record) && !fresh)
          void model.refresh();
      } else if (message.type === 'dataChanged') {
        if (current) void model.refresh();
      } else if (ui.mounted) {
        if (model.layout.value.collapsed) model.setCollapsed(false);
        // Shortcuts ship with the extras (they open menus or act): run once those are here.
        const command = message.command;
        withExtras((loaded) => loaded.runShortcut(model, command));
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    // Another tab may have moved things on while this one was in the background.
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void model.refresh();
    });

    bridge.api = {
      show(sighting) {
        if (!ui.mounted) ui.mount();
        void model.show(sighting);
      },
      expect(record, url) {
        if (!ui.mounted) ui.mount();
        void model.expectRecord(record, url);
      },
      hide() {
        if (ui.mounted) ui.remove();
        model.hide();
      },
      stop() {
        ctx.abort('The detector that asked for this panel stopped.');
      },
    };
    ctx.onInvalidated(() => {
      bridge.api = null;
    });
    const pending = bridge.pending;
    bridge.pending = null;
    if (pending?.kind === 'show') bridge.api.show(pending.sighting);
    else if (pending?.kind === 'expect') bridge.api.expect(pending.record, pending.url);
  },
});
