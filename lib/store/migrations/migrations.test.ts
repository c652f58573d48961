import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';

import { DB_VERSION, openDatabase } from '../db';
import { dueAfterRow, dueBetween, dueUpTo } from '../due-order';
import { eventKey, eventKeyPrefix } from '../event-keys';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('migrations', () => {
  it('version 1 creates every store and the indexes the panel, work list and console query', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'abTests',
      'connections',
      'events',
      'flowRollups',
      'mailSeen',
      'records',
      'rollupDeltas',
      'rollups',
      'segmentInputPacks',
      'segmentInputs',
      'segmentLog',
      'segments',
      'sequences',
      'settings',
      'stats',
      'versions',
    ]);
    const tx = db.transaction(['connections', 'records', 'events', 'sequences']);
    expect([...tx.objectStore('connections').indexNames].sort()).toEqual([
      'byActive',
      'byDueOrder',
      'byRecord',
      'bySequence',
    ]);
    expect([...tx.objectStore('records').indexNames].sort()).toEqual(['bySegment', 'byWakeAt']);
    expect([...tx.objectStore('events').indexNames]).toEqual(['byCaptures']);
    expect([...tx.objectStore('sequences').indexNames]).toEqual(['byState']);
    db.close();
  });

  it('opening again keeps what is stored', async () => {
    const db = await openDatabase();
    await db.put('settings', { key: 'settings', value: { sellerName: 'Ada' } });
    db.close();
    const again = await openDB('upnext');
    expect(await again.get('settings', 'settings')).toEqual({
      key: 'settings',
      value: { sellerName: 'Ada' },
    });
    again.close();
  });

  it('only rows that need the seller are in the work-list index', async () => {
    const db = await openDatabase();
    const row = { recordKey: 'k', sequenceId: 's', status: 'active' };
    await db.put('connections', { ...row, id: 'a', dueAt: 5 } as never);
    await db.put('connections', { ...row, id: 'b' } as never);
    expect(await db.countFromIndex('connections', 'byDueOrder')).toBe(1);
    db.close();
  });

  it('version 8 adds segments, the why log and the members index, and keeps what version 7 stored', async () => {
    const old = await openDB('upnext', 7, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'key' }).createIndex('byWakeAt', 'wakeAt');
      },
    });
    await old.put('records', { key: 'crm|lead|1', name: 'Ada' });
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('records', 'crm|lead|1')).toEqual({ key: 'crm|lead|1', name: 'Ada' });
    await db.put('records', { key: 'crm|lead|2', segment: 'vp' } as never);
    expect(await db.getAllKeysFromIndex('records', 'bySegment', 'vp')).toEqual(['crm|lead|2']);
    const row = { id: 'r1001', at: 5, records: ['crm|lead|2'], segments: [], entries: [] };
    await db.put('segmentLog', row);
    // A row for no segment is in the record's log but in no segment's.
    expect(await db.countFromIndex('segmentLog', 'byRecord', 'crm|lead|2')).toBe(1);
    expect(await db.countFromIndex('segmentLog', 'bySegment')).toBe(0);
    db.close();
  });

  it('version 9 fills what segments read of each stored record, and keeps the records as they are', async () => {
    const old = await openDB('upnext', 8, {
      upgrade(db) {
        const records = db.createObjectStore('records', { keyPath: 'key' });
        records.createIndex('byWakeAt', 'wakeAt');
        records.createIndex('bySegment', 'segment');
      },
    });
    const lead = {
      key: 'dynamics365|lead|1',
      ref: { crm: 'dynamics365', entity: 'lead', id: '1' },
      url: 'https://acme.crm.dynamics.com/main.aspx?etn=lead&id=1',
      name: 'Ada Lovelace',
      state: { fields: { jobTitle: 'VP Sales', employees: 40 }, connections: [] },
      segment: 'vp',
    };
    const contact = {
      key: 'salesforce|contact|2',
      ref: { crm: 'salesforce', entity: 'contact', id: '2' },
      url: 'not an address',
      name: 'Grace Hopper',
      state: { fields: {}, connections: [] },
    };
    await old.put('records', lead);
    await old.put('records', contact);
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('records', lead.key)).toEqual(lead);
    // Kind first: contacts before leads.
    expect(await db.getAll('segmentInputs')).toEqual([
      {
        key: contact.key,
        entity: 'contact',
        crm: 'salesforce',
        host: null,
        name: 'Grace Hopper',
        url: 'not an address',
        fields: {},
        segment: null,
      },
      {
        key: lead.key,
        entity: 'lead',
        crm: 'dynamics365',
        host: 'acme.crm.dynamics.com',
        name: 'Ada Lovelace',
        url: lead.url,
        fields: { jobTitle: 'VP Sales', employees: 40 },
        segment: 'vp',
      },
    ]);
    // One kind of record is one key range.
    const leads = IDBKeyRange.bound(['lead', ''], ['lead', []]);
    expect(await db.getAllKeys('segmentInputs', leads)).toEqual([['lead', lead.key]]);
    db.close();
  });

  it('a database an early segments build took to version 4 keeps its segments and gets versions 5 to 7', async () => {
    const old = await openDB('upnext', 4, {
      upgrade(db) {
        const records = db.createObjectStore('records', { keyPath: 'key' });
        records.createIndex('byWakeAt', 'wakeAt');
        records.createIndex('bySegment', 'segment');
        db.createObjectStore('segments', { keyPath: 'id' });
        const log = db.createObjectStore('segmentLog', { keyPath: 'id' });
        log.createIndex('byRecord', 'recordKey');
        log.createIndex('bySegment', 'segment');
        log.createIndex('byAt', 'at');
      },
    });
    await old.put('segments', { id: 'vp', name: 'VPs' });
    // Early builds' records may lack what later ones store: the kind and CRM come from the key.
    await old.put('records', { key: 'crm|lead|1', segment: 'vp' });
    await old.put('segmentLog', { id: 'r1', at: 5, recordKey: 'crm|lead|1', segment: 'vp' });
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('segments', 'vp')).toEqual({ id: 'vp', name: 'VPs' });
    expect(await db.getAllKeysFromIndex('records', 'bySegment', 'vp')).toEqual(['crm|lead|1']);
    expect(await db.countFromIndex('segmentLog', 'bySegment', 'vp')).toBe(1);
    expect(await db.get('segmentInputs', ['lead', 'crm|lead|1'])).toEqual({
      key: 'crm|lead|1',
      entity: 'lead',
      crm: 'crm',
      host: null,
      name: '1',
      url: '',
      fields: {},
      segment: 'vp',
    });
    expect([...db.objectStoreNames]).toEqual(
      expect.arrayContaining(['rollups', 'mailSeen', 'abTests']),
    );
    db.close();
  });

  it('version 6 adds the mailbox marks, indexed by client, and keeps what version 1 stored', async () => {
    const old = await openDB('upnext', 1, {
      upgrade(db) {
        db.createObjectStore('settings', { keyPath: 'key' });
      },
    });
    await old.put('settings', { key: 'settings', value: { sellerName: 'Ada' } });
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('settings', 'settings')).toEqual({
      key: 'settings',
      value: { sellerName: 'Ada' },
    });
    const mark = {
      key: 'gmail:18c0|crm|lead|1',
      client: 'gmail',
      messageId: '18c0',
      recordKey: 'crm|lead|1',
      direction: 'received' as const,
      at: 1,
      subject: 'Re: Hello',
      seenAt: 2,
    };
    await db.put('mailSeen', mark);
    expect(await db.getAllFromIndex('mailSeen', 'byClient', 'gmail')).toEqual([mark]);
    expect(await db.countFromIndex('mailSeen', 'byClient', 'outlook')).toBe(0);
    db.close();
  });

  it('version 7 adds ended A/B tests, keyed by sequence and step, and keeps what version 6 stored', async () => {
    const old = await openDB('upnext', 6, {
      upgrade(db) {
        db.createObjectStore('settings', { keyPath: 'key' });
      },
    });
    await old.put('settings', { key: 'settings', value: { sellerName: 'Ada' } });
    old.close();
    const db = await openDatabase();
    expect(await db.get('settings', 'settings')).toMatchObject({ value: { sellerName: 'Ada' } });
    const ended = {
      sequenceId: 'outbound',
      stepId: 'intro',
      endedAt: 5,
      winner: 'b' as const,
      by: 'manager' as const,
      a: { records: 60, conversions: 3 },
      b: { records: 58, conversions: 12 },
    };
    await db.put('abTests', ended);
    await db.put('abTests', { ...ended, sequenceId: 'other' });
    expect(await db.get('abTests', ['outbound', 'intro'])).toEqual(ended);
    expect(await db.getAllFromIndex('abTests', 'bySequence', 'outbound')).toEqual([ended]);
    db.close();
  });

  it('version 5 adds the insight roll-ups, keyed by sequence, version and day, indexed by sequence', async () => {
    const db = await openDatabase();
    const row = {
      sequenceId: 'outbound',
      version: 2,
      day: 20_000,
      connected: 3,
      completed: 1,
      exited: 0,
      disconnected: 0,
      moved: 0,
      successes: 1,
      stepsCompleted: 4,
      stepsSkipped: 0,
      completionMs: [86_400_000],
    };
    await db.put('rollups', row);
    expect(await db.get('rollups', ['outbound', 2, 20_000])).toEqual(row);
    expect(await db.countFromIndex('rollups', 'bySequence', 'outbound')).toBe(1);
    db.close();
  });

  it('version 10 adds the flow roll-ups and makes the background rebuild the roll-ups with them', async () => {
    const old = await openDB('upnext', 8, {
      upgrade(db) {
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('records', { keyPath: 'key' });
      },
    });
    await old.put('settings', { key: 'rollupBuild', value: { state: 'built', builtAt: 5 } });
    await old.put('settings', { key: 'settings', value: { sellerName: 'Ada' } });
    await old.put('records', { key: 'crm|lead|1', name: 'Ada' });
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    // Built before flow roll-ups existed: forgotten, so both are rebuilt from the history.
    expect(await db.get('settings', 'rollupBuild')).toBeUndefined();
    expect(await db.get('settings', 'settings')).toEqual({
      key: 'settings',
      value: { sellerName: 'Ada' },
    });
    expect(await db.get('records', 'crm|lead|1')).toEqual({ key: 'crm|lead|1', name: 'Ada' });
    const row = {
      sequenceId: 'outbound',
      version: 2,
      day: 20_000,
      connected: 1,
      ends: { completed: 1, replied: 0, disconnected: 0, moved: 0, active: 0 },
      steps: {},
      links: { 'start>end:completed': 1 },
    };
    await db.put('flowRollups', row);
    expect(await db.get('flowRollups', ['outbound', 2, 20_000])).toEqual(row);
    db.close();
  });

  it('version 11 indexes only active connections and recorded fields, converting what version 10 stored', async () => {
    const old = await openDB('upnext', 10, {
      upgrade(db) {
        const connections = db.createObjectStore('connections', { keyPath: 'id' });
        connections.createIndex('byRecord', 'recordKey');
        connections.createIndex('bySequence', 'sequenceId');
        connections.createIndex('byDue', 'dueAt');
        connections.createIndex('byStatus', 'status');
        connections.createIndex('bySequenceStatus', ['sequenceId', 'status']);
        const events = db.createObjectStore('events', { keyPath: 'id' });
        events.createIndex('byRecord', 'recordKey');
        events.createIndex('byAt', 'at');
      },
    });
    const row = (id: string, sequenceId: string, status: string) => ({
      id,
      recordKey: `crm|lead|${id}`,
      sequenceId,
      status,
      stepId: 's1',
      ...(status === 'active' ? { dueAt: 5 } : {}),
    });
    const rows = [
      row('a', 'outbound', 'active'),
      row('b', 'outbound', 'completed'),
      row('c', 'outbound', 'active'),
      row('d', 'renewal', 'active'),
      row('e', 'renewal', 'disconnected'),
    ];
    for (const value of rows) await old.put('connections', value);
    const event = (id: string, at: number, type: string, data: object) => ({
      id,
      at,
      recordKey: 'crm|lead|a',
      connectionId: null,
      sequenceId: null,
      version: null,
      stepId: null,
      type,
      data,
    });
    // Keys as versions before 11 wrote them: the engine's UUID (not in time order), or already
    // the instant in base 36 and the UUID's end.
    const DAY = 86_400_000;
    const at = Date.parse('2026-03-01T00:00:00Z');
    const events = [
      event('f0a1-old-uuid', at + 2 * DAY, 'fields-recorded', { values: { jobTitle: 'VP' } }),
      event('0a1-old-uuid', at + DAY, 'step-completed', {}),
      event(eventKey(at, 'new-uuid-000001'), at, 'step-completed', {}),
      event('00-old-uuid', at + 3 * DAY, 'fields-recorded', { values: { jobTitle: 'CEO' } }),
    ];
    for (const value of events) await old.put('events', value);
    old.close();

    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    const tx = db.transaction(['connections', 'events']);
    expect([...tx.objectStore('connections').indexNames].sort()).toEqual([
      'byActive',
      'byDueOrder',
      'byRecord',
      'bySequence',
    ]);
    expect([...tx.objectStore('events').indexNames]).toEqual(['byCaptures']);
    // Every row is still there; the active ones say their sequence, the others nothing new.
    expect(await db.getAll('connections')).toEqual(
      rows.map((value) =>
        value.status === 'active' ? { ...value, activeSequenceId: value.sequenceId } : value,
      ),
    );
    expect(await db.getAllKeysFromIndex('connections', 'byActive')).toEqual(['a', 'c', 'd']);
    expect(await db.getAllKeysFromIndex('connections', 'byActive', 'outbound')).toEqual(['a', 'c']);
    expect(await db.countFromIndex('connections', 'byActive', 'renewal')).toBe(1);
    // The log keeps every event, now in time order by key (an old key stays after the instant);
    // only the record's captures are indexed by record.
    const stored = await db.getAll('events');
    const expected = [events[2], events[1], events[0], events[3]].map((value, n) => ({
      ...value,
      id: n === 0 ? value.id : eventKeyPrefix(value.at) + value.id,
      ...(value.type === 'fields-recorded' ? { capturesOf: value.recordKey } : {}),
    }));
    expect(stored).toEqual(expected);
    expect(await db.getAllKeysFromIndex('events', 'byCaptures', 'crm|lead|a')).toEqual([
      expected[2].id,
      expected[3].id,
    ]);
    db.close();

    // Opening again (the ladder re-run at the same version does nothing) keeps it all.
    const again = await openDatabase();
    expect(await again.countFromIndex('connections', 'byActive')).toBe(3);
    again.close();
  });

  it('version 12 keys the work list by due time and id, converting what version 11 stored in place', async () => {
    const old = await openDB('upnext', 11, {
      upgrade(db) {
        const connections = db.createObjectStore('connections', { keyPath: 'id' });
        connections.createIndex('byRecord', 'recordKey');
        connections.createIndex('bySequence', 'sequenceId');
        connections.createIndex('byDue', 'dueAt');
        connections.createIndex('byActive', 'activeSequenceId');
      },
    });
    const row = (id: string, dueAt?: number) => ({
      id,
      recordKey: `crm|lead|${id}`,
      sequenceId: 'outbound',
      status: 'active',
      activeSequenceId: 'outbound',
      stepId: 's1',
      ...(dueAt === undefined ? {} : { dueAt }),
    });
    // Three rows share an instant (stored out of id order), one waits (no dueAt).
    const rows = [
      row('m', 20),
      row('b', 20),
      row('waiting'),
      row('x', 10),
      row('c', 20),
      row('a', 30),
    ];
    for (const value of rows) await old.put('connections', value);
    old.close();

    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.transaction('connections').store.indexNames].sort()).toEqual([
      'byActive',
      'byDueOrder',
      'byRecord',
      'bySequence',
    ]);
    // Every row is still there as it was; the index holds the rows that need the seller, by
    // due time then id.
    expect(await db.getAll('connections')).toEqual(
      [...rows].sort((p, q) => (p.id < q.id ? -1 : 1)),
    );
    expect(await db.getAllKeysFromIndex('connections', 'byDueOrder')).toEqual([
      'x',
      'b',
      'c',
      'm',
      'a',
    ]);
    // A page starts right after a row inside an instant; counts by due time still work.
    expect(
      await db.getAllKeysFromIndex(
        'connections',
        'byDueOrder',
        dueAfterRow({ dueAt: 20, id: 'b' }),
        2,
      ),
    ).toEqual(['c', 'm']);
    expect(await db.countFromIndex('connections', 'byDueOrder', dueUpTo(20))).toBe(4);
    expect(await db.countFromIndex('connections', 'byDueOrder', dueBetween(10, 20))).toBe(3);
    db.close();

    // Opening again changes nothing.
    const again = await openDatabase();
    expect(await again.countFromIndex('connections', 'byDueOrder')).toBe(5);
    again.close();
  });

  it('version 13 adds the roll-up deltas, keyed in the order they are appended, and keeps the rows and their build', async () => {
    const old = await openDB('upnext', 12, {
      upgrade(db) {
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('rollups', { keyPath: ['sequenceId', 'version', 'day'] });
      },
    });
    const row = {
      sequenceId: 'outbound',
      version: 2,
      day: 20_000,
      connected: 3,
      completed: 1,
      exited: 0,
      disconnected: 0,
      moved: 0,
      successes: 1,
      stepsCompleted: 4,
      stepsSkipped: 0,
      completionMs: [86_400_000],
    };
    await old.put('rollups', row);
    await old.put('settings', { key: 'rollupBuild', value: { state: 'built', builtAt: 5 } });
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    // The rows stay, and so does their build: nothing is rebuilt for the new store.
    expect(await db.get('rollups', ['outbound', 2, 20_000])).toEqual(row);
    expect(await db.get('settings', 'rollupBuild')).toEqual({
      key: 'rollupBuild',
      value: { state: 'built', builtAt: 5 },
    });
    const delta = (stepsCompleted: number) => ({
      day: [
        {
          sequenceId: 'outbound',
          version: 2,
          day: 20_000,
          add: { stepsCompleted },
          addMs: [],
          removeMs: [],
        },
      ],
      flow: [],
    });
    const first = await db.add('rollupDeltas', delta(1));
    const second = await db.add('rollupDeltas', delta(2));
    expect(second).toBeGreaterThan(first);
    expect((await db.getAll('rollupDeltas')).map((doc) => doc.day[0]?.add)).toEqual([
      { stepsCompleted: 1 },
      { stepsCompleted: 2 },
    ]);
    db.close();
    // Opening again (the upgrade already ran) keeps what is waiting.
    const again = await openDatabase();
    expect(await again.count('rollupDeltas')).toBe(2);
    again.close();
  });

  it('version 15 adds the packs of what segments read, empty, and keeps the rows they copy', async () => {
    const old = await openDB('upnext', 13, {
      upgrade(db) {
        db.createObjectStore('segmentInputs', { keyPath: ['entity', 'key'] });
      },
    });
    const row = {
      key: 'crm|lead|1',
      entity: 'lead',
      crm: 'crm',
      host: null,
      name: '1',
      url: '',
      fields: {},
      segment: null,
    };
    await old.put('segmentInputs', row);
    old.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.getAll('segmentInputs')).toEqual([row]);
    // Nothing is packed until a kind is first read (lib/store/segment-inputs.ts).
    expect(await db.count('segmentInputPacks')).toBe(0);
    await db.put('segmentInputPacks', { entity: 'lead', n: 0, json: JSON.stringify([row]) });
    expect(await db.getAllKeys('segmentInputPacks')).toEqual([['lead', 0]]);
    db.close();
  });
});
