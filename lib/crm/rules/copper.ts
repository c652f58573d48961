import { hashBody } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Copper (docs/crm-reference.md section 8, R: a page object verified against the live UI). Hash routing:
 * `app.copper.com/companies/{accountId}/app#/{type}/{id}`. `#/people/{id}` is an alias from a
 * single source (R). List and board views live under `#/browse/…`.
 */
const PATH = /^\/companies\/\d+\/app\/?$/;
const HASH = /^\/(contact|people|organization|deal|lead)\/(\d{1,15})\/?(?:\?.*)?$/;

const BY_TYPE: Lookup<Entity> = {
  contact: 'contact',
  people: 'contact',
  organization: 'account',
  deal: 'opportunity',
  lead: 'lead',
};

function match(url: URL): RuleMatch | null {
  if (!PATH.test(url.pathname)) return null;
  const found = HASH.exec(hashBody(url));
  if (!found?.[1] || !found[2]) return null;
  const entity = BY_TYPE[found[1]];
  return entity ? { entity, id: found[2] } : null;
}

export const copperRule: CrmRule = {
  crm: 'copper',
  isHost: (hostname) => hostname === 'app.copper.com',
  match,
};
