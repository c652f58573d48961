import { afterEach, describe, expect, it, vi } from 'vitest';

import { importPack } from '../use-cases/import-pack';
import { openDatabase } from '../store/db';
import { DatabaseMissing, prefetchWorklistRows, readWorklistRows } from '../store/worklist-reader';
import { fakeTransport } from './console/transport';
import { row } from './worklist-test-kit';
import { createWorklistSource } from './worklist-source';

describe('worklist source', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads only rows on the work-list index, and the seller zone', async () => {
    const db = await openDatabase('upnext-source-test');
    await db.put('connections', row({ id: 'due' }));
    await db.put('connections', row({ id: 'waiting', dueAt: undefined }));
    await db.put('settings', { key: 'settings', value: { timeZone: 'Asia/Tokyo' } });
    db.close();
    const { rows, timeZone } = await readWorklistRows({ name: 'upnext-source-test' });
    expect(rows.map((r) => r.id)).toEqual(['due']);
    expect(timeZone).toBe('Asia/Tokyo');
  });

  it('reads the sequences (name, tags) in the same snapshot, after the first page, and never asks the background', async () => {
    const name = 'upnext-sequences-test';
    const db = await openDatabase(name);
    const pack = {
      format: 'upnext/v1',
      sequences: [
        {
          id: 'outbound',
          name: 'Outbound',
          entity: 'lead',
          tags: ['q3', 'emea'],
          steps: [{ id: 't1', type: 'task' }],
        },
        { id: 'nurture', name: 'Nurture', entity: 'lead', steps: [{ id: 'n1', type: 'task' }] },
      ],
    };
    await importPack(db, JSON.stringify(pack), 0);
    for (const [n, dueAt] of [1, 2, 3, 4, 5].entries())
      await db.put('connections', row({ id: `c${String(n)}`, dueAt }));
    db.close();
    const order: string[] = [];
    const transport = fakeTransport({});
    const source = createWorklistSource({
      send: transport.send,
      readRows: (onPage, onSequences) =>
        readWorklistRows({ name, firstPage: 2, pageSize: 2, onPage, onSequences }),
    });
    const loaded = await source.loadRows({
      onPage: (page) => order.push(`rows ${page.rows.map((r) => r.id).join(',')}`),
      onSequences: (list) => order.push(`sequences ${list.map((s) => s.id).join(',')}`),
    });
    // The first page first: the first screen never waits behind the sequences.
    expect(order).toEqual(['rows c0,c1', 'sequences nurture,outbound', 'rows c2,c3', 'rows c4']);
    expect(loaded.sequences).toEqual([
      { id: 'nurture', name: 'Nurture', tags: [] },
      { id: 'outbound', name: 'Outbound', tags: ['q3', 'emea'] },
    ]);
    // No message at all: no listSequences (it counts every sequence's connections).
    expect(transport.calls).toEqual([]);
  });

  it('reads page by page in due order: a first page of exactly its size, then bounded pages', async () => {
    const name = 'upnext-pages-test';
    const db = await openDatabase(name);
    // 23 rows on 5 due times, the middle one shared by 11 rows (more than a page). Ids are not
    // in due order: the index orders rows of one due time by id.
    const dues = [1, 1, 2, ...Array<number>(11).fill(3), 4, 4, 4, 5, 5, 5, 5, 5, 5];
    const idOf = (n: number) => `c${String((n * 7) % 23).padStart(2, '0')}`;
    for (const [n, dueAt] of dues.entries())
      await db.put('connections', row({ id: idOf(n), dueAt }));
    await db.put('connections', row({ id: 'waiting', dueAt: undefined }));
    db.close();
    const expected = dues
      .map((dueAt, n) => ({ dueAt, id: idOf(n) }))
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
    const pages: { dueAt: number; id: string }[][] = [];
    const { rows } = await readWorklistRows({
      name,
      firstPage: 5,
      pageSize: 2,
      onPage: (page) => pages.push(page.rows.map((r) => ({ dueAt: r.dueAt ?? -1, id: r.id }))),
    });
    expect(rows.map((r) => ({ dueAt: r.dueAt, id: r.id }))).toEqual(expected);
    expect(pages.flat()).toEqual(expected);
    // The first page ends inside the big instant: exactly the first five rows of the index.
    expect(pages[0]).toEqual(expected.slice(0, 5));
    expect(pages.length).toBeGreaterThan(3);
    // Every row of a page comes before every row of the next, in (due, id) order.
    for (let i = 1; i < pages.length; i++) {
      const last = pages[i - 1].at(-1)!;
      const next = pages[i][0];
      expect(last.dueAt < next.dueAt || (last.dueAt === next.dueAt && last.id < next.id)).toBe(
        true,
      );
    }
    // After the first page, every page is at most a page (the 11 rows due at 3 included).
    for (const page of pages.slice(1)) expect(page.length).toBeLessThanOrEqual(2);
  });

  it('many rows due at the same instant: every read is one bounded page, ties in connection id order', async () => {
    const name = 'upnext-one-instant-test';
    const db = await openDatabase(name);
    // 1,000 records connected in one go (one due instant), plus one earlier and one later row.
    const ids = Array.from(
      { length: 1000 },
      (_, n) => `c${String((n * 389) % 1000).padStart(4, '0')}`,
    );
    const tx = db.transaction('connections', 'readwrite');
    for (const id of ids) void tx.store.put(row({ id, dueAt: 50 }));
    void tx.store.put(row({ id: 'z-early', dueAt: 10 }));
    void tx.store.put(row({ id: 'a-late', dueAt: 90 }));
    await tx.done;
    db.close();
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    const pages: string[][] = [];
    const { rows } = await readWorklistRows({
      name,
      firstPage: 60,
      pageSize: 100,
      onPage: (page) => pages.push(page.rows.map((r) => r.id)),
    });
    const expected = ['z-early', ...[...ids].sort(), 'a-late'];
    expect(rows.map((r) => r.id)).toEqual(expected);
    expect(pages.flat()).toEqual(expected);
    expect(pages[0]).toEqual(expected.slice(0, 60));
    // No read asks for more than a page: the rest of the instant never comes in one piece.
    expect(getAll.mock.calls.length).toBeGreaterThan(10);
    for (const [, count] of getAll.mock.calls) {
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(100);
    }
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(100);
  });

  it('prefetch: reads before anyone asks, hands over every page once, and a refresh reads afresh', async () => {
    const name = 'upnext-prefetch-test';
    const db = await openDatabase(name);
    for (const [n, dueAt] of [1, 2, 3, 4, 5].entries())
      await db.put('connections', row({ id: `c${String(n)}`, dueAt }));
    const read = prefetchWorklistRows({ name, firstPage: 2, pageSize: 2 });
    // The read runs before the page asks: a row added now is not in it.
    await new Promise((done) => setTimeout(done, 50));
    await db.put('connections', row({ id: 'late', dueAt: 6 }));
    db.close();
    const pages: string[][] = [];
    const handed: unknown[] = [];
    const { rows } = await read(
      (page) => pages.push(page.rows.map((r) => r.id)),
      (sequences) => handed.push(sequences),
    );
    expect(pages.flat()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    // The sequences read before anyone asked are handed over too, once.
    expect(handed).toEqual([[]]);
    expect(rows.map((r) => r.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    const again: string[] = [];
    const fresh = await read((page) => again.push(...page.rows.map((r) => r.id)));
    expect(again).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'late']);
    expect(fresh.rows).toHaveLength(6);
  });

  it('prefetch: a first run (no database) fails the first call, which falls back to messages', async () => {
    const read = prefetchWorklistRows({ name: 'upnext-prefetch-missing' });
    await expect(read(() => undefined)).rejects.toBeInstanceOf(DatabaseMissing);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(
      'upnext-prefetch-missing',
    );
  });

  it('never creates the database; falls back to listWork quietly', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const name = 'upnext-never-created';
    const transport = fakeTransport({
      listWork: () => ({
        rows: [row({ id: 'x' })],
        total: 1,
        counts: { overdue: 0, today: 1, tomorrow: 0, week: 1, all: 1 },
        now: 42,
      }),
      getSettings: () => ({ settings: { timeZone: 'Europe/Paris' } as never }),
    });
    let failure: unknown;
    const source = createWorklistSource({
      send: transport.send,
      readRows: (onPage) => readWorklistRows({ name, onPage }),
      isExpectedFailure: (error) => {
        failure = error;
        return error instanceof DatabaseMissing;
      },
    });
    const loaded = await source.loadRows();
    expect(failure).toBeInstanceOf(DatabaseMissing);
    expect(loaded).toMatchObject({ now: 42, timeZone: 'Europe/Paris' });
    expect(loaded.rows.map((r) => r.id)).toEqual(['x']);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    expect(transport.calls[0]).toEqual({
      type: 'listWork',
      payload: { due: 'all', sort: 'due', offset: 0, limit: 20_000 },
    });
    // No database yet is the first run, not a failure.
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns when an existing database cannot be read, and still answers', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const name = 'upnext-without-stores';
    // A database of the right name without the stores the work list reads.
    await new Promise<void>((done, fail) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('other');
      open.onsuccess = () => {
        open.result.close();
        done();
      };
      open.onerror = () => fail(open.error ?? new Error('open failed'));
    });
    const transport = fakeTransport({
      listWork: () => ({
        rows: [row({ id: 'y' })],
        total: 1,
        counts: { overdue: 0, today: 1, tomorrow: 0, week: 1, all: 1 },
        now: 7,
      }),
      getSettings: () => ({ settings: { timeZone: 'UTC' } as never }),
    });
    const source = createWorklistSource({
      send: transport.send,
      readRows: (onPage) => readWorklistRows({ name, onPage }),
      isExpectedFailure: (error) => error instanceof DatabaseMissing,
    });
    expect((await source.loadRows()).rows.map((r) => r.id)).toEqual(['y']);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain('reading IndexedDB failed');
  });

  it('acts through actOnConnections', async () => {
    const transport = fakeTransport({
      actOnConnections: ({ items }) => ({ applied: items.length, alreadyHandled: 0, failed: [] }),
    });
    const source = createWorklistSource({ send: transport.send });
    const items = [
      {
        record: { crm: 'c', entity: 'lead' as const, id: '1' },
        action: { type: 'skip' as const, connectionId: 'a', stepId: 's', revision: 1 },
      },
    ];
    expect(await source.act(items)).toEqual({ applied: 1, alreadyHandled: 0, failed: [] });
  });
});
