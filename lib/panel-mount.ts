/**
 * The Up next panel's mount on a CRM record page, run by the detector (`crm.content`) itself: a
 * closed shadow root holding an iframe of the extension's panel page (entrypoints/panel-frame).
 * The panel's script, renders, styles and layout run in that page, in the extension's process,
 * so they cost the CRM page's main thread nothing; the mount only passes the detector's requests
 * on and gives the iframe the box the panel asks for (docs/architecture.md, "The panel frame").
 * Nothing is created before the detector asks for a panel: CRM pages that are not records get
 * no host and no iframe.
 */
import { browser, type Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

import type { PendingPanel } from './panel-bridge';
import {
  boxSize,
  linkMessage,
  newFrameToken,
  PANEL_FRAME_PATH,
  type ToFrame,
} from './panel-frame-link';

/**
 * The host's box: fixed at the right edge above the page, sized by the panel (`ToMount` size).
 * The iframe fills it; the page's styles stop at the closed root (`all: initial`). The panel's
 * drop shadow (and the collapsed tab's) falls on the CRM page, outside the frame's box, where
 * the frame cannot paint: the iframe draws it, rounded like the tab when collapsed. The `div`
 * is the cover: the iframe's box in the page's plain background, over it from the moment the
 * detector names another record until the frame says it no longer shows the previous one.
 */
const CSS = `:host{all:initial!important}
iframe,div{position:fixed;right:0;top:0;z-index:2147483647;border:0;color-scheme:light dark;
max-width:100vw;height:100vh;display:none}
.shown{display:block;box-shadow:-4px 2px 16px rgb(0 0 0/16%)}
.collapsed{top:30%;border-radius:8px 0 0 8px}
div{background:Canvas}div:not(.wait){display:none}`;

/** The host element's name (a custom-element name: no CRM page uses it). */
const HOST = 'upnext-panel';

interface PanelMount {
  /** Shows the panel (mounting it the first time) and hands it the detector's request. */
  request(request: PendingPanel): void;
  /** No record on this page: the panel takes no room (its iframe stays, hidden, for the next). */
  hide(): void;
}

/**
 * Mounts the panel for the detector running in `ctx`. When that context is invalidated (a newer
 * copy of Upnext took over the tab, or the detector stopped), the host, the iframe and every
 * listener go with it, so the page never keeps a dead panel beside a new one.
 */
export function mountPanel(ctx: ContentScriptContext): PanelMount {
  const token = newFrameToken();
  /** The host and its iframe, once the detector asked for a panel. */
  let frame: HTMLIFrameElement | null = null;
  let host: HTMLElement | null = null;
  /**
   * The frame's port: the frame opens it to its tab once it knows the tab, and the requests go
   * on it (its sizes come back on it), in order and without opening a message channel each
   * (docs/architecture.md, "The panel after a navigation"). Until it is open only the latest
   * request is kept.
   */
  let link: Browser.runtime.Port | null = null;
  let latest: ToFrame | null = null;
  /**
   * The cover, and the navigations: the frame hears of one a message after the detector, so
   * until it says it drew the last one (`seen`), what it shows may be the previous record's.
   */
  let cover: HTMLElement | null = null;
  let navigations = 0;
  /** The iframe's class and inline style as last written (the cover's style is the same). */
  let shown = '';

  const mount = (): HTMLIFrameElement => {
    // One panel per page: a host another copy of Upnext left behind goes. After an update the
    // old copy normally removes its own panel when the new one starts (its context is
    // invalidated); this covers a browser that unloads the old copy without letting it clean up.
    for (const stale of document.querySelectorAll(HOST)) stale.remove();
    host = document.createElement(HOST);
    // Closed: the CRM page's scripts cannot reach the iframe (nor read its token).
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = CSS;
    const created = document.createElement('iframe');
    created.title = 'Up next';
    created.src = `${browser.runtime.getURL(PANEL_FRAME_PATH)}#${token}`;
    cover = document.createElement('div');
    shadow.append(style, created, cover);
    // Appended last to <html> so that, at equal z-index, the panel stacks above the page.
    document.documentElement.append(host);
    return created;
  };
  ctx.onInvalidated(() => {
    host?.remove();
    host = frame = cover = null;
  });

  const toFrame = (message: ToFrame): void => {
    try {
      if (link === null) latest = message;
      else link.postMessage(message);
    } catch {
      // Closed before its disconnect was delivered (the page went into the back-forward cache):
      // kept for the frame's next port.
      link = null;
      latest = message;
    }
  };
  // Only this extension's own pages can connect to its content scripts (another extension's go
  // to `onConnectExternal`), and only the frame holding the token names its port with it.
  const onConnect = (port: Browser.runtime.Port): void => {
    if (port.name !== token) return;
    link = port;
    port.onMessage.addListener(onSize);
    port.onDisconnect.addListener(() => {
      if (link === port) link = null;
    });
    const waiting = latest;
    latest = null;
    if (waiting !== null) toFrame(waiting);
  };
  browser.runtime.onConnect.addListener(onConnect);
  ctx.onInvalidated(() => browser.runtime.onConnect.removeListener(onConnect));

  // The frame's size messages, on its port (keyboard shortcuts go from the background to the
  // frame). Not by `tabs.sendMessage`: the browser opens a message channel for each of those,
  // which costs the CRM page's main thread too.
  function onSize(message: unknown): void {
    const link = linkMessage(message, token);
    if (link === null || frame === null || cover === null) return;
    if (link['do'] === 'size') {
      const collapsed = link['collapsed'] === true;
      const box = `${link['shown'] === true ? 'shown' : ''} ${collapsed ? 'collapsed' : ''}`;
      // Expanded: the viewport's height (the stylesheet's); collapsed: the tab's box.
      const style = `width:${boxSize(link['width'])}px;${
        collapsed ? `height:${boxSize(link['height'])}px` : ''
      }`;
      // Only a change is written: each write (even of the same value) makes the CRM page restyle
      // and lay out the box, on its main thread, and most size messages after a navigation only
      // say the frame drew it (`seen`), which changes the cover alone.
      if (box + style !== shown) {
        shown = box + style;
        frame.className = box;
        frame.style.cssText = cover.style.cssText = style;
      }
      // Until the frame drew the last navigation, the cover stays over it.
      const covered = `${box} ${link['seen'] === navigations ? '' : 'wait'}`;
      if (cover.className !== covered) cover.className = covered;
    }
  }

  return {
    request(pending) {
      if (ctx.isInvalid) return;
      frame ??= mount();
      if (pending.kind === 'show') {
        toFrame({ upnextFrame: token, do: 'show', sighting: pending.sighting });
        return;
      }
      // Another record: covered in this task, before the page paints the new address.
      cover?.classList.add('wait');
      toFrame({
        upnextFrame: token,
        do: 'expect',
        record: pending.record,
        url: pending.url,
        n: ++navigations,
      });
    },
    hide() {
      latest = null;
      if (frame !== null) toFrame({ upnextFrame: token, do: 'hide' });
    },
  };
}
