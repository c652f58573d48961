import { canonicalGuid, GUID_PATTERN } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Attio (docs/crm-reference.md section 9). `app.attio.com/{workspace}/person/{uuid}` (V: the API's
 * `web_url`), `/{ws}/company/{uuid}` and `/{ws}/deals/record/{uuid}` (R), each optionally
 * followed by a tab segment (`/overview`). Custom objects (`/{ws}/{object}/record/{uuid}`) are
 * near-misses. Attio has no standard Leads object.
 */
const PATH = new RegExp(
  `^/[^/]+/(?:(person|company)|(deals)/record)/(${GUID_PATTERN})(?:/[a-z-]+)?/?$`,
  'i',
);

const BY_TYPE: Lookup<Entity> = {
  person: 'contact',
  company: 'account',
  deals: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const found = PATH.exec(url.pathname);
  const type = (found?.[1] ?? found?.[2])?.toLowerCase();
  const entity = type === undefined ? undefined : BY_TYPE[type];
  const id = canonicalGuid(found?.[3]);
  return entity && id ? { entity, id } : null;
}

export const attioRule: CrmRule = {
  crm: 'attio',
  isHost: (hostname) => hostname === 'app.attio.com',
  match,
};
