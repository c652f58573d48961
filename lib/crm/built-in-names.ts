/**
 * The built-in CRMs' names as sellers know them: the one home of these names (the console's CRM
 * tables, the worker's sentences, the CRM editor). Apart from `built-in-crms.ts` so a page that
 * only names CRMs does not carry their host patterns.
 */
import type { CrmId } from './rules/types';

const BUILT_IN_CRM_NAMES: Readonly<Record<CrmId, string>> = {
  dynamics365: 'Dynamics 365 Sales',
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  zoho: 'Zoho CRM',
  freshsales: 'Freshsales',
  close: 'Close',
  copper: 'Copper',
  attio: 'Attio',
  insightly: 'Insightly',
  twenty: 'Twenty',
  espocrm: 'EspoCRM',
  suitecrm: 'SuiteCRM',
  odoo: 'Odoo',
  vtiger: 'vtiger',
  sugarcrm: 'SugarCRM',
};

/** The display name of built-in CRM `id`, or undefined for any other id (a custom CRM's). */
export function builtInCrmName(id: string): string | undefined {
  return Object.hasOwn(BUILT_IN_CRM_NAMES, id) ? BUILT_IN_CRM_NAMES[id as CrmId] : undefined;
}
