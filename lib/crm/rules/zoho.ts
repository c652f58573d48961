import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Zoho CRM (docs/crm-reference.md section 5). Data centres: `crm.zoho.com`, `.eu`, `.in`, `.com.au` (R)
 * and `.jp`, `.com.cn`, `.uk`, `.sa`, `crm.zohocloud.ca` (U). The top-level domains are listed
 * explicitly so `crm.zoho.com.evil.com` does not pass.
 */
const HOST = /^crm\.(?:zoho\.(?:com|eu|in|com\.au|jp|com\.cn|uk|sa)|zohocloud\.ca)$/;

/**
 * `/crm/org{n}/tab/{Module}/{id}` or without the org segment (R). `/edit` of an existing record
 * counts as the record (docs/crms.md); `/convert`, lists (`custom-view/…/list`) and `create` do not.
 */
const PATH =
  /^\/crm\/(?:org\d+\/)?tab\/(Leads|Contacts|Accounts|Potentials|Deals)\/(\d{12,20})(\/edit)?\/?$/;

/** The Deals module's URL name is `Potentials` (R); `Deals` is accepted as an alias (U). */
const BY_MODULE: Lookup<Entity> = {
  Leads: 'lead',
  Contacts: 'contact',
  Accounts: 'account',
  Potentials: 'opportunity',
  Deals: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const found = PATH.exec(url.pathname);
  if (!found?.[1] || !found[2]) return null;
  const entity = BY_MODULE[found[1]];
  if (!entity) return null;
  return found[3] ? { entity, id: found[2], edit: true } : { entity, id: found[2] };
}

export const zohoRule: CrmRule = {
  crm: 'zoho',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
