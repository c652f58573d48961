import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import wxtConfig from '../../wxt.config';
import {
  CONTENT_SCRIPT_JS,
  diffRegistrations,
  isCovered,
  mergeCrms,
  mergeInstances,
  originToMatchPattern,
  patternCovers,
  planRegistrations,
  registrationId,
  releasablePatterns,
  type ContentScriptRegistration,
  type CrmState,
} from './custom-registry';
import { BUILT_IN_EXCLUDED_PATTERNS, BUILT_IN_HOST_PATTERNS } from './hosts';
import { normaliseOrigin } from '../sequence/origin';
import { CRM_IDS } from '../sequence/types';
import type { CrmDefinition } from '../sequence/types';

const acme: CrmDefinition = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [{ entity: 'lead', url: '^/leads/(?<id>\\d+)$', part: 'path' }],
};

describe('normaliseOrigin and originToMatchPattern', () => {
  it.each([
    ['https://crm.acme.example', 'https://crm.acme.example', 'https://crm.acme.example/*'],
    [
      'https://CRM.Acme.example:443/x?y#z',
      'https://crm.acme.example',
      'https://crm.acme.example/*',
    ],
    // Match patterns cannot hold a port: the pattern covers every port of the host.
    [
      'https://crm.acme.example:8443',
      'https://crm.acme.example:8443',
      'https://crm.acme.example/*',
    ],
    ['http://mycrm/myOrg/main.aspx', 'http://mycrm', 'http://mycrm/*'],
    ['http://10.0.0.5:8080', 'http://10.0.0.5:8080', 'http://10.0.0.5/*'],
    ['  https://crm.acme.example/  ', 'https://crm.acme.example', 'https://crm.acme.example/*'],
  ])('%s → %s → %s', (input, origin, pattern) => {
    expect(normaliseOrigin(input)).toBe(origin);
    expect(originToMatchPattern(input)).toBe(pattern);
  });

  it.each([
    'ftp://crm.acme.example',
    'https://*.acme.example',
    'https://user:pw@crm.acme.example',
    'crm.acme.example',
    '',
    'javascript:alert(1)',
    'file:///etc/passwd',
  ])('rejects %s', (input) => {
    expect(normaliseOrigin(input)).toBeNull();
    expect(originToMatchPattern(input)).toBeNull();
  });
});

describe('patternCovers', () => {
  it.each([
    ['https://crm.acme.example/*', 'https://crm.acme.example/*', true],
    ['https://*.acme.example/*', 'https://crm.acme.example/*', true],
    ['https://*.acme.example/*', 'https://acme.example/*', true],
    ['https://*/*', 'https://crm.acme.example/*', true],
    ['*://*/*', 'http://crm.acme.example/*', true],
    ['<all_urls>', 'http://crm.acme.example/*', true],
    ['http://crm.acme.example/*', 'https://crm.acme.example/*', false],
    ['https://*.acme.example/*', 'https://evilacme.example/*', false],
    ['https://other.example/*', 'https://crm.acme.example/*', false],
    ['garbage', 'https://crm.acme.example/*', false],
  ])('%s covers %s: %s', (granted, wanted, expected) => {
    expect(patternCovers(granted, wanted)).toBe(expected);
  });
});

describe('planRegistrations', () => {
  it('registers one script per granted host, none for ungranted, built-in or invalid ones', () => {
    const plan = planRegistrations({
      customCrms: [
        acme,
        { ...acme, id: 'acme2', origins: ['https://crm.acme.example:8443', 'https://*.bad'] },
        { ...acme, id: 'odoo-custom', origins: ['https://acme.odoo.com'] },
      ],
      instances: [
        { origin: 'http://mycrm/Contoso', crm: 'dynamics365' },
        { origin: 'https://espo.acme.example', crm: 'espocrm' },
      ],
      granted: [...BUILT_IN_HOST_PATTERNS, 'https://crm.acme.example/*', 'http://mycrm/*'],
    });
    expect(plan.wanted).toEqual([
      {
        id: 'upnext-crm-http-mycrm',
        matches: ['http://mycrm/*'],
        js: [CONTENT_SCRIPT_JS],
        runAt: 'document_idle',
      },
      {
        id: 'upnext-crm-https-crm.acme.example',
        matches: ['https://crm.acme.example/*'],
        js: [CONTENT_SCRIPT_JS],
        runAt: 'document_idle',
      },
    ]);
    expect(plan.ungranted).toEqual(['https://espo.acme.example/*']);
    // Already injected by the manifest: a registration would mount the panel twice.
    expect(plan.builtIn).toEqual(['https://acme.odoo.com/*']);
    expect(plan.skipped.map((item) => item.origin)).toEqual(['https://*.bad']);
  });

  it('accepts a broad grant (the seller allowed all sites)', () => {
    const plan = planRegistrations({ customCrms: [acme], instances: [], granted: ['https://*/*'] });
    expect(plan.wanted.map((script) => script.matches)).toEqual([['https://crm.acme.example/*']]);
  });

  it('wants nothing without CRMs', () => {
    const plan = planRegistrations({ customCrms: [], instances: [], granted: ['<all_urls>'] });
    expect(plan).toEqual({ wanted: [], ungranted: [], builtIn: [], skipped: [] });
  });
});

describe('diffRegistrations', () => {
  const script = (host: string): ContentScriptRegistration => ({
    id: registrationId(`https://${host}/*`),
    matches: [`https://${host}/*`],
    js: [CONTENT_SCRIPT_JS],
    runAt: 'document_idle',
  });

  it('adds, updates and removes only its own registrations', () => {
    const keep = script('keep.example');
    const changed = script('changed.example');
    const added = script('added.example');
    const diff = diffRegistrations(
      [keep, changed, added],
      [
        { ...keep, matches: [...keep.matches] },
        { ...changed, js: ['content-scripts/old.js'] },
        { ...script('gone.example') },
        { id: 'someone-else', matches: ['https://x.example/*'], js: ['x.js'] },
      ],
    );
    expect(diff.add).toEqual([added]);
    expect(diff.update).toEqual([changed]);
    expect(diff.remove).toEqual(['upnext-crm-https-gone.example']);
  });

  it('is empty when everything matches (Chrome reports runAt and more fields)', () => {
    const keep = script('keep.example');
    const diff = diffRegistrations(
      [keep],
      [
        {
          ...keep,
          runAt: 'document_idle',
          css: [],
          ...{ allFrames: false, persistAcrossSessions: true },
        },
      ],
    );
    expect(diff).toEqual({ add: [], update: [], remove: [] });
  });

  it('updates when the run time differs', () => {
    const keep = script('keep.example');
    expect(diffRegistrations([keep], [{ ...keep, runAt: 'document_start' }]).update).toEqual([
      keep,
    ]);
  });
});

describe('merging stored CRMs', () => {
  const state: CrmState = {
    userCrms: [acme, { ...acme, id: 'shared', name: 'User version' }, { ...acme, id: 'mine' }],
    consoleIds: ['mine'],
    userInstances: [
      { origin: 'http://MyCrm/x', crm: 'dynamics365' },
      { origin: 'https://espo.example', crm: 'espocrm' },
      { origin: 'not a url', crm: 'espocrm' },
    ],
    policyCrms: [{ ...acme, id: 'shared', name: 'Policy version' }],
    policyInstances: [{ origin: 'https://espo.example/', crm: 'suitecrm' }],
  };

  it('puts policy first and lets it win on a shared id', () => {
    expect(mergeCrms(state).map((entry) => [entry.definition.id, entry.source])).toEqual([
      ['shared', 'policy'],
      ['acme', 'pack'],
      ['mine', 'console'],
    ]);
    expect(mergeCrms(state)[0]?.definition.name).toBe('Policy version');
  });

  it('normalises instance origins, drops invalid ones, and lets policy win', () => {
    expect(mergeInstances(state)).toEqual([
      { origin: 'https://espo.example', crm: 'suitecrm', source: 'policy' },
      { origin: 'http://mycrm', crm: 'dynamics365', source: 'console' },
    ]);
  });
});

describe('releasablePatterns', () => {
  it('releases only patterns nothing else needs, never built-in hosts', () => {
    expect(
      releasablePatterns(
        ['https://a.example', 'https://b.example:8443', 'https://acme.odoo.com', 'nonsense'],
        ['https://b.example'],
      ),
    ).toEqual(['https://a.example/*']);
  });
});

describe('least privilege (issue #6 part 6)', () => {
  type Manifest = {
    permissions?: string[];
    host_permissions?: string[];
    optional_host_permissions?: string[];
  };
  const manifestFor = (browser: string): Manifest => {
    const manifest = wxtConfig.manifest;
    if (typeof manifest !== 'function') throw new Error('wxt.config manifest is not a function');
    return manifest({
      browser,
      manifestVersion: 3,
      mode: 'production',
      command: 'build',
    }) as Manifest;
  };

  it.each(['chrome', 'firefox', 'edge'])(
    '%s: required hosts are exactly the built-in CRM hosts',
    (browser) => {
      const manifest = manifestFor(browser);
      expect(manifest.host_permissions).toEqual([...BUILT_IN_HOST_PATTERNS]);
      expect(manifest.permissions).toEqual(['storage', 'alarms', 'scripting', 'notifications']);
      // Broad access is only ever optional (asked at run time, one host at a time).
      expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    },
  );

  it('runs the CRM content script on the built-in hosts only, minus hosts with no record pages', async () => {
    const { default: script } = (await import('../../entrypoints/crm.content/index')) as {
      default: { matches?: string[]; excludeMatches?: string[] };
    };
    expect(script.matches).toEqual([...BUILT_IN_HOST_PATTERNS]);
    expect(script.excludeMatches).toEqual([...BUILT_IN_EXCLUDED_PATTERNS]);
    expect(script.excludeMatches).toContain('https://www.twenty.com/*');
  });

  it('has no broad pattern among the required host permissions', () => {
    const broad = ['<all_urls>', '*://*/*', 'https://*/*', 'http://*/*'];
    for (const pattern of BUILT_IN_HOST_PATTERNS) {
      expect(broad).not.toContain(pattern);
      // Every host is a named domain (a leading `*.` at most): no bare or top-level wildcard.
      expect(pattern).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/);
      expect(isCovered(pattern, ['https://*.com/*'])).toBe(/\.com\/\*$/.test(pattern));
    }
    // Vendor-wide wildcards are narrowed to the app hosts (issue #23 part 6).
    for (const vendorWide of ['https://*.salesforce.com/*', 'https://*.hubspot.com/*'])
      expect(BUILT_IN_HOST_PATTERNS).not.toContain(vendorWide);
    // No permission that reads every tab or every request.
    const permissions = manifestFor('chrome').permissions ?? [];
    for (const risky of ['tabs', 'webRequest', 'history', 'cookies', '<all_urls>', 'debugger'])
      expect(permissions).not.toContain(risky);
  });

  it('ships a managed-storage schema whose instance CRMs are the built-in ids', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../public/managed_schema.json', import.meta.url), 'utf8'),
    ) as {
      type: string;
      properties: Record<
        string,
        { type: string; items?: { properties: { crm: { enum: string[] } } } }
      >;
    };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual([
      'customCrms',
      'instances',
      'sequencePackUrl',
      'sellerDefaults',
    ]);
    for (const property of Object.values(schema.properties))
      expect(typeof property.type).toBe('string');
    expect(schema.properties['instances'].items?.properties.crm.enum).toEqual([...CRM_IDS]);
  });
});
