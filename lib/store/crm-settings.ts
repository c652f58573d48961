/**
 * Custom CRMs and self-hosted instances as stored in the `settings` store (lib/store/settings.ts):
 * the seller's (`customCrms` from packs and the console, `customCrmConsoleIds`, `crmInstances`)
 * and the administrator's (`policyCrms`, `policyInstances`), read together as one `CrmState`.
 */
import type { CrmState } from '../crm/custom-registry';
import type { Database } from './db';
import { readSetting } from './settings';

export async function readCrmState(db: Database): Promise<CrmState> {
  const [userCrms, consoleIds, userInstances, policyCrms, policyInstances] = await Promise.all([
    readSetting(db, 'customCrms'),
    readSetting(db, 'customCrmConsoleIds'),
    readSetting(db, 'crmInstances'),
    readSetting(db, 'policyCrms'),
    readSetting(db, 'policyInstances'),
  ]);
  return {
    userCrms: userCrms ?? [],
    consoleIds: consoleIds ?? [],
    userInstances: userInstances ?? [],
    policyCrms: policyCrms ?? [],
    policyInstances: policyInstances ?? [],
  };
}
