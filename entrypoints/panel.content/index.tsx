/**
 * The Up next panel's mount on a CRM record page: a closed shadow root holding an iframe of the
 * extension's panel page (entrypoints/panel-frame). The panel's script, renders, styles and
 * layout run in that page, in the extension's process, so they cost the CRM page's main thread
 * nothing; this script only passes the detector's requests on and gives the iframe the box the
 * panel asks for (docs/architecture.md, "The panel frame"). It is not listed in the manifest:
 * the background injects it into a tab only once `crm.content` found a record page there
 * (lib/panel-bridge.ts), so CRM pages that are not records never load it.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

import { panelBridge, type PendingPanel } from '@/lib/panel-bridge';
import {
  boxSize,
  linkMessage,
  newFrameToken,
  PANEL_FRAME_PATH,
  type ToFrame,
} from '@/lib/panel-frame-link';

import { createShadowHost } from './shadow-host';

/**
 * The host's box: fixed at the right edge above the page, sized by the panel (`ToMount` size).
 * The iframe fills it; the page's styles stop at the closed root (`all: initial`).
 */
const CSS = `
iframe{position:fixed;right:0;z-index:2147483647;border:0;margin:0;padding:0;
  background:transparent;color-scheme:light dark;display:none;max-width:100vw;top:0}
iframe.shown{display:block}
iframe.expanded{height:100vh;box-shadow:-8px 0 24px rgb(0 0 0 / 12%)}
iframe.collapsed{top:30%}`;

export default defineContentScript({
  // Injected by the background with scripting.executeScript, not declared in the manifest.
  registration: 'runtime',
  cssInjectionMode: 'manual',
  // No window.postMessage to the CRM page when the script starts (see crm.content).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const bridge = panelBridge();
    // Injected twice (two quick requests): the first copy already serves this page.
    if (bridge.api !== null) return;

    const token = newFrameToken();
    let frame: HTMLIFrameElement | null = null;
    /** Whether the frame said it is ready; until then only the latest request is kept. */
    let ready = false;
    let latest: ToFrame | null = null;

    const ui = createShadowHost({
      name: 'upnext-panel',
      css: CSS,
      // Closed: the CRM page's scripts cannot reach the iframe (nor read its token).
      mode: 'closed',
      onMount(container) {
        ready = false;
        frame = document.createElement('iframe');
        frame.title = 'Up next';
        frame.src = `${browser.runtime.getURL(PANEL_FRAME_PATH)}#${token}`;
        container.append(frame);
        return frame;
      },
      onRemove() {
        frame = null;
        ready = false;
      },
    });
    ctx.onInvalidated(() => ui.remove());

    const toFrame = (message: ToFrame): void => {
      if (!ready) {
        // Shortcuts before the frame is ready have nothing to act on.
        if (message.do !== 'shortcut') latest = message;
        return;
      }
      browser.runtime.sendMessage(message).catch(() => undefined);
    };
    const request = (pending: PendingPanel): void => {
      if (!ui.mounted) ui.mount();
      toFrame(
        pending.kind === 'show'
          ? { upnextFrame: token, do: 'show', sighting: pending.sighting }
          : { upnextFrame: token, do: 'expect', record: pending.record, url: pending.url },
      );
    };

    // The frame's messages (ready, size) and the background's shortcuts for this tab.
    const onMessage = (message: unknown): undefined => {
      const shortcut = message as { upnext?: unknown; type?: unknown; command?: unknown };
      if (shortcut.upnext === 1 && shortcut.type === 'shortcut' && ui.mounted) {
        if (typeof shortcut.command === 'string')
          toFrame({
            upnextFrame: token,
            do: 'shortcut',
            command: shortcut.command as 'complete-step',
          });
        return undefined;
      }
      const link = linkMessage(message, token);
      if (link === null || frame === null) return undefined;
      if (link['do'] === 'ready') {
        ready = true;
        const waiting = latest;
        latest = null;
        if (waiting !== null) toFrame(waiting);
      } else if (link['do'] === 'size') {
        const collapsed = link['collapsed'] === true;
        frame.className = [
          link['shown'] === true ? 'shown' : '',
          collapsed ? 'collapsed' : 'expanded',
        ].join(' ');
        frame.style.width = `${String(boxSize(link['width']))}px`;
        frame.style.height = collapsed ? `${String(boxSize(link['height']))}px` : '';
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    bridge.api = {
      show(sighting) {
        request({ kind: 'show', sighting });
      },
      expect(record, url) {
        request({ kind: 'expect', record, url });
      },
      hide() {
        latest = null;
        if (ui.mounted) toFrame({ upnextFrame: token, do: 'hide' });
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
    if (pending !== null) request(pending);
  },
});
