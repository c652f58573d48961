// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { MessageError } from '../../lib/messaging/result';
import { createDataModel } from '../../lib/models/console/data-model';
import { createImportModel } from '../../lib/models/console/import-model';
import { createSequencesModel } from '../../lib/models/console/sequences-model';
import { createSettingsModel } from '../../lib/models/console/settings-model';
import { SAMPLE_PLAN, SAMPLE_SEQUENCES } from '../../lib/models/console/test-fixtures';
import { fakeTransport, type Handlers } from '../../lib/models/console/transport';
import { flush, mountPoint, unmount } from '../test-kit';
import { DataSection } from './data-section';
import { SequencesSection } from './sequences-section';
import { SettingsForm } from './settings-form';

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

const byText = (selector: string, text: string | RegExp): HTMLElement => {
  const found = [...root.querySelectorAll<HTMLElement>(selector)].find((element) =>
    typeof text === 'string' ? element.textContent.trim() === text : text.test(element.textContent),
  );
  if (found === undefined) throw new Error(`No ${selector} with text ${String(text)}`);
  return found;
};

function byLabel(label: string): HTMLInputElement {
  const labelElement = byText('label', label);
  const id = labelElement.getAttribute('for');
  const control =
    id === null ? labelElement.querySelector('input') : root.querySelector(`[id="${id}"]`);
  if (control === null) throw new Error(`No control for ${label}`);
  return control as HTMLInputElement;
}

const textareaByLabel = (label: string): HTMLTextAreaElement =>
  byLabel(label) as unknown as HTMLTextAreaElement;
const selectByLabel = (label: string): HTMLSelectElement =>
  byLabel(label) as unknown as HTMLSelectElement;

async function click(element: HTMLElement): Promise<void> {
  await act(() => element.click());
  await flush();
}

async function type(element: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function choose(element: HTMLSelectElement, value: string): Promise<void> {
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function mountSequences(handlers: Handlers = {}) {
  const transport = fakeTransport({
    listSequences: () => ({ sequences: SAMPLE_SEQUENCES }),
    ...handlers,
  });
  const download = vi.fn();
  const model = createSequencesModel(transport, { download });
  const importer = createImportModel(transport, { onImported: () => void model.load() });
  render(<SequencesSection model={model} importer={importer} />, root);
  return { model, importer, transport, download };
}

const rowNames = (): string[] =>
  [...root.querySelectorAll('.sequences-table tbody tr .row-link')].map((link) => link.textContent);

describe('import flow', () => {
  it('shows the dry run, then imports', async () => {
    const { model, transport } = mountSequences({
      planImport: () => ({ plan: SAMPLE_PLAN }),
      importPack: () => ({ plan: SAMPLE_PLAN }),
    });
    await act(() => model.load());
    await click(byText('button', 'Import a pack'));
    expect(root.querySelector('input[type="file"]')).not.toBeNull();
    expect(byText('label', /Choose a pack file/)).toBeDefined();
    await type(
      textareaByLabel('Or paste the pack’s JSON'),
      '{"format":"upnext/v1","sequences":[]}',
    );
    await click(byText('button', 'Check the pack'));
    const plan = root.querySelector('[data-testid="import-plan"]');
    expect(plan?.textContent).toContain('2 new, 1 updated as a new version, 1 unchanged');
    expect(plan?.textContent).toContain('Brand new');
    expect(plan?.textContent).toContain('Records already running it stay on version 3');
    expect(plan?.textContent).toContain('Acme CRM');
    expect(plan?.textContent).toContain('https://crm.acme.example');
    await click(byText('button', 'Import'));
    expect(transport.calls.map((call) => call.type)).toContain('importPack');
    expect(root.textContent).toContain('Imported: 2 new, 1 updated, 1 unchanged.');
  });

  it('lists every error with its line, column and path, and imports nothing', async () => {
    const { model, transport } = mountSequences({
      planImport: () => {
        throw new MessageError({
          code: 'invalid-pack',
          message: 'The pack has 2 problems; nothing was imported.',
          details: [
            {
              path: 'sequences[0].steps[4].days',
              line: 14,
              column: 21,
              message: 'A wait is at most 30 days.',
            },
            {
              path: 'sequences[1].entity',
              line: 40,
              column: 17,
              message: 'Use lead, contact, account or opportunity.',
            },
          ],
        });
      },
    });
    await act(() => model.load());
    await click(byText('button', 'Import a pack'));
    await type(textareaByLabel('Or paste the pack’s JSON'), '{}');
    await click(byText('button', 'Check the pack'));
    const items = [...root.querySelectorAll('.problems li')].map((item) => item.textContent);
    expect(items).toEqual([
      'Line 14, column 21sequences[0].steps[4].daysA wait is at most 30 days.',
      'Line 40, column 17sequences[1].entityUse lead, contact, account or opportunity.',
    ]);
    // Said once, by the error itself; the line under it says what to do.
    const alert = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert.match(/nothing was imported/gi)).toHaveLength(1);
    expect(alert).toContain('Fix them and try again');
    expect((byText('button', 'Import') as HTMLButtonElement).disabled).toBe(true);
    expect(transport.calls.map((call) => call.type)).not.toContain('importPack');
  });

  it('shows indeterminate progress with the count while importing', async () => {
    let finish: () => void = () => undefined;
    const { model, importer } = mountSequences({
      planImport: () => ({ plan: SAMPLE_PLAN }),
      importPack: () => new Promise((done) => (finish = () => done({ plan: SAMPLE_PLAN }))),
    });
    await act(() => model.load());
    await click(byText('button', 'Import a pack'));
    await act(() => importer.setText('{}'));
    await act(() => importer.check());
    await click(byText('button', 'Import'));
    const status = byText('[role="status"]', /Importing/);
    expect(status.querySelector('progress')?.hasAttribute('value')).toBe(false);
    expect(status.textContent).toContain('Importing 3 sequences and CRMs');
    finish();
    await flush();
  });
});

describe('sequences list', () => {
  it('searches, filters and sorts, with aria-sort on the header', async () => {
    const { model } = mountSequences();
    await act(() => model.load());
    expect(rowNames()).toEqual([
      'Webinar follow up',
      'High volume outbound',
      'Upcoming account renewal',
    ]);

    await type(byLabel('Search'), 'renewal date');
    expect(rowNames()).toEqual(['Upcoming account renewal']);
    await click(byText('button', 'Clear filters'));

    await choose(selectByLabel('State'), 'active');
    expect(rowNames()).toEqual(['High volume outbound']);
    await choose(selectByLabel('State'), 'all');
    await choose(selectByLabel('Record type'), 'account');
    expect(rowNames()).toEqual(['Upcoming account renewal']);
    await choose(selectByLabel('Record type'), 'all');
    await choose(selectByLabel('Tag'), 'events');
    expect(rowNames()).toEqual(['Webinar follow up']);
    await choose(selectByLabel('Tag'), '');

    const nameHeader = byText('th', /^Name/);
    expect(nameHeader.getAttribute('aria-sort')).toBe('none');
    await click(nameHeader.querySelector('button')!);
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames()).toEqual([
      'High volume outbound',
      'Upcoming account renewal',
      'Webinar follow up',
    ]);
    await click(nameHeader.querySelector('button')!);
    expect(nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(rowNames()[0]).toBe('Webinar follow up');
    await click(byText('th', /^Steps/).querySelector('button')!);
    expect(rowNames()).toEqual([
      'High volume outbound',
      'Webinar follow up',
      'Upcoming account renewal',
    ]);
  });

  it('bulk-activates and shows every problem returned', async () => {
    const { model, transport } = mountSequences({
      setSequenceState: ({ ids }) => ({
        results: ids.map((id) =>
          id === 'webinar'
            ? {
                id,
                ok: false,
                problems: [
                  {
                    path: 'steps[9]',
                    line: null,
                    column: null,
                    message: 'A sequence cannot end with a wait.',
                  },
                  {
                    path: '',
                    line: null,
                    column: null,
                    message: 'At most 250 sequences can be active at a time.',
                  },
                ],
              }
            : { id, ok: true, problems: [] },
        ),
      }),
    });
    await act(() => model.load());
    await click(
      root.querySelector<HTMLInputElement>('input[aria-label="Select Webinar follow up"]')!,
    );
    await click(
      root.querySelector<HTMLInputElement>('input[aria-label="Select Upcoming account renewal"]')!,
    );
    const bar = root.querySelector<HTMLElement>('[aria-label="Selected sequences"]')!;
    expect(bar.textContent).toContain('2 sequences selected');
    await click(byText('[aria-label="Selected sequences"] button', 'Activate'));
    expect(transport.calls.find((call) => call.type === 'setSequenceState')?.payload).toEqual({
      ids: ['renewal', 'webinar'],
      state: 'active',
    });
    const report = root.querySelector('[data-testid="activation-report"]');
    expect(report?.textContent).toContain('1 sequence could not be activated');
    expect(report?.textContent).toContain('Webinar follow up');
    expect(report?.textContent).toContain('A sequence cannot end with a wait.');
    expect(report?.textContent).toContain('At most 250 sequences can be active at a time');
    expect(root.textContent).toContain('Activated 1 sequence; 1 sequence could not be activated.');
  });

  it('confirms a delete with the number of records to disconnect', async () => {
    const { model, transport } = mountSequences({
      deleteSequences: () => ({ deleted: 1, disconnected: 4 }),
    });
    await act(() => model.load());
    const opener = root.querySelector<HTMLButtonElement>(
      'button[aria-label="Delete Upcoming account renewal"]',
    )!;
    opener.focus();
    await click(opener);
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(dialog.querySelector('[data-testid="delete-message"]')?.textContent).toBe(
      'Delete “Upcoming account renewal”? 4 records will be disconnected from it; their history stays. This cannot be undone.',
    );
    expect(document.activeElement?.textContent).toBe('Cancel');
    await click(byText('dialog button', 'Delete and disconnect 4 records'));
    expect(transport.calls.find((call) => call.type === 'deleteSequences')?.payload).toEqual({
      ids: ['renewal'],
    });
    expect(root.querySelector('dialog')).toBeNull();
    expect(root.textContent).toContain('Deleted 1 sequence; 4 records were disconnected.');
  });

  it('says active sequences must be deactivated before deleting', async () => {
    const { model, transport } = mountSequences();
    await act(() => model.load());
    const button = root.querySelector<HTMLButtonElement>(
      'button[aria-label="Delete High volume outbound"]',
    )!;
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await click(button);
    expect(root.querySelector('dialog')).toBeNull();
    expect(root.textContent).toContain('Active sequences cannot be changed. Deactivate it first.');
    expect(transport.calls.map((call) => call.type)).not.toContain('deleteSequences');
  });
});

describe('settings', () => {
  it('validates working hours and away periods, then saves', async () => {
    const transport = fakeTransport({
      getSettings: () => ({
        settings: {
          sellerName: 'Dana',
          timeZone: null,
          away: [],
          notifications: false,
          workingHours: { days: ['mon', 'tue'], start: '09:00', end: '17:00' },
        },
      }),
      saveSettings: ({ settings }) => ({ settings }),
    });
    const model = createSettingsModel(transport, {
      openShortcuts: () => Promise.resolve(),
      timeZones: ['Europe/Paris'],
    });
    await act(() => model.load());
    render(<SettingsForm model={model} browserTimeZone="UTC" />, root);
    expect(byLabel('Seller name').value).toBe('Dana');
    expect(byText('option', /Use my browser’s time zone/)).toBeDefined();

    await type(byLabel('From'), '18:00');
    await click(byText('button', 'Add an away period'));
    await type(byLabel('First day'), '2026-08-10');
    await type(byLabel('Last day'), '2026-08-01');
    await click(byText('button', 'Save settings'));
    expect(root.textContent).toContain('The working day must end after it starts.');
    expect(root.textContent).toContain('The last day must be on or after the first day.');
    expect(byLabel('Last day').getAttribute('aria-invalid')).toBe('true');
    expect(transport.calls.map((call) => call.type)).not.toContain('saveSettings');

    await type(byLabel('From'), '08:00');
    await type(byLabel('Last day'), '2026-08-14');
    await click(byText('button', 'Save settings'));
    expect(transport.calls.map((call) => call.type)).toContain('saveSettings');
    expect(byText('[role="status"]', 'Saved')).toBeDefined();
  });

  // Chromium's zone list holds the pre-rename names (Asia/Calcutta, Europe/Kiev); settings, the
  // policy and the engine accept the current ones. Both name one zone (issue #15).
  async function mountZone(saved: string | null, browserZone = 'UTC') {
    const transport = fakeTransport({
      getSettings: () => ({
        settings: {
          sellerName: '',
          timeZone: saved,
          away: [],
          notifications: false,
          workingHours: { days: ['mon'], start: '09:00', end: '17:00' },
        },
      }),
      saveSettings: ({ settings }) => ({ settings }),
    });
    // The runtime's own zone list, as in the real console.
    const model = createSettingsModel(transport, { openShortcuts: () => Promise.resolve() });
    await act(() => model.load());
    render(<SettingsForm model={model} browserTimeZone={browserZone} />, root);
    return { transport, select: selectByLabel('Time zone') };
  }

  const savedZone = (transport: ReturnType<typeof fakeTransport>): unknown =>
    (
      transport.calls.find((call) => call.type === 'saveSettings')?.payload as {
        settings: { timeZone: unknown };
      }
    ).settings.timeZone;

  it.each(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Kathmandu', 'Asia/Ho_Chi_Minh'])(
    'a saved %s shows as itself, not as the browser’s zone, and is kept',
    async (zone) => {
      const { transport, select } = await mountZone(zone);
      expect(select.value).toBe(zone);
      expect(select.selectedOptions[0].textContent).toBe(zone.replaceAll('_', ' '));
      await click(byText('button', 'Save settings'));
      expect(savedZone(transport)).toBe(zone);
    },
  );

  it('lists current zone names only, and shows a saved legacy name as its current name', async () => {
    const { transport, select } = await mountZone('Europe/Kiev');
    const values = [...select.options].map((option) => option.value);
    expect(values).toContain('Europe/Kyiv');
    expect(values).toContain('Asia/Kolkata');
    expect(values).not.toContain('Europe/Kiev');
    expect(values).not.toContain('Asia/Calcutta');
    expect(select.selectedOptions[0].textContent).toBe('Europe/Kyiv');
    // Saving without touching the zone keeps exactly what was saved.
    await click(byText('button', 'Save settings'));
    expect(savedZone(transport)).toBe('Europe/Kiev');
    // A seller in Kyiv picks Europe/Kyiv.
    await choose(select, 'Europe/Kyiv');
    await click(byText('button', 'Save settings'));
    expect(
      (
        transport.calls.filter((call) => call.type === 'saveSettings').at(-1)?.payload as {
          settings: { timeZone: unknown };
        }
      ).settings.timeZone,
    ).toBe('Europe/Kyiv');
  });

  it('names the browser’s zone by its current name', async () => {
    await mountZone(null, 'Asia/Calcutta');
    expect(byText('option', /Use my browser’s time zone/).textContent).toBe(
      'Use my browser’s time zone (Asia/Kolkata)',
    );
  });
});

describe('data', () => {
  it('shows why a restore failed and that nothing changed', async () => {
    const model = createDataModel(
      fakeTransport({
        restoreData: () => {
          throw new MessageError({
            code: 'rejected',
            message: 'This file is not an Upnext backup.',
          });
        },
      }),
      { saveBackup: vi.fn() },
    );
    render(<DataSection model={model} />, root);
    const input = byLabel('Choose a backup file…');
    const file = new File(['{"nope":true}'], 'old.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'Nothing was restored from old.json: This file is not an Upnext backup.',
    );
  });

  it('enables reset only once RESET is typed', async () => {
    const transport = fakeTransport({ resetData: () => ({}) });
    const model = createDataModel(transport, { saveBackup: vi.fn() });
    render(<DataSection model={model} />, root);
    const button = byText('button', 'Delete all Upnext data') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await type(byLabel('Type RESET to confirm'), 'RESET');
    expect(button.disabled).toBe(false);
    await click(button);
    expect(transport.calls).toEqual([{ type: 'resetData', payload: { confirm: 'reset' } }]);
    expect(root.textContent).toContain('All Upnext data was deleted.');
  });
});
