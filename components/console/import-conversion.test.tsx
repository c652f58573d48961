// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createImportModel } from '../../lib/models/console/import-model';
import { SAMPLE_PLAN } from '../../lib/models/console/test-fixtures';
import { fakeTransport } from '../../lib/models/console/transport';
import { flush, mountPoint, unmount } from '../test-kit';
import { ImportPanel } from './import-panel';

const salesloft = readFileSync(
  resolve(import.meta.dirname, '../../tests/fixtures/convert/salesloft-v2.json'),
  'utf8',
);

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

function button(text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (item) => item.textContent.trim() === text,
  );
  if (found === undefined) throw new Error(`No button ${text}`);
  return found;
}

function mount() {
  const sent: { type: string; text: string }[] = [];
  const transport = fakeTransport({
    planImport: ({ text }) => {
      sent.push({ type: 'plan', text });
      return { plan: SAMPLE_PLAN };
    },
    importPack: ({ text }) => {
      sent.push({ type: 'import', text });
      return { plan: SAMPLE_PLAN };
    },
  });
  const model = createImportModel(transport);
  render(<ImportPanel model={model} onClose={() => undefined} />, root);
  return { model, sent };
}

describe('import panel: a file from another tool', () => {
  it('says what it recognised, shows the dry run with what did not carry over beside it, and imports the pack', async () => {
    const { model, sent } = mount();
    await act(() => model.setText(salesloft, 'event-follow-up.json'));
    await act(() => model.check());
    await flush();

    const summary = root.querySelector('[data-testid="conversion-summary"]');
    expect(summary?.textContent).toContain('Recognised: Salesloft cadence and steps (API v2).');
    expect(summary?.textContent).toContain('Upnext converted it into 1 sequence');
    const select = summary?.querySelector('select');
    expect(select?.value).toBe('contact');
    expect(root.querySelector('label[for]')).not.toBeNull();

    const result = root.querySelector('.import-result');
    expect(result?.querySelector('[data-testid="import-plan"]')).not.toBeNull();
    const warnings = result?.querySelector('[data-testid="conversion-warnings"]');
    expect(warnings?.querySelector('h3')?.textContent).toBe('Did not carry over exactly (5)');
    expect(warnings?.querySelector('h4')?.textContent).toBe('Event follow-up');
    const items = [...(warnings?.querySelectorAll('li') ?? [])].map((item) => item.textContent);
    expect(items).toContain(
      'call-1steps.data[1].multitouch_enabledMulti-touch (several contacts on one step) is not carried over',
    );
    expect(items[0]).toContain('steps.data[3].disabled');

    await act(() => {
      if (select === null || select === undefined) return;
      select.value = 'lead';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(JSON.parse(sent.at(-1)?.text ?? '{}')).toMatchObject({
      format: 'upnext/v1',
      sequences: [{ entity: 'lead' }],
    });

    await act(() => button('Import').click());
    await flush();
    expect(sent.at(-1)).toMatchObject({ type: 'import' });
    expect(JSON.parse(sent.at(-1)?.text ?? '{}')).toMatchObject({
      sequences: [{ id: 'salesloft-88012', entity: 'lead' }],
    });
    expect(root.textContent).toContain('Imported: 2 new');
    // What did not carry over stays in view after the import.
    expect(root.querySelector('[data-testid="conversion-warnings"]')).not.toBeNull();
  });

  it('refuses a file that is not a sequence definition, with what to export instead', async () => {
    const { model, sent } = mount();
    await act(() =>
      model.setText(
        JSON.stringify({
          data: { person: { id: 1 }, cadence: { id: 2 }, current_state: 'active' },
        }),
      ),
    );
    await act(() => model.check());
    await flush();
    const alert = root.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(
      'This is a Salesloft cadence membership (one person on a cadence), not a cadence definition; export the cadence: GET /v2/cadence_exports/{id}',
    );
    expect(sent).toEqual([]);
    expect(button('Import').disabled).toBe(true);
  });
});
