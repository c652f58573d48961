import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { validatePackValue } from '../../sequence/parse';
import type { ImportPlan } from '../../sequence/plan';
import { createImportModel } from './import-model';
import { SAMPLE_PLAN } from './test-fixtures';
import { fakeTransport } from './transport';

const outreach = readFileSync(
  resolve(import.meta.dirname, '../../../tests/fixtures/convert/outreach-jsonapi.json'),
  'utf8',
);

/** A transport whose background validates the text it receives, as the real one does. */
function validatingTransport() {
  const received: string[] = [];
  const answer = ({ text }: { text: string }): { plan: ImportPlan } => {
    received.push(text);
    const result = validatePackValue(JSON.parse(text) as unknown);
    if (!result.ok) throw new Error(result.problems[0]?.message ?? 'invalid');
    return { plan: SAMPLE_PLAN };
  };
  return { transport: fakeTransport({ planImport: answer, importPack: answer }), received };
}

describe('import model: files from other tools', () => {
  it('converts them in the page and sends the background an upnext/v1 pack', async () => {
    const { transport, received } = validatingTransport();
    const model = createImportModel(transport);
    model.setText(outreach, 'outreach.json');
    await model.check();
    expect(model.status.value).toBe('planned');
    expect(model.conversion.value).toMatchObject({
      source: { tool: 'outreach', shape: 'Outreach API document (JSON:API sequence)' },
      entity: 'contact',
      sequences: 1,
    });
    expect(model.conversion.value?.warnings).toHaveLength(10);
    expect(JSON.parse(received[0] ?? '{}')).toMatchObject({
      format: 'upnext/v1',
      sequences: [{ id: 'outreach-1042' }],
    });
    expect(await model.apply()).toBe(true);
    expect(received[1]).toBe(received[0]);
    // The original text stays what the manager gave.
    expect(model.text.value).toBe(outreach);
  });

  it('converts again for another record type', async () => {
    const { transport, received } = validatingTransport();
    const model = createImportModel(transport);
    model.setText(outreach);
    await model.check();
    await model.setEntity('lead');
    expect(model.conversion.value?.entity).toBe('lead');
    expect(JSON.parse(received.at(-1) ?? '{}')).toMatchObject({ sequences: [{ entity: 'lead' }] });
  });

  it('refuses a file that is not a sequence definition, with one line, without asking the background', async () => {
    const transport = fakeTransport({});
    const model = createImportModel(transport);
    model.setText(
      JSON.stringify({ data: { type: 'sequenceState', id: 4, attributes: { state: 'active' } } }),
    );
    await model.check();
    expect(model.status.value).toBe('error');
    expect(model.error.value).toMatch(/^This is an Outreach enrolment \(a sequenceState/);
    expect(model.conversion.value).toBeNull();
    expect(transport.calls).toEqual([]);
  });

  it('sends packs and unrecognised JSON as they are, so the background lists their problems', async () => {
    const { transport, received } = validatingTransport();
    const model = createImportModel(transport);
    model.setText(
      '{"format":"upnext/v1","sequences":[{"id":"a","name":"A","entity":"lead","steps":[{"id":"t","type":"task"}]}]}',
    );
    await model.check();
    expect(model.conversion.value).toBeNull();
    expect(received).toEqual([model.text.value]);
  });

  it('forgets the conversion when the text changes', async () => {
    const { transport } = validatingTransport();
    const model = createImportModel(transport);
    model.setText(outreach);
    await model.check();
    model.setText('{}');
    expect(model.conversion.value).toBeNull();
  });
});
