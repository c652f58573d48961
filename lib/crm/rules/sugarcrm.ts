import { canonicalGuid, GUID_PATTERN, hashBody } from './ids';
import { matchLegacyQuery } from './suitecrm';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * SugarCRM 7+ (Sugar Sell / Enterprise, Sidecar; docs/crm-reference.md section 19). Hash routes
 * `#Leads/{id}` (R); `#Leads` (list) and `#Leads/create` (R) are near-misses. `#Leads/{id}/edit`
 * (U) counts as the record (docs/crms.md). Backward-compatible pages `#bwc/index.php?module=…`
 * use the SuiteCRM 7 query rule. Hosts: `*.sugarondemand.com`, or user-added instances.
 */
const HOST = /^[a-z0-9][a-z0-9-]*\.sugarondemand\.com$/;
const HASH = new RegExp(
  `^(Leads|Contacts|Accounts|Opportunities)/(${GUID_PATTERN})(/edit)?/?(?:\\?.*)?$`,
  'i',
);

const BY_MODULE: Lookup<Entity> = {
  leads: 'lead',
  contacts: 'contact',
  accounts: 'account',
  opportunities: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const hash = hashBody(url);
  if (hash.startsWith('bwc/')) {
    const query = hash.indexOf('?');
    return query < 0 ? null : matchLegacyQuery(hash.slice(query + 1));
  }
  const found = HASH.exec(hash);
  const entity = found?.[1] ? BY_MODULE[found[1].toLowerCase()] : undefined;
  const id = canonicalGuid(found?.[2]);
  if (!entity || !id) return null;
  return found?.[3] ? { entity, id, edit: true } : { entity, id };
}

export const sugarcrmRule: CrmRule = {
  crm: 'sugarcrm',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
