/**
 * Administrator policy (issue #6, part 5): what an IT department pre-configures through
 * `storage.managed` (schema: public/managed_schema.json; how-to: docs/admin.md).
 * - `customCrms`, `instances`: stored as policy entries (settings keys `policyCrms`,
 *   `policyInstances`), read-only for sellers, mirrored to the content script like the others.
 * - `sellerDefaults`: applied only where the seller has not chosen a value of their own.
 * - `sequencePackUrl`: fetched at startup, when the policy changes and daily; a valid pack is
 *   imported all or nothing, its sequences become `source: 'policy'` (read-only) and active.
 *   A failed fetch or an invalid pack changes nothing.
 * The outcome is kept as a readable `PolicyStatus` in settings key `policyStatus`.
 *
 * Managed storage never grants host permissions: a policy instance still needs the host granted
 * (ExtensionSettings `runtime_allowed_hosts` does not grant either; see docs/admin.md).
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';

import { CRM_IDS } from '@/lib/crm/rules/types';
import { normaliseOrigin } from '@/lib/crm/custom-registry';
import type { CrmInstance } from '@/lib/crm/detect';
import { sameZone } from '@/lib/engine/time/zone-names';
import { settingsSchema } from '@/lib/messaging/schemas';
import { sameJson } from '@/lib/sequence/canonical';
import { parsePack } from '@/lib/sequence/parse';
import type { CrmDefinition } from '@/lib/sequence/types';
import type { Database } from '@/lib/store/db';
import { applyImport, setState, StoreError } from '@/lib/store/sequences-repo';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '@/lib/store/settings';

import type { BackgroundDeps } from './context';
import { definitionProblems } from './handlers/crms';
import {
  POLICY_CRMS_KEY,
  POLICY_INSTANCES_KEY,
  reconcileContentScripts,
  type CustomCrmApi,
} from './custom-crms';

export const POLICY_STATUS_KEY = 'policyStatus';
/** The values policy last wrote into the seller's settings (to tell them from the seller's own). */
export const POLICY_DEFAULTS_KEY = 'policyAppliedDefaults';
export const POLICY_ALARM = 'upnext-policy-pack';
const DAY_MINUTES = 24 * 60;
const FETCH_TIMEOUT_MS = 15_000;
const MAX_PROBLEMS = 20;

export type SellerDefaults = Partial<Pick<Settings, 'timeZone' | 'workingHours' | 'notifications'>>;
const DEFAULT_KEYS = ['timeZone', 'workingHours', 'notifications'] as const;

export interface ParsedPolicy {
  /** Any policy key was set. */
  present: boolean;
  customCrms: CrmDefinition[];
  instances: CrmInstance[];
  sequencePackUrl: string | null;
  sellerDefaults: SellerDefaults;
  /** Entries that were ignored, and why. */
  problems: string[];
}

/** Shown in the console: what the policy did the last time it was applied. */
export interface PolicyStatus {
  checkedAt: number;
  managed: boolean;
  crms: number;
  instances: number;
  /** Seller settings set from `sellerDefaults` this time. */
  defaultsApplied: string[];
  problems: string[];
  pack: {
    url: string;
    ok: boolean;
    checkedAt: number;
    /** A sentence for the console: what happened. */
    message: string;
    /** When a pack from this URL was last applied successfully. */
    appliedAt: number | null;
    sequences: string[];
  } | null;
}

const instanceSchema = z.object({ origin: z.string().min(1).max(2000), crm: z.enum(CRM_IDS) });
const defaultsSchema = z.object({
  timeZone: settingsSchema.shape.timeZone.optional(),
  workingHours: settingsSchema.shape.workingHours.optional(),
  notifications: z.boolean().optional(),
});

const issueText = (error: z.ZodError): string =>
  error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');

/** Reads what `storage.managed.get()` returned; each entry is checked on its own. */
export function parsePolicy(raw: unknown): ParsedPolicy {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const policy: ParsedPolicy = {
    present: ['customCrms', 'instances', 'sequencePackUrl', 'sellerDefaults'].some(
      (key) => value[key] !== undefined,
    ),
    customCrms: [],
    instances: [],
    sequencePackUrl: null,
    sellerDefaults: {},
    problems: [],
  };
  const crms: unknown = value['customCrms'];
  if (crms !== undefined && !Array.isArray(crms)) policy.problems.push('customCrms: not a list.');
  if (Array.isArray(crms)) {
    for (const [index, entry] of (crms as unknown[]).entries()) {
      const problems =
        typeof entry === 'object' && entry !== null
          ? definitionProblems(entry as CrmDefinition)
          : ['not an object'];
      if (problems.length > 0) {
        policy.problems.push(`customCrms[${index}] ignored: ${problems.join(' ')}`);
      } else if (policy.customCrms.some((crm) => crm.id === (entry as CrmDefinition).id)) {
        policy.problems.push(`customCrms[${index}] ignored: the id is used twice.`);
      } else {
        const definition = entry as CrmDefinition;
        policy.customCrms.push({
          ...definition,
          origins: definition.origins.flatMap((origin) => normaliseOrigin(origin) ?? []),
        });
      }
    }
  }
  const instances: unknown = value['instances'];
  if (instances !== undefined && !Array.isArray(instances))
    policy.problems.push('instances: not a list.');
  if (Array.isArray(instances)) {
    for (const [index, entry] of (instances as unknown[]).entries()) {
      const parsed = instanceSchema.safeParse(entry);
      const origin = parsed.success ? normaliseOrigin(parsed.data.origin) : null;
      if (!parsed.success) {
        policy.problems.push(`instances[${index}] ignored: ${issueText(parsed.error)}`);
      } else if (origin === null) {
        policy.problems.push(
          `instances[${index}] ignored: '${parsed.data.origin}' is not an http(s) address.`,
        );
      } else {
        policy.instances.push({ origin, crm: parsed.data.crm });
      }
    }
  }
  const url: unknown = value['sequencePackUrl'];
  if (typeof url === 'string' && url.trim() !== '') {
    try {
      const parsed = new URL(url.trim());
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
      policy.sequencePackUrl = parsed.href;
    } catch {
      policy.problems.push(`sequencePackUrl ignored: '${url}' is not an http(s) address.`);
    }
  } else if (url !== undefined && url !== '') {
    policy.problems.push('sequencePackUrl ignored: not a string.');
  }
  const defaults: unknown = value['sellerDefaults'];
  if (defaults !== undefined) {
    const parsed = defaultsSchema.safeParse(defaults);
    if (parsed.success) {
      const { timeZone, workingHours, notifications } = parsed.data;
      if (timeZone !== undefined) policy.sellerDefaults.timeZone = timeZone;
      if (workingHours !== undefined) policy.sellerDefaults.workingHours = workingHours;
      if (notifications !== undefined) policy.sellerDefaults.notifications = notifications;
    } else {
      policy.problems.push(`sellerDefaults ignored: ${issueText(parsed.error)}`);
    }
  }
  return policy;
}

/**
 * The settings after applying `defaults`: a value counts as the seller's own, and is kept, when
 * it is stored and differs both from Upnext's built-in default and from what policy wrote last
 * time. (Saving the settings form stores every key, so "stored" alone would not tell.)
 */
export function withSellerDefaults(
  stored: Partial<Settings> | undefined,
  defaults: SellerDefaults,
  lastApplied: SellerDefaults,
): { settings: Partial<Settings>; applied: SellerDefaults } {
  const settings: Partial<Settings> = { ...stored };
  const applied: SellerDefaults = {};
  for (const key of DEFAULT_KEYS) {
    const wanted = defaults[key];
    if (wanted === undefined) continue;
    const current = stored?.[key];
    // Zones compare as zones: `Europe/Kiev` and `Europe/Kyiv` are one (zone-names.ts).
    const same = (a: unknown, b: unknown): boolean =>
      key === 'timeZone'
        ? sameZone(a as string | null | undefined, b as string | null | undefined)
        : sameJson(a, b);
    const sellersOwn =
      current !== undefined &&
      !same(current, DEFAULT_SETTINGS[key]) &&
      !same(current, lastApplied[key]);
    if (sellersOwn) continue;
    Object.assign(settings, { [key]: wanted });
    Object.assign(applied, { [key]: wanted });
  }
  return { settings, applied };
}

export interface PolicyDeps {
  db: () => Promise<Database>;
  now: () => number;
  afterChange?: BackgroundDeps['afterChange'];
  /** `storage.managed.get()`; defaults to the browser's, `{}` where there is none. */
  readManaged?: () => Promise<unknown>;
  fetch?: typeof fetch;
  fetchTimeoutMs?: number;
  /** Re-registers content scripts after the policy CRMs changed. */
  reconcile?: () => Promise<unknown>;
  alarms?: {
    get: (name: string) => Promise<unknown>;
    create: (name: string, info: { delayInMinutes: number; periodInMinutes: number }) => unknown;
    clear: (name: string) => Promise<unknown>;
  };
  crmApi?: CustomCrmApi;
}

/** Firefox without a policy, or a browser without managed storage: no policy, not an error. */
async function readManagedStorage(): Promise<unknown> {
  const area = (browser.storage as { managed?: { get: (keys: null) => Promise<unknown> } }).managed;
  if (area === undefined) return {};
  try {
    return await area.get(null);
  } catch {
    return {};
  }
}

async function setting<T>(db: Database, key: string): Promise<T | undefined> {
  return (await db.get('settings', key))?.value as T | undefined;
}

type FetchOutcome = { ok: true; text: string } | { ok: false; message: string };

async function fetchText(
  url: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<FetchOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as aborted: a stuck request must never hold the policy queue.
  const timeout = new Promise<FetchOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        ok: false,
        message: `${url} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
      });
    }, timeoutMs);
  });
  const download = (async (): Promise<FetchOutcome> => {
    try {
      const response = await fetchImpl(url, { signal: controller.signal, cache: 'no-store' });
      if (!response.ok)
        return { ok: false, message: `The server answered ${response.status} for ${url}.` };
      return { ok: true, text: await response.text() };
    } catch (error) {
      return { ok: false, message: `Upnext could not download ${url} (${String(error)}).` };
    }
  })();
  try {
    return await Promise.race([download, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sets `source` on the given sequences in one transaction; returns the ids it changed. */
async function setSource(
  db: Database,
  ids: readonly string[],
  source: 'user' | 'policy',
  only?: (current: 'user' | 'template' | 'policy') => boolean,
): Promise<string[]> {
  const tx = db.transaction('sequences', 'readwrite');
  const changed: string[] = [];
  for (const id of ids) {
    const doc = await tx.store.get(id);
    if (doc === undefined || doc.source === source) continue;
    if (only !== undefined && !only(doc.source)) continue;
    await tx.store.put({ ...doc, source });
    changed.push(id);
  }
  await tx.done;
  return changed;
}

/**
 * Imports the policy pack and makes its sequences policy-managed and active. `applyImport`
 * refuses to change policy sequences (sellers' imports must not), so the ones this pack updates
 * are unlocked first and locked again whatever happens; if the worker stops in between, the next
 * run (startup or the daily alarm) locks them again.
 */
async function applyPolicyPack(
  db: Database,
  text: string,
  now: number,
): Promise<{ ok: boolean; message: string; sequences: string[] }> {
  const parsed = parsePack(text);
  if (!parsed.ok) {
    const first = parsed.problems
      .slice(0, 3)
      .map(
        (problem) => `${problem.line === null ? '' : `line ${problem.line}: `}${problem.message}`,
      );
    return {
      ok: false,
      message: `The pack is invalid (${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}: ${first.join('; ')}); nothing was changed.`,
      sequences: [],
    };
  }
  const ids = parsed.pack.sequences.map((sequence) => sequence.id);
  const unlocked = await setSource(db, ids, 'user', (source) => source === 'policy');
  try {
    await applyImport(db, text, now);
  } catch (error) {
    await setSource(db, unlocked, 'policy');
    const message = error instanceof StoreError ? error.message : String(error);
    return { ok: false, message: `The pack could not be imported: ${message}`, sequences: [] };
  }
  await setSource(db, ids, 'policy');
  // Sequences the administrator dropped from the pack go back to the sellers (still as they are).
  const previous = (await db.getAll('sequences'))
    .filter((doc) => doc.source === 'policy' && !ids.includes(doc.id))
    .map((doc) => doc.id);
  await setSource(db, previous, 'user');
  const results = await setState(db, ids, 'active', now);
  const failed = results.filter((result) => !result.ok);
  const message =
    failed.length === 0
      ? `Applied ${ids.length} sequence${ids.length === 1 ? '' : 's'}; all are active.`
      : `Applied ${ids.length} sequences; ${failed.length} could not be activated: ${failed
          .map((result) => `${result.id} (${result.problems[0]?.message ?? 'unknown'})`)
          .join(', ')}.`;
  return { ok: true, message, sequences: ids };
}

async function releasePolicySequences(db: Database): Promise<void> {
  const ids = (await db.getAll('sequences'))
    .filter((doc) => doc.source === 'policy')
    .map((doc) => doc.id);
  await setSource(db, ids, 'user');
}

async function applyOnce(deps: PolicyDeps, options: { fetchPack: boolean }): Promise<PolicyStatus> {
  const db = await deps.db();
  const now = deps.now();
  const policy = parsePolicy(await (deps.readManaged ?? readManagedStorage)());
  const previous = await setting<PolicyStatus>(db, POLICY_STATUS_KEY);

  // Policy CRMs and instances replace the previous policy's, whole.
  const crmsChanged =
    !sameJson((await setting(db, POLICY_CRMS_KEY)) ?? [], policy.customCrms) ||
    !sameJson((await setting(db, POLICY_INSTANCES_KEY)) ?? [], policy.instances);
  if (crmsChanged) {
    const tx = db.transaction('settings', 'readwrite');
    await Promise.all([
      tx.store.put({ key: POLICY_CRMS_KEY, value: policy.customCrms }),
      tx.store.put({ key: POLICY_INSTANCES_KEY, value: policy.instances }),
    ]);
    await tx.done;
  }

  // Seller defaults.
  const stored = await setting<Partial<Settings>>(db, SETTINGS_KEY);
  const lastApplied = (await setting<SellerDefaults>(db, POLICY_DEFAULTS_KEY)) ?? {};
  const { settings, applied } = withSellerDefaults(stored, policy.sellerDefaults, lastApplied);
  const settingsChanged = !sameJson(settings, stored ?? {});
  if (settingsChanged || !sameJson(applied, lastApplied)) {
    const tx = db.transaction('settings', 'readwrite');
    await Promise.all([
      settingsChanged ? tx.store.put({ key: SETTINGS_KEY, value: settings }) : Promise.resolve(),
      tx.store.put({ key: POLICY_DEFAULTS_KEY, value: { ...lastApplied, ...applied } }),
    ]);
    await tx.done;
  }

  // The pack.
  let pack: PolicyStatus['pack'] = null;
  let sequencesChanged = false;
  const url = policy.sequencePackUrl;
  if (url === null) {
    await releasePolicySequences(db);
    sequencesChanged = true;
  } else if (!options.fetchPack) {
    pack = previous?.pack?.url === url ? previous.pack : null;
  } else {
    const lastApplied = previous?.pack?.url === url ? previous.pack.appliedAt : null;
    const fetched = await fetchText(
      url,
      deps.fetch ?? globalThis.fetch.bind(globalThis),
      deps.fetchTimeoutMs ?? FETCH_TIMEOUT_MS,
    );
    const outcome = fetched.ok
      ? await applyPolicyPack(db, fetched.text, now)
      : { ok: false, message: `${fetched.message} Nothing was changed.`, sequences: [] };
    sequencesChanged = outcome.ok;
    pack = {
      url,
      ok: outcome.ok,
      checkedAt: now,
      message: outcome.message,
      appliedAt: outcome.ok ? now : lastApplied,
      sequences: outcome.ok ? outcome.sequences : (previous?.pack?.sequences ?? []),
    };
  }

  const status: PolicyStatus = {
    checkedAt: now,
    managed: policy.present,
    crms: policy.customCrms.length,
    instances: policy.instances.length,
    defaultsApplied: Object.keys(applied),
    problems: policy.problems.slice(0, MAX_PROBLEMS),
    pack,
  };
  await db.put('settings', { key: POLICY_STATUS_KEY, value: status });

  const alarms = deps.alarms ?? browser.alarms;
  if (url === null) await alarms.clear(POLICY_ALARM);
  else if ((await alarms.get(POLICY_ALARM)) === undefined)
    await alarms.create(POLICY_ALARM, {
      delayInMinutes: DAY_MINUTES,
      periodInMinutes: DAY_MINUTES,
    });

  if (crmsChanged)
    await (
      deps.reconcile ?? (() => reconcileContentScripts({ db: deps.db, crmApi: deps.crmApi }))
    )();
  if (settingsChanged || sequencesChanged)
    deps.afterChange?.({ recordKeys: [], all: true, reproject: settingsChanged });
  return status;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Reads the managed policy and applies it (see the module comment). Never throws for a bad
 * policy or an unreachable pack: the outcome is in the returned (and stored) `PolicyStatus`.
 * Runs one at a time.
 */
export function applyPolicy(
  deps: PolicyDeps,
  options: { fetchPack?: boolean } = {},
): Promise<PolicyStatus> {
  const run = queue.then(
    () => applyOnce(deps, { fetchPack: options.fetchPack ?? true }),
    () => applyOnce(deps, { fetchPack: options.fetchPack ?? true }),
  );
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Adds the listeners that apply the policy: a change of the managed area, the daily alarm, and
 * browser start and install. It only adds listeners, synchronously: call it at the top level of
 * the background's `main`.
 */
export function registerPolicyListeners(deps: PolicyDeps): void {
  const run = () =>
    void applyPolicy(deps).catch((error: unknown) => {
      console.error('[upnext] applyPolicy failed', error);
    });
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') run();
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLICY_ALARM) run();
  });
  browser.runtime.onInstalled.addListener(run);
  browser.runtime.onStartup.addListener(run);
}
