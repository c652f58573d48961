import { describe, expect, it } from 'vitest';

import { crmName } from './crm-names';
import type { CrmState } from './custom-registry';

const NONE: CrmState = {
  userCrms: [],
  consoleIds: [],
  userInstances: [],
  policyCrms: [],
  policyInstances: [],
};
const acme = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [{ entity: 'lead' as const, url: '^/leads/(?<id>\\d+)$', part: 'path' as const }],
};

describe('a CRM named in a sentence', () => {
  it('is the name a seller knows: a built-in CRM’s, or the one a custom CRM’s definition gives', () => {
    expect(crmName('dynamics365', NONE)).toBe('Dynamics 365 Sales');
    expect(crmName('suitecrm', NONE)).toBe('SuiteCRM');
    expect(crmName('acme', { ...NONE, userCrms: [acme] })).toBe('Acme CRM');
    // The administrator's policy wins over a pack's definition with the same id.
    expect(
      crmName('acme', {
        ...NONE,
        userCrms: [acme],
        policyCrms: [{ ...acme, name: 'Acme (company)' }],
      }),
    ).toBe('Acme (company)');
  });

  it('falls back to the id for a CRM no longer defined, never to an empty name', () => {
    expect(crmName('acme', NONE)).toBe('acme');
  });
});
