/**
 * The handover between the work list's early script and the page's script: one read, started
 * by whichever runs first, and the page gets its pages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { row } from '../models/worklist-test-kit';
import { DB_NAME, openDatabase } from './db';
import { startEarlyRead, takeEarlyRead } from './worklist-reader';

afterEach(async () => {
  delete (globalThis as Record<string, unknown>)['__upnextWorklistRead'];
  vi.restoreAllMocks();
  await new Promise<void>((done) => {
    const remove = indexedDB.deleteDatabase(DB_NAME);
    remove.onsuccess = remove.onerror = () => done();
  });
});

describe('work list early read', () => {
  it('the page takes the read the early script started, with its pages, once', async () => {
    const db = await openDatabase(DB_NAME);
    await db.put('connections', row({ id: 'c0', dueAt: 1 }));
    await db.put('connections', row({ id: 'c1', dueAt: 2 }));
    db.close();
    const open = vi.spyOn(indexedDB, 'open');
    startEarlyRead();
    expect(open).toHaveBeenCalledTimes(1);
    const read = takeEarlyRead();
    if (read === null) throw new Error('no early read');
    const pages: string[] = [];
    const { rows } = await read((page) => pages.push(...page.rows.map((r) => r.id)));
    expect(pages).toEqual(['c0', 'c1']);
    expect(rows.map((r) => r.id)).toEqual(['c0', 'c1']);
    // Taken once: the page never gets it twice, and no second read was started.
    expect(takeEarlyRead()).toBeNull();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('when the page runs first, the early script reads nothing', () => {
    const open = vi.spyOn(indexedDB, 'open');
    expect(takeEarlyRead()).toBeNull();
    startEarlyRead();
    expect(open).not.toHaveBeenCalled();
    expect(takeEarlyRead()).toBeNull();
  });
});
