/**
 * Applying the administrator's policy (docs/admin.md): what an IT department pre-configures in
 * the browser's managed storage (schema: public/managed_schema.json).
 * - `customCrms`, `instances`: stored as policy entries (settings keys `policyCrms`,
 *   `policyInstances`), read-only for sellers. Each custom CRM passes the one definition check
 *   (lib/sequence/crm-definition.ts); a bad entry is ignored and named in the status.
 * - `sellerDefaults`: applied only where the seller has not chosen a value of their own.
 * - `sequencePackUrl`: downloaded; a valid pack is imported all or nothing, its sequences become
 *   `source: 'policy'` (read-only) and active. A failed download or an invalid pack changes
 *   nothing.
 * The outcome is kept as a readable `PolicyStatus` (settings key `policyStatus`).
 *
 * Pure of browser APIs: managed storage, downloads, the daily alarm and content-script
 * registration come in through `PolicyPorts` (entrypoints/background/policy.ts wires them).
 */
import type { CrmInstance } from '../crm/detect';
import { sameZone } from '../engine/time/zone-names';
import { settingsSchema } from '../messaging/schemas';
import { once } from '../once';
// zod/mini, jitless, with English messages (lib/zod-mini.ts says why).
import { z } from '../zod-mini';
import { sameJson } from '../sequence/canonical';
import { normaliseOrigin } from '../sequence/origin';
import { parsePack } from '../sequence/parse';
import { CRM_IDS, type CrmDefinition } from '../sequence/types';
import { putCrmSetting } from '../store/crm-settings';
import type { Database } from '../store/db';
import { setSequenceSource, setState, StoreError } from '../store/sequences-repo';
import {
  DEFAULT_SETTINGS,
  readSetting,
  settingDoc,
  type PolicyStatus,
  type SellerDefaults,
  type Settings,
} from '../store/settings';
import { checkedDefinition } from './custom-crms';
import { importPack } from './import-pack';

const DEFAULT_KEYS = ['timeZone', 'workingHours', 'notifications'] as const;
const MAX_PROBLEMS = 20;

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

// Built on first use, like every schema the worker holds (lib/once.ts says why).
const instanceSchema = once(() =>
  z.object({ origin: z.string().check(z.minLength(1), z.maxLength(2000)), crm: z.enum(CRM_IDS) }),
);
const defaultsSchema = once(() =>
  z.object({
    timeZone: z.optional(settingsSchema().shape.timeZone),
    workingHours: z.optional(settingsSchema().shape.workingHours),
    notifications: z.optional(z.boolean()),
  }),
);

const issueText = (error: z.core.$ZodError): string =>
  error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');

/** Reads what managed storage holds (anything); each entry is checked on its own. */
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
      const checked =
        typeof entry === 'object' && entry !== null
          ? checkedDefinition(entry as CrmDefinition)
          : ({ ok: false, problems: ['not an object'] } as const);
      if (!checked.ok) {
        policy.problems.push(`customCrms[${index}] ignored: ${checked.problems.join(' ')}`);
      } else if (policy.customCrms.some((crm) => crm.id === checked.definition.id)) {
        policy.problems.push(`customCrms[${index}] ignored: the id is used twice.`);
      } else {
        policy.customCrms.push(checked.definition);
      }
    }
  }
  const instances: unknown = value['instances'];
  if (instances !== undefined && !Array.isArray(instances))
    policy.problems.push('instances: not a list.');
  if (Array.isArray(instances)) {
    for (const [index, entry] of (instances as unknown[]).entries()) {
      const parsed = instanceSchema().safeParse(entry);
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
    const parsed = defaultsSchema().safeParse(defaults);
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

/** A downloaded pack's text, or a sentence saying why there is none. */
export type PackDownload = { ok: true; text: string } | { ok: false; message: string };

export interface PolicyPorts {
  db: Database;
  now: number;
  /** What managed storage holds (`{}` where there is none). */
  readManaged: () => Promise<unknown>;
  /** Downloads the policy pack; never throws (a failure is a message). */
  download: (url: string) => Promise<PackDownload>;
  /** Keeps (or starts) the daily re-check of the pack, or stops it when there is no pack. */
  dailyCheck: (wanted: boolean) => Promise<void>;
  /** Re-registers content scripts after the policy CRMs or instances changed. */
  reconcile: () => Promise<unknown>;
  /** After settings or sequences changed: refresh badge, alarm and open pages. */
  afterChange?: (change: { recordKeys: string[]; all?: boolean; reproject?: boolean }) => void;
}

/**
 * Imports the policy pack and makes its sequences policy-managed and active. The store refuses
 * an import that changes policy sequences (sellers' imports must not), so the ones this pack
 * updates are unlocked first and locked again whatever happens; if the worker stops in between,
 * the next run (startup or the daily check) locks them again.
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
  const unlocked = await setSequenceSource(db, ids, 'user', (source) => source === 'policy');
  try {
    await importPack(db, text, now);
  } catch (error) {
    await setSequenceSource(db, unlocked, 'policy');
    const message = error instanceof StoreError ? error.message : String(error);
    return { ok: false, message: `The pack could not be imported: ${message}`, sequences: [] };
  }
  await setSequenceSource(db, ids, 'policy');
  // Sequences the administrator dropped from the pack go back to the sellers (still as they are).
  const previous = (await db.getAll('sequences'))
    .filter((doc) => doc.source === 'policy' && !ids.includes(doc.id))
    .map((doc) => doc.id);
  await setSequenceSource(db, previous, 'user');
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
  await setSequenceSource(db, ids, 'user');
}

/**
 * Reads the managed policy and applies it (see the module comment); `fetchPack: false` keeps
 * the last pack outcome without downloading. Never throws for a bad policy or an unreachable
 * pack: the outcome is in the returned (and stored) `PolicyStatus`. Callers run it one at a time.
 */
export async function applyManagedPolicy(
  ports: PolicyPorts,
  options: { fetchPack: boolean },
): Promise<PolicyStatus> {
  const { db, now } = ports;
  const policy = parsePolicy(await ports.readManaged());
  const previous = await readSetting(db, 'policyStatus');

  // Policy CRMs and instances replace the previous policy's, whole.
  const crmsChanged =
    !sameJson((await readSetting(db, 'policyCrms')) ?? [], policy.customCrms) ||
    !sameJson((await readSetting(db, 'policyInstances')) ?? [], policy.instances);
  if (crmsChanged) {
    const tx = db.transaction('settings', 'readwrite');
    await Promise.all([
      putCrmSetting(tx.store, 'policyCrms', policy.customCrms),
      putCrmSetting(tx.store, 'policyInstances', policy.instances),
    ]);
    await tx.done;
  }

  // Seller defaults.
  const stored = await readSetting(db, 'settings');
  const lastApplied = (await readSetting(db, 'policyAppliedDefaults')) ?? {};
  const { settings, applied } = withSellerDefaults(stored, policy.sellerDefaults, lastApplied);
  const settingsChanged = !sameJson(settings, stored ?? {});
  if (settingsChanged || !sameJson(applied, lastApplied)) {
    const tx = db.transaction('settings', 'readwrite');
    await Promise.all([
      settingsChanged ? tx.store.put(settingDoc('settings', settings)) : Promise.resolve(),
      tx.store.put(settingDoc('policyAppliedDefaults', { ...lastApplied, ...applied })),
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
    const appliedBefore = previous?.pack?.url === url ? previous.pack.appliedAt : null;
    const fetched = await ports.download(url);
    const outcome = fetched.ok
      ? await applyPolicyPack(db, fetched.text, now)
      : { ok: false, message: `${fetched.message} Nothing was changed.`, sequences: [] };
    sequencesChanged = outcome.ok;
    pack = {
      url,
      ok: outcome.ok,
      checkedAt: now,
      message: outcome.message,
      appliedAt: outcome.ok ? now : appliedBefore,
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
  await db.put('settings', settingDoc('policyStatus', status));

  await ports.dailyCheck(url !== null);
  if (crmsChanged) await ports.reconcile();
  if (settingsChanged || sequencesChanged)
    ports.afterChange?.({ recordKeys: [], all: true, reproject: settingsChanged });
  return status;
}
