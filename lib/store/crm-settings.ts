/**
 * Custom CRMs and self-hosted instances as stored in the `settings` store (lib/store/settings.ts):
 * the seller's (`customCrms` from packs and the console, `customCrmConsoleIds`, `crmInstances`)
 * and the administrator's (`policyCrms`, `policyInstances`), read together as one `CrmState`.
 */
import type { CrmState } from '../crm/custom-registry';
import { readSetting, type SettingsSource } from './settings';

/** Read from the database, or from the `settings` store of an open transaction. */
export async function readCrmState(source: SettingsSource): Promise<CrmState> {
  const [userCrms, consoleIds, userInstances, policyCrms, policyInstances] = await Promise.all([
    readSetting(source, 'customCrms'),
    readSetting(source, 'customCrmConsoleIds'),
    readSetting(source, 'crmInstances'),
    readSetting(source, 'policyCrms'),
    readSetting(source, 'policyInstances'),
  ]);
  return {
    userCrms: userCrms ?? [],
    consoleIds: consoleIds ?? [],
    userInstances: userInstances ?? [],
    policyCrms: policyCrms ?? [],
    policyInstances: policyInstances ?? [],
  };
}
