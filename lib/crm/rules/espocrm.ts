import { GUID_PATTERN, hashBody } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * EspoCRM (docs/crm-reference.md section 15, V: `client/src/router.js`). Hash routes
 * `:controller/view/:id` and `:controller/edit/:id` (edit counts as the record, docs/crms.md);
 * `#Lead`, `#Lead/create` and `#Lead/related/{id}/{link}` are near-misses. Ids are 17 lower-case
 * hex characters by default (R) or UUIDs when configured (U). Self-hosted only: never matched by
 * hostname.
 */
const HASH = new RegExp(
  `^!?(Lead|Contact|Account|Opportunity)/(view|edit)/([0-9a-f]{17}|${GUID_PATTERN})/?$`,
  'i',
);

const BY_SCOPE: Lookup<Entity> = {
  lead: 'lead',
  contact: 'contact',
  account: 'account',
  opportunity: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const found = HASH.exec(hashBody(url));
  if (!found?.[1] || !found[3]) return null;
  // Scope names are PascalCase in practice; the route is case-sensitive, so insist on it.
  if (found[1].charAt(0) !== found[1].charAt(0).toUpperCase()) return null;
  const entity = BY_SCOPE[found[1].toLowerCase()];
  if (!entity) return null;
  const id = found[3].toLowerCase();
  return found.at(2)?.toLowerCase() === 'edit' ? { entity, id, edit: true } : { entity, id };
}

export const espocrmRule: CrmRule = {
  crm: 'espocrm',
  isHost: () => false,
  match,
};
