import { canonicalGuid, GUID_PATTERN } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Pipedrive (docs/crm-reference.md section 4, R: a Pipedrive URL parser and deep-link builders).
 * Company subdomains `{company}.pipedrive.com` (and `app.`); not `api.`, `oauth.`, `www.`,
 * `developers.` (R).
 */
const HOST = /^(?!(?:api|oauth|www|developers)\.)[a-z0-9][a-z0-9-]*\.pipedrive\.com$/;
const RECORD = /^\/(person|organization|deal)\/(\d+)\/?$/;
/** Leads are UUIDs (shape U); the `archived` folder is U too. `/leads/inbox` alone is a list. */
const LEAD = new RegExp(`^/leads/(?:inbox|archived)/(${GUID_PATTERN})/?$`, 'i');

const BY_WORD: Lookup<Entity> = {
  person: 'contact',
  organization: 'account',
  deal: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const record = RECORD.exec(url.pathname);
  if (record?.[1] && record[2]) {
    const entity = BY_WORD[record[1]];
    return entity ? { entity, id: record[2] } : null;
  }
  const id = canonicalGuid(LEAD.exec(url.pathname)?.[1]);
  return id ? { entity: 'lead', id } : null;
}

export const pipedriveRule: CrmRule = {
  crm: 'pipedrive',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
