/**
 * The CRM content script: recognises record pages, mounts the Up next panel in a shadow root
 * and keeps it in step with the page's navigation and with the background. It never touches
 * IndexedDB (on this page that is the CRM's database) and never does work on the page's hot
 * paths: detection is a URL parse, field capture reads a handful of selectors, navigation
 * watching is event-driven, and live updates come from the background (no polling).
 */
import './style.css';

import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';

import { PanelView, type PanelHandlers } from '@/components/panel/panel-view';
import {
  CRM_CONFIG_KEY,
  customFieldSelectors,
  detectWithConfig,
  parseCrmConfig,
  type CrmConfig,
} from '@/lib/crm/config';
import { captureFields, findRecordContainer } from '@/lib/crm/fields';
import { BUILT_IN_HOST_PATTERNS } from '@/lib/crm/hosts';
import { watchLocation, watchRecordRender } from '@/lib/crm/navigation';
import { browserTimeZone } from '@/lib/format/time';
import { send } from '@/lib/messaging/client';
import { t, uiLocale } from '@/lib/i18n';
import { recordKey, type Broadcast, type RecordSighting } from '@/lib/messaging/protocol';
import { CONNECT_KEY, createPanelModel } from '@/lib/models/panel-model';

function isBroadcast(message: unknown): message is Broadcast {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { upnext?: unknown }).upnext === 1 &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

export default defineContentScript({
  matches: [...BUILT_IN_HOST_PATTERNS],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const model = createPanelModel();
    ctx.onInvalidated(() => model.dispose());
    void model.loadLayout();
    // Until the first view arrives, the browser's zone; then the seller's (a setting may override it).
    const fallbackZone = browserTimeZone();
    const locale = uiLocale();

    const on: PanelHandlers = {
      onAct: (action) => void model.act(action),
      onRetry: () => void model.retry(),
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
        send('openOptionsPage', {}).catch(() => model.notify(CONNECT_KEY, t('openConsoleHint')));
      },
    };

    const ui = await createShadowRootUi(ctx, {
      name: 'upnext-panel',
      position: 'inline',
      // Appended last to <html> so that, at equal z-index, the panel stacks above the page.
      anchor: 'html',
      append: 'last',
      // The CRM's hotkeys must never see what the seller types in the panel.
      isolateEvents: true,
      onMount(container) {
        const root = document.createElement('div');
        container.append(root);
        const dispose = effect(() => {
          const state = {
            status: model.status.value,
            sighting: model.sighting.value,
            view: model.view.value,
            loadError: model.loadError.value,
            pending: model.pending.value,
            failure: model.failure.value,
            notice: model.notice.value,
            announcement: model.announcement.value,
            menu: model.menu.value,
            picker: model.picker.value,
            filteredOptions: model.filteredOptions.value,
            layout: model.layout.value,
            time: {
              now: model.now.value,
              timeZone: model.view.value?.timeZone ?? fallbackZone,
              locale,
            },
          };
          render(<PanelView state={state} on={on} />, root);
        });
        return { root, dispose };
      },
      onRemove(mounted) {
        mounted?.dispose();
        if (mounted) render(null, mounted.root);
      },
    });

    // Live updates and shortcuts from the background. Returning nothing: we never reply.
    const onMessage = (message: unknown): undefined => {
      if (!isBroadcast(message)) return undefined;
      const current = model.sighting.value;
      if (message.type === 'recordChanged') {
        if (current && message.recordKey === recordKey(current.record)) void model.refresh();
      } else if (message.type === 'dataChanged') {
        if (current) void model.refresh();
      } else if (ui.mounted) {
        if (model.layout.value.collapsed) model.setCollapsed(false);
        model.shortcut(message.command);
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    // Another tab may have moved things on while this one was in the background.
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void model.refresh();
    });

    let pageWatch: AbortController | null = null;
    const check = (href: string): void => {
      pageWatch?.abort();
      pageWatch = null;
      const record = detectWithConfig(href, crmConfig);
      if (record === null) {
        if (ui.mounted) ui.remove();
        model.hide();
        return;
      }
      if (!ui.mounted) ui.mount();
      pageWatch = new AbortController();
      const stop = pageWatch;
      ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
      // SPA CRMs render the record after the URL changes: re-send as its fields appear.
      watchRecordRender({
        read: () =>
          captureFields(
            document,
            record.crm,
            customFieldSelectors(record.crm, crmConfig) ?? undefined,
          ),
        container: () => findRecordContainer(document, record.crm),
        signal: stop.signal,
        onRead: (fields) => {
          const sighting: RecordSighting = {
            record,
            url: href,
            title: document.title.slice(0, 500),
            fields,
          };
          void model.show(sighting);
        },
      });
    };

    // Self-hosted instances and custom CRMs (the background mirrors them into storage.local,
    // since a content script must never open IndexedDB on the CRM's origin).
    let crmConfig: CrmConfig = parseCrmConfig(
      (await browser.storage.local.get(CRM_CONFIG_KEY))[CRM_CONFIG_KEY],
    );
    const onConfig = (changes: Record<string, { newValue?: unknown }>): void => {
      if (!(CRM_CONFIG_KEY in changes)) return;
      crmConfig = parseCrmConfig(changes[CRM_CONFIG_KEY].newValue);
      check(location.href);
    };
    browser.storage.local.onChanged.addListener(onConfig);
    ctx.onInvalidated(() => browser.storage.local.onChanged.removeListener(onConfig));

    watchLocation(check, ctx.signal);
    check(location.href);
  },
});
