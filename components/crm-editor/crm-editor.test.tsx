// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';

import type { CrmList } from '../../lib/crm/custom-registry';
import { fakeTransport } from '../../lib/models/console/transport';
import { createCrmEditorModel } from '../../lib/models/crm-editor-model';
import { CrmEditor } from './crm-editor';

const LIST: CrmList = {
  builtIn: [{ id: 'espocrm', name: 'EspoCRM', hosts: [] }],
  custom: [
    {
      id: 'acme',
      name: 'Acme CRM',
      origins: ['https://crm.acme.example'],
      records: [{ entity: 'lead', url: '^/leads/(?<id>\\d+)$', part: 'path' }],
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
  instances: [{ origin: 'http://mycrm', crm: 'espocrm', granted: true, source: 'policy' }],
};

function setup() {
  const model = createCrmEditorModel({
    transport: fakeTransport({
      listCrms: () => LIST,
      testCustomCrm: () => ({ match: { entity: 'lead', id: '42' }, fields: null, problems: [] }),
    }),
    requestPermission: () => Promise.resolve(true),
  });
  return { model };
}

function fill(model: ReturnType<typeof setup>['model']) {
  model.startNew();
  model.update({ id: 'new-crm', name: 'New CRM', origins: 'https://crm.new.example' });
  const key = model.draft.value?.records[0]?.key ?? 0;
  model.updateRecord(key, { url: '^/leads/(?<id>\\d+)$' });
}

describe('CrmEditor', () => {
  it('renders the list, the editor and a test result, with named buttons', async () => {
    const { model } = setup();
    await model.load();
    const root = document.createElement('div');
    document.body.append(root);
    try {
      await act(() => render(<CrmEditor model={model} />, root));
      const buttons = () =>
        [...root.querySelectorAll('button')].map((button) => button.textContent);
      expect(buttons()).toEqual(
        expect.arrayContaining([
          'Grant access to Acme CRM',
          'Edit Acme CRM',
          'Remove Acme CRM',
          'Add your CRM',
        ]),
      );
      // Policy CRMs are read-only.
      expect(buttons()).not.toContain('Edit Corp');
      expect(buttons()).not.toContain('Remove http://mycrm');
      await act(() => {
        fill(model);
        model.setTestUrl('https://crm.new.example/leads/42');
      });
      await act(() => model.test());
      expect(root.textContent).toContain('Recognised a lead with id 42');
      expect(buttons()).toEqual(expect.arrayContaining(['Test', 'Grant access and save']));
      const labels = [...root.querySelectorAll('label')].map((label) => label.textContent);
      expect(labels).toEqual(
        expect.arrayContaining(['Name', 'Id', 'Pattern 1', 'Address of a record page']),
      );
    } finally {
      render(null, root);
      root.remove();
    }
  });
});
