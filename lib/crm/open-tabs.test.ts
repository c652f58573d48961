import { describe, expect, it } from 'vitest';

import { planRegistrations } from './custom-registry';
import { BUILT_IN_HOST_PATTERNS } from './hosts';
import { detectorSites, detectorTabs, type OpenTab } from './open-tabs';

const DYNAMICS_LEAD =
  'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=91330924-802a-4b0d-a900-34fd9d790829';

/** The registrations a seller with one granted and one ungranted self-hosted CRM has. */
const registrations = planRegistrations({
  customCrms: [],
  instances: [
    { origin: 'https://crm.acme.example:8443', crm: 'dynamics365' },
    { origin: 'http://suitecrm.acme.example', crm: 'suitecrm' },
  ],
  granted: ['https://crm.acme.example/*'],
}).wanted;
const sites = detectorSites(registrations);

describe('detectorSites', () => {
  it('is the manifest entry (built-in hosts, their exclusions) and the granted registrations', () => {
    expect(sites.groups).toEqual([[...BUILT_IN_HOST_PATTERNS], ['https://crm.acme.example/*']]);
    expect(sites.excluded).toContain('https://www.twenty.com/*');
  });
});

describe('detectorTabs: the open tabs the detector is injected into', () => {
  const tab = (id: number, url: string | undefined, extra: Partial<OpenTab> = {}): OpenTab => ({
    id,
    ...(url === undefined ? {} : { url }),
    ...extra,
  });

  it('takes tabs on a built-in CRM host and on a granted self-hosted CRM (any port and path)', () => {
    const tabs = [
      tab(1, DYNAMICS_LEAD),
      tab(2, 'https://crm.acme.example:8443/main.aspx?etn=lead&id=1'),
      tab(3, 'https://app.copper.com/companies/1/app#/deal/2'),
    ];
    expect(detectorTabs(tabs, sites)).toEqual([1, 2, 3]);
  });

  it('leaves every other tab alone', () => {
    const tabs = [
      // A site that is no CRM, and one Upnext may read but no CRM is registered for.
      tab(1, 'https://news.example/today'),
      tab(2, 'https://intranet.acme.example/'),
      // A self-hosted CRM whose host was not granted: no registration, no detector.
      tab(3, 'http://suitecrm.acme.example/index.php?module=Leads&action=DetailView&record=1'),
      // A vendor's own site inside a built-in pattern (`exclude_matches`).
      tab(4, 'https://www.twenty.com/pricing'),
      tab(5, 'https://twenty.com/'),
      // The same host over plain http: the manifest asks for https only.
      tab(6, 'http://contoso.crm4.dynamics.com/main.aspx'),
      // Browser and extension pages, local files, an unparsable address.
      tab(7, 'chrome://extensions/'),
      tab(8, 'chrome-extension://abcdefghijklmnop/options.html'),
      tab(9, 'file:///home/seller/lead.html'),
      tab(10, 'not a url'),
    ];
    expect(detectorTabs(tabs, sites)).toEqual([]);
  });

  it('skips tabs without an address (no host access), without an id, and discarded tabs', () => {
    const tabs = [
      tab(1, undefined),
      { url: DYNAMICS_LEAD },
      // The browser loads a discarded tab again when it is shown, content scripts included.
      tab(2, DYNAMICS_LEAD, { discarded: true }),
      tab(3, DYNAMICS_LEAD, { discarded: false }),
    ];
    expect(detectorTabs(tabs, sites)).toEqual([3]);
  });

  it('names each tab once, in the order given, when several lookups found it', () => {
    const tabs = [tab(4, DYNAMICS_LEAD), tab(2, DYNAMICS_LEAD), tab(4, DYNAMICS_LEAD)];
    expect(detectorTabs(tabs, sites)).toEqual([4, 2]);
  });

  it('with no custom registrations, a self-hosted address is not a CRM', () => {
    expect(detectorTabs([tab(1, 'https://crm.acme.example/main.aspx')], detectorSites([]))).toEqual(
      [],
    );
  });
});
