/**
 * The why log as stored since version 14 (lib/store/segment-log.ts): a batch's evaluations in
 * rows of many, each one still read per record, per segment and for everyone, newest first;
 * retention by evaluations; old rows converted by the upgrade and by a restore.
 */
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';

import { createBackup, restoreBackup } from './backup';
import { openDatabase, type Database } from './db';
import { eventKeyPrefix } from './event-keys';
import { compactSegmentLog } from './retention';
import {
  SEGMENT_LOG_ROW_ENTRIES,
  entriesInRow,
  readSegmentLog,
  segmentLogRow,
  segmentLogWriter,
} from './segment-log';
import { segmentLogKey } from './segment-routing';
import type { SegmentLogDoc } from './types';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
});

const recordKey = (n: number) => `dynamics365|lead|r${String(n).padStart(3, '0')}`;

/** Record `n`'s evaluation at `at`; every third one is in segment "vp". */
function evaluation(n: number, at: number, id = segmentLogKey(at, `e${String(n)}`)): SegmentLogDoc {
  const vp = n % 3 === 0;
  return {
    id,
    at,
    recordKey: recordKey(n),
    recordName: `Lead ${String(n)}`,
    url: `https://acme.crm.dynamics.com/main.aspx?id=r${String(n)}`,
    entity: 'lead',
    trigger: 'manual',
    changed: [],
    result: vp ? 'matched' : 'no-match',
    segment: vp ? 'vp' : null,
    segmentName: vp ? 'VP leads' : null,
    previous: null,
    sequence: vp ? 'exec' : null,
    matches: vp ? ['vp'] : [],
    why: vp ? 'Matches “VP leads”' : 'Matches no active segment for lead records',
    connect: { outcome: 'none', reason: 'no-segment', words: 'Nothing to connect' },
  };
}

/** What the console shows of an evaluation: all but its id. */
function shown(doc: SegmentLogDoc): Partial<SegmentLogDoc> {
  const copy: Partial<SegmentLogDoc> = { ...doc };
  delete copy.id;
  return copy;
}

/** A "Run now" batch of records `from` to `to` (excluded) at `at`, as one transaction writes it. */
async function batch(from: number, to: number, at: number): Promise<void> {
  const tx = db.transaction('segmentLog', 'readwrite');
  const writes: Promise<unknown>[] = [];
  const writer = segmentLogWriter(
    (row) => writes.push(tx.store.put(row)),
    at,
    segmentLogKey(at, 'batch'),
  );
  for (let n = from; n < to; n += 1) writer.add(evaluation(n, at));
  writer.flush();
  await Promise.all(writes);
  await tx.done;
}

/** A capture's evaluation: a row of its own. */
async function capture(n: number, at: number): Promise<void> {
  await db.put('segmentLog', segmentLogRow(evaluation(n, at)));
}

async function evaluations(): Promise<number> {
  return (await db.getAll('segmentLog')).reduce((sum, row) => sum + row.entries.length, 0);
}

describe('rows of evaluations', () => {
  it('a batch of 250 is three rows, and every evaluation is read per record, per segment and for everyone', async () => {
    await capture(5, NOW - 2_000);
    await batch(0, 250, NOW - 1_000);
    await capture(5, NOW);
    const rows = await db.getAll('segmentLog');
    expect(rows.map((row) => row.entries.length)).toEqual([1, SEGMENT_LOG_ROW_ENTRIES, 100, 50, 1]);
    // The key says the row's instant and how many it holds.
    for (const row of rows) {
      expect(row.id.startsWith(eventKeyPrefix(row.at))).toBe(true);
      expect(entriesInRow(row.id)).toBe(row.entries.length);
    }

    const ofRecord = await readSegmentLog(db, { recordKey: recordKey(5), limit: 10 });
    expect(ofRecord.map(shown)).toEqual(
      [NOW, NOW - 1_000, NOW - 2_000].map((at) => shown(evaluation(5, at))),
    );
    for (const n of [0, 99, 100, 249]) {
      const ofOne = await readSegmentLog(db, { recordKey: recordKey(n), limit: 10 });
      expect(ofOne.map(shown)).toEqual([shown(evaluation(n, NOW - 1_000))]);
    }

    // The batch's members of "vp", in the order they were evaluated; none of the others.
    const ofSegment = await readSegmentLog(db, { segmentId: 'vp', limit: 200 });
    const members = Array.from({ length: 84 }, (_, i) => i * 3);
    expect(ofSegment.map(shown)).toEqual(members.map((n) => shown(evaluation(n, NOW - 1_000))));
    expect(
      (await readSegmentLog(db, { segmentId: 'vp', limit: 3 })).map((doc) => doc.recordKey),
    ).toEqual([0, 3, 6].map(recordKey));

    // Everyone's: newest first, the batch's last evaluated first (as when each was a row).
    const latest = await readSegmentLog(db, { limit: 4 });
    expect(latest.map((doc) => [doc.recordKey, doc.at])).toEqual([
      [recordKey(5), NOW],
      [recordKey(249), NOW - 1_000],
      [recordKey(248), NOW - 1_000],
      [recordKey(247), NOW - 1_000],
    ]);
    const all = await readSegmentLog(db, { limit: 1000 });
    expect(all).toHaveLength(252);
    expect(new Set(all.map((doc) => doc.id)).size).toBe(252);
  });
});

describe('retention', () => {
  it('counts evaluations: old rows go whole, and the row across the cap keeps its newest', async () => {
    await batch(0, 100, NOW - 91 * DAY);
    await capture(300, NOW - 91 * DAY);
    await batch(100, 250, NOW - DAY);
    await capture(301, NOW);
    expect(await compactSegmentLog(db, NOW, { maxAgeMs: 90 * DAY, maxEvents: 120 })).toBe(132);
    expect(await evaluations()).toBe(120);
    // 101 past the window; of the 151 left, the oldest 31 (the first row's first evaluations).
    for (const n of [0, 99, 300, 100, 130])
      expect(await readSegmentLog(db, { recordKey: recordKey(n), limit: 10 })).toEqual([]);
    for (const n of [131, 199, 200, 249, 301])
      expect(await readSegmentLog(db, { recordKey: recordKey(n), limit: 10 })).toHaveLength(1);
    const rows = await db.getAll('segmentLog');
    expect(rows.map((row) => row.entries.length)).toEqual([69, 50, 1]);
    expect(rows[0]?.entries.map((entry) => entry.recordKey)).toEqual(
      Array.from({ length: 69 }, (_, i) => recordKey(131 + i)),
    );
    expect(entriesInRow(rows[0]?.id ?? '')).toBe(69);
    // Members left in the trimmed row are still found by their segment.
    expect(
      (await readSegmentLog(db, { segmentId: 'vp', limit: 200 })).map((doc) => doc.recordKey),
    ).toContain(recordKey(132));
    // Nothing more to do.
    expect(await compactSegmentLog(db, NOW, { maxAgeMs: 90 * DAY, maxEvents: 120 })).toBe(0);
  });

  it('a cap at a row’s edge deletes whole rows only', async () => {
    await batch(0, 150, NOW - 2 * DAY);
    await capture(300, NOW);
    expect(await compactSegmentLog(db, NOW, { maxAgeMs: 90 * DAY, maxEvents: 51 })).toBe(100);
    expect((await db.getAll('segmentLog')).map((row) => row.entries.length)).toEqual([50, 1]);
  });
});

/** Why-log rows as versions 8 to 13 stored them: one evaluation each. */
const OLD_ROWS: SegmentLogDoc[] = [
  // Keyed by a UUID (before time-ordered keys), the oldest.
  evaluation(1, NOW - 3 * DAY, 'c2f1e6a0-0000-4000-8000-000000000002'),
  // A capture's.
  evaluation(3, NOW - 2 * DAY),
  // Two of one "Run now" batch: one instant, the batch's random part and a count.
  evaluation(1, NOW - DAY, segmentLogKey(NOW - DAY, 'aaaaaaaaaaaa0002')),
  evaluation(3, NOW - DAY, segmentLogKey(NOW - DAY, 'aaaaaaaaaaaa0001')),
];

/** What the console showed of old row `index`. */
const old = (index: number) => OLD_ROWS.map(shown)[index];

/** A backup file of `schemaVersion` whose core stores are empty, with `stores` added. */
function backupText(schemaVersion: number, stores: Record<string, unknown[]>): string {
  const empty = ['sequences', 'versions', 'records', 'connections', 'events', 'stats', 'settings'];
  return JSON.stringify({
    format: 'upnext-backup/v1',
    schemaVersion,
    exportedAt: NOW,
    stores: { ...Object.fromEntries(empty.map((store) => [store, []])), ...stores },
  });
}

describe('older why logs', () => {
  it('version 14 makes every stored evaluation a row, and each reads as before', async () => {
    db.close();
    globalThis.indexedDB = new IDBFactory();
    const before = await openDB('upnext', 13, {
      upgrade(database) {
        const log = database.createObjectStore('segmentLog', { keyPath: 'id' });
        log.createIndex('byRecord', 'recordKey');
        log.createIndex('bySegment', 'segment');
        log.createIndex('byAt', 'at');
      },
    });
    for (const row of OLD_ROWS) await before.put('segmentLog', row);
    before.close();
    db = await openDatabase();
    const tx = db.transaction('segmentLog');
    expect([...tx.store.indexNames].sort()).toEqual(['byRecord', 'bySegment']);
    await tx.done;
    const rows = await db.getAll('segmentLog');
    expect(rows.map((row) => [row.at, row.entries.length])).toEqual([
      [NOW - 3 * DAY, 1],
      [NOW - 2 * DAY, 1],
      [NOW - DAY, 1],
      [NOW - DAY, 1],
    ]);
    expect((await readSegmentLog(db, { recordKey: recordKey(1), limit: 10 })).map(shown)).toEqual([
      old(2),
      old(0),
    ]);
    // Of one instant, in the order the batch made them (its count), as before.
    expect((await readSegmentLog(db, { segmentId: 'vp', limit: 10 })).map(shown)).toEqual([
      old(3),
      old(1),
    ]);
    expect((await readSegmentLog(db, { limit: 10 })).map(shown)).toEqual([
      old(2),
      old(3),
      old(1),
      old(0),
    ]);
    // Retention reads their keys like any other row's.
    expect(await compactSegmentLog(db, NOW, { maxAgeMs: 90 * DAY, maxEvents: 3 })).toBe(1);
    expect(await readSegmentLog(db, { recordKey: recordKey(1), limit: 10 })).toHaveLength(1);
  });

  it('a backup made before version 14 restores its evaluations as rows; a backup made since restores as it was', async () => {
    await restoreBackup(db, backupText(13, { segments: [], segmentLog: OLD_ROWS }));
    expect(await evaluations()).toBe(4);
    expect((await readSegmentLog(db, { recordKey: recordKey(3), limit: 10 })).map(shown)).toEqual([
      old(3),
      old(1),
    ]);
    await batch(0, 150, NOW);
    const text = await createBackup(db, NOW);
    globalThis.indexedDB = new IDBFactory();
    db = await openDatabase();
    await restoreBackup(db, text);
    expect(await createBackup(db, NOW)).toBe(text);
    expect(await readSegmentLog(db, { segmentId: 'vp', limit: 200 })).toHaveLength(52);
  });

  it('a restored row is stored with what its evaluations say, whatever the file claims', async () => {
    await batch(0, 3, NOW);
    const [row] = await db.getAll('segmentLog');
    const claimed = { ...row, id: `${row.id.slice(0, -3)}zzz`, records: [], segments: ['x'] };
    await restoreBackup(db, backupText(14, { segmentLog: [claimed] }));
    const [stored] = await db.getAll('segmentLog');
    expect(entriesInRow(stored.id)).toBe(3);
    expect(stored.records).toEqual([0, 1, 2].map(recordKey));
    expect(stored.segments).toEqual(['vp']);
    expect(await readSegmentLog(db, { segmentId: 'x', limit: 10 })).toEqual([]);
    expect(await readSegmentLog(db, { recordKey: recordKey(2), limit: 10 })).toHaveLength(1);
  });
});
