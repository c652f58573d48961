/**
 * Custom CRMs and self-hosted instances as stored in the `settings` store (lib/store/settings.ts):
 * the seller's (`customCrms` from packs and the console, `customCrmConsoleIds`, `crmInstances`)
 * and the administrator's (`policyCrms`, `policyInstances`), read together as one `CrmState`.
 */
import type { CrmState } from '../crm/custom-registry';
import { readSetting, type SettingsSource } from './settings';

/**
 * Reads the five keys in one transaction: from `source` when it is the `settings` store of a
 * transaction the caller has open (the panel's read, `record-read.ts`), else in one read-only
 * transaction of its own (one instead of five on every record message).
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
