import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * HubSpot (docs/crm-reference.md section 3). App hosts are `app.hubspot.com` and `app-{dc}.hubspot.com`
 * (`app-eu1`, `app-na2`, R). `knowledge.`, `www.`, `developers.` and other hosts never match;
 * the calling pop-ups (`/calling-integration-popup-ui/`, `/calling/`) never match the path.
 */
const HOST = /^app(?:-[a-z]{2,3}\d{1,2})?\.hubspot\.com$/;

/**
 * `/contacts/{portal}/record/{objectTypeId}/{id}` (R) and the legacy `/contacts/{portal}/{word}/{id}`
 * (R). The path always starts with `/contacts/`, even for deals and companies. `eschref` and
 * other query parameters do not matter.
 */
const PATH = /^\/contacts\/\d+\/(?:record\/(\d-\d+)|(contact|company|deal))\/(\d+)\/?$/;

/**
 * Object type ids (V: "Using object APIs"). `0-136` (Leads) record URLs are U; tickets `0-5` and
 * custom objects `2-…` are near-misses.
 */
const BY_TYPE: Lookup<Entity> = {
  '0-1': 'contact',
  '0-2': 'account',
  '0-3': 'opportunity',
  '0-136': 'lead',
  contact: 'contact',
  company: 'account',
  deal: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const found = PATH.exec(url.pathname);
  const id = found?.at(3);
  if (!found || !id) return null;
  // Exactly one of the two alternatives matched.
  const type = found.at(1) ?? found.at(2);
  const entity = type === undefined ? undefined : BY_TYPE[type];
  return entity ? { entity, id } : null;
}

export const hubspotRule: CrmRule = {
  crm: 'hubspot',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
