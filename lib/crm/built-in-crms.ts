/**
 * The built-in CRMs as the console lists them: display names, and which of the manifest's host
 * patterns belong to which CRM (by host). The self-hosted CRMs have no host of their own: they
 * work through instances only (docs/crms.md).
 */
import type { CrmId } from './rules/types';
import { BUILT_IN_HOST_PATTERNS } from './hosts';

const BUILT_IN_CRMS: readonly { id: CrmId; name: string; host: RegExp | null }[] = [
  { id: 'dynamics365', name: 'Dynamics 365 Sales', host: /\.crm\d*\.dynamics\.com$/ },
  { id: 'salesforce', name: 'Salesforce', host: /(\.force\.com|\.salesforce\.com)$/ },
  { id: 'hubspot', name: 'HubSpot', host: /\.hubspot\.com$/ },
  { id: 'pipedrive', name: 'Pipedrive', host: /\.pipedrive\.com$/ },
  { id: 'zoho', name: 'Zoho CRM', host: /^crm\.zoho/ },
  { id: 'freshsales', name: 'Freshsales', host: /(\.myfreshworks\.com|\.freshsales\.io)$/ },
  { id: 'close', name: 'Close', host: /^app\.close\.com$/ },
  { id: 'copper', name: 'Copper', host: /^app\.copper\.com$/ },
  { id: 'attio', name: 'Attio', host: /^app\.attio\.com$/ },
  { id: 'insightly', name: 'Insightly', host: /\.insightly\.com$/ },
  { id: 'twenty', name: 'Twenty', host: /twenty\.com$/ },
  { id: 'espocrm', name: 'EspoCRM', host: null },
  { id: 'suitecrm', name: 'SuiteCRM', host: null },
  { id: 'odoo', name: 'Odoo', host: /\.odoo\.com$/ },
  { id: 'vtiger', name: 'vtiger', host: null },
  { id: 'sugarcrm', name: 'SugarCRM', host: /\.sugarondemand\.com$/ },
];

const patternHost = (pattern: string): string => /^[a-z*]+:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';

/** The display name of built-in CRM `id`, or undefined for any other id. */
export function builtInCrmName(id: string): string | undefined {
  return BUILT_IN_CRMS.find((crm) => crm.id === id)?.name;
}

/** Every built-in CRM with its name and the manifest host patterns it runs on. */
export function builtInCrms(): { id: CrmId; name: string; hosts: string[] }[] {
  return BUILT_IN_CRMS.map(({ id, name, host }) => ({
    id,
    name,
    hosts:
      host === null
        ? []
        : BUILT_IN_HOST_PATTERNS.filter((pattern) => host.test(patternHost(pattern))),
  }));
}
