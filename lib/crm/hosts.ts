/**
 * Match patterns for the SaaS CRMs Upnext recognises out of the box. These are the extension's
 * only install-time host permissions (least privilege); self-hosted and custom CRMs are asked
 * for at run time. Match patterns allow a wildcard only as a leading `*.`, so regional hosts are
 * listed one by one and filtered precisely in `detect.ts`.
 * Source: docs/crm-reference.md (per-CRM "Hosts" sections).
 */
const dynamicsRegions = [
  '',
  ...Array.from({ length: 20 }, (_, index) => String(index + 2)),
] as const;

export const BUILT_IN_HOST_PATTERNS: readonly string[] = [
  // Dynamics 365 / Power Apps: crm.dynamics.com and the regional crm2 … crm21 hosts.
  ...dynamicsRegions.map((region) => `https://*.crm${region}.dynamics.com/*`),
  // Salesforce Lightning, My Domain and Classic instance hosts.
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  'https://*.salesforce.com/*',
  // HubSpot: app.hubspot.com and app-{dc}.hubspot.com.
  'https://*.hubspot.com/*',
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
  'https://app.twenty.com/*',
  'https://*.twenty.com/*',
  'https://*.odoo.com/*',
  'https://*.sugarondemand.com/*',
];
