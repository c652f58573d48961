/**
 * A seller's action on a record whose last transaction the worker saw runs ahead of its reads
 * (lib/store/record-tx.ts, `runRecordCommand`; the copy in lib/store/record-copy.ts): its
 * writes are requested before the reads answer, and committed only if the reads are what the
 * copy said. What is stored must be exactly what the usual path stores; a copy that another
 * writer outlived, or another tab's action on the same step, must end as if there had been no
 * copy: the action applied once, or answered "already handled", and nothing of the run ahead
 * kept.
 */
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';

import { recordKey } from '@/lib/domain/record-ref';
import type { RecordAction, RecordRef } from '@/lib/messaging/protocol';
import { openDatabase, type Database } from '@/lib/store/db';
import { dropCopy } from '@/lib/store/record-copy';

import type { HandlerMap } from '../router';
import { createHandlers } from './create-handlers';
import { CONTENT, LEAD, START, freshDatabase, messenger, testDeps } from './test-kit';

const HOUR = 3_600_000;

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outbound',
      name: 'Outbound',
      entity: 'lead',
      steps: [
        { id: 't1', type: 'task', name: 'Research the account' },
        { id: 't2', type: 'task', name: 'Call the main office' },
        { id: 't3', type: 'task', name: 'Send the case study' },
        { id: 't4', type: 'task', name: 'Book a meeting' },
        { id: 't5', type: 'task', name: 'Send the proposal' },
      ],
    },
  ],
});

/** A worker on a fresh database: its handlers, clock and messenger. */
async function worker() {
  const world = { clock: START, db: null as unknown as Database, handlers: {} as HandlerMap };
  world.db = await freshDatabase();
  world.handlers = createHandlers(testDeps(world.db, () => world.clock));
  const { data, send } = messenger(() => world.handlers);
  await data('importPack', { text: PACK });
  await data('setSequenceState', { ids: ['outbound'], state: 'active' });
  await data(
    'recordSeen',
    {
      record: LEAD,
      url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
      title: 'Lead',
      fields: {},
    },
    CONTENT,
  );
  await data('actOnRecord', { record: LEAD, action: { type: 'connect', sequenceId: 'outbound' } });
  return { world, data, send };
}

type StepAction = { type: 'complete' } | { type: 'skip' } | { type: 'snooze'; until: number };

/** The panel's current step of `record`, as the seller sees it before acting. */
async function currentStep(
  data: Awaited<ReturnType<typeof worker>>['data'],
  record: RecordRef = LEAD,
) {
  const { view } = await data('getRecordView', { record });
  const card = view!.active[0];
  return { connectionId: card.connectionId, stepId: card.current!.stepId, revision: card.revision };
}

function actionOn(step: Awaited<ReturnType<typeof currentStep>>, action: StepAction): RecordAction {
  return { ...action, ...step };
}

/**
 * Everything a record transaction may write, as stored now (the segments' revision, a random
 * id each database draws when it is set up, aside).
 */
async function storedNow(db: Database): Promise<string> {
  const stores = [
    'records',
    'connections',
    'events',
    'stats',
    'settings',
    'rollupDeltas',
    'segmentInputs',
  ] as const;
  const rows = await Promise.all(stores.map((store) => db.getAll(store)));
  return JSON.stringify(rows, function (this: { key?: unknown }, key, value: unknown) {
    return key === 'value' && this.key === 'segmentsRevision' ? '(a revision)' : value;
  });
}

/** Runs `body` while logging the record store's reads and writes: asked, answered, put. */
async function logRecordRequests(body: () => Promise<void>): Promise<string[]> {
  const log: string[] = [];
  // The fake's own methods, called below on the store they belong to.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const get = Function.prototype.call.bind(FakeObjectStore.prototype.get) as (
    store: IDBObjectStore,
    key: IDBValidKey | IDBKeyRange,
  ) => IDBRequest;
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const put = Function.prototype.call.bind(FakeObjectStore.prototype.put) as (
    store: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) => IDBRequest<IDBValidKey>;
  const spies = [
    vi.spyOn(FakeObjectStore.prototype, 'get').mockImplementation(function (
      this: IDBObjectStore,
      key: IDBValidKey | IDBKeyRange,
    ) {
      const request = get(this, key);
      if (this.name === 'records') {
        log.push('ask');
        request.addEventListener('success', () => log.push('got'));
      }
      return request;
    }),
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      value: unknown,
      key?: IDBValidKey,
    ) {
      if (this.name === 'records') log.push('put');
      return put(this, value, key);
    }),
  ];
  try {
    await body();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return log;
}

describe('an action run ahead of its reads', () => {
  it('writes before its reads answer and stores exactly what the usual path stores (complete, skip, snooze)', async () => {
    const plan: StepAction[] = [
      { type: 'complete' },
      { type: 'skip' },
      { type: 'snooze', until: START + 5 * HOUR },
      { type: 'complete' },
      { type: 'complete' },
    ];
    // The same clicks on two workers: one keeps its copy, the other drops it before each click.
    const stored: string[] = [];
    const replies: unknown[][] = [];
    for (const ahead of [true, false]) {
      const { world, data } = await worker();
      const answers: unknown[] = [];
      let ranAhead = 0;
      for (const action of plan) {
        world.clock += HOUR;
        const step = await currentStep(data);
        if (!ahead) dropCopy(world.db, recordKey(LEAD));
        const log = await logRecordRequests(async () => {
          answers.push(await data('actOnRecord', { record: LEAD, action: actionOn(step, action) }));
        });
        // Ahead: the record's write is asked for before its read has answered.
        if (log.indexOf('put') !== -1 && log.indexOf('put') < log.indexOf('got')) ranAhead += 1;
      }
      expect(ranAhead).toBe(ahead ? plan.length : 0);
      stored.push(await storedNow(world.db));
      replies.push(answers);
    }
    expect(stored[0]).toBe(stored[1]);
    expect(replies[0]).toEqual(replies[1]);
    expect(JSON.stringify(replies[0])).toContain('Send the proposal');
  });

  it('stores the right counts once when another database connection wrote since the copy', async () => {
    const { world, data } = await worker();
    world.clock += HOUR;
    const first = await currentStep(data);
    await data('actOnRecord', { record: LEAD, action: actionOn(first, { type: 'complete' }) });
    // Another writer (a page, the console) on a connection of its own moves t2's statistics.
    const other = await openDatabase();
    const row = await other.get('stats', ['outbound', 't2']);
    await other.put('stats', { ...row!, reached: row!.reached + 5, completed: 7 });
    other.close();
    world.clock += HOUR;
    const second = await currentStep(data);
    const reply = await data('actOnRecord', {
      record: LEAD,
      action: actionOn(second, { type: 'complete' }),
    });
    expect(reply.outcome).toBe('applied');
    expect(await world.db.get('stats', ['outbound', 't2'])).toMatchObject({
      reached: row!.reached + 5,
      completed: 8,
    });
    const events = await world.db.getAll('events');
    expect(events.filter((event) => event.type === 'step-completed')).toHaveLength(2);
  });

  it('keeps nothing of a run ahead whose copy was stale: the step another writer completed is "already handled"', async () => {
    const { world, data } = await worker();
    world.clock += HOUR;
    const first = await currentStep(data);
    await data('actOnRecord', { record: LEAD, action: actionOn(first, { type: 'complete' }) });
    const second = await currentStep(data);
    const before = await storedNow(world.db);
    // The same step completed through another connection (as a second worker or a test page
    // would): this worker's copy of the record is now stale.
    const other = await openDatabase();
    const otherWorld = createHandlers(testDeps(other, () => world.clock));
    const { data: otherData } = messenger(() => otherWorld);
    world.clock += HOUR;
    await otherData('actOnRecord', {
      record: LEAD,
      action: actionOn(second, { type: 'complete' }),
    });
    const afterOther = await storedNow(world.db);
    expect(afterOther).not.toBe(before);
    const reply = await data('actOnRecord', {
      record: LEAD,
      action: actionOn(second, { type: 'complete' }),
    });
    other.close();
    expect(reply.outcome).toBe('already-handled');
    // Nothing of the aborted run ahead (its record, row, event, statistics) was kept.
    expect(await storedNow(world.db)).toBe(afterOther);
  });

  it('answers the second of two tabs acting on the same step "already handled", and applies it once', async () => {
    const { world, data } = await worker();
    world.clock += HOUR;
    const first = await currentStep(data);
    await data('actOnRecord', { record: LEAD, action: actionOn(first, { type: 'complete' }) });
    world.clock += HOUR;
    const second = await currentStep(data);
    const action = actionOn(second, { type: 'complete' });
    const replies = await Promise.all([
      data('actOnRecord', { record: LEAD, action }),
      data('actOnRecord', { record: LEAD, action }),
    ]);
    expect(replies.map((reply) => reply.outcome).sort()).toEqual(['already-handled', 'applied']);
    const completed = (await world.db.getAll('events')).filter(
      (event) => event.type === 'step-completed' && event.stepId === second.stepId,
    );
    expect(completed).toHaveLength(1);
    expect(await world.db.get('stats', ['outbound', second.stepId])).toMatchObject({
      completed: 1,
    });
  });
});
