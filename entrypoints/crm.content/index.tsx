/**
 * The CRM content script, on every page of a supported CRM: recognises record pages from the
 * URL, reads the record's fields once the page shows that record, and follows the CRM's SPA
 * navigation. It is kept small and does no work on the page's hot paths: detection is a URL
 * parse, field capture reads a handful of selectors, navigation watching is event-driven, and
 * the only MutationObserver watches the record's container for a few seconds after a
 * navigation. Once a record page was found it mounts the panel: an iframe of the extension's
 * panel page, whose script runs out of the page's process (lib/panel-mount.ts).
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

import {
  CRM_CONFIG_KEY,
  customFieldSelectors,
  detectPageWithConfig,
  parseCrmConfig,
  type CrmConfig,
} from '@/lib/crm/config';
import { recordKey } from '@/lib/domain/record-ref';
import { captureFields, findRecordContainer } from '@/lib/crm/fields/capture';
import { BUILT_IN_EXCLUDED_PATTERNS, BUILT_IN_HOST_PATTERNS } from '@/lib/crm/hosts';
import { watchLocation, watchRecordRender } from '@/lib/crm/navigation';
import { recordReadRule } from '@/lib/crm/record-proof';
import type { RecordSighting } from '@/lib/messaging/protocol';
import { panelBridge } from '@/lib/panel-bridge';
import { mountPanel } from '@/lib/panel-mount';

export default defineContentScript({
  matches: [...BUILT_IN_HOST_PATTERNS],
  excludeMatches: [...BUILT_IN_EXCLUDED_PATTERNS],
  runAt: 'document_idle',
  // WXT's "script started" notice goes to our own scripts as a DOM event only, never through
  // window.postMessage to the CRM page's message listeners (which would run for it, on the
  // page's main thread, on every page load).
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const bridge = panelBridge();
    // The panel goes with this detector when a newer copy of it starts in this frame (Upnext
    // updated or installed while the tab was open): the mount follows `ctx`.
    const panel = mountPanel(ctx);

    /** The record page on screen and the last read stored for it. */
    let shown: { key: string; fields: Record<string, string> | null } | null = null;
    /** False until the first check: the page as loaded cannot show an earlier page's content. */
    let navigated = false;
    let pageWatch: AbortController | null = null;

    const check = (href: string): void => {
      pageWatch?.abort();
      pageWatch = null;
      const afterLoad = navigated;
      navigated = true;
      const page = detectPageWithConfig(href, crmConfig);
      bridge.checked = { href, record: page?.record ?? null };
      if (page === null) {
        shown = null;
        panel.hide();
        return;
      }
      const { record, edit } = page;
      const key = recordKey(record);
      const previous = shown;
      const sameRecord = previous?.key === key;
      // Another record after an in-app navigation: the page may still show the previous page
      // for a while (SuiteCRM's AJAX UI swaps 150–300 ms later), so nothing is read until it
      // proves it shows this record; the panel waits neutrally meanwhile.
      const afterNavigation = afterLoad && !sameRecord;
      if (!sameRecord) shown = { key, fields: null };
      if (afterNavigation) panel.request({ kind: 'expect', record, url: href });

      pageWatch = new AbortController();
      const stop = pageWatch;
      // Removed with this watch: a long-lived SPA tab must not gather one listener per navigation.
      ctx.signal.addEventListener('abort', () => stop.abort(), { once: true, signal: stop.signal });
      const sight = (fields: Record<string, string>, title: string): void => {
        const sighting: RecordSighting = { record, url: href, title, fields };
        if (edit) sighting.edit = true;
        panel.request({ kind: 'show', sighting });
      };
      watchRecordRender({
        read: () =>
          captureFields(document, record, customFieldSelectors(record.crm, crmConfig) ?? undefined),
        ...recordReadRule({
          doc: document,
          record,
          afterNavigation,
          previousName: previous?.fields?.['name'] ?? null,
        }),
        container: () => findRecordContainer(document, record.crm),
        signal: stop.signal,
        onRead: (fields) => {
          if (shown?.key === key) shown.fields = fields;
          sight(fields, document.title.slice(0, 500));
        },
        // The page never showed this record within the wait: the record is still the one the
        // URL names, so the panel shows it, but nothing read from the page is stored for it.
        onEnd: (reported) => {
          if (!reported) sight({}, '');
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
