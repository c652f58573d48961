/**
 * Custom CRMs and self-hosted instances as stored in the `settings` store (lib/store/settings.ts):
 * the seller's (`customCrms` from packs and the console, `customCrmConsoleIds`, `crmInstances`)
 * and the administrator's (`policyCrms`, `policyInstances`), read together as one `CrmState`.
 *
 * Every record message from a CRM page checks its sender against this state (the panel's view
 * after each navigation, each action), and it changes only when a seller or an administrator
 * edits CRMs. So the worker keeps the last state it read (`keptCrmState`, by the one rule of
 * lib/store/kept-copy.ts) instead of reading the
 * five rows on every message. The keeping is safe because every write of these rows goes through
 * this module: `putCrmSetting` (the only way to build such a row: `settingDoc` refuses their
 * keys) and a restore or reset (which replace the whole store) forget the kept state (`forgetKept`),
 * and no read that overlapped a write may keep what it read. A worker that restarts keeps
 * nothing and reads anew. Only the worker opens the database, so no other writer exists.
 */
import type { CrmState } from '../crm/custom-registry';
import type { Database } from './db';
import { forgetKept, keptValue, readingValue } from './kept-copy';
import { readSetting, type SettingDoc, type SettingsSource, type SettingValues } from './settings';

/** The `settings` keys that make up the CRM state (written only through `putCrmSetting`). */
export type CrmSettingKey =
  'customCrms' | 'customCrmConsoleIds' | 'crmInstances' | 'policyCrms' | 'policyInstances';

/**
 * Reads the five keys in one transaction: from `source` when it is the `settings` store of a
 * transaction the caller has open (the panel's read, `record-read.ts`), else in one read-only
 * transaction of its own (one instead of five on every record message). Always reads: what the
 * console changes is decided on this (`lib/use-cases/custom-crms.ts`).
 */
export async function readCrmState(source: SettingsSource): Promise<CrmState> {
  const settings = 'objectStoreNames' in source ? source.transaction('settings').store : source;
  const [userCrms, consoleIds, userInstances, policyCrms, policyInstances] = await Promise.all([
    readSetting(settings, 'customCrms'),
    readSetting(settings, 'customCrmConsoleIds'),
    readSetting(settings, 'crmInstances'),
    readSetting(settings, 'policyCrms'),
    readSetting(settings, 'policyInstances'),
  ]);
  return {
    userCrms: userCrms ?? [],
    consoleIds: consoleIds ?? [],
    userInstances: userInstances ?? [],
    policyCrms: policyCrms ?? [],
    policyInstances: policyInstances ?? [],
  };
}

/** A store of an open transaction, as `record-read.ts` and `record-tx.ts` hold it. */
interface TxSettingsStore {
  get(key: string): Promise<SettingDoc | undefined>;
  transaction: { db: Database };
}

/**
 * The CRM state as stored, for the sender check on every record message: the state kept from an
 * earlier read (lib/store/kept-copy.ts), or read now (from the caller's transaction, given
 * its `settings` store) and kept for the next message unless a write began or ended meanwhile.
 * Frozen: callers share it.
 */
export async function keptCrmState(source: Database | TxSettingsStore): Promise<CrmState> {
  const db = 'objectStoreNames' in source ? source : source.transaction.db;
  const kept = keptValue(db, 'crmState');
  if (kept !== undefined) return kept;
  const keep = readingValue(db, 'crmState');
  return keep(await readCrmState(source));
}

/** A `settings` store of a read-write transaction (idb's `tx.store` or `tx.objectStore`). */
interface WritableSettingsStore {
  put(value: SettingDoc): Promise<unknown>;
  transaction: { db: Database; done: Promise<void> };
}

/**
 * Writes one CRM setting in the caller's transaction: the one way these rows are written, so
 * the state the worker keeps (`keptCrmState`) is forgotten with every change.
 */
export function putCrmSetting<K extends CrmSettingKey>(
  store: WritableSettingsStore,
  key: K,
  value: SettingValues[K],
): Promise<unknown> {
  forgetKept(store.transaction.db, store.transaction.done);
  return store.put({ key, value } as SettingDoc);
}

/** `putCrmSetting` in a read-write transaction of its own; resolves once it is stored. */
export async function storeCrmSetting<K extends CrmSettingKey>(
  db: Database,
  key: K,
  value: SettingValues[K],
): Promise<void> {
  const tx = db.transaction('settings', 'readwrite');
  await Promise.all([putCrmSetting(tx.store, key, value), tx.done]);
}
