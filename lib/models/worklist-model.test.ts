import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createWorklistModel, localStoragePrefs, refOf, type Prefs } from './worklist-model';
import { fakeSource, row, summary } from './worklist-test-kit';

const NOW = Date.parse('2026-06-04T10:00:00Z');

function setup(prefs?: Prefs) {
  const source = fakeSource(
    [
      row({ id: 'a', recordName: 'Ada Lovelace', dueAt: NOW - 3 * 86_400_000 }),
      row({
        id: 'b',
        recordName: 'Grace Hopper',
        stepType: 'email',
        stepName: 'Intro email',
        dueAt: NOW - 3_600_000,
      }),
      row({
        id: 'q',
        recordName: 'Alan Turing',
        stepType: 'condition',
        stepName: 'Interested?',
        kind: 'needs-answer',
        dueAt: NOW,
      }),
    ],
    { now: NOW, sequences: [summary('seq-outbound', 'Outbound', ['q3'])] },
  );
  const model = createWorklistModel({
    source,
    prefs,
    undoMs: 5000,
    now: () => NOW,
    locale: 'en-GB',
  });
  return { source, model };
}

/** A promise the test resolves when it wants the load to go on. */
function opened(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('worklist model', () => {
  it('loads rows, counts, sequences and tags', async () => {
    const { model } = setup();
    await model.load();
    expect(model.status.value).toBe('ready');
    expect(model.visible.value.map((item) => item.id)).toEqual(['a', 'b', 'q']);
    expect(model.counts.value).toMatchObject({ overdue: 1, today: 2, all: 3 });
    expect(model.tags.value).toEqual(['q3']);
    expect(model.sequences.value).toEqual([{ id: 'seq-outbound', name: 'Outbound' }]);
  });

  it('searches on every keystroke, case-insensitively, without re-sorting', async () => {
    const { model } = setup();
    await model.load();
    model.setSearch('GRA');
    expect(model.searchText.value).toBe('GRA');
    expect(model.visible.value.map((item) => item.id)).toEqual(['b']);
    model.setSearch('gr');
    expect(model.visible.value.map((item) => item.id)).toEqual(['b']);
    model.setSearch('');
    expect(model.visible.value).toHaveLength(3);
  });

  it('remembers filters but not the search', () => {
    const saved: unknown[] = [];
    const prefs: Prefs = {
      load: () => ({ due: 'overdue', sort: 'name', entity: 'bogus' }),
      save: (f) => saved.push(f),
    };
    const { model } = setup(prefs);
    expect(model.filters.value).toMatchObject({ due: 'overdue', sort: 'name', entity: null });
    model.setFilter('stepType', 'call');
    expect(saved.at(-1)).toEqual({
      due: 'overdue',
      entity: null,
      stepType: 'call',
      sequenceId: null,
      tag: null,
      sort: 'name',
    });
  });

  it('localStoragePrefs survives garbage', () => {
    const store = new Map<string, string>([['k', '{not json']]);
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    } as unknown as Storage;
    const prefs = localStoragePrefs(storage, 'k');
    expect(prefs.load()).toBeNull();
    prefs.save({
      due: 'today',
      entity: null,
      stepType: null,
      sequenceId: null,
      tag: null,
      sort: 'due',
    });
    expect(prefs.load()).toMatchObject({ due: 'today' });
  });

  it('localStoragePrefs writes a save right after the change, or at once when the page closes', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    } as unknown as Storage;
    const page = new EventTarget();
    const filters = (due: 'today' | 'overdue') => ({
      due,
      entity: null,
      stepType: null,
      sequenceId: null,
      tag: null,
      sort: 'due' as const,
    });
    const prefs = localStoragePrefs(storage, 'k', page);
    prefs.save(filters('today'));
    prefs.save(filters('overdue'));
    vi.advanceTimersByTime(0);
    expect(JSON.parse(store.get('k') ?? 'null')).toMatchObject({ due: 'overdue' });
    prefs.save(filters('today'));
    page.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(store.get('k') ?? 'null')).toMatchObject({ due: 'today' });
    // A reopened page reads what was written.
    expect(localStoragePrefs(storage, 'k', null).load()).toMatchObject({ due: 'today' });
  });

  it('holds an action for the undo window, then sends it with the revision and outcome', async () => {
    const { model, source } = setup();
    await model.load();
    model.complete(['a'], 'voicemail');
    expect(model.pending.value).toEqual([
      {
        id: expect.any(Number) as unknown,
        verb: 'complete',
        text: 'Completed ‘Call’ for Ada Lovelace',
        count: 1,
      },
    ]);
    expect(model.visible.value.map((item) => item.id)).toEqual(['b', 'q']);
    vi.advanceTimersByTime(4999);
    expect(source.acted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.acted).toEqual([
      [
        {
          record: { crm: 'dynamics', entity: 'lead', id: 'a-record' },
          action: {
            type: 'complete',
            connectionId: 'a',
            stepId: 'call-1',
            revision: 3,
            outcome: 'voicemail',
          },
        },
      ],
    ]);
    expect(model.pending.value).toEqual([]);
    expect(model.visible.value.map((item) => item.id)).toEqual(['b', 'q']);
  });

  it('a double click is one action: the row that moved up under the pointer ignores clicks a moment', async () => {
    let clock = NOW;
    const { source } = setup();
    const model = createWorklistModel({ source, undoMs: 5000, now: () => clock });
    await model.load();
    // The first screen came under no pointer: every row acts at once.
    expect(['a', 'b', 'q'].map((id) => model.acceptsRowClick(id))).toEqual([true, true, true]);
    model.skip(['a']);
    // 'b' took the place of 'a' (and 'q' of 'b'): the second click of a double click hits 'b'.
    expect(model.visible.value.map((item) => item.id)).toEqual(['b', 'q']);
    clock += 80;
    expect(model.acceptsRowClick('b')).toBe(false);
    expect(model.settling.value).toEqual(new Set(['b', 'q']));
    clock += 400;
    await vi.advanceTimersByTimeAsync(400);
    expect(model.acceptsRowClick('b')).toBe(true);
    expect(model.settling.value.size).toBe(0);
    model.dispose();
  });

  it('with a view, the guard checks the rows it draws, also those drawn later in the moment', async () => {
    const { model } = setup();
    await model.load();
    // The view draws only the first place (a one-row window).
    model.rowsDrawn([0]);
    model.setFilter('stepType', 'condition');
    // 'q' came to the drawn place: it ignores clicks; 'b' is not in the list at all.
    expect(model.visible.value.map((item) => item.id)).toEqual(['q']);
    expect(model.acceptsRowClick('q')).toBe(false);
    model.setFilter('stepType', null);
    // Back to a, b, q: 'a' is at the drawn place again, where 'q' was: it moved in.
    expect(model.settling.value).toEqual(new Set(['q', 'a']));
    // A row drawn later within the moment (a scroll) is checked then: 'b' took the place of
    // nothing that was there before; 'q' was checked already.
    model.rowsDrawn([0, 1, 2]);
    expect(model.settling.value).toEqual(new Set(['q', 'a', 'b']));
    await vi.advanceTimersByTimeAsync(400);
    expect(model.settling.value.size).toBe(0);
    // After the moment, newly drawn places change nothing.
    model.rowsDrawn([1, 2]);
    expect(['a', 'b', 'q'].map((id) => model.acceptsRowClick(id))).toEqual([true, true, true]);
    model.dispose();
  });

  it('undo cancels before anything is sent', async () => {
    const { model, source } = setup();
    await model.load();
    model.skip(['b']);
    const pending = model.pending.value[0];
    expect(pending.text).toBe('Skipped ‘Intro email’ for Grace Hopper');
    model.undo(pending.id);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(source.acted).toEqual([]);
    expect(model.visible.value.map((item) => item.id)).toEqual(['a', 'b', 'q']);
  });

  it('flush sends at once (page hidden or closed)', async () => {
    const { model, source } = setup();
    await model.load();
    model.snooze(['a', 'b'], NOW + 3_600_000);
    expect(model.pending.value[0].text).toMatch(/^Snoozed 2 steps until Thu 4 Jun, 13:00$/);
    model.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(source.acted).toHaveLength(1);
    expect(source.acted[0].map((item) => item.action.type)).toEqual(['snooze', 'snooze']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(source.acted).toHaveLength(1);
  });

  it('bulk: selects all visible, leaves question steps alone on complete', async () => {
    const { model, source } = setup();
    await model.load();
    model.selectAllVisible();
    expect(model.selectedVisible.value).toHaveLength(3);
    model.complete([...model.selected.value], 'connected');
    expect(model.notices.value.at(-1)?.text).toBe(
      'One question step was left alone: answer it on the record.',
    );
    expect(model.pending.value[0].text).toBe('Completed 2 steps');
    expect(model.selected.value.size).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    const sent = source.acted[0];
    expect(sent.map((item) => item.action)).toEqual([
      { type: 'complete', connectionId: 'a', stepId: 'call-1', revision: 3, outcome: 'connected' },
      // Only calls carry an outcome.
      { type: 'complete', connectionId: 'b', stepId: 'call-1', revision: 3 },
    ]);
  });

  it('reports steps already handled elsewhere and failures', async () => {
    const { model, source } = setup();
    await model.load();
    source.reply = () => ({ applied: 0, alreadyHandled: 1, failed: [] });
    model.skip(['a']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(model.notices.value.at(-1)?.text).toMatch(/already handled elsewhere/);
    source.reply = () => Promise.reject(new Error('Upnext did not answer. Try again.'));
    model.skip(['b']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(model.notices.value.at(-1)).toMatchObject({
      tone: 'error',
      text: 'Nothing was changed: Upnext did not answer. Try again.',
    });
  });

  it('coalesces refreshes while a load runs', async () => {
    const { model, source } = setup();
    await Promise.all([model.refresh(), model.refresh(), model.refresh()]);
    // The first load, and one more for the calls made while it ran.
    expect(source.loads).toBe(2);
    expect(model.fullyLoaded.value).toBe(true);
  });

  it('shows the first page at once on the first load, counts only when every page is in', async () => {
    const { model, source } = setup();
    const gate = opened();
    source.loadRows = async (load) => {
      const page = (rows: typeof source.rows) => ({
        rows,
        now: NOW,
        timeZone: 'Europe/Berlin',
        sequences: null,
      });
      // Pages in due order: `a` (yesterday) first, then `b` and `q` (today).
      const [a, ...rest] = [...source.rows].sort((x, y) => (x.dueAt ?? 0) - (y.dueAt ?? 0));
      load?.onPage?.(page([a]));
      await gate.promise;
      load?.onPage?.(page(rest));
      return page([a, ...rest]);
    };
    const loading = model.load();
    await vi.advanceTimersByTimeAsync(0);
    expect(model.status.value).toBe('ready');
    expect(model.fullyLoaded.value).toBe(false);
    expect(model.visible.value.map((item) => item.id)).toEqual(['a']);
    gate.resolve();
    await loading;
    expect(model.fullyLoaded.value).toBe(true);
    expect(model.visible.value.map((item) => item.id)).toEqual(['a', 'b', 'q']);
    expect(model.counts.value).toMatchObject({ overdue: 1, today: 2, all: 3 });
  });

  it('fills the sequences and tags as soon as they are read, before every page is in', async () => {
    const { model, source } = setup();
    const gate = opened();
    const sequences = [{ id: 'seq-outbound', name: 'Outbound', tags: ['q3'] }];
    source.loadRows = async (load) => {
      const all = { rows: source.rows, now: NOW, timeZone: 'Europe/Berlin', sequences };
      load?.onPage?.({ ...all, rows: source.rows.slice(0, 1) });
      load?.onSequences?.(sequences);
      await gate.promise;
      load?.onPage?.({ ...all, rows: source.rows.slice(1) });
      return all;
    };
    const loading = model.load();
    await vi.advanceTimersByTimeAsync(0);
    expect(model.fullyLoaded.value).toBe(false);
    expect(model.tags.value).toEqual(['q3']);
    expect(model.sequences.value).toEqual([{ id: 'seq-outbound', name: 'Outbound' }]);
    gate.resolve();
    await loading;
    expect(model.tags.value).toEqual(['q3']);
  });

  it('with a saved Tag filter, the first screen waits for the tags instead of showing no rows', async () => {
    const saved: Prefs = { load: () => ({ tag: 'q3' }), save: () => undefined };
    const { model, source } = setup(saved);
    const sequencesGate = opened();
    const restGate = opened();
    const sequences = [{ id: 'seq-outbound', name: 'Outbound', tags: ['q3'] }];
    const [first, ...rest] = [...source.rows].sort((x, y) => (x.dueAt ?? 0) - (y.dueAt ?? 0));
    source.loadRows = async (load) => {
      const all = { rows: source.rows, now: NOW, timeZone: 'Europe/Berlin', sequences };
      load?.onPage?.({ ...all, rows: [first] });
      await sequencesGate.promise;
      load?.onSequences?.(sequences);
      await restGate.promise;
      load?.onPage?.({ ...all, rows: rest });
      return all;
    };
    const loading = model.load();
    await vi.advanceTimersByTimeAsync(0);
    // Without the tags every row would be filtered out: nothing is shown as the list yet.
    expect(model.status.value).toBe('loading');
    sequencesGate.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(model.status.value).toBe('ready');
    expect(model.visible.value.map((item) => item.id)).toEqual(['a']);
    restGate.resolve();
    await loading;
    expect(model.visible.value.map((item) => item.id)).toEqual(['a', 'b', 'q']);
  });

  it('keeps the whole list on screen while a refresh reads its pages', async () => {
    const { model, source } = setup();
    await model.load();
    const gate = opened();
    const load = source.loadRows.bind(source);
    source.loadRows = async (options) => {
      options?.onPage?.({ rows: source.rows.slice(0, 1), now: NOW, timeZone: 'Europe/Berlin' });
      await gate.promise;
      return load({});
    };
    const refreshing = model.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(model.visible.value).toHaveLength(3);
    gate.resolve();
    await refreshing;
  });

  it('orders rows due at the same instant by connection id (the index order), page by page', async () => {
    const { model, source } = setup();
    const c1 = row({ id: 'c1', recordName: 'Zoe', dueAt: NOW });
    const c2 = row({ id: 'c2', recordName: 'Bea', dueAt: NOW });
    const c3 = row({ id: 'c3', recordName: 'Al', dueAt: NOW });
    const c9 = row({ id: 'c9', recordName: 'Cy', dueAt: NOW - 1000 });
    const gate = opened();
    source.loadRows = async (load) => {
      const page = (rows: typeof source.rows) => ({
        rows,
        now: NOW,
        timeZone: 'Europe/Berlin',
        sequences: null,
      });
      // A first page that ends inside the instant three rows share, then the rest of it.
      load?.onPage?.(page([c9, c1]));
      await gate.promise;
      load?.onPage?.(page([c3, c2]));
      return page([c9, c1, c3, c2]);
    };
    const loading = model.load();
    await vi.advanceTimersByTimeAsync(0);
    expect(model.visible.value.map((item) => item.id)).toEqual(['c9', 'c1']);
    gate.resolve();
    await loading;
    // The first screen was already in its final order: nothing above the fold moved.
    expect(model.visible.value.map((item) => item.id)).toEqual(['c9', 'c1', 'c2', 'c3']);
  });

  it('shows load errors', async () => {
    const { model, source } = setup();
    source.loadRows = () =>
      Promise.reject(new Error('Upnext could not reach its background service.'));
    await model.load();
    expect(model.status.value).toBe('error');
    expect(model.error.value).toMatch(/background service/);
  });
});

it('refOf keeps ids that contain the separator', () => {
  expect(refOf({ recordKey: 'copper|contact|a|b', crm: 'copper', entity: 'contact' })).toEqual({
    crm: 'copper',
    entity: 'contact',
    id: 'a|b',
  });
});
