/**
 * The worker's catch-up (`processDue`) over many due records, in batches of `BATCH`
 * per transaction: it stores exactly what ticking each record in its own transaction stored,
 * ticks each record from what is stored when its batch runs, loses nothing when a batch fails,
 * changes nothing when run again, and tells open pages once instead of once per record.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { recordKey } from '@/lib/domain/record-ref';
import type { RecordRef } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import { runRecordCommand, tickInOneTx } from '@/lib/store/record-tx';

import { commandContext, type BackgroundDeps } from './context';
import { createHandlers } from './handlers/create-handlers';
import { START, TIMED_PACK, freshDatabase, messenger, testDeps } from './handlers/test-kit';
import type { HandlerMap } from './router';
import { processDue, TOLD_ONE_BY_ONE, updateBadge, WAKE_ALARM, type TickBatch } from './scheduler';

const HOUR = 3_600_000;
const CONTENT = {
  id: 'upnext-test',
  url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
  tab: { id: 3 },
};

/**
 * Batches of ten in these tests (the size changes nothing of what is stored): 48 records, of
 * which 24 are due, so a catch-up runs three.
 */
const BATCH = 10;
const RECORDS = 48;

const lead = (n: number): RecordRef => ({
  crm: 'dynamics365',
  entity: 'lead',
  id: `a6b0f2d4-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

/** A database, its handlers and a clock of its own (two are compared side by side). */
interface World {
  db: Database;
  deps: BackgroundDeps;
  handlers: HandlerMap;
  clock: { now: number };
  data: ReturnType<typeof messenger>['data'];
}

async function world(): Promise<World> {
  const db = await freshDatabase();
  const clock = { now: START };
  const deps = testDeps(db, () => clock.now);
  const handlers = createHandlers(deps);
  const { data } = messenger(() => handlers);
  return { db, deps, handlers, clock, data };
}

/**
 * `records` leads, each seen and connected: a quarter left on their first step, half whose
 * two-hour wait began at START (due at START + 2 h: the wait ends, the second step falls due), a
 * quarter whose wait began an hour later (not yet due then). The clock is left at START + 2 h + 1 s.
 */
async function seed(w: World, records = RECORDS): Promise<void> {
  await w.data('importPack', { text: TIMED_PACK });
  await w.data('setSequenceState', { ids: ['timed'], state: 'active' });
  for (let n = 0; n < records; n += 1) {
    w.clock.now = START + (n % 4 === 3 ? HOUR : 0);
    const record = lead(n);
    await w.data(
      'recordSeen',
      { record, url: CONTENT.url, title: 'Lead', fields: { name: `Lead ${String(n)}` } },
      CONTENT,
    );
    const { view } = await w.data(
      'actOnRecord',
      { record, action: { type: 'connect', sequenceId: 'timed' } },
      CONTENT,
    );
    const card = view.active[0];
    if (n % 4 === 0) continue;
    await w.data(
      'actOnRecord',
      {
        record,
        action: {
          type: 'complete',
          connectionId: card.connectionId,
          stepId: 'first',
          revision: card.revision,
        },
      },
      CONTENT,
    );
  }
  // Every action's badge count (the kept mark the catch-up moves), as after a worker's follow-ups.
  await updateBadge(w.db, w.clock.now);
  w.clock.now = START + 2 * HOUR + 1000;
}

/** Every store's documents, by store name. */
async function dump(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of db.objectStoreNames) out[name] = await db.getAll(name);
  // A random mark of the segments' definitions, written by the import: not the catch-up's.
  out['settings'] = out['settings'].filter(
    (doc) => (doc as { key: string }).key !== 'segmentsRevision',
  );
  return out;
}

/** The catch-up as it was: each record ticked in its own transaction. */
const oneByOne: TickBatch = async (db, refs, ctx) => {
  const outcomes = [];
  for (const ref of refs) outcomes.push(await runRecordCommand(db, ref, [{ type: 'tick' }], ctx));
  return outcomes;
};

/** The records whose `wakeAt` has come at `now`. */
async function dueKeys(db: Database, now: number): Promise<string[]> {
  return db.getAllKeysFromIndex('records', 'byWakeAt', IDBKeyRange.upperBound(now));
}

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe('the catch-up in batches', () => {
  it('stores what ticking each record in its own transaction stored, and tells pages once', async () => {
    const batched = await world();
    const single = await world();
    // More records change than are told one by one.
    const records = 2 * TOLD_ONE_BY_ONE + 24;
    await seed(batched, records);
    await seed(single, records);
    const a = await dump(batched.db);
    const b = await dump(single.db);
    for (const name of Object.keys(a)) expect([name, a[name]]).toEqual([name, b[name]]);
    const due = await dueKeys(batched.db, batched.clock.now);
    expect(due.length).toBeGreaterThan(BATCH);

    const toPages = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    const batches: number[] = [];
    await processDue(batched.deps, batched.db, {
      batchSize: BATCH,
      tick: (db, refs, ctx) => {
        batches.push(refs.length);
        return tickInOneTx(db, refs, ctx);
      },
    });
    // Ticked in transactions of at most BATCH records, every due record once.
    expect(batches.every((size) => size <= BATCH)).toBe(true);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(due.length);
    const batchedBadge = await fakeBrowser.action.getBadgeText({});
    const batchedAlarm = (await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime;
    // More records changed than are told one by one: one `dataChanged`, no flood.
    const told = toPages.mock.calls.map(([message]) => message as { type: string });
    expect(told.filter(({ type }) => type === 'recordChanged')).toEqual([]);
    expect(told.filter(({ type }) => type === 'dataChanged')).toHaveLength(1);
    expect(due.length).toBeGreaterThan(TOLD_ONE_BY_ONE);

    fakeBrowser.reset();
    await processDue(single.deps, single.db, { batchSize: BATCH, tick: oneByOne });
    expect(await dump(batched.db)).toEqual(await dump(single.db));
    expect(batchedBadge).toBe(await fakeBrowser.action.getBadgeText({}));
    expect(batchedAlarm).toBe((await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime);
    // The waits that began at START ended; the later ones still run.
    expect(await dueKeys(batched.db, batched.clock.now)).toEqual([]);
    const rows = await batched.db.getAll('connections');
    expect(rows.filter((row) => row.stepId === 'second')).toHaveLength(
      Array.from({ length: records }, (_, n) => n).filter((n) => n % 4 === 1 || n % 4 === 2).length,
    );
  });

  it('changes nothing when run again', async () => {
    const w = await world();
    await seed(w);
    await processDue(w.deps, w.db, { batchSize: BATCH });
    const after = await dump(w.db);
    const ticked = vi.fn(tickInOneTx);
    await processDue(w.deps, w.db, { batchSize: BATCH, tick: ticked });
    expect(ticked).not.toHaveBeenCalled();
    expect(await dump(w.db)).toEqual(after);
  });

  it('ticks a record from what is stored when its batch runs, not from the list of due records', async () => {
    const w = await world();
    await seed(w);
    const due = (await dueKeys(w.db, w.clock.now)).sort();
    // A record of the last batch, its wait ending: the seller disconnects it while the first
    // batch runs.
    const lastKey = due.at(-1)!;
    const record = (await w.db.get('records', lastKey))!.ref;
    const connectionId = (await w.db.get('records', lastKey))!.state.connections[0].id;
    let first = true;
    let afterSeller: unknown[] = [];
    const mine = async (db: Database) => [
      await db.get('records', lastKey),
      await db.getAllFromIndex('connections', 'byRecord', lastKey),
      (await db.getAll('events')).filter((event) => event.recordKey === lastKey),
    ];
    await processDue(w.deps, w.db, {
      batchSize: BATCH,
      tick: async (db, refs, ctx) => {
        if (first) {
          first = false;
          await w.data(
            'actOnRecord',
            { record, action: { type: 'disconnect', connectionId } },
            CONTENT,
          );
          afterSeller = await mine(w.db);
        }
        return tickInOneTx(db, refs, ctx);
      },
    });
    // Ticked from the disconnected record: nothing more to do (from the listed, older state the
    // wait would have ended and the connection gone on).
    expect(await mine(w.db)).toEqual(afterSeller);
    expect((await w.db.get('records', lastKey))!.state.connections[0]).toMatchObject({
      status: 'disconnected',
    });
    expect(await dueKeys(w.db, w.clock.now)).toEqual([]);
  });

  it('stores nothing of a batch that fails, ticks the rest, and leaves the failing record due', async () => {
    const w = await world();
    await seed(w);
    const due = (await dueKeys(w.db, w.clock.now)).sort();
    // A record of the second batch that cannot be ticked (its transaction throws).
    const poisoned = due[BATCH + 3];
    const calls: string[][] = [];
    const failing = new Error('cannot tick');
    const run = processDue(w.deps, w.db, {
      batchSize: BATCH,
      tick: async (db, refs, ctx) => {
        calls.push(refs.map(recordKey));
        if (refs.some((ref) => recordKey(ref) === poisoned)) throw failing;
        return tickInOneTx(db, refs, ctx);
      },
    });
    await expect(run).rejects.toBe(failing);
    // Its batch was retried record by record, and the batches after it ran.
    expect(calls.filter((keys) => keys.length === 1).flat()).toEqual(due.slice(BATCH, 2 * BATCH));
    expect(calls.at(-1)).toEqual(due.slice(2 * BATCH));
    // Only the record that cannot be ticked is left due; the badge and the alarm still follow.
    expect(await dueKeys(w.db, w.clock.now)).toEqual([poisoned]);
    expect(await fakeBrowser.alarms.get(WAKE_ALARM)).toBeDefined();
    expect(await fakeBrowser.action.getBadgeText({})).not.toBe('');
  });

  it('stops when no record of a failed batch can be ticked (the storage fails)', async () => {
    const w = await world();
    await seed(w);
    const due = await dueKeys(w.db, w.clock.now);
    let calls = 0;
    const failing = new Error('disk full');
    const run = processDue(w.deps, w.db, {
      batchSize: BATCH,
      tick: () => {
        calls += 1;
        return Promise.reject(failing);
      },
    });
    await expect(run).rejects.toBe(failing);
    // The first batch, then each of its records alone; nothing after.
    expect(calls).toBe(1 + Math.min(BATCH, due.length));
    expect((await dueKeys(w.db, w.clock.now)).length).toBe(due.length);
  });

  it('commits a batch whole or not at all', async () => {
    const w = await world();
    await seed(w);
    const [good, bad] = (await dueKeys(w.db, w.clock.now)).sort();
    const before = await dump(w.db);
    // A damaged stored record: ticking it throws after the first record's writes were made.
    const damaged = (await w.db.get('records', bad))!;
    await w.db.put('records', { ...damaged, state: null as never });
    const ctx = await commandContext(w.deps, w.db);
    const refs = [good, bad].map((key) =>
      before['records'].find((doc) => (doc as { key: string }).key === key),
    ) as { ref: RecordRef }[];
    await expect(
      tickInOneTx(
        w.db,
        refs.map((doc) => doc.ref),
        ctx,
      ),
    ).rejects.toThrow();
    const after = await dump(w.db);
    expect(after['records'].find((doc) => (doc as { key: string }).key === good)).toEqual(
      before['records'].find((doc) => (doc as { key: string }).key === good),
    );
    expect(after['connections']).toEqual(before['connections']);
    expect(after['events']).toEqual(before['events']);
    expect(after['stats']).toEqual(before['stats']);
  });

  it('tells each changed record apart when few changed', async () => {
    const w = await world();
    await seed(w);
    // All but a few records already ticked: the next catch-up changes only those.
    const due = (await dueKeys(w.db, w.clock.now)).sort();
    const left = due
      .filter((key) => {
        const n = Number(key.slice(-12));
        return n % 4 === 1;
      })
      .slice(0, 3);
    await processDue(w.deps, w.db, {
      batchSize: BATCH,
      tick: (db, refs, ctx) =>
        tickInOneTx(
          db,
          refs.filter((ref) => !left.includes(recordKey(ref))),
          ctx,
        ),
    });
    const toPages = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    await processDue(w.deps, w.db, { batchSize: BATCH });
    const told = toPages.mock.calls.map(
      ([message]) => message as { type: string; recordKey?: string },
    );
    expect(told.filter(({ type }) => type === 'dataChanged')).toEqual([]);
    expect(told.map(({ recordKey }) => recordKey).sort()).toEqual([...left].sort());
  });
});

describe('a record whose tick keeps failing', () => {
  const MINUTE = 60_000;

  /** A catch-up whose tick throws for `poisoned` (alone or in a batch); the keys it tried. */
  async function catchUpFailing(w: World, poisoned: string): Promise<string[]> {
    const tried: string[] = [];
    await processDue(w.deps, w.db, {
      batchSize: BATCH,
      tick: async (db, refs, ctx) => {
        tried.push(...refs.map(recordKey));
        if (refs.some((ref) => recordKey(ref) === poisoned)) throw new Error('cannot tick');
        return tickInOneTx(db, refs, ctx);
      },
    }).catch(() => undefined);
    return tried;
  }

  const alarmAt = async (): Promise<number | undefined> =>
    (await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime;

  it('rests 1 minute, then 2, and is ticked when it can be; the others are ticked on time', async () => {
    const w = await world();
    await seed(w);
    const due = (await dueKeys(w.db, w.clock.now)).sort();
    const poisoned = due[3];
    const failedAt = w.clock.now;
    await catchUpFailing(w, poisoned);
    // Every other due record was ticked; the failing one waits a minute, not Chrome's 30 s.
    expect(await dueKeys(w.db, w.clock.now)).toEqual([poisoned]);
    expect(await alarmAt()).toBe(failedAt + MINUTE);
    // A worker start within the minute (a page's message) leaves it alone.
    w.clock.now = failedAt + 30_000;
    expect(await catchUpFailing(w, poisoned)).not.toContain(poisoned);
    expect(await alarmAt()).toBe(failedAt + MINUTE);
    // The alarm's catch-up tries it again: it fails again and rests twice as long.
    w.clock.now = failedAt + MINUTE;
    expect(await catchUpFailing(w, poisoned)).toContain(poisoned);
    expect(await alarmAt()).toBe(failedAt + 3 * MINUTE);
    // Repaired (an update): the next try ticks it, and nothing rests any more.
    w.clock.now = failedAt + 3 * MINUTE;
    await processDue(w.deps, w.db, { batchSize: BATCH });
    expect(await dueKeys(w.db, w.clock.now)).toEqual([]);
    expect(await w.db.get('settings', 'tickRetries')).toEqual({ key: 'tickRetries', value: {} });
    // The alarm is back at the next stored wake-up: the quarter whose wait began an hour later.
    expect(await alarmAt()).toBe(START + 3 * HOUR);
  });

  it('does not hold back a record due before its next try', async () => {
    const w = await world();
    await seed(w);
    const poisoned = (await dueKeys(w.db, w.clock.now)).sort()[0];
    await catchUpFailing(w, poisoned);
    // Failed ten times in a row: its next try is an hour away, after the next healthy wake-up.
    const stored = (await w.db.get('records', poisoned))!;
    w.clock.now = START + 2 * HOUR + 30 * MINUTE;
    await w.db.put('settings', {
      key: 'tickRetries',
      value: {
        [poisoned]: { wakeAt: stored.wakeAt!, failures: 10, retryAt: START + 3 * HOUR + MINUTE },
      },
    });
    await processDue(w.deps, w.db, { batchSize: BATCH });
    expect(await alarmAt()).toBe(START + 3 * HOUR);
    // At that wake-up the healthy records are ticked and the resting one is left alone.
    w.clock.now = START + 3 * HOUR;
    expect(await catchUpFailing(w, poisoned)).not.toContain(poisoned);
    expect(await dueKeys(w.db, w.clock.now)).toEqual([poisoned]);
    expect(await alarmAt()).toBe(START + 3 * HOUR + MINUTE);
  });

  it('no longer rests once it is stored with another wake-up (a seller acted on it)', async () => {
    const w = await world();
    await seed(w);
    const poisoned = (await dueKeys(w.db, w.clock.now)).sort()[0];
    await catchUpFailing(w, poisoned);
    // Stored again with another wake-up, due now: its rest was for the wake-up that failed.
    const stored = (await w.db.get('records', poisoned))!;
    await w.db.put('records', { ...stored, wakeAt: stored.wakeAt! + 1 });
    expect(await catchUpFailing(w, 'none')).toContain(poisoned);
    expect(await w.db.get('settings', 'tickRetries')).toEqual({ key: 'tickRetries', value: {} });
  });
});
