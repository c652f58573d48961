/**
 * The Up next panel's page: shown in an iframe that `panel.content` mounts in a closed shadow
 * root on a CRM record page. As an extension page in its own process, its script, renders,
 * styles and layout cost the CRM page's main thread nothing (docs/architecture.md, "The panel
 * frame"). It talks to the background like any extension page; the detector's requests reach it
 * from its mount through the browser's messaging (lib/panel-frame-link.ts), never from the page.
 * It never touches IndexedDB: the background is the only writer.
 */
import './style.css';

import { effect, signal } from '@preact/signals-core';
import { render } from 'preact';
import { browser, type Browser } from 'wxt/browser';

import { extrasRegistry, preloadExtras, withExtras } from '@/components/panel/extras';
import { PanelView, type PanelHandlers, type PanelState } from '@/components/panel/panel-view';
import { browserTimeZone } from '@/lib/format/time';
import { keepBrowserAnswers, t, uiLocale } from '@/lib/i18n';
import { recordKey } from '@/lib/domain/record-ref';
import { send } from '@/lib/messaging/client';
import type { Broadcast, RecordRef, RecordSighting } from '@/lib/messaging/protocol';
import { createPortSend } from '@/lib/messaging/request-port';
import { CONNECT_KEY, createPanelModel } from '@/lib/models/panel-model';
import { linkMessage, type ToMount } from '@/lib/panel-frame-link';
import { acceptOnlyTrustedInput } from '@/lib/trusted-input';
import { MAILBOX_HINT_KEY, parseMailboxMirror, type PanelMailbox } from '@/lib/mailbox/mirror';
import { MAILBOX_MIRROR_KEY } from '@/lib/mailbox/types';

import { sharePreact } from './shared-preact';

/** The extras' script (WXT builds entrypoints/panel-extras there). */
const EXTRAS_SCRIPT = '/panel-extras.js';

/** Ours, and one of the `type`s below or not acted on (a request another page sent, say). */
function isBroadcast(message: unknown): message is Broadcast {
  return typeof message === 'object' && message !== null && 'upnext' in message;
}

/** The token the mount gave this frame (the URL fragment); without one the page stays empty. */
const token = decodeURIComponent(location.hash.slice(1));

// Every render asks for the same strings; the browser's answers are fixed for our life.
keepBrowserAnswers();
const extras = extrasRegistry();
// Requests go on one port to the background, not a runtime message each (a new channel offered
// to every extension view); the page's read goes by message (lib/messaging/request-port.ts).
const panelSend = createPortSend({
  connect: (name) => browser.runtime.connect({ name }),
  byMessage: send,
  // Replies on a channel to the worker (Chromium); none in Firefox, whose background is a page,
  // and where a private window has no `navigator.serviceWorker`.
  worker: () => (navigator.serviceWorker as ServiceWorkerContainer | undefined)?.controller,
});
const model = createPanelModel({
  send: panelSend,
  resultWords: (action, reply) => extras.extras?.resultWords(action, reply) ?? '',
});
void model.loadLayout();
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
browser.storage.local.onChanged.addListener((changes: Record<string, unknown>) => {
  if (MAILBOX_MIRROR_KEY in changes || MAILBOX_HINT_KEY in changes)
    void readMailbox().catch(() => undefined);
});

const on: PanelHandlers = {
  // An action waits for the extras (already here once the seller reached for the panel):
  // they bring what its result is announced as (model option resultWords).
  onAct: (action) => withExtras(() => void model.act(action)),
  onRetry: () => withExtras(() => void model.retry()),
  // The model's handlers keep no `this` (closures over its signals): handed over as they are.
  onDismissNotice: model.dismissNotice,
  onOpenMenu: model.openMenu,
  onCloseMenu: model.closeMenu,
  onOpenPicker: () => void model.openPicker(),
  onClosePicker: model.closePicker,
  onQuery: model.setQuery,
  onSelect: model.selectSequence,
  onConnect: () => void model.connectSelected(),
  onToggle: model.setCollapsed,
  onResize: model.setWidth,
  // An extension page may open the console itself; if that fails, say where to go.
  onOpenConsole: () => {
    browser.runtime
      .openOptionsPage()
      .catch(() => withExtras(() => model.notify(CONNECT_KEY, t('openConsoleHint'))));
  },
  onDismissMailboxHint: () => {
    void browser.storage.local.set({ [MAILBOX_HINT_KEY]: true }).catch(() => undefined);
  },
};

/** The tab this frame is shown in: the only tab whose mount it listens to and answers. */
let tabId: number | undefined;
/**
 * The port to the mount (`connectMount`, below): the sizes go back on it, not by
 * `tabs.sendMessage`, which opens a message channel each time, on the CRM page's thread too.
 */
let mountPort: Browser.runtime.Port | undefined;
const toMount = (message: ToMount): void => {
  try {
    mountPort?.postMessage(message);
  } catch {
    // Closed (the page went into the back-forward cache): the next port gets the size again.
  }
};

/**
 * The box the mount gives the iframe: nothing while there is no record, the slim tab when
 * collapsed, the chosen width (and the viewport's height) when expanded. Measured after each
 * render by reading the layout (no ResizeObserver: the browser does not render a frame without
 * area, so an observer would never fire while the host is empty).
 */
let lastSize = '';
/**
 * The last navigation (`expect`) the mount announced and this page applied, and the last it was
 * told is drawn: the mount covers the frame from the detector's task until then, since what
 * this page showed in between may be the previous record's.
 */
let navigation = 0;
let seen = 0;
/** Whether the mount displays the frame (the last size said `shown`). */
let displayed = false;
const reportSize = (): void => {
  const shown = model.status.value !== 'hidden' && model.sighting.value !== null;
  const collapsed = model.layout.value.collapsed;
  const tab = collapsed ? document.querySelector<HTMLElement>('.upnext--collapsed .tab') : null;
  const size: ToMount = {
    upnextFrame: token,
    do: 'size',
    shown,
    collapsed,
    width: collapsed ? (tab?.offsetWidth ?? 0) : model.layout.value.width,
    height: tab?.offsetHeight ?? 0,
    seen,
  };
  const key = JSON.stringify(size);
  if (key === lastSize) return;
  lastSize = key;
  displayed = shown;
  toMount(size);
};

const root = document.getElementById('app') ?? document.body;
// A navigation or an action writes several signals in one go: one render in a microtask.
let state: PanelState | null = null;
let last: PanelState | null = null;
let queued = false;
const draw = (deadline?: number): void => {
  queued = false;
  const next = state;
  // After a navigation the mount covers the frame until it says it drew the new record, and the
  // stored view usually comes within a few ms: "Loading" is drawn only if it has not come in
  // 100 ms (`deadline`: that navigation's), so the frame lays out, paints and reports once, not
  // twice, and the reply does not queue behind the wait's frame (docs/architecture.md, "The
  // panel after a navigation"). A deadline that finds the view drawn (state null) draws nothing.
  if (deadline !== navigation && next?.status === 'loading' && navigation !== seen)
    return void setTimeout(draw, 100, navigation);
  state = null;
  last = next ?? last;
  if (next !== null) render(<PanelView state={next} on={on} />, root);
  const drawn = navigation;
  // The mount does not display the frame: it is not rendered, so there is no earlier frame on
  // screen, and no animation frame would come.
  if (!displayed) seen = drawn;
  reportSize();
  // The new record's screen is in the document; it is said drawn once it is painted too (a task
  // after the next frame), so the mount never uncovers the previous record's last frame.
  if (drawn !== seen)
    requestAnimationFrame(() =>
      setTimeout(() => {
        seen = Math.max(seen, drawn);
        reportSize();
      }),
    );
};
// Drawn in a microtask; the neutral wait after a navigation only past its deadline (draw).
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
effect(() => {
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

// The parts a seller opens load on demand, as a script of their own (entrypoints/panel-extras,
// components/panel/extras.ts) rendering with this page's Preact.
sharePreact();
extras.load = () => {
  const script = document.createElement('script');
  script.src = EXTRAS_SCRIPT;
  script.onerror = () => {
    script.remove();
    extras.requested = false;
  };
  document.head.append(script);
};
extras.loaded = (loaded) => {
  if (loaded.css !== '') {
    const style = document.createElement('style');
    style.textContent = loaded.css;
    document.head.append(style);
  }
  redraw();
};
for (const type of ['pointerover', 'focusin'] as const)
  document.addEventListener(type, preloadExtras, { once: true });

// Only the seller acts: synthetic events never reach the panel's handlers (lib/trusted-input.ts).
acceptOnlyTrustedInput(document);

const isSighting = (value: unknown): value is RecordSighting =>
  typeof value === 'object' && value !== null && 'record' in value && 'url' in value;
const isRecord = (value: unknown): value is RecordRef =>
  typeof value === 'object' && value !== null && 'crm' in value && 'id' in value;

/** The mount's requests (lib/panel-frame-link.ts), on the port this page opened to its tab. */
const onRequest = (request: Record<string, unknown>): void => {
  switch (request['do']) {
    case 'show':
      if (isSighting(request['sighting'])) void model.show(request['sighting']);
      break;
    case 'expect':
      if (isRecord(request['record']) && typeof request['url'] === 'string')
        void model.expectRecord(request['record'], request['url']);
      // Said drawn after the next draw, even when nothing changed (this record was on screen).
      if (typeof request['n'] === 'number') navigation = request['n'];
      schedule();
      break;
    case 'hide':
      model.hide();
      break;
  }
};

/**
 * Live updates from the background. Nothing is answered: this page runs on the browser's own
 * `browser` object (no webextension-polyfill; wxt.config.ts), where a listener replies only
 * through `sendResponse`.
 */
browser.runtime.onMessage.addListener((message: unknown): undefined => {
  if (isBroadcast(message)) {
    const current = model.sighting.value;
    if (message.type === 'recordChanged') {
      // The panel's own action already brought the stored view: no second fetch.
      const fresh = message.changes !== undefined && model.shows(message.changes);
      if (current && message.recordKey === recordKey(current.record) && !fresh)
        void model.refresh();
    } else if (message.type === 'dataChanged') {
      if (current) void model.refresh();
    } else if (
      // The background names the CRM tab the seller pressed it on: only that tab's panel acts,
      // and only while it shows a record (so its tab is known: the record came on the port to
      // it). Only this extension's pages and worker reach this listener; a request another page
      // sent has no `tabId`, and the worker sends only the step commands (its SHORTCUTS).
      message.tabId === tabId &&
      current !== null
    ) {
      if (model.layout.value.collapsed) model.setCollapsed(false);
      // Shortcuts ship with the extras (they open menus or act): run once those are here.
      const command = message.command;
      withExtras((loaded) => loaded.runShortcut(model, command));
    }
  }
  return undefined;
});

// Another tab may have moved things on while this one was in the background.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void model.refresh();
});

/**
 * The port the mount's requests come on, opened to this frame's own tab and named with the
 * token: the browser connects it only to content scripts of that tab, and only the mount holding
 * the token takes it, so whatever comes on it is that mount's (lib/panel-frame-link.ts). The
 * mount sends what the detector asked for once it is open. The browser closes it when the page
 * goes into the back-forward cache; it is opened again when the page comes back.
 */
const connectMount = (): void => {
  if (tabId === undefined) return;
  mountPort = browser.tabs.connect(tabId, { name: token });
  mountPort.onMessage.addListener((message: unknown) => {
    const request = linkMessage(message, token);
    if (request !== null) onRequest(request);
  });
  // A size reported while there was no open port goes on this one.
  if (lastSize !== '') {
    lastSize = '';
    reportSize();
  }
};
addEventListener('pageshow', (event) => {
  if (event.persisted) connectMount();
});
if (token !== '')
  void browser.tabs.getCurrent().then((tab) => {
    tabId = tab?.id;
    connectMount();
  });
