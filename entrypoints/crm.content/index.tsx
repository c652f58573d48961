/**
 * The CRM content script, on every page of a supported CRM: recognises record pages from the
 * URL, reads the record's fields once it has rendered, and follows the CRM's SPA navigation. It
 * is kept small and does no work on the page's hot paths: detection is a URL parse, field
 * capture reads a handful of selectors, navigation watching is event-driven. The panel UI is a
 * separate script the background injects only once a record page was found (lib/panel-bridge.ts).
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

import {
  CRM_CONFIG_KEY,
  customFieldSelectors,
  detectWithConfig,
  parseCrmConfig,
  type CrmConfig,
} from '@/lib/crm/config';
import { captureFields, findRecordContainer } from '@/lib/crm/fields';
import { BUILT_IN_EXCLUDED_PATTERNS, BUILT_IN_HOST_PATTERNS } from '@/lib/crm/hosts';
import { watchLocation, watchRecordRender } from '@/lib/crm/navigation';
import { send } from '@/lib/messaging/client';
import type { RecordSighting } from '@/lib/messaging/protocol';
import { panelBridge } from '@/lib/panel-bridge';

export default defineContentScript({
  matches: [...BUILT_IN_HOST_PATTERNS],
  excludeMatches: [...BUILT_IN_EXCLUDED_PATTERNS],
  runAt: 'document_idle',
  async main(ctx) {
    const bridge = panelBridge();
    const showPanel = (sighting: RecordSighting): void => {
      if (bridge.api !== null) {
        bridge.api.show(sighting);
        return;
      }
      bridge.pending = sighting;
      if (!bridge.requested) {
        bridge.requested = true;
        // The background injects the panel script into this tab; it picks up `pending`.
        send('loadPanel', {}).catch(() => {
          bridge.requested = false;
        });
      }
    };
    const hidePanel = (): void => {
      bridge.pending = null;
      bridge.api?.hide();
    };

    let pageWatch: AbortController | null = null;
    const check = (href: string): void => {
      pageWatch?.abort();
      pageWatch = null;
      const record = detectWithConfig(href, crmConfig);
      if (record === null) {
        hidePanel();
        return;
      }
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
          showPanel(sighting);
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
