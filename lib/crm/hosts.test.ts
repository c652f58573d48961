import { describe, expect, it } from 'vitest';

import { isCovered } from './custom-registry';
import { detectRecord } from './detect';
import { BUILT_IN_EXCLUDED_PATTERNS, BUILT_IN_HOST_PATTERNS } from './hosts';
import { HUBSPOT_APP_HOSTS } from './rules/hubspot';

/** A minimal match-pattern matcher (scheme, `*.` host wildcard, path `/*`), as Chromium reads them. */
function matches(pattern: string, url: string): boolean {
  const parsed = /^(https?):\/\/(\*\.)?([^/]+)\/\*$/.exec(pattern);
  if (!parsed) throw new Error(`unexpected pattern ${pattern}`);
  const target = new URL(url);
  if (target.protocol !== `${parsed[1]}:`) return false;
  const host = parsed[3];
  return parsed[2]
    ? target.hostname === host || target.hostname.endsWith(`.${host}`)
    : target.hostname === host;
}

const GUID = '91330924-802a-4b0d-a900-34fd9d790829';

/** One record URL per SaaS host family `detectRecord` recognises without an instance. */
const saasRecordUrls = [
  'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=91330924-802a-4b0d-a900-34fd9d790829',
  'https://contoso.crm21.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=91330924-802a-4b0d-a900-34fd9d790829',
  'https://acme--uat.sandbox.lightning.force.com/lightning/r/Lead/00Q5e00000AbCdE/view',
  'https://acme.my.salesforce.com/0036000000QKv5T',
  ...HUBSPOT_APP_HOSTS.map((host) => `https://${host}/contacts/1/record/0-1/2`),
  'https://acme.pipedrive.com/deal/1',
  'https://crm.zoho.sa/crm/tab/Leads/955332000006926001',
  'https://crm.zohocloud.ca/crm/tab/Leads/955332000006926001',
  'https://acme.myfreshworks.com/crm/sales/contacts/1',
  'https://acme.freshsales.io/contacts/1',
  'https://app.close.com/lead/lead_abcdefghijklmnopqrstuv/',
  'https://app.copper.com/companies/1/app#/deal/2',
  'https://app.attio.com/ws/person/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  'https://crm.na1.insightly.com/details/Contact/1',
  'https://acme.twenty.com/object/person/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  'https://app.twenty.com/object/company/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  'https://acme.odoo.com/odoo/crm/1',
  'https://acme.sugarondemand.com/#Leads/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
];

describe('BUILT_IN_HOST_PATTERNS', () => {
  it.each(saasRecordUrls)('covers %s, which detectRecord recognises', (url) => {
    expect(detectRecord(url)).not.toBeNull();
    expect(BUILT_IN_HOST_PATTERNS.some((pattern) => matches(pattern, url))).toBe(true);
  });

  it('uses only valid match patterns, each once', () => {
    for (const pattern of BUILT_IN_HOST_PATTERNS)
      expect(() => matches(pattern, 'https://x.example/')).not.toThrow();
    expect(new Set(BUILT_IN_HOST_PATTERNS).size).toBe(BUILT_IN_HOST_PATTERNS.length);
  });

  it('has no pattern inside another, and none that no record page needs', () => {
    const redundant = BUILT_IN_HOST_PATTERNS.filter((pattern) =>
      isCovered(
        pattern,
        BUILT_IN_HOST_PATTERNS.filter((other) => other !== pattern),
      ),
    );
    expect(redundant).toEqual([]);
    // Every regional host, in the shape of a record URL that detectRecord recognises.
    const regional = BUILT_IN_HOST_PATTERNS.flatMap((pattern) => {
      const dynamics = /^https:\/\/\*\.(crm\d*\.dynamics\.com)\/\*$/.exec(pattern)?.[1];
      if (dynamics !== undefined)
        return [`https://contoso.${dynamics}/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`];
      const zoho = /^https:\/\/(crm\.zoho[a-z.]*)\/\*$/.exec(pattern)?.[1];
      return zoho === undefined ? [] : [`https://${zoho}/crm/tab/Leads/955332000006926001`];
    });
    for (const url of regional) expect(detectRecord(url), url).not.toBeNull();
    const unused = BUILT_IN_HOST_PATTERNS.filter(
      (pattern) => ![...saasRecordUrls, ...regional].some((url) => matches(pattern, url)),
    );
    expect(unused).toEqual([]);
  });

  /** Where the CRM content script runs: the patterns, less the excluded hosts. */
  const scriptRunsOn = (url: string): boolean =>
    BUILT_IN_HOST_PATTERNS.some((pattern) => matches(pattern, url)) &&
    !BUILT_IN_EXCLUDED_PATTERNS.some((pattern) => matches(pattern, url));

  it.each([
    'https://www.salesforce.com/',
    'https://help.salesforce.com/s/articleView',
    'https://trailhead.salesforce.com/content/learn',
    'https://login.salesforce.com/',
    'https://na85.salesforce.com/0036000000QKv5T',
    'https://www.hubspot.com/products/crm',
    'https://knowledge.hubspot.com/contacts',
    'https://developers.hubspot.com/docs',
    'https://blog.hubspot.com/sales',
    'https://twenty.com/',
    'https://www.twenty.com/pricing',
    'https://docs.twenty.com/',
  ])('does not run on %s, where no record page can be', (url) => {
    expect(scriptRunsOn(url)).toBe(false);
  });

  it('runs on every record URL it covers, and excludes only hosts inside its patterns', () => {
    for (const url of saasRecordUrls) expect(scriptRunsOn(url), url).toBe(true);
    for (const pattern of BUILT_IN_EXCLUDED_PATTERNS)
      expect(isCovered(pattern, BUILT_IN_HOST_PATTERNS), pattern).toBe(true);
  });
});
