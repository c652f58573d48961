/**
 * The console's CRM messages (issue #6), wired to their use cases (lib/use-cases/custom-crms.ts,
 * lib/use-cases/test-custom-crm.ts): list the built-in, custom and self-hosted CRMs; save and
 * remove custom definitions and instances; test a definition on an address (and an open tab).
 * This file holds the browser side only: permissions, `scripting.executeScript`, and the
 * function that runs in the tested tab.
 */
import { ok } from '@/lib/messaging/result';
import {
  listCrms,
  removeCustomCrm,
  removeInstance,
  saveCustomCrm,
  saveInstance,
  type CrmPorts,
} from '@/lib/use-cases/custom-crms';
import { testCustomCrm, type TabReader } from '@/lib/use-cases/test-custom-crm';

import type { BackgroundDeps } from '../context';
import { browserCrmApi, reconcileContentScripts, type CustomCrmApi } from '../custom-crms';
import { reachOpenTabs } from '../open-crm-tabs';
import { guard } from './guard';
import type { HandlerMap } from '../router';

type CrmHandlers = Pick<
  HandlerMap,
  | 'listCrms'
  | 'saveCustomCrm'
  | 'removeCustomCrm'
  | 'saveInstance'
  | 'removeInstance'
  | 'testCustomCrm'
>;

/**
 * Runs in the tested tab (via `scripting.executeScript`), so it must be self-contained: no
 * imports, no closures. Reads each field's selectors in order; the first non-empty text wins.
 */
export function captureSelectorsInPage(fields: Record<string, string[]>): {
  values: Record<string, string>;
  missing: string[];
  invalid: string[];
} {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const [key, selectors] of Object.entries(fields)) {
    let found: string | null = null;
    for (const selector of selectors) {
      let element: Element | null;
      try {
        element = document.querySelector(selector);
      } catch {
        invalid.push(selector);
        continue;
      }
      if (element === null) continue;
      const raw =
        element instanceof HTMLInputElement ||
        element instanceof HTMLTextAreaElement ||
        element instanceof HTMLSelectElement
          ? element.value
          : element instanceof HTMLElement
            ? element.innerText
            : element.textContent;
      const text = (raw || element.textContent).replace(/\s+/g, ' ').trim();
      if (text !== '') {
        found = text.slice(0, 500);
        break;
      }
    }
    if (found === null) missing.push(key);
    else values[key] = found;
  }
  return { values, missing, invalid };
}

export function createCrmHandlers(
  deps: Pick<BackgroundDeps, 'db'>,
  crmApi: CustomCrmApi = browserCrmApi(),
): CrmHandlers {
  const ports = async (): Promise<CrmPorts> => ({
    db: await deps.db(),
    granted: async () => (await crmApi.permissions.getAll()).origins ?? [],
    release: async (origins) => {
      try {
        await crmApi.permissions.remove({ origins });
      } catch (error) {
        // A pattern granted as part of a broader grant cannot be removed alone; keep going.
        console.warn('[upnext] permissions.remove', error);
      }
    },
    reconcile: async () => {
      const report = await reconcileContentScripts({ db: deps.db, crmApi });
      // Its open tabs get the detector now, after the reply (never awaited: a tab is slow).
      void reachOpenTabs(report);
      return report;
    },
  });
  const tabs: TabReader = {
    allowed: (pattern) => crmApi.permissions.contains({ origins: [pattern] }),
    capture: async (tabId, fields) => {
      const results = await crmApi.scripting.executeScript({
        target: { tabId },
        func: captureSelectorsInPage,
        args: [fields],
      });
      return results.at(0)?.result;
    },
  };

  return {
    listCrms: { audience: 'page', handle: async () => ok(await listCrms(await ports())) },
    saveCustomCrm: {
      audience: 'page',
      handle: ({ definition }) => guard(async () => saveCustomCrm(await ports(), definition)),
    },
    removeCustomCrm: {
      audience: 'page',
      handle: ({ id, revokeAccess }) =>
        guard(async () => {
          await removeCustomCrm(await ports(), id, revokeAccess !== false);
          return { removed: true as const };
        }),
    },
    saveInstance: {
      audience: 'page',
      handle: ({ origin, crm }) => guard(async () => saveInstance(await ports(), origin, crm)),
    },
    removeInstance: {
      audience: 'page',
      handle: ({ origin, revokeAccess }) =>
        guard(async () => {
          await removeInstance(await ports(), origin, revokeAccess !== false);
          return { removed: true as const };
        }),
    },
    testCustomCrm: {
      audience: 'page',
      handle: async ({ definition, url, tabId }) =>
        ok(await testCustomCrm(tabs, definition, url, tabId)),
    },
  };
}
