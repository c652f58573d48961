import { describe, expect, it, vi } from 'vitest';

import { MessageError } from '../../messaging/result';
import { createConnectionsModel } from './connections-model';
import { MAX_RESTORE_SLICE } from '../../domain/limits';
import type { BackupProgress } from '../../store/backup';
import { createDataModel, restoreSlices } from './data-model';
import { createImportModel } from './import-model';
import { parseRoute, routeHash } from './route';
import { createSequencesModel, parseTags } from './sequences-model';
import { createSettingsModel, fromDateInput, validateDraft } from './settings-model';
import { SAMPLE_PLAN, SAMPLE_SEQUENCES } from './test-fixtures';
import { fakeTransport, problemsOf } from './transport';

const invalidPack = new MessageError({
  code: 'invalid-pack',
  message: 'The pack has 2 problems; nothing was imported.',
  details: [
    {
      path: 'sequences[0].steps[1].days',
      line: 12,
      column: 19,
      message: 'A wait is at most 30 days.',
    },
    { path: '', line: null, column: null, message: 'Not a pack.' },
  ],
});

describe('router', () => {
  it('parses and builds every route', () => {
    expect(parseRoute('')).toEqual({ section: 'sequences' });
    expect(parseRoute('#records')).toEqual({ section: 'records' });
    expect(parseRoute('#nonsense')).toEqual({ section: 'sequences' });
    expect(parseRoute('#sequence/a%20b')).toEqual({ section: 'sequence', id: 'a b', tab: 'steps' });
    expect(parseRoute('#sequence/x/records')).toEqual({
      section: 'sequence',
      id: 'x',
      tab: 'records',
    });
    expect(routeHash({ section: 'sequence', id: 'a b', tab: 'records' })).toBe(
      '#sequence/a%20b/records',
    );
    expect(routeHash({ section: 'data' })).toBe('#data');
  });
});

describe('import model', () => {
  it('plans, then applies all or nothing, and reports the count being imported', async () => {
    let release: () => void = () => undefined;
    const transport = fakeTransport({
      planImport: () => ({ plan: SAMPLE_PLAN }),
      importPack: () => new Promise((done) => (release = () => done({ plan: SAMPLE_PLAN }))),
    });
    const onImported = vi.fn();
    const model = createImportModel(transport, { onImported });
    model.setText('{"format":"upnext/v1"}');
    await model.check();
    expect(model.status.value).toBe('planned');
    expect(model.canApply.value).toBe(true);
    const applying = model.apply();
    expect(model.status.value).toBe('importing');
    expect(model.importing.value).toBe(3);
    release();
    expect(await applying).toBe(true);
    expect(model.status.value).toBe('done');
    expect(onImported).toHaveBeenCalledOnce();
  });

  it("asks for access to a pack's custom CRM origins inside the click, before importing", async () => {
    const plan = { ...SAMPLE_PLAN, origins: ['https://crm.acme.example'] };
    const order: string[] = [];
    const transport = fakeTransport({
      planImport: () => ({ plan }),
      importPack: () => {
        order.push('import');
        return { plan };
      },
    });
    const requestAccess = vi.fn((origins: string[]) => {
      order.push(`ask ${origins.join(',')}`);
      return Promise.resolve(false);
    });
    const model = createImportModel(transport, { requestAccess });
    model.setText('{"format":"upnext/v1"}');
    await model.check();
    const applying = model.apply();
    // Synchronously, within the click: a later call would lose the user gesture.
    expect(requestAccess).toHaveBeenCalledWith(['https://crm.acme.example']);
    expect(await applying).toBe(true);
    expect(order).toEqual(['ask https://crm.acme.example', 'import']);
    // Refused: the import still applies; the console says where Upnext will not run yet.
    expect(model.notAllowed.value).toEqual(['https://crm.acme.example']);
  });

  it('lists every problem of an invalid pack', async () => {
    const model = createImportModel(
      fakeTransport({
        planImport: () => {
          throw invalidPack;
        },
      }),
    );
    model.setText('{}');
    await model.check();
    expect(model.status.value).toBe('invalid');
    expect(model.problems.value).toHaveLength(2);
    expect(model.problems.value[0]).toMatchObject({ line: 12, column: 19 });
  });

  it('asks for a pack before checking nothing', async () => {
    const transport = fakeTransport({});
    const model = createImportModel(transport);
    await model.check();
    expect(model.status.value).toBe('error');
    expect(transport.calls).toHaveLength(0);
  });

  it('reads problems only from invalid-pack details', () => {
    expect(problemsOf(new Error('x'))).toEqual([]);
    expect(problemsOf(invalidPack)).toHaveLength(2);
  });
});

describe('sequences model', () => {
  const make = () => {
    const download = vi.fn();
    const transport = fakeTransport({
      listSequences: () => ({ sequences: SAMPLE_SEQUENCES }),
      setSequenceState: ({ ids }) => ({
        results: ids.map((id) => ({
          id,
          ok: id !== 'webinar',
          problems:
            id === 'webinar'
              ? [
                  {
                    path: 'steps[9]',
                    line: null,
                    column: null,
                    message: 'A sequence cannot end with a wait.',
                  },
                ]
              : [],
        })),
      }),
      deleteSequences: ({ ids }) => ({ deleted: ids.length, disconnected: 4 }),
      exportSequences: () => ({ text: '{}', fileName: 'upnext-sequences.json' }),
      setSequenceTags: ({ id, tags }) => ({ sequence: { ...SAMPLE_SEQUENCES[1], id, tags } }),
    });
    return { model: createSequencesModel(transport, { download }), transport, download };
  };

  it('searches name and description, filters and sorts', async () => {
    const { model } = make();
    await model.load();
    expect(model.visible.value.map((row) => row.id)).toEqual(['webinar', 'outbound', 'renewal']);
    model.setQuery('demo');
    expect(model.visible.value.map((row) => row.id)).toEqual(['webinar']);
    model.clearFilters();
    model.setEntityFilter('account');
    expect(model.visible.value.map((row) => row.id)).toEqual(['renewal']);
    model.clearFilters();
    model.setTagFilter('prospecting');
    expect(model.visible.value.map((row) => row.id)).toEqual(['outbound']);
    model.clearFilters();
    model.sortBy('name');
    expect(model.visible.value[0]?.id).toBe('outbound');
    model.sortBy('name');
    expect(model.visible.value[0]?.id).toBe('webinar');
    model.sortBy('connected');
    expect(model.visible.value[0]?.id).toBe('outbound');
    expect(model.allTags.value).toEqual(['customers', 'events', 'prospecting', 'renewal']);
  });

  it('keeps the problems of sequences that could not be activated', async () => {
    const { model } = make();
    await model.load();
    await model.setState(['renewal', 'webinar'], 'active');
    expect(model.activation.value).toHaveLength(1);
    expect(model.activation.value[0]?.name).toBe('Webinar follow up');
    expect(model.notice.value?.kind).toBe('error');
  });

  it('asks before deleting, counting the records, and skips active sequences', async () => {
    const { model, transport } = make();
    await model.load();
    model.askDelete(['outbound', 'renewal']);
    expect(model.pendingDelete.value).toEqual({
      ids: ['renewal'],
      names: ['Upcoming account renewal'],
      connected: 4,
    });
    await model.confirmDelete();
    expect(transport.calls.at(-2)).toEqual({
      type: 'deleteSequences',
      payload: { ids: ['renewal'] },
    });
    model.askDelete(['outbound']);
    expect(model.pendingDelete.value).toBeNull();
    expect(model.notice.value?.text).toMatch(/Deactivate it first/);
  });

  it('exports through the download callback and refuses to tag an active sequence', async () => {
    const { model, download } = make();
    await model.load();
    await model.exportSequences(null);
    expect(download).toHaveBeenCalledWith('{}', 'upnext-sequences.json');
    model.editTags('outbound');
    expect(model.tagEditor.value).toBeNull();
    model.editTags('renewal');
    expect(await model.saveTags(parseTags('a, b, a ,'))).toBe(true);
  });
});

describe('connections model', () => {
  it('pages through rows and disconnects', async () => {
    const rows = Array.from({ length: 3 }, (_, index) => ({ id: `c${index}` }));
    const transport = fakeTransport({
      listConnections: ({ offset, limit }) => ({
        rows: rows.slice(offset, offset + limit) as never,
        total: rows.length,
        now: 0,
      }),
      disconnectConnections: ({ connectionIds }) => ({ disconnected: connectionIds.length }),
    });
    const model = createConnectionsModel(transport, { sequenceId: 'x', pageSize: 2 });
    await model.load();
    expect(model.hasNext.value).toBe(true);
    await model.next();
    expect(model.rows.value).toHaveLength(1);
    expect(model.hasNext.value).toBe(false);
    await model.disconnect(['c2']);
    expect(model.notice.value).toBe('Disconnected 1 record.');
  });
});

describe('settings model', () => {
  it('validates hours and away periods before saving', async () => {
    const transport = fakeTransport({
      saveSettings: ({ settings }) => ({ settings }),
    });
    const model = createSettingsModel(transport, {
      openShortcuts: () => Promise.resolve(),
      timeZones: ['Europe/Paris'],
    });
    model.update({ start: '18:00', end: '09:00' });
    expect(await model.save()).toBe(false);
    expect(model.errors.value['hours']).toMatch(/end after it starts/);
    model.update({ start: '09:00', end: '17:00' });
    model.addAway();
    const key = model.draft.value.away[0].key;
    model.updateAway(key, { start: '2026-08-10', end: '2026-08-01' });
    expect(await model.save()).toBe(false);
    model.updateAway(key, { end: '2026-08-14' });
    expect(await model.save()).toBe(true);
    const saved = transport.calls.at(-1)?.payload as {
      settings: { away: { start: number; end: number }[] };
    };
    expect(saved.settings.away[0]).toMatchObject({
      start: fromDateInput('2026-08-10'),
      end: fromDateInput('2026-08-15'),
    });
    expect(model.saved.value).toBe(true);
  });

  it('reports a shortcut page the browser refused to open', async () => {
    const model = createSettingsModel(fakeTransport({}), {
      openShortcuts: () => Promise.reject(new Error('no')),
      timeZones: [],
    });
    await model.openShortcuts();
    expect(model.shortcutsError.value).toMatch(/chrome:\/\/extensions\/shortcuts/);
  });

  it('needs at least one working day', () => {
    const errors = validateDraft({
      sellerName: '',
      timeZone: null,
      days: [],
      start: '09:00',
      end: '17:00',
      notifications: false,
      away: [],
    });
    expect(errors['days']).toBeDefined();
  });
});

describe('data model', () => {
  const file = (text: string) => Object.assign(new Blob([text]), { name: 'backup.json' });

  it('restores and reports counts, or says nothing changed', async () => {
    let fail = false;
    const model = createDataModel(
      fakeTransport({
        restoreData: () => {
          if (fail)
            throw new MessageError({ code: 'rejected', message: 'This is not an Upnext backup.' });
          return { sequences: 2, records: 5, events: 40 };
        },
      }),
      { saveBackup: vi.fn() },
    );
    expect(await model.restore(file('{}'))).toBe(true);
    expect(model.message.value?.text).toBe(
      'Restored 2 sequences, 5 records and 40 events from backup.json.',
    );
    fail = true;
    expect(await model.restore(file('{}'))).toBe(false);
    expect(model.message.value?.text).toMatch(/Nothing was restored.*not an Upnext backup/);
  });

  it('sends a file larger than one message in slices, then restores it in one step', async () => {
    const text = `{"pad":"${'x'.repeat(2 * MAX_RESTORE_SLICE)}"}`;
    const staged: string[] = [];
    const seen: (BackupProgress | null)[] = [];
    const holder: { model?: ReturnType<typeof createDataModel> } = {};
    const transport = fakeTransport({
      stageRestore: ({ offset, text: slice }) => {
        seen.push(holder.model!.progress.value);
        expect(offset).toBe(staged.join('').length);
        staged.push(slice);
        return { received: offset + slice.length };
      },
      restoreData: (request) => {
        seen.push(holder.model!.progress.value);
        expect(request).toEqual({ upload: 'upload-1', length: text.length });
        expect(staged.join('')).toBe(text);
        return { sequences: 1, records: 100_000, events: 200_000 };
      },
    });
    const model = createDataModel(transport, {
      saveBackup: vi.fn(),
      newUploadId: () => 'upload-1',
    });
    holder.model = model;
    expect(await model.restore(file(text))).toBe(true);
    expect(staged).toHaveLength(3);
    expect(seen).toEqual([
      { done: 0, total: text.length },
      { done: MAX_RESTORE_SLICE, total: text.length },
      { done: 2 * MAX_RESTORE_SLICE, total: text.length },
      null,
    ]);
    expect(model.message.value?.text).toBe(
      'Restored 1 sequence, 100,000 records and 200,000 events from backup.json.',
    );
    expect(model.progress.value).toBeNull();
  });

  it('cuts slices between the halves of no character', () => {
    const text = 'ab\u{1F600}cd\u{1F600}'.repeat(5);
    for (const size of [1, 2, 3, 4, 7]) {
      const slices = restoreSlices(text, size);
      expect(slices.join('')).toBe(text);
      for (const slice of slices) {
        expect(slice.length).toBeLessThanOrEqual(Math.max(size, 1));
        expect(slice.isWellFormed() || slice.length === 1).toBe(true);
      }
    }
    expect(restoreSlices('', 4)).toEqual([]);
  });

  it('backs up with progress and says where the file went, or why it failed', async () => {
    let report: (progress: BackupProgress) => void = () => undefined;
    let finish: (name: string) => void = () => undefined;
    const saveBackup = vi.fn(
      (progress: (progress: BackupProgress) => void) =>
        new Promise<string>((resolve) => {
          report = progress;
          finish = resolve;
        }),
    );
    const model = createDataModel(fakeTransport({}), { saveBackup });
    const running = model.backup();
    expect(model.busy.value).toBe('backup');
    report({ done: 2000, total: 8000 });
    expect(model.progress.value).toEqual({ done: 2000, total: 8000 });
    finish('upnext-backup-2026-03-23.json');
    await running;
    expect(model.busy.value).toBeNull();
    expect(model.progress.value).toBeNull();
    expect(model.message.value).toEqual({
      kind: 'success',
      text: 'Backup saved as upnext-backup-2026-03-23.json.',
    });

    saveBackup.mockRejectedValueOnce(new Error('The disk is full.'));
    await model.backup();
    expect(model.message.value).toEqual({
      kind: 'error',
      text: 'Backup failed: The disk is full.',
    });
  });

  it('resets only after RESET is typed', async () => {
    const transport = fakeTransport({ resetData: () => ({}) });
    const model = createDataModel(transport, { saveBackup: vi.fn() });
    expect(await model.reset()).toBe(false);
    model.setResetText('reset');
    expect(model.canReset.value).toBe(false);
    model.setResetText('RESET');
    expect(await model.reset()).toBe(true);
    expect(transport.calls).toEqual([{ type: 'resetData', payload: { confirm: 'reset' } }]);
  });
});
