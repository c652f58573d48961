import { describe, expect, it } from 'vitest';

import type { CrmDefinition } from '../sequence/types';
import {
  customFieldSelectors,
  detectWithConfig,
  originSpeaksFor,
  parseCrmConfig,
  type CrmConfig,
} from './config';

const acme: CrmDefinition = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [
    { entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' },
    { entity: 'opportunity', url: '^#/deals/(?<id>[0-9]+)$', part: 'hash' },
  ],
  fields: { email: ["a[href^='mailto:']"] },
};

const config: CrmConfig = {
  instances: [
    { origin: 'http://mycrm', crm: 'dynamics365' },
    { origin: 'https://espo.acme.example:8443', crm: 'espocrm' },
  ],
  customCrms: [acme, { ...acme, id: 'takeover', origins: ['https://acme.pipedrive.com'] }],
};

describe('detectWithConfig', () => {
  it.each([
    // Built-in SaaS hosts work without any configuration.
    ['https://acme.pipedrive.com/deal/12', { crm: 'pipedrive', entity: 'opportunity', id: '12' }],
    // Self-hosted instances use their CRM's rules on any host…
    [
      'http://mycrm/Contoso/main.aspx?pagetype=entityrecord&etn=lead&id=%7B91330924-802A-4B0D-A900-34FD9D790829%7D',
      { crm: 'dynamics365', entity: 'lead', id: '91330924-802a-4b0d-a900-34fd9d790829' },
    ],
    // …on their exact origin, port included.
    [
      'https://espo.acme.example:8443/#Lead/view/5f1a2b3c4d5e6f7a8',
      { crm: 'espocrm', entity: 'lead', id: '5f1a2b3c4d5e6f7a8' },
    ],
    // Custom definitions come next.
    ['https://crm.acme.example/leads/42', { crm: 'acme', entity: 'lead', id: '42' }],
    ['https://crm.acme.example/#/deals/7', { crm: 'acme', entity: 'opportunity', id: '7' }],
  ])('%s', (url, expected) => {
    expect(detectWithConfig(url, config)).toEqual(expected);
  });

  it.each([
    'https://espo.acme.example/#Lead/view/5f1a2b3c4d5e6f7a8', // other port: not the instance
    'https://crm.acme.example/leads/',
    'https://crm.acme.example:444/leads/42',
    'https://other.example/leads/42',
    'not a url',
  ])('%s is not a record', (url) => {
    expect(detectWithConfig(url, config)).toBeNull();
  });

  it('lets built-in rules win over a custom definition on a known host', () => {
    expect(detectWithConfig('https://acme.pipedrive.com/person/3', config)?.crm).toBe('pipedrive');
  });

  it('works with no configuration at all', () => {
    expect(detectWithConfig('https://crm.acme.example/leads/42', null)).toBeNull();
    expect(
      detectWithConfig('https://app.close.com/lead/lead_abcdefghijklmnopqrstuv/', undefined),
    ).not.toBeNull();
  });
});

describe('parseCrmConfig', () => {
  it('keeps well-formed entries and drops the rest', () => {
    expect(
      parseCrmConfig({
        instances: [{ origin: 'http://mycrm', crm: 'dynamics365' }, { origin: 1 }, null],
        customCrms: [acme, { id: 'x' }, 'nope'],
      }),
    ).toEqual({ instances: [{ origin: 'http://mycrm', crm: 'dynamics365' }], customCrms: [acme] });
  });

  it.each([undefined, null, 'x', [], { instances: 'x' }])('reads %j as empty', (value) => {
    expect(parseCrmConfig(value)).toEqual({ instances: [], customCrms: [] });
  });
});

describe('customFieldSelectors', () => {
  it('returns a custom CRM’s selectors, null for built-in ones', () => {
    expect(customFieldSelectors('acme', config)).toEqual({ email: ["a[href^='mailto:']"] });
    expect(customFieldSelectors('pipedrive', config)).toBeNull();
  });
});

describe('originSpeaksFor: a page speaks only for records of its own CRM', () => {
  it.each([
    // Built-in SaaS hosts speak for their own CRM…
    ['https://org1.crm4.dynamics.com/main.aspx', 'dynamics365', true],
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q/view', 'salesforce', true],
    // …and for no other (a Dynamics tab claiming a Salesforce record).
    ['https://org1.crm4.dynamics.com/main.aspx', 'salesforce', false],
    // SaaS hosts are HTTPS only.
    ['http://org1.crm4.dynamics.com/main.aspx', 'dynamics365', false],
    // A self-hosted instance speaks for its CRM on its origin (port included) only.
    ['http://mycrm/main.aspx', 'dynamics365', true],
    ['http://mycrm/main.aspx', 'salesforce', false],
    ['https://espo.acme.example:8443/#Lead/view/1', 'espocrm', true],
    ['https://espo.acme.example/#Lead/view/1', 'espocrm', false],
    // A custom CRM speaks for itself on its origins.
    ['https://crm.acme.example/leads/7', 'acme', true],
    ['https://crm.acme.example/leads/7', 'dynamics365', false],
    ['https://other.example/leads/7', 'acme', false],
    // Garbage never speaks.
    ['not a url', 'acme', false],
    ['javascript:alert(1)', 'acme', false],
  ])('%s → %s: %s', (url, crm, expected) => {
    expect(originSpeaksFor(url, crm, config)).toBe(expected);
  });
});
