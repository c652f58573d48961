/**
 * The CRM state the worker keeps between record messages (`keptCrmState`): read once, and read
 * anew after every write of a CRM setting, whichever way it is written (the console, a pack, the
 * administrator's policy, a restore, a reset), even when a read overlapped the write.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';

import type { CrmDefinition } from '../sequence/types';
import { applyManagedPolicy } from '../use-cases/apply-policy';
import {
  removeCustomCrm,
  removeInstance,
  saveCustomCrm,
  saveInstance,
  type CrmPorts,
} from '../use-cases/custom-crms';
import { importPack } from '../use-cases/import-pack';
import { createBackup, resetAll, restoreBackup } from './backup';
import { keptCrmState, putCrmSetting, readCrmState, storeCrmSetting } from './crm-settings';
import { openDatabase, type Database } from './db';
import type { SettingDoc } from './settings';

const ACME: CrmDefinition = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
};

let db: Database;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDatabase();
});

/** The `settings` store of a new read-only transaction, with a count of its reads. */
function countedStore(database: Database) {
  const store = database.transaction('settings').store;
  const counted = {
    reads: 0,
    transaction: store.transaction,
    get(key: string): Promise<SettingDoc | undefined> {
      counted.reads += 1;
      return store.get(key);
    },
  };
  return counted;
}

const ports = (database: Database): CrmPorts => ({
  db: database,
  granted: () => Promise.resolve([]),
  release: () => Promise.resolve(),
  reconcile: () => Promise.resolve(),
});

describe('keptCrmState', () => {
  it('reads the five settings once, then answers without reading', async () => {
    await storeCrmSetting(db, 'customCrms', [ACME]);
    const first = countedStore(db);
    expect((await keptCrmState(first)).userCrms).toEqual([ACME]);
    expect(first.reads).toBe(5);
    const second = countedStore(db);
    expect((await keptCrmState(second)).userCrms).toEqual([ACME]);
    expect(second.reads).toBe(0);
    expect(await keptCrmState(db)).toEqual(await readCrmState(db));
  });

  it('is frozen: a caller cannot change what the next message sees', async () => {
    await storeCrmSetting(db, 'crmInstances', [{ origin: 'http://mycrm', crm: 'suitecrm' }]);
    const state = await keptCrmState(db);
    expect(() => (state.userInstances as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (state.userInstances[0] as { origin: string }).origin = 'https://evil.example';
    }).toThrow(TypeError);
    expect((await keptCrmState(db)).userInstances).toEqual([
      { origin: 'http://mycrm', crm: 'suitecrm' },
    ]);
  });

  it('sees every write of a CRM setting at once', async () => {
    expect((await keptCrmState(db)).userInstances).toEqual([]);
    await storeCrmSetting(db, 'crmInstances', [{ origin: 'http://mycrm', crm: 'suitecrm' }]);
    expect((await keptCrmState(db)).userInstances).toEqual([
      { origin: 'http://mycrm', crm: 'suitecrm' },
    ]);
    await storeCrmSetting(db, 'policyCrms', [ACME]);
    expect((await keptCrmState(db)).policyCrms).toEqual([ACME]);
  });

  it('does not keep a read that overlapped a write', async () => {
    // The read's transaction starts before the write's, so it sees the state before it.
    const before = db.transaction('settings').store;
    const overlapping = keptCrmState(before);
    await storeCrmSetting(db, 'customCrms', [ACME]);
    expect((await overlapping).userCrms).toEqual([]);
    expect((await keptCrmState(db)).userCrms).toEqual([ACME]);
  });

  it('does not keep what an aborted write showed its own transaction', async () => {
    expect((await keptCrmState(db)).userCrms).toEqual([]);
    const tx = db.transaction('settings', 'readwrite');
    void putCrmSetting(tx.store, 'customCrms', [ACME]).catch(() => undefined);
    // Inside the writing transaction the uncommitted row is visible…
    expect((await keptCrmState(tx.store)).userCrms).toEqual([ACME]);
    tx.abort();
    await tx.done.catch(() => undefined);
    // …and once it is rolled back, so is what the worker keeps.
    expect((await keptCrmState(db)).userCrms).toEqual([]);
  });

  it('starts empty on a new connection (a restarted worker reads what is stored)', async () => {
    expect((await keptCrmState(db)).userCrms).toEqual([]);
    await storeCrmSetting(db, 'customCrms', [ACME]);
    db.close();
    const again = await openDatabase();
    const store = countedStore(again);
    expect((await keptCrmState(store)).userCrms).toEqual([ACME]);
    expect(store.reads).toBe(5);
  });
});

describe('every writer of CRM settings makes the kept state current', () => {
  beforeEach(async () => {
    // Kept before each write, so a writer that forgot it would leave it stale.
    expect(await keptCrmState(db)).toEqual(await readCrmState(db));
  });

  it('the console: custom CRMs and instances, saved and removed', async () => {
    await saveCustomCrm(ports(db), ACME);
    expect((await keptCrmState(db)).userCrms.map((crm) => crm.id)).toEqual(['acme']);
    expect((await keptCrmState(db)).consoleIds).toEqual(['acme']);
    await saveInstance(ports(db), 'http://mycrm', 'suitecrm');
    expect((await keptCrmState(db)).userInstances).toEqual([
      { origin: 'http://mycrm', crm: 'suitecrm' },
    ]);
    await removeCustomCrm(ports(db), 'acme');
    expect((await keptCrmState(db)).userCrms).toEqual([]);
    await removeInstance(ports(db), 'http://mycrm');
    expect((await keptCrmState(db)).userInstances).toEqual([]);
  });

  it('a pack that brings a custom CRM', async () => {
    const pack = {
      format: 'upnext/v1',
      sequences: [{ id: 's', name: 'S', entity: 'lead', steps: [{ id: 't', type: 'task' }] }],
      crms: [ACME],
    };
    await importPack(db, JSON.stringify(pack), Date.now());
    expect((await keptCrmState(db)).userCrms.map((crm) => crm.id)).toEqual(['acme']);
  });

  it("the administrator's policy", async () => {
    await applyManagedPolicy(
      {
        db,
        now: Date.now(),
        readManaged: () =>
          Promise.resolve({
            customCrms: [ACME],
            instances: [{ origin: 'https://crm.corp.example', crm: 'suitecrm' }],
          }),
        download: () => Promise.reject(new Error('no pack in this test')),
        dailyCheck: () => Promise.resolve(),
        reconcile: () => Promise.resolve(),
      },
      { fetchPack: false },
    );
    const state = await keptCrmState(db);
    expect(state.policyCrms.map((crm) => crm.id)).toEqual(['acme']);
    expect(state.policyInstances).toEqual([
      { origin: 'https://crm.corp.example', crm: 'suitecrm' },
    ]);
  });

  it('a restore and a reset', async () => {
    await storeCrmSetting(db, 'customCrms', [ACME]);
    const backup = await createBackup(db, Date.now());
    await resetAll(db);
    expect((await keptCrmState(db)).userCrms).toEqual([]);
    await restoreBackup(db, backup);
    expect((await keptCrmState(db)).userCrms.map((crm) => crm.id)).toEqual(['acme']);
  });
});
