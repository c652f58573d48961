// @vitest-environment happy-dom
/**
 * The CRM handlers with the store on fake-indexeddb and a fake `scripting`/`permissions`/storage
 * (WXT's fake browser implements neither scripting nor permissions).
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { CRM_CONFIG_KEY } from '@/lib/crm/config';
import type { ContentScriptRegistration, RegisteredScript } from '@/lib/crm/custom-registry';
import { BUILT_IN_HOST_PATTERNS } from '@/lib/crm/hosts';
import type { CrmDefinition } from '@/lib/sequence/types';
import type { Database } from '@/lib/store/db';
import { importPack } from '@/lib/use-cases/import-pack';

import type { BackgroundDeps } from '../context';
import { reconcileContentScripts, type CustomCrmApi } from '../custom-crms';
import type { HandlerMap, SenderInfo } from '../router';
import { builtInCrms } from '@/lib/crm/built-in-crms';

import { captureSelectorsInPage, createCrmHandlers } from './crms';
import { EXTENSION, freshDatabase, messenger } from './test-kit';

// A content script of ours on a custom CRM's page.
const CONTENT: SenderInfo = { id: EXTENSION.id, url: 'https://crm.acme.example/', tab: { id: 3 } };

const ACME: CrmDefinition = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
  fields: { email: ['[data-field=email]'] },
};

/** An in-memory browser: registrations, granted origins and storage.local. */
function fakeApi() {
  const state = {
    registered: new Map<string, RegisteredScript>(),
    granted: new Set<string>(BUILT_IN_HOST_PATTERNS),
    removed: [] as string[][],
    local: {} as Record<string, unknown>,
    executed: [] as { tabId: number; args: unknown[] }[],
    pageResult: undefined as unknown,
  };
  const api: CustomCrmApi = {
    scripting: {
      getRegisteredContentScripts: () =>
        Promise.resolve([...state.registered.values()].map((script) => ({ ...script }))),
      registerContentScripts: (scripts: ContentScriptRegistration[]) => {
        for (const script of scripts) {
          if (state.registered.has(script.id)) return Promise.reject(new Error('Duplicate id'));
          state.registered.set(script.id, { ...script });
        }
        return Promise.resolve();
      },
      updateContentScripts: (scripts: ContentScriptRegistration[]) => {
        for (const script of scripts) state.registered.set(script.id, { ...script });
        return Promise.resolve();
      },
      unregisterContentScripts: ({ ids }: { ids: string[] }) => {
        for (const id of ids) state.registered.delete(id);
        return Promise.resolve();
      },
      executeScript: (injection) => {
        state.executed.push({ tabId: injection.target.tabId, args: injection.args ?? [] });
        return Promise.resolve([{ result: state.pageResult }]);
      },
    },
    permissions: {
      getAll: () => Promise.resolve({ origins: [...state.granted] }),
      contains: ({ origins }) =>
        Promise.resolve(origins.every((origin) => state.granted.has(origin))),
      remove: ({ origins }) => {
        state.removed.push(origins);
        for (const origin of origins) state.granted.delete(origin);
        return Promise.resolve(true);
      },
    },
    storage: {
      get: (key) => Promise.resolve({ [key]: state.local[key] }),
      set: (items) => {
        Object.assign(state.local, structuredClone(items));
        return Promise.resolve();
      },
    },
  };
  return { api, state };
}

let db: Database;
let handlers: HandlerMap;
let fake: ReturnType<typeof fakeApi>;
const { send, data } = messenger(() => handlers);

beforeEach(async () => {
  db = await freshDatabase();
  fake = fakeApi();
  const deps: Pick<BackgroundDeps, 'db'> = { db: () => Promise.resolve(db) };
  // Only the CRM handlers are under test; the router needs just the entries it dispatches to.
  handlers = createCrmHandlers(deps, fake.api) as unknown as HandlerMap;
});

describe('listCrms', () => {
  it('lists every built-in CRM, and every built-in host under exactly one CRM', async () => {
    const list = await data('listCrms', {});
    expect(list.builtIn.map((crm) => crm.id)).toHaveLength(16);
    const hosts = list.builtIn.flatMap((crm) => crm.hosts);
    expect(hosts.sort()).toEqual([...BUILT_IN_HOST_PATTERNS].sort());
    expect(builtInCrms().find((crm) => crm.id === 'espocrm')?.hosts).toEqual([]);
    expect(list.custom).toEqual([]);
    expect(list.instances).toEqual([]);
  });

  it('is for extension pages only', async () => {
    const reply = await send('listCrms', {}, CONTENT);
    expect(reply.ok).toBe(false);
  });
});

describe('saveCustomCrm and removeCustomCrm', () => {
  it('saves, mirrors to storage.local and registers once the host is granted', async () => {
    const saved = await data('saveCustomCrm', { definition: ACME });
    expect(saved.crm).toMatchObject({ id: 'acme', granted: false, source: 'console' });
    expect(saved.missing).toEqual(['https://crm.acme.example/*']);
    expect(fake.state.local[CRM_CONFIG_KEY]).toEqual({ customCrms: [ACME], instances: [] });
    expect(fake.state.registered.size).toBe(0);

    // The console's permission prompt succeeded: permissions.onAdded → reconcile.
    fake.state.granted.add('https://crm.acme.example/*');
    const report = await reconcileContentScripts({
      db: () => Promise.resolve(db),
      crmApi: fake.api,
    });
    expect(report.diff.add.map((script) => script.id)).toEqual([
      'upnext-crm-https-crm.acme.example',
    ]);
    expect([...fake.state.registered.values()]).toEqual([
      {
        id: 'upnext-crm-https-crm.acme.example',
        matches: ['https://crm.acme.example/*'],
        js: ['content-scripts/crm.js'],
        runAt: 'document_idle',
      },
    ]);
    const list = await data('listCrms', {});
    expect(list.custom).toEqual([{ ...ACME, granted: true, source: 'console' }]);

    // A second reconcile changes nothing.
    const again = await reconcileContentScripts({
      db: () => Promise.resolve(db),
      crmApi: fake.api,
    });
    expect(again.diff).toEqual({ add: [], update: [], remove: [] });

    await data('removeCustomCrm', { id: 'acme' });
    expect(fake.state.registered.size).toBe(0);
    expect(fake.state.removed).toEqual([['https://crm.acme.example/*']]);
    expect(fake.state.local[CRM_CONFIG_KEY]).toEqual({ customCrms: [], instances: [] });
    expect((await data('listCrms', {})).custom).toEqual([]);
  });

  it('keeps the permission when asked to, or when another entry still needs the host', async () => {
    fake.state.granted.add('https://crm.acme.example/*');
    await data('saveCustomCrm', { definition: ACME });
    await data('saveInstance', { origin: 'https://crm.acme.example:8443', crm: 'espocrm' });
    await data('removeCustomCrm', { id: 'acme' });
    expect(fake.state.removed).toEqual([]);
    // The instance keeps the registration alive.
    expect([...fake.state.registered.keys()]).toEqual(['upnext-crm-https-crm.acme.example']);
    await data('removeInstance', { origin: 'https://crm.acme.example:8443', revokeAccess: false });
    expect(fake.state.removed).toEqual([]);
    expect(fake.state.registered.size).toBe(0);
  });

  it('rejects invalid definitions with every problem', async () => {
    const reply = await send('saveCustomCrm', {
      definition: {
        ...ACME,
        id: 'salesforce',
        origins: ['https://*.acme.example'],
        records: [{ entity: 'lead', url: '^/leads/([0-9]+)$', part: 'path' }],
      },
    });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('rejected');
    expect(reply.error.details).toEqual([
      "Custom CRM id 'salesforce' is the id of a built-in CRM; give the custom CRM an id of its own.",
      "Origin 'https://*.acme.example' of custom CRM 'salesforce' has a wildcard (*): list each host of the CRM on its own, like \"https://crm.example.com\".",
      'The \'url\' of record 1 of custom CRM \'salesforce\' has no named group "id": mark the record id with (?<id>...), as in "^/leads/(?<id>[0-9]+)$".',
    ]);
  });

  it('validates the definition with the pack schema', async () => {
    const reply = await send('saveCustomCrm', {
      definition: { ...ACME, records: [] },
    });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('invalid-message');
  });

  it('refuses to change or remove a policy CRM', async () => {
    await db.put('settings', { key: 'policyCrms', value: [ACME] });
    const saved = await send('saveCustomCrm', { definition: { ...ACME, name: 'Mine' } });
    expect(saved.ok ? '' : saved.error.message).toMatch(/administrator/);
    const removed = await send('removeCustomCrm', { id: 'acme' });
    expect(removed.ok ? '' : removed.error.message).toMatch(/administrator/);
    expect((await data('listCrms', {})).custom).toEqual([
      { ...ACME, granted: false, source: 'policy' },
    ]);
  });

  it('tells pack CRMs apart from console ones', async () => {
    await importPack(
      db,
      JSON.stringify({
        format: 'upnext/v1',
        sequences: [{ id: 's', name: 'S', entity: 'lead', steps: [{ id: 't', type: 'task' }] }],
        crms: [{ ...ACME, id: 'from-pack' }],
      }),
      0,
    );
    await data('saveCustomCrm', { definition: ACME });
    const list = await data('listCrms', {});
    expect(list.custom.map((crm) => [crm.id, crm.source])).toEqual([
      ['from-pack', 'pack'],
      ['acme', 'console'],
    ]);
  });

  it('reports a missing CRM', async () => {
    const reply = await send('removeCustomCrm', { id: 'nope' });
    expect(reply.ok ? '' : reply.error.code).toBe('not-found');
  });
});

describe('saveInstance and removeInstance', () => {
  it('normalises the origin and replaces an instance on the same origin', async () => {
    fake.state.granted.add('http://mycrm/*');
    const saved = await data('saveInstance', {
      origin: 'http://MyCrm/Contoso/',
      crm: 'dynamics365',
    });
    expect(saved).toEqual({
      instance: { origin: 'http://mycrm', crm: 'dynamics365', granted: true, source: 'console' },
      missing: [],
    });
    await data('saveInstance', { origin: 'http://mycrm', crm: 'suitecrm' });
    expect((await data('listCrms', {})).instances).toEqual([
      { origin: 'http://mycrm', crm: 'suitecrm', granted: true, source: 'console' },
    ]);
    expect(fake.state.local[CRM_CONFIG_KEY]).toEqual({
      customCrms: [],
      instances: [{ origin: 'http://mycrm', crm: 'suitecrm' }],
    });
    expect([...fake.state.registered.keys()]).toEqual(['upnext-crm-http-mycrm']);
    await data('removeInstance', { origin: 'http://mycrm/' });
    expect(fake.state.registered.size).toBe(0);
    expect(fake.state.removed).toEqual([['http://mycrm/*']]);
  });

  it('rejects unknown CRMs, bad origins and policy instances', async () => {
    const unknown = await send('saveInstance', {
      origin: 'http://mycrm',
      crm: 'nope' as 'espocrm',
    });
    expect(unknown.ok ? '' : unknown.error.code).toBe('invalid-message');
    const bad = await send('saveInstance', { origin: 'ftp://mycrm', crm: 'espocrm' });
    expect(bad.ok ? '' : bad.error.code).toBe('rejected');
    await db.put('settings', {
      key: 'policyInstances',
      value: [{ origin: 'https://espo.example', crm: 'espocrm' }],
    });
    const policy = await send('saveInstance', { origin: 'https://espo.example', crm: 'vtiger' });
    expect(policy.ok ? '' : policy.error.message).toMatch(/administrator/);
    const remove = await send('removeInstance', { origin: 'https://espo.example' });
    expect(remove.ok ? '' : remove.error.message).toMatch(/administrator/);
  });
});

describe('testCustomCrm', () => {
  it('finds the record on a matching address', async () => {
    const result = await data('testCustomCrm', {
      definition: ACME,
      url: 'https://crm.acme.example/leads/42',
    });
    expect(result).toEqual({ match: { entity: 'lead', id: '42' }, fields: null, problems: [] });
  });

  it('explains why an address does not match', async () => {
    const result = await data('testCustomCrm', {
      definition: {
        ...ACME,
        id: '',
        records: [...ACME.records, { entity: 'contact', url: '(', part: 'hash' }],
      },
      url: 'https://other.example/people/42#x',
    });
    expect(result.match).toBeNull();
    expect(result.problems).toEqual([
      "'' is not a valid id for the custom CRM: use 1 to 64 characters: lowercase letters, digits, '-' or '_', starting with a letter or digit.",
      expect.stringMatching(
        /^The 'url' of record 2 of the custom CRM is not a valid regular expression \(.+\)\.$/,
      ),
      "https://other.example is not one of this CRM's addresses (https://crm.acme.example).",
      "No match for lead: path of this address is '/people/42'.",
      "No match for contact: hash of this address is '#x'.",
    ]);
  });

  it('reads fields in an allowed tab, and lists fields it could not find', async () => {
    fake.state.granted.add('https://crm.acme.example/*');
    fake.state.pageResult = {
      values: { email: 'ada@example.com' },
      missing: ['phone'],
      invalid: [],
    };
    const definition = { ...ACME, fields: { email: ['[data-field=email]'], phone: ['.phone'] } };
    const result = await data('testCustomCrm', {
      definition,
      url: 'https://crm.acme.example/leads/42',
      tabId: 9,
    });
    expect(fake.state.executed).toEqual([{ tabId: 9, args: [definition.fields] }]);
    expect(result).toEqual({
      match: { entity: 'lead', id: '42' },
      fields: { email: 'ada@example.com' },
      problems: ["Field 'phone': none of its selectors found text on the page."],
    });
  });

  it('does not touch a tab on a host that is not allowed', async () => {
    const result = await data('testCustomCrm', {
      definition: ACME,
      url: 'https://crm.acme.example/leads/42',
      tabId: 9,
    });
    expect(fake.state.executed).toEqual([]);
    expect(result.fields).toBeNull();
    expect(result.problems).toEqual([
      'Upnext is not allowed on https://crm.acme.example yet, so it cannot read fields in that tab. Grant access first.',
    ]);
  });
});

describe('captureSelectorsInPage (runs in the tested tab)', () => {
  it('reads the first selector with text, input values, and reports the rest', () => {
    const root = document.createElement('div');
    const heading = document.createElement('h1');
    heading.textContent = '  Ada   Lovelace ';
    const email = document.createElement('input');
    email.className = 'email';
    email.value = 'ada@example.com';
    const empty = document.createElement('span');
    empty.className = 'empty';
    root.append(heading, email, empty);
    document.body.append(root);
    try {
      expect(
        captureSelectorsInPage({
          name: ['.missing', 'h1'],
          email: ['input.email'],
          phone: ['.empty', '[[bad'],
        }),
      ).toEqual({
        values: { name: 'Ada Lovelace', email: 'ada@example.com' },
        missing: ['phone'],
        invalid: ['[[bad'],
      });
    } finally {
      root.remove();
    }
  });
});
