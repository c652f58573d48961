/**
 * After an install or an update, the CRM tabs that were already open get the detector content
 * script, so the seller has a working panel without reloading them (which tabs:
 * lib/crm/open-tabs.ts). The copy an update orphaned in such a tab steps aside when the new one
 * starts: WXT's content-script context tells it, and the detector then removes its panel and
 * listeners (entrypoints/crm.content). Called from `runtime.onInstalled` in index.ts, after the
 * content-script registrations were reconciled.
 *
 * No extra permission: `tabs.query` with a `url` filter and `scripting.executeScript` need only
 * the host access Upnext already holds for those tabs (`tabs` is not asked for).
 */
import { browser } from 'wxt/browser';

import type { ContentScriptRegistration } from '@/lib/crm/custom-registry';
import { CONTENT_SCRIPT_JS } from '@/lib/crm/custom-registry';
import { detectorSites, detectorTabs, type OpenTab } from '@/lib/crm/open-tabs';
import { BRIDGE_KEY_NAME } from '@/lib/panel-bridge';

/** One `scripting.executeScript` call into a tab's top frame, as this module makes them. */
export type DetectorInjection =
  | { target: { tabId: number }; files: string[] }
  | { target: { tabId: number }; func: (key: string) => boolean; args: [string] };

/** The browser APIs this module uses, narrowed so tests can pass a fake. */
export interface OpenTabsApi {
  queryTabs: (query: { url: string[] }) => Promise<OpenTab[]>;
  executeScript: (injection: DetectorInjection) => Promise<{ result?: unknown }[]>;
}

function browserOpenTabsApi(): OpenTabsApi {
  return {
    queryTabs: (query) => browser.tabs.query(query),
    executeScript: (injection) =>
      browser.scripting.executeScript(
        injection as Parameters<typeof browser.scripting.executeScript>[0],
      ),
  };
}

export interface OpenTabsReport {
  /** Tabs that got the detector now. */
  injected: number[];
  /** Tabs where this version's detector already ran (the browser started it on a late load). */
  running: number[];
  /** What went wrong, per tab or per lookup: reported, never thrown. */
  failures: string[];
}

/**
 * Runs in the tab (serialised by the browser, so self-contained): whether a detector of this
 * copy of Upnext already started there. Each copy has its own isolated world, and the detector's
 * first act is to create the bridge (lib/panel-bridge.ts) in it.
 */
function detectorStarted(key: string): boolean {
  return Symbol.for(key) in globalThis;
}

/**
 * Injects the detector into every open tab where it should run (the manifest's CRM hosts and
 * `registrations`, the granted custom and self-hosted CRMs) and where it does not run yet. Into
 * the top frame only, as the manifest entry and the registrations do. A tab that fails (closed
 * meanwhile, an error page, access withdrawn, a browser page) is reported and the others go on;
 * this never throws.
 */
export async function injectDetectorIntoOpenTabs(
  registrations: readonly ContentScriptRegistration[],
  api: OpenTabsApi = browserOpenTabsApi(),
): Promise<OpenTabsReport> {
  const report: OpenTabsReport = { injected: [], running: [], failures: [] };
  const sites = detectorSites(registrations);
  const found = await Promise.all(
    sites.groups.map((url) =>
      api.queryTabs({ url }).catch((error: unknown) => {
        report.failures.push(`tabs.query ${url.join(' ')}: ${String(error)}`);
        return [];
      }),
    ),
  );
  await Promise.all(
    detectorTabs(found.flat(), sites).map(async (tabId) => {
      try {
        const probe = await api.executeScript({
          target: { tabId },
          func: detectorStarted,
          args: [BRIDGE_KEY_NAME],
        });
        if (probe.at(0)?.result === true) {
          report.running.push(tabId);
          return;
        }
        await api.executeScript({ target: { tabId }, files: [`/${CONTENT_SCRIPT_JS}`] });
        report.injected.push(tabId);
      } catch (error) {
        report.failures.push(`tab ${tabId}: ${String(error)}`);
      }
    }),
  );
  if (report.failures.length > 0) console.warn('[upnext] open CRM tabs', report.failures);
  return report;
}

/**
 * After the registrations were reconciled (custom-crms.ts): when a CRM just got its registration
 * (added in the console, its site access granted, restored from a backup), the tabs of it that
 * are already open get the detector too, so the seller does not have to reload them. Nothing
 * to do when no registration was added or changed. Never throws (as above).
 */
export async function reachOpenTabs(
  report: {
    plan: { wanted: readonly ContentScriptRegistration[] };
    diff: { add: unknown[]; update: unknown[] };
  },
  api?: OpenTabsApi,
): Promise<OpenTabsReport | null> {
  if (report.diff.add.length + report.diff.update.length === 0) return null;
  try {
    return await injectDetectorIntoOpenTabs(report.plan.wanted, api);
  } catch (error) {
    // The tabs API missing or refusing outright: the next load of each tab gets it anyway.
    console.warn('[upnext] open CRM tabs', error);
    return null;
  }
}
