import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Freshsales / Freshworks CRM (docs/crm-reference.md section 6): `{domain}.myfreshworks.com/crm/sales/…`
 * (current, R) and `{domain}.freshsales.io/…` (legacy, R). Contacts and accounts paths are R;
 * `deals` and `leads` follow the API resource names (U).
 */
const HOST = /^(?!www\.)[a-z0-9][a-z0-9-]*\.(?:myfreshworks\.com|freshsales\.io)$/;
const PATH = /^(?:\/crm\/sales)?\/(contacts|leads|accounts|sales_accounts|deals)\/(\d{1,15})\/?$/;

const BY_RESOURCE: Lookup<Entity> = {
  contacts: 'contact',
  leads: 'lead',
  accounts: 'account',
  sales_accounts: 'account',
  deals: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const found = PATH.exec(url.pathname);
  if (!found?.[1] || !found[2]) return null;
  // The current product lives under `/crm/sales`; the legacy host has no prefix.
  const current = url.pathname.startsWith('/crm/sales/');
  if (url.hostname.endsWith('.myfreshworks.com') && !current) return null;
  const entity = BY_RESOURCE[found[1]];
  return entity ? { entity, id: found[2] } : null;
}

export const freshsalesRule: CrmRule = {
  crm: 'freshsales',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
