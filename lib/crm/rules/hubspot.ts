import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * HubSpot (docs/crms.md, "Hosts of HubSpot, Salesforce and Twenty"). Every HubSpot account lives
 * in one data centre ("hublet") and its app is `app.hubspot.com` (na1) or `app-{hublet}.hubspot.com`
 * (R: `uiDomain` values in public integration code: app-na1, app-na2, app-na3, app-eu1,
 * app-ap1). These hosts are the install-time permissions (lib/crm/hosts.ts), so `knowledge.`,
 * `www.`, `developers.` and every other hubspot.com host never load the content script. An
 * account in a newer hublet is added as an instance ("Your CRMs"). The calling pop-ups
 * (`/calling-integration-popup-ui/`, `/calling/`) never match the path.
 */
export const HUBSPOT_APP_HOSTS: readonly string[] = [
  'app.hubspot.com',
  'app-na1.hubspot.com',
  'app-na2.hubspot.com',
  'app-na3.hubspot.com',
  'app-eu1.hubspot.com',
  'app-ap1.hubspot.com',
];

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
  isHost: (hostname) => HUBSPOT_APP_HOSTS.includes(hostname),
  match,
};
