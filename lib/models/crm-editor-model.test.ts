import { describe, expect, it } from 'vitest';

import type { CrmList } from '../crm/custom-registry';
import { MessageError } from '../messaging/result';
import { fakeTransport } from './console/transport';
import { createCrmEditorModel, draftToDefinition, validateCrmDraft } from './crm-editor-model';

const LIST: CrmList = {
  builtIn: [
    { id: 'dynamics365', name: 'Dynamics 365 Sales', hosts: ['https://*.crm.dynamics.com/*'] },
    { id: 'espocrm', name: 'EspoCRM', hosts: [] },
  ],
  custom: [
    {
      id: 'acme',
      name: 'Acme CRM',
      origins: ['https://crm.acme.example'],
      records: [{ entity: 'lead', url: '^/leads/(?<id>\\d+)$', part: 'path' }],
      fields: { email: ['.email', 'a[href^=mailto]'] },
      granted: false,
      source: 'console',
    },
    {
      id: 'corp',
      name: 'Corp',
      origins: ['https://corp.example'],
      records: [],
      granted: true,
      source: 'policy',
    },
  ],
  instances: [],
};

function setup(options: { grant?: boolean } = {}) {
  const order: string[] = [];
  const asked: string[][] = [];
  const transport = fakeTransport({
    listCrms: () => LIST,
    saveCustomCrm: ({ definition }) => {
      order.push('save');
      return {
        crm: { ...definition, granted: options.grant ?? true, source: 'console' as const },
        missing: options.grant === false ? ['https://crm.new.example/*'] : [],
      };
    },
    removeCustomCrm: () => ({ removed: true }),
    saveInstance: ({ origin, crm }) => {
      order.push('saveInstance');
      return { instance: { origin, crm, granted: true, source: 'console' as const }, missing: [] };
    },
    testCustomCrm: ({ url }) =>
      url.includes('/leads/')
        ? { match: { entity: 'lead' as const, id: '42' }, fields: { email: 'a@b.c' }, problems: [] }
        : { match: null, fields: null, problems: ['No match for lead'] },
  });
  const model = createCrmEditorModel({
    transport,
    requestPermission: (origins) => {
      order.push('request');
      asked.push(origins);
      return Promise.resolve(options.grant ?? true);
    },
    listTabs: () =>
      Promise.resolve([
        { tabId: 4, url: 'https://crm.new.example/leads/42', title: 'Lead 42' },
        { tabId: 5, url: 'chrome://extensions', title: 'Extensions' },
      ]),
  });
  return { model, transport, order, asked };
}

function fill(model: ReturnType<typeof setup>['model']) {
  model.startNew();
  model.update({ id: 'new-crm', name: 'New CRM', origins: 'https://crm.new.example:8443/app\n' });
  const key = model.draft.value?.records[0]?.key ?? 0;
  model.updateRecord(key, { url: '^/leads/(?<id>\\d+)$' });
}

describe('validateCrmDraft and draftToDefinition', () => {
  it('lists what the manager must fix', () => {
    const errors = validateCrmDraft({
      id: 'Bad Id',
      name: ' ',
      origins: 'https://*.x.example',
      records: [
        { key: 1, entity: 'lead', part: 'path', url: '(' },
        { key: 2, entity: 'lead', part: 'path', url: '/leads/(\\d+)' },
      ],
      fields: [{ key: 3, name: '', selectors: '.x' }],
    });
    expect(Object.keys(errors)).toEqual([
      'id',
      'name',
      'origins',
      'record-1',
      'record-2',
      'field-3',
    ]);
    // The one definition check's words (lib/sequence/crm-definition.ts), as in a pack.
    expect(errors['id']).toMatch(
      /^'Bad Id' is not a valid id for custom CRM 'Bad Id': use 1 to 64/,
    );
    expect(errors['name']).toBe("Custom CRM 'Bad Id' has an empty name.");
    expect(errors['origins']).toBe(
      "Origin 'https://*.x.example' of custom CRM 'Bad Id' has a wildcard (*): list each host of the CRM on its own, like \"https://crm.example.com\".",
    );
    expect(errors['record-1']).toMatch(
      /^The 'url' of record 1 of custom CRM 'Bad Id' is not a valid regular expression /,
    );
    expect(errors['record-2']).toBe(
      'The \'url\' of record 2 of custom CRM \'Bad Id\' has no named group "id": mark the record id with (?<id>...), as in "^/leads/(?<id>[0-9]+)$".',
    );
    expect(errors['field-3']).toBe('Name the field (e.g. email).');
  });

  it('refuses a built-in id and, given a DOM check, a selector that does not parse', () => {
    const errors = validateCrmDraft(
      {
        id: 'salesforce',
        name: 'Not Salesforce',
        origins: 'https://crm.x.example',
        records: [{ key: 1, entity: 'lead', part: 'path', url: '^/l/(?<id>\\d+)$' }],
        fields: [{ key: 2, name: 'email', selectors: '.email\na[' }],
      },
      { isSelector: (selector) => selector !== 'a[' },
    );
    expect(errors).toEqual({
      id: "Custom CRM id 'salesforce' is the id of a built-in CRM; give the custom CRM an id of its own.",
      'field-2':
        "Selector 'a[' of field 'email' in custom CRM 'salesforce' is not a valid CSS selector.",
    });
  });

  it('builds the definition: normalised origins, trimmed patterns, named fields only', () => {
    expect(
      draftToDefinition({
        id: ' acme ',
        name: 'Acme',
        origins: 'https://CRM.acme.example/x\n\n',
        records: [{ key: 1, entity: 'contact', part: 'hash', url: ' ^#/c/(?<id>\\d+)$ ' }],
        fields: [
          { key: 2, name: 'email', selectors: '.email\n\n a[href^=mailto] ' },
          { key: 3, name: '', selectors: '' },
        ],
      }),
    ).toEqual({
      id: 'acme',
      name: 'Acme',
      origins: ['https://crm.acme.example'],
      records: [{ entity: 'contact', part: 'hash', url: '^#/c/(?<id>\\d+)$' }],
      fields: { email: ['.email', 'a[href^=mailto]'] },
    });
  });
});

describe('createCrmEditorModel', () => {
  it('loads the list and edits a saved CRM (not a policy one)', async () => {
    const { model } = setup();
    await model.load();
    expect(model.status.value).toBe('ready');
    model.edit('corp');
    expect(model.draft.value).toBeNull();
    model.edit('acme');
    expect(model.editing.value).toBe('acme');
    expect(model.draft.value).toMatchObject({
      id: 'acme',
      origins: 'https://crm.acme.example',
      fields: [{ name: 'email', selectors: '.email\na[href^=mailto]' }],
    });
  });

  it('asks for permission before anything else, then saves', async () => {
    const { model, order, asked, transport } = setup();
    await model.load();
    fill(model);
    expect(model.patterns.value).toEqual(['https://crm.new.example/*']);
    const saving = model.grantAndSave();
    // Synchronously, inside the click handler: the user gesture is still there.
    expect(order).toEqual(['request']);
    expect(await saving).toBe(true);
    expect(order).toEqual(['request', 'save']);
    expect(asked).toEqual([['https://crm.new.example/*']]);
    expect(transport.calls.find((call) => call.type === 'saveCustomCrm')?.payload).toEqual({
      definition: {
        id: 'new-crm',
        name: 'New CRM',
        origins: ['https://crm.new.example:8443'],
        records: [{ entity: 'lead', part: 'path', url: '^/leads/(?<id>\\d+)$' }],
      },
    });
    expect(model.draft.value).toBeNull();
    expect(model.notice.value?.kind).toBe('ok');
  });

  it('saves but warns when access was refused', async () => {
    const { model } = setup({ grant: false });
    await model.load();
    fill(model);
    expect(await model.grantAndSave()).toBe(true);
    expect(model.notice.value?.text).toMatch(/not allowed on https:\/\/crm\.new\.example\/\* yet/);
  });

  it('does not ask or save an invalid draft', async () => {
    const { model, order } = setup();
    await model.load();
    model.startNew();
    expect(await model.grantAndSave()).toBe(false);
    expect(order).toEqual([]);
    expect(model.showErrors.value).toBe(true);
  });

  it('tests on a pasted address or an open tab', async () => {
    const { model, transport } = setup();
    await model.load();
    fill(model);
    await model.test();
    expect(model.testResult.value?.problems).toEqual([
      'Paste the address of a record page, or choose an open tab.',
    ]);
    await model.refreshTabs();
    expect(model.tabs.value.map((tab) => tab.tabId)).toEqual([4]);
    model.chooseTab(4);
    await model.test();
    expect(model.testResult.value?.match).toEqual({ entity: 'lead', id: '42' });
    expect(transport.calls.at(-1)?.payload).toMatchObject({
      url: 'https://crm.new.example/leads/42',
      tabId: 4,
    });
    model.setTestUrl('https://crm.new.example/other');
    await model.test();
    expect(model.testResult.value?.problems).toEqual(['No match for lead']);
    expect(transport.calls.at(-1)?.payload).not.toHaveProperty('tabId');
  });

  it('adds an instance after asking for its host', async () => {
    const { model, order, asked } = setup();
    await model.load();
    model.updateInstanceDraft({ origin: 'http://mycrm/Contoso', crm: 'espocrm' });
    expect(await model.addInstance()).toBe(true);
    expect(order).toEqual(['request', 'saveInstance']);
    expect(asked).toEqual([['http://mycrm/*']]);
    model.updateInstanceDraft({ origin: 'nope' });
    expect(await model.addInstance()).toBe(false);
    expect(model.notice.value?.kind).toBe('error');
  });

  it('shows a load failure', async () => {
    const model = createCrmEditorModel({
      transport: {
        send: () => Promise.reject(new MessageError({ code: 'internal', message: 'Down.' })),
      },
      requestPermission: () => Promise.resolve(true),
    });
    await model.load();
    expect(model.status.value).toBe('error');
    expect(model.loadError.value).toBe('Down.');
  });
});
