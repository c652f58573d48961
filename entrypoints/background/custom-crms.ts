/**
 * Custom CRMs and self-hosted instances at run time (issue #6, part 4). The background keeps
 * three things in step with the database:
 * - the content-script registrations (`scripting.registerContentScripts`) for every custom or
 *   self-hosted host the browser has granted;
 * - the mirror of instances and custom definitions in `storage.local` (`CRM_CONFIG_KEY`) that
 *   the content script detects with (it cannot read IndexedDB);
 * - nothing else: permissions are requested by pages, in a click handler (a user gesture). The
 *   background only reads them, and drops those a removed CRM no longer needs.
 *
 * What is stored, and where: lib/store/crm-settings.ts. The listeners that start a reconcile
 * (install, startup, permission changes, imports) are registered in index.ts.
 */
import { browser } from 'wxt/browser';

import { CRM_CONFIG_KEY, type CrmConfig } from '@/lib/crm/config';
import {
  diffRegistrations,
  mergeCrms,
  mergeInstances,
  planRegistrations,
  type ContentScriptRegistration,
  type CrmState,
  type RegisteredScript,
  type RegistrationDiff,
  type RegistryPlan,
} from '@/lib/crm/custom-registry';
import { sameJson } from '@/lib/sequence/canonical';
import { readCrmState } from '@/lib/store/crm-settings';
import type { Database } from '@/lib/store/db';
import { oneAtATime } from '@/lib/use-cases/one-at-a-time';

/**
 * The browser APIs this module uses, narrowed so tests can pass a fake (WXT's fake browser does
 * not implement `scripting` or `permissions`).
 */
export interface CustomCrmApi {
  scripting: {
    getRegisteredContentScripts: () => Promise<RegisteredScript[]>;
    registerContentScripts: (scripts: ContentScriptRegistration[]) => Promise<void>;
    updateContentScripts: (scripts: ContentScriptRegistration[]) => Promise<void>;
    unregisterContentScripts: (filter: { ids: string[] }) => Promise<void>;
    executeScript: (injection: {
      target: { tabId: number };
      func: (...args: never[]) => unknown;
      args?: unknown[];
    }) => Promise<{ result?: unknown }[]>;
  };
  permissions: {
    getAll: () => Promise<{ origins?: string[] }>;
    contains: (permissions: { origins: string[] }) => Promise<boolean>;
    remove: (permissions: { origins: string[] }) => Promise<boolean>;
  };
  storage: {
    get: (key: string) => Promise<Record<string, unknown>>;
    set: (items: Record<string, unknown>) => Promise<void>;
  };
}

/** The real browser, behind the narrow interface. */
export function browserCrmApi(): CustomCrmApi {
  return {
    scripting: {
      getRegisteredContentScripts: () => browser.scripting.getRegisteredContentScripts(),
      registerContentScripts: (scripts) => browser.scripting.registerContentScripts(scripts),
      updateContentScripts: (scripts) => browser.scripting.updateContentScripts(scripts),
      unregisterContentScripts: (filter) => browser.scripting.unregisterContentScripts(filter),
      executeScript: (injection) =>
        browser.scripting.executeScript(
          injection as Parameters<typeof browser.scripting.executeScript>[0],
        ),
    },
    permissions: {
      getAll: () => browser.permissions.getAll(),
      contains: (permissions) => browser.permissions.contains(permissions),
      remove: (permissions) => browser.permissions.remove(permissions),
    },
    storage: {
      get: (key) => browser.storage.local.get(key),
      set: (items) => browser.storage.local.set(items),
    },
  };
}

export interface CustomCrmDeps {
  db: () => Promise<Database>;
  /** Defaults to the real browser. */
  crmApi?: CustomCrmApi;
}

/** What the content script detects with: policy entries first, then the seller's. */
export function crmConfigOf(state: CrmState): CrmConfig {
  return {
    customCrms: mergeCrms(state).map((entry) => entry.definition),
    instances: mergeInstances(state).map(({ origin, crm }) => ({ origin, crm })),
  };
}

export interface ReconcileReport {
  plan: RegistryPlan;
  diff: RegistrationDiff;
  /** Failures are reported, not thrown: one bad registration must not block the others. */
  errors: string[];
}

/** Applies a diff; each call on its own so one failure does not hide the rest. */
async function applyDiff(api: CustomCrmApi, diff: RegistrationDiff): Promise<string[]> {
  const errors: string[] = [];
  const attempt = async (label: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      errors.push(`${label}: ${String(error)}`);
    }
  };
  if (diff.remove.length > 0)
    await attempt('unregister', () => api.scripting.unregisterContentScripts({ ids: diff.remove }));
  for (const script of diff.update)
    await attempt(`update ${script.id}`, () => api.scripting.updateContentScripts([script]));
  for (const script of diff.add)
    await attempt(`register ${script.id}`, () => api.scripting.registerContentScripts([script]));
  return errors;
}

async function reconcileOnce(deps: CustomCrmDeps): Promise<ReconcileReport> {
  const api = deps.crmApi ?? browserCrmApi();
  const state = await readCrmState(await deps.db());
  const config = crmConfigOf(state);
  const stored = (await api.storage.get(CRM_CONFIG_KEY))[CRM_CONFIG_KEY];
  // Every write wakes the storage listeners of every open CRM tab: write only on change.
  if (!sameJson(stored, config)) await api.storage.set({ [CRM_CONFIG_KEY]: config });
  const granted = (await api.permissions.getAll()).origins ?? [];
  const plan = planRegistrations({
    customCrms: config.customCrms,
    instances: config.instances,
    granted,
  });
  const registered = await api.scripting.getRegisteredContentScripts();
  const diff = diffRegistrations(plan.wanted, registered);
  const errors = await applyDiff(api, diff);
  if (errors.length > 0) console.warn('[upnext] content-script registration', errors);
  return { plan, diff, errors };
}

/**
 * Mirrors the CRM configuration to `storage.local` and makes the content-script registrations
 * match the stored CRMs and granted hosts. Call it on startup and install, after an import or
 * any CRM change, and when permissions change. Safe to call any number of times. Triggers
 * overlap (an import, then `permissions.onAdded` a moment later): runs go one at a time, so two
 * never register the same id.
 */
export const reconcileContentScripts: (deps: CustomCrmDeps) => Promise<ReconcileReport> =
  oneAtATime(reconcileOnce);
