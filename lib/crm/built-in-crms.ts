/**
 * The built-in CRMs as the console lists them: display names (built-in-names.ts), and which of the manifest's host
 * patterns belong to which CRM (by host). The self-hosted CRMs have no host of their own: they
 * work through instances only (docs/crms.md).
 */
import { builtInCrmName } from './built-in-names';
import type { CrmId } from './rules/types';
import { BUILT_IN_HOST_PATTERNS } from './hosts';

const BUILT_IN_CRMS: readonly { id: CrmId; host: RegExp | null }[] = [
  { id: 'dynamics365', host: /\.crm\d*\.dynamics\.com$/ },
  { id: 'salesforce', host: /(\.force\.com|\.salesforce\.com)$/ },
  { id: 'hubspot', host: /\.hubspot\.com$/ },
  { id: 'pipedrive', host: /\.pipedrive\.com$/ },
  { id: 'zoho', host: /^crm\.zoho/ },
  { id: 'freshsales', host: /(\.myfreshworks\.com|\.freshsales\.io)$/ },
  { id: 'close', host: /^app\.close\.com$/ },
  { id: 'copper', host: /^app\.copper\.com$/ },
  { id: 'attio', host: /^app\.attio\.com$/ },
  { id: 'insightly', host: /\.insightly\.com$/ },
  { id: 'twenty', host: /twenty\.com$/ },
  { id: 'espocrm', host: null },
  { id: 'suitecrm', host: null },
  { id: 'odoo', host: /\.odoo\.com$/ },
  { id: 'vtiger', host: null },
  { id: 'sugarcrm', host: /\.sugarondemand\.com$/ },
];

const patternHost = (pattern: string): string => /^[a-z*]+:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';

/** Every built-in CRM with its name and the manifest host patterns it runs on. */
export function builtInCrms(): { id: CrmId; name: string; hosts: string[] }[] {
  return BUILT_IN_CRMS.map(({ id, host }) => ({
    id,
    name: builtInCrmName(id) ?? id,
    hosts:
      host === null
        ? []
        : BUILT_IN_HOST_PATTERNS.filter((pattern) => host.test(patternHost(pattern))),
  }));
}
