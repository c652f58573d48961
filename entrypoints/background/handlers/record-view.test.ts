/**
 * Showing a record (`getRecordView`, the panel after every navigation): it lets time pass first,
 * but answers from a read-only transaction while that changes nothing stored, and stores what
 * time changed (a wait ended, a snooze ran out, an A/B test's date passed) before it answers.
 * Both ways give the view a record transaction would give.
 */
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { RecordRef } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import { forgetKept } from '@/lib/store/kept-copy';
import { readRecordAsStored } from '@/lib/store/record-read';
import { runRecordCommand } from '@/lib/store/record-tx';
import { buildRecordView } from '@/lib/views/record-view';

import { commandContext } from '../context';
import type { HandlerMap } from '../router';
import { createHandlers } from './create-handlers';
import { CONTENT, LEAD, START, freshDatabase, messenger, testDeps } from './test-kit';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outbound',
      name: 'Outbound',
      entity: 'lead',
      steps: [
        { id: 't1', type: 'task', name: 'Research the account' },
        { id: 'w1', type: 'wait', days: 1 },
        { id: 't2', type: 'task', name: 'Call the main office' },
        { id: 'w2', type: 'wait', days: 2 },
        { id: 't3', type: 'task', name: 'Send the case study' },
      ],
    },
    {
      id: 'intro',
      name: 'Intro test',
      entity: 'lead',
      steps: [
        {
          id: 'ab1',
          type: 'ab-test',
          a: { type: 'email', name: 'Short intro', template: { subject: 'Quick', body: 'A' } },
          b: { type: 'email', name: 'Case study', template: { subject: 'Acme', body: 'B' } },
          metric: 'replied',
          default: 'b',
          ends: { at: '2026-03-24T09:00:00Z' },
        },
        { id: 'x1', type: 'task', name: 'Follow up' },
      ],
    },
  ],
});

let clock: number;
let db: Database;
let handlers: HandlerMap;
let changes: string[][];
let modes: IDBTransactionMode[];
const { data } = messenger(() => handlers);

beforeEach(async () => {
  clock = START;
  changes = [];
  modes = [];
  db = await freshDatabase();
  // Every transaction the handlers open, by mode (the database object is the worker's own).
  const open = db.transaction.bind(db);
  db.transaction = ((stores: never, mode?: IDBTransactionMode, options?: never) => {
    modes.push(mode ?? 'readonly');
    return open(stores, mode, options);
  }) as typeof db.transaction;
  handlers = createHandlers(
    testDeps(db, () => clock, { afterChange: ({ recordKeys }) => changes.push(recordKeys) }),
  );
  await data('importPack', { text: PACK });
  await data('setSequenceState', { ids: ['outbound', 'intro'], state: 'active' });
});

async function seeAndConnect(record: RecordRef, sequenceId: string): Promise<void> {
  await data(
    'recordSeen',
    { record, url: 'https://acme.crm.dynamics.com/main.aspx?id=1', title: 'Lead', fields: {} },
    CONTENT,
  );
  await data('actOnRecord', { record, action: { type: 'connect', sequenceId } }, CONTENT);
}

async function completeCurrent(record: RecordRef): Promise<void> {
  const { view } = await data('getRecordView', { record }, CONTENT);
  const card = view!.active[0];
  await data(
    'actOnRecord',
    {
      record,
      action: {
        type: 'complete',
        connectionId: card.connectionId,
        stepId: card.current!.stepId,
        revision: card.revision,
      },
    },
    CONTENT,
  );
}

/** Everything a record transaction may write, as stored now. */
async function storedNow(): Promise<string> {
  const stores = ['records', 'connections', 'events', 'stats', 'settings', 'abTests'] as const;
  return JSON.stringify(await Promise.all(stores.map((store) => db.getAll(store))));
}

describe('showing a record', () => {
  it('writes nothing while time changes nothing, and answers with the stored step', async () => {
    await seeAndConnect(LEAD, 'outbound');
    const before = await storedNow();
    modes = [];
    changes = [];
    clock += HOUR;
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.active[0]?.current).toMatchObject({ stepId: 't1', name: 'Research the account' });
    expect(modes).not.toContain('readwrite');
    expect(await storedNow()).toBe(before);
    expect(changes).toEqual([]);
  });

  it('writes nothing for a row whose fields were stored in another order (a restored backup)', async () => {
    await seeAndConnect(LEAD, 'outbound');
    // A restore validates rows with a schema that lists id, recordKey and sequenceId first, so
    // the same row comes back with its fields in another order.
    const [row] = await db.getAll('connections');
    const { id, recordKey, sequenceId, ...rest } = row;
    await db.put('connections', { id, recordKey, sequenceId, ...rest });
    expect(Object.keys((await db.getAll('connections'))[0])).not.toEqual(Object.keys(row));
    modes = [];
    clock += HOUR;
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.active[0]?.current).toMatchObject({ stepId: 't1' });
    expect(modes).not.toContain('readwrite');
  });

  it('stores a wait that ended before it shows the next step', async () => {
    await seeAndConnect(LEAD, 'outbound');
    await completeCurrent(LEAD);
    const waiting = (await data('getRecordView', { record: LEAD }, CONTENT)).view;
    expect(waiting?.active[0]?.current).toMatchObject({ stepId: 'w1', kind: 'waiting' });

    clock += DAY + HOUR;
    modes = [];
    changes = [];
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.active[0]?.current).toMatchObject({ stepId: 't2', isDue: true });
    expect(modes).toContain('readwrite');
    const [row] = await db.getAllFromIndex(
      'connections',
      'byRecord',
      'dynamics365|lead|' + LEAD.id,
    );
    expect(row).toMatchObject({ stepId: 't2' });
    expect(changes).toEqual([['dynamics365|lead|' + LEAD.id]]);

    // Stored now: showing it again is a read.
    modes = [];
    const again = (await data('getRecordView', { record: LEAD }, CONTENT)).view;
    expect(again).toEqual(view);
    expect(modes).not.toContain('readwrite');
  });

  it('decides an A/B test whose date passed, once, before it shows the step', async () => {
    const record: RecordRef = { ...LEAD, id: 'ab-lead' };
    await seeAndConnect(record, 'intro');
    expect(await db.count('abTests')).toBe(0);
    clock = Date.parse('2026-03-24T10:00:00Z');
    await data('getRecordView', { record }, CONTENT);
    expect(await db.getAll('abTests')).toMatchObject([{ stepId: 'ab1', by: 'date' }]);
    modes = [];
    await data('getRecordView', { record }, CONTENT);
    expect(modes).not.toContain('readwrite');
  });

  it('gives the view a record transaction gives, at every moment of a sequence', async () => {
    const deps = testDeps(db, () => clock);
    await seeAndConnect(LEAD, 'outbound');
    await completeCurrent(LEAD);
    let stored = 0;
    let moved = 0;
    // Every 5 hours over 5 days: through the first wait (ends after 24 h), the second step
    // (done at 50 h), the second wait (ends at 98 h) and the last step.
    for (let at = 0; at <= 5 * DAY; at += 5 * HOUR) {
      clock = START + at;
      if (at === 50 * HOUR) await completeCurrent(LEAD);
      const ctx = await commandContext(deps, db);
      const read = await readRecordAsStored(db, LEAD, ctx);
      expect(read.kind).not.toBe('unknown');
      const before = await storedNow();
      const outcome = await runRecordCommand(db, LEAD, [{ type: 'tick' }], ctx);
      const written = (await storedNow()) !== before;
      if (read.kind === 'stored') {
        stored += 1;
        // The read said time changes nothing: the record transaction wrote nothing, and the
        // view from the read is the one the transaction answers with.
        expect(written).toBe(false);
        expect(buildRecordView(read.doc, { ...ctx, sequences: read.sequences })).toEqual(
          buildRecordView(outcome.doc!, { ...ctx, sequences: outcome.sequences }),
        );
      } else {
        moved += 1;
        expect(written).toBe(true);
      }
    }
    expect(stored).toBeGreaterThan(10);
    expect(moved).toBeGreaterThanOrEqual(2);
  });

  it('reads the sequences a record runs on with the record itself once a read needed them, and a wrong guess changes nothing', async () => {
    const other: RecordRef = { ...LEAD, id: 'b8f0f6a1-2c3d-4e5f-8a9b-0c1d2e3f4a5b' };
    await seeAndConnect(LEAD, 'outbound');
    await seeAndConnect(other, 'intro');
    // Which reads are asked for, and which have answered, in order.
    const log: string[] = [];
    // The fake's own method, called below on the store it belongs to.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const get = Function.prototype.call.bind(FakeObjectStore.prototype.get) as (
      store: IDBObjectStore,
      key: IDBValidKey | IDBKeyRange,
    ) => IDBRequest;
    const spy = vi.spyOn(FakeObjectStore.prototype, 'get').mockImplementation(function (
      this: IDBObjectStore,
      key: IDBValidKey | IDBKeyRange,
    ) {
      const request = get(this, key);
      log.push(`ask ${this.name}`);
      request.addEventListener('success', () => log.push(`got ${this.name}`));
      return request;
    });
    try {
      await data('getRecordView', { record: LEAD }, CONTENT);
      log.length = 0;
      // Another record on the same sequence: its sequence is asked for before the record answers
      // (one round trip, not two).
      const third: RecordRef = { ...LEAD, id: 'c0ffee00-2c3d-4e5f-8a9b-0c1d2e3f4a5b' };
      await seeAndConnect(third, 'outbound');
      // What the worker kept of the sequences is not read at all.
      log.length = 0;
      await data('getRecordView', { record: third }, CONTENT);
      expect(log.filter((line) => /sequences|versions/.test(line))).toEqual([]);
      // Nothing kept (a manager changed a sequence meanwhile): asked with the record.
      forgetKept(db);
      log.length = 0;
      await data('getRecordView', { record: third }, CONTENT);
      console.log('LOG', JSON.stringify(log));
      const asked = log.lastIndexOf('ask sequences');
      expect(asked).toBeGreaterThan(-1);
      expect(asked).toBeLessThan(log.lastIndexOf('got records'));
    } finally {
      spy.mockRestore();
    }
    // A record on another sequence than the guess: the same view a record transaction gives.
    const deps = testDeps(db, () => clock);
    const ctx = await commandContext(deps, db);
    await data('getRecordView', { record: LEAD }, CONTENT);
    const read = await readRecordAsStored(db, other, ctx);
    const outcome = await runRecordCommand(db, other, [{ type: 'tick' }], ctx);
    expect(read.kind).toBe('stored');
    if (read.kind !== 'stored') return;
    const view = buildRecordView(read.doc, { ...ctx, sequences: read.sequences });
    expect(view.active[0]?.sequenceName).toBe('Intro test');
    expect(view).toEqual(buildRecordView(outcome.doc!, { ...ctx, sequences: outcome.sequences }));
  });

  it('tells a record it has never seen, and refuses a page of another CRM', async () => {
    const unseen = await data('getRecordView', { record: { ...LEAD, id: 'never' } }, CONTENT);
    expect(unseen.view).toBeNull();
    const salesforce: RecordRef = { crm: 'salesforce', entity: 'lead', id: '00Q5e00000A1b2C' };
    await expect(data('getRecordView', { record: salesforce }, CONTENT)).rejects.toThrow(
      /not part of Salesforce/,
    );
  });
});
