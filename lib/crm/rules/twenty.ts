import { canonicalGuid, GUID_PATTERN } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Twenty (docs/crms.md, "Hosts of HubSpot, Salesforce and Twenty"; routes V: Twenty's `AppPath`).
 * `RecordShowPage = /object/:singular/:id`; `/objects/:plural` is the index (near-miss). Default
 * objects map `person → contact`, `company → account`, `opportunity → opportunity`; there is no
 * default lead object, and custom objects are near-misses. Twenty Cloud serves each workspace on
 * its own subdomain, `{workspace}.twenty.com`, with `app.twenty.com` as the default (V: Twenty's
 * domain manager builds `{subdomain}.{front domain}`); the names are the customers' own, so the
 * host permission is `*.twenty.com`, and the content script skips the hosts below, which are
 * Twenty's own site, docs and API, not workspaces (U for the list). Self-hosted installs are
 * user-added instances.
 */
export const TWENTY_NON_APP_HOSTS: readonly string[] = [
  'twenty.com',
  'www.twenty.com',
  'docs.twenty.com',
  'api.twenty.com',
];

const HOST = /^[a-z0-9][a-z0-9-]*\.twenty\.com$/;
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
  isHost: (hostname) => HOST.test(hostname) && !TWENTY_NON_APP_HOSTS.includes(hostname),
  match,
};
