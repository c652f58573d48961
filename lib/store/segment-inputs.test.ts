/**
 * The packs of what segments read (segment-inputs.ts), on fake-indexeddb: a kind's rows come
 * back exactly as stored whether read from the rows or from the packs, and a pack whose rows
 * JSON would change keeps them as they are.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it, vi } from 'vitest';

import { openDatabase, type Database } from './db';
import { readSegmentInputs, type SegmentInputDoc } from './segment-inputs';

let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
});

const row = (id: string, fields: SegmentInputDoc['fields']): SegmentInputDoc => ({
  key: `crm|lead|${id}`,
  entity: 'lead',
  crm: 'crm',
  host: null,
  name: id,
  url: '',
  fields,
  segment: null,
});

/** A first read (from the rows), then one from the packs it made after answering. */
async function readTwice(): Promise<[SegmentInputDoc[], SegmentInputDoc[]]> {
  const first = await readSegmentInputs(db, 'lead');
  await vi.waitFor(async () => expect(await db.count('segmentInputPacks')).toBeGreaterThan(0));
  const second = await readSegmentInputs(db, 'lead');
  return [first.rows, second.rows];
}

it('gives back every row of the kind in key order, from the rows and then from the packs', async () => {
  const rows = Array.from({ length: 2345 }, (_, i) =>
    row(String(i).padStart(5, '0'), {
      title: i % 2 ? 'VP' : 'Buyer',
      employees: i,
      ok: i % 3 === 0,
    }),
  );
  for (const doc of [...rows].reverse()) await db.put('segmentInputs', doc);
  await db.put('segmentInputs', { ...row('other', {}), entity: 'contact', key: 'crm|contact|1' });
  const [first, second] = await readTwice();
  expect(first).toEqual(rows);
  expect(second).toEqual(rows);
  expect(await db.getAllKeys('segmentInputPacks')).toEqual([
    ['lead', 0],
    ['lead', 1],
    ['lead', 2],
  ]);
});

it('keeps rows with numbers JSON cannot write as they are', async () => {
  const rows = [
    row('a', { score: Number.NaN }),
    row('b', { score: -0 }),
    row('c', { score: Number.POSITIVE_INFINITY }),
    row('d', { score: 1.5, note: null }),
  ];
  for (const doc of rows) await db.put('segmentInputs', doc);
  const [first, second] = await readTwice();
  expect(second).toEqual(first);
  expect(Object.is(second[1]?.fields['score'], -0)).toBe(true);
  expect(second[2]?.fields['score']).toBe(Number.POSITIVE_INFINITY);
  expect(second[3]?.fields).toEqual({ score: 1.5, note: null });
});

it('reads no packs for a kind with no rows, and the stored segments in their order', async () => {
  expect(await readSegmentInputs(db, 'account', true)).toEqual({ rows: [], segments: [] });
  expect(await db.count('segmentInputPacks')).toBe(0);
});
