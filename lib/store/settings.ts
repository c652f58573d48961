/**
 * The `settings` store: one typed map from key to value (`SettingValues`), read and written
 * only through `readSetting` / `settingDoc` (CRM keys: `putCrmSetting`, crm-settings.ts), so no
 * caller casts what it reads. Adding a key is
 * adding a line to the map; values are whole (a write replaces the value of its key).
 *
 * The seller's own settings are one object under `settings`; defaults apply to keys the stored
 * object lacks, so adding a setting needs no migration.
 */
import type { CrmInstance } from '../crm/detect';
import type { CrmSettingKey } from './crm-settings';
import type { MailboxState } from '../mailbox/types';
import type { CrmDefinition } from '../sequence/types';
import type { Database } from './db';
import type { RollupBuild } from './rollups';
import type { DueCountMark } from './work-queries';
import type { TickRetries } from './tick-retries';

export interface Settings {
  sellerName: string;
  /** IANA zone; null: the browser's. */
  timeZone: string | null;
  /** Vacations: nothing becomes overdue while away; due steps move to the end. */
  away: { start: number; end: number; label: string }[];
  /** A desktop notification when a step becomes due. */
  notifications: boolean;
  /** Working hours suggested for new sequences and shown in the console. */
  workingHours: {
    days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
    start: string;
    end: string;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  sellerName: '',
  timeZone: null,
  away: [],
  notifications: false,
  workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
};

/** The seller settings an administrator's policy may preset (docs/admin.md). */
export type SellerDefaults = Partial<Pick<Settings, 'timeZone' | 'workingHours' | 'notifications'>>;

/** What the managed policy did the last time it was applied (docs/admin.md). */
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
    /** A sentence for a manager: what happened. */
    message: string;
    /** When a pack from this URL was last applied successfully. */
    appliedAt: number | null;
    sequences: string[];
  } | null;
}

/** Every key of the `settings` store and the type of its value. */
export interface SettingValues {
  /** The seller's settings as saved (defaults fill in the rest: `withDefaults`). */
  settings: Partial<Settings>;
  /** Custom CRM definitions from packs and from the console. */
  customCrms: CrmDefinition[];
  /** Which of `customCrms` the console saved; every other one came from a pack. */
  customCrmConsoleIds: string[];
  /** The seller's self-hosted CRM instances. */
  crmInstances: CrmInstance[];
  /** Custom CRMs and instances from the administrator's policy: read-only for sellers. */
  policyCrms: CrmDefinition[];
  policyInstances: CrmInstance[];
  policyStatus: PolicyStatus;
  /** The values policy last wrote into the seller's settings (to tell them from the seller's own). */
  policyAppliedDefaults: SellerDefaults;
  /** When due steps were last looked at for notifications (epoch ms). */
  lastDueCheckAt: number;
  /** The seller's mailbox connections, compose choice and feed state (docs/mailbox.md). */
  mailbox: Partial<MailboxState>;
  /** Whether the insight roll-ups are built, or how far their rebuild got (lib/store/rollups.ts). */
  rollupBuild: RollupBuild;
  /** The badge's last count of due steps, kept current by every record write (lib/store/work-queries.ts). */
  dueCount: DueCountMark;
  /** Replaced by every write of the stored segments: the routing cache's key (segment-cache.ts). */
  segmentsRevision: string;
  /** Records whose tick keeps failing, resting between tries (lib/store/tick-retries.ts). */
  tickRetries: TickRetries;
}

export type SettingKey = keyof SettingValues;

/** A row of the `settings` store: a key and the value of its type. */
export type SettingDoc = { [K in SettingKey]: { key: K; value: SettingValues[K] } }[SettingKey];

/** Reads `settings` rows: the database, or the `settings` store of an open transaction. */
export type SettingsSource = Database | { get(key: string): Promise<SettingDoc | undefined> };

/**
 * The stored value of `key`, or undefined when it was never written. The one place a row's
 * value is narrowed to its key's type: rows are only written through `settingDoc` (the CRM
 * keys through `putCrmSetting`, which builds the same row).
 */
export async function readSetting<K extends SettingKey>(
  source: SettingsSource,
  key: K,
): Promise<SettingValues[K] | undefined> {
  const doc =
    'objectStoreNames' in source ? await source.get('settings', key) : await source.get(key);
  return doc?.value as SettingValues[K] | undefined;
}

/**
 * The row that stores `value` under `key` (for `put` on the database or in a transaction). Not
 * for the CRM keys: those are written with `putCrmSetting` (lib/store/crm-settings.ts), which
 * the worker's kept CRM state depends on.
 */
export function settingDoc<K extends Exclude<SettingKey, CrmSettingKey>>(
  key: K,
  value: SettingValues[K],
): SettingDoc {
  return { key, value } as SettingDoc;
}

function withDefaults(stored: Partial<Settings> | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...stored };
}

/** The seller's settings as stored, defaults filled in. */
export async function readSellerSettings(db: Database): Promise<Settings> {
  return withDefaults(await readSetting(db, 'settings'));
}
