import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Insightly (docs/crm-reference.md section 11). `crm.{pod}.insightly.com/details/{Type}/{id}` (R; the
 * case of `Type` varies between sources, so it is matched case-insensitively). `Organisation` is
 * the British spelling Insightly uses for accounts.
 */
const HOST = /^crm(?:\.[a-z0-9-]+)?\.insightly\.com$/;
const PATH = /^\/details\/(contact|leads?|opportunity|organi[sz]ation)\/(\d{1,15})\/?$/i;

const BY_TYPE: Lookup<Entity> = {
  contact: 'contact',
  lead: 'lead',
  leads: 'lead',
  opportunity: 'opportunity',
  organisation: 'account',
  organization: 'account',
};

function match(url: URL): RuleMatch | null {
  const found = PATH.exec(url.pathname);
  if (!found?.[1] || !found[2]) return null;
  const entity = BY_TYPE[found[1].toLowerCase()];
  return entity ? { entity, id: found[2] } : null;
}

export const insightlyRule: CrmRule = {
  crm: 'insightly',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
