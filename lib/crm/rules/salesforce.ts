import { safeDecode } from './ids';
import { canonicalSalesforceId } from './salesforce-id';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Salesforce Lightning and Classic (docs/crms.md, "Hosts of HubSpot, Salesforce and Twenty").
 * Lightning hosts end in `.lightning.force.com`, including sandboxes and other partitions
 * (`x--sbx.sandbox.lightning.force.com`, `.develop.`, `.scratch.`…; V for the format, U for the
 * partition list, which the suffix test covers anyway). Classic pages are on the org's My Domain,
 * `{name}.my.salesforce.com` (V). Every org has a My Domain and its legacy instance URLs
 * (`na85.salesforce.com`) redirect there (V: Salesforce Help, "My Domain"), so instance hosts are
 * not built in: an org that still serves pages on one adds it as an instance ("Your CRMs").
 * Marketing and help hosts (`www.`, `help.`, `trailhead.`) are not record hosts.
 */
const LIGHTNING_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)?\.lightning\.force\.com$/;
const MY_DOMAIN_HOST =
  /^[a-z0-9-]+(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?\.my\.salesforce\.com$/;

/** Key prefixes (V: help article 000385203). */
const BY_PREFIX: Lookup<Entity> = {
  '00Q': 'lead',
  '003': 'contact',
  '001': 'account',
  '006': 'opportunity',
};
const BY_OBJECT: Lookup<Entity> = {
  Lead: 'lead',
  Contact: 'contact',
  Account: 'account',
  Opportunity: 'opportunity',
};

/*
 * Lightning record pages (V for `/lightning/r/{Object}/{id}/view`; U for the object-less form).
 * `edit` of an existing record counts as that record (docs/crms.md, "Edit pages").
 * Related lists (`/related/{rel}/view`) are near-misses and fail the anchored pattern.
 */
const LIGHTNING_PATH =
  /^\/lightning\/r\/(?:([A-Za-z0-9_]+)\/)?([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/(view|edit)\/?$/;
/** Pre-2018 Lightning: `/one/one.app#/sObject/{id}/view` (R). */
const ONE_APP_HASH = /^\/sObject\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/(view|edit)\/?(?:\?.*)?$/;
/** Classic: `/{id}` with an optional `/e` edit suffix (R), only on My Domain / instance hosts. */
const CLASSIC_PATH = /^\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(\/e)?\/?$/;

function fromId(rawId: string, edit: boolean, objectName?: string): RuleMatch | null {
  const id = canonicalSalesforceId(rawId);
  if (!id) return null;
  const byPrefix = BY_PREFIX[id.slice(0, 3)];
  if (!byPrefix) return null;
  // Reject a URL whose object name and key prefix disagree (docs/crm-reference.md: entity mapping).
  if (objectName !== undefined && BY_OBJECT[objectName] !== byPrefix) return null;
  return edit ? { entity: byPrefix, id, edit: true } : { entity: byPrefix, id };
}

function match(url: URL): RuleMatch | null {
  const lightning = LIGHTNING_PATH.exec(url.pathname);
  if (lightning?.[2]) return fromId(lightning[2], lightning[3] === 'edit', lightning[1]);
  if (url.pathname === '/one/one.app') {
    const hash = ONE_APP_HASH.exec(safeDecode(url.hash.slice(1)));
    return hash?.[1] ? fromId(hash[1], hash[2] === 'edit') : null;
  }
  // Classic ids live at the root of the path. Lightning hosts never serve Classic record pages
  // (they redirect), so the short `/{id}` form is ignored there; on My Domain and user-added
  // instance hosts it is a Classic record (R).
  const classic = CLASSIC_PATH.exec(url.pathname);
  if (classic?.[1] && !LIGHTNING_HOST.test(url.hostname))
    return fromId(classic[1], classic.at(2) !== undefined);
  return null;
}

export const salesforceRule: CrmRule = {
  crm: 'salesforce',
  isHost: (hostname) => LIGHTNING_HOST.test(hostname) || MY_DOMAIN_HOST.test(hostname),
  match,
};
