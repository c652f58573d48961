import { canonicalGuid, GUID_PATTERN } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Twenty (docs/crm-reference.md section 14, V: `AppPath.ts`). `RecordShowPage = /object/:singular/:id`;
 * `/objects/:plural` is the index (near-miss). Default objects map `person → contact`,
 * `company → account`, `opportunity → opportunity`; there is no default lead object, and custom
 * objects are near-misses. Hosts: `app.twenty.com`, workspace subdomains `{ws}.twenty.com` (U);
 * self-hosted installs are user-added instances.
 */
const HOST = /^(?!(?:www|docs|api|twenty)\.)[a-z0-9][a-z0-9-]*\.twenty\.com$/;
const PATH = new RegExp(`^/object/(person|company|opportunity)/(${GUID_PATTERN})/?$`, 'i');

const BY_OBJECT: Lookup<Entity> = {
  person: 'contact',
  company: 'account',
  opportunity: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const found = PATH.exec(url.pathname);
  const entity = found?.[1] ? BY_OBJECT[found[1].toLowerCase()] : undefined;
  const id = canonicalGuid(found?.[2]);
  return entity && id ? { entity, id } : null;
}

export const twentyRule: CrmRule = {
  crm: 'twenty',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
