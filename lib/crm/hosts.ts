/**
 * Match patterns for the SaaS CRMs Upnext recognises out of the box. These are the extension's
 * only install-time host permissions (least privilege) and where the CRM content script runs;
 * self-hosted and custom CRMs are asked for at run time. Each pattern is as narrow as the CRM's
 * app hosts allow: a leading `*.` only where customers name their own host (tenants,
 * workspaces, orgs), listed hosts elsewhere, and no pattern inside another. Match patterns
 * allow a wildcard only as a leading `*.`, so regional hosts are listed one by one and filtered
 * precisely by each rule's host test. The facts: docs/crms.md ("Recognised URL shapes" and
 * "Hosts of HubSpot, Salesforce and Twenty").
 */
import { HUBSPOT_APP_HOSTS } from './rules/hubspot';
import { TWENTY_NON_APP_HOSTS } from './rules/twenty';

const dynamicsRegions = [
  '',
  ...Array.from({ length: 20 }, (_, index) => String(index + 2)),
] as const;

export const BUILT_IN_HOST_PATTERNS: readonly string[] = [
  // Dynamics 365 / Power Apps: crm.dynamics.com and the regional crm2 … crm21 hosts.
  ...dynamicsRegions.map((region) => `https://*.crm${region}.dynamics.com/*`),
  // Salesforce: Lightning, and Classic on the org's My Domain.
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  // HubSpot: the app host of each data centre.
  ...HUBSPOT_APP_HOSTS.map((host) => `https://${host}/*`),
  'https://*.pipedrive.com/*',
  // Zoho CRM data centres.
  'https://crm.zoho.com/*',
  'https://crm.zoho.eu/*',
  'https://crm.zoho.in/*',
  'https://crm.zoho.com.au/*',
  'https://crm.zoho.jp/*',
  'https://crm.zoho.com.cn/*',
  'https://crm.zohocloud.ca/*',
  'https://crm.zoho.uk/*',
  'https://crm.zoho.sa/*',
  // Freshsales / Freshworks CRM.
  'https://*.myfreshworks.com/*',
  'https://*.freshsales.io/*',
  'https://app.close.com/*',
  'https://app.copper.com/*',
  'https://app.attio.com/*',
  'https://*.insightly.com/*',
  // Twenty Cloud: one subdomain per workspace (app.twenty.com is the default one).
  'https://*.twenty.com/*',
  'https://*.odoo.com/*',
  'https://*.sugarondemand.com/*',
];

/**
 * Hosts inside BUILT_IN_HOST_PATTERNS where no record page can be (a vendor's own site, docs
 * and API): the CRM content script does not run there (`exclude_matches`).
 */
export const BUILT_IN_EXCLUDED_PATTERNS: readonly string[] = TWENTY_NON_APP_HOSTS.map(
  (host) => `https://${host}/*`,
);
