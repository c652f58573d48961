import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { openDatabase, type Database } from '@/lib/store/db';
import { listSummaries } from '@/lib/store/sequences-repo';
import { DEFAULT_SETTINGS, type PolicyStatus } from '@/lib/store/settings';

import { applyPolicy, POLICY_ALARM, type PolicyDeps } from './policy';

const ACME = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://CRM.acme.example/'],
  records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
};
const PACK_URL = 'https://intranet.example/upnext/pack.json';
const pack = (name: string) =>
  JSON.stringify({
    format: 'upnext/v1',
    sequences: [
      { id: 'policy-outbound', name, entity: 'lead', steps: [{ id: 't1', type: 'task' }] },
    ],
  });

describe('applyPolicy', () => {
  let db: Database;
  let managed: unknown;
  let responses: Map<string, () => Promise<Response>>;
  let reconciled: number;
  let changes: { all?: boolean; reproject?: boolean }[];
  let now: number;

  const deps = (): PolicyDeps => ({
    db: () => Promise.resolve(db),
    now: () => now,
    readManaged: () => Promise.resolve(managed),
    fetch: (input) => {
      const answer = responses.get(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      );
      return answer === undefined ? Promise.reject(new TypeError('Failed to fetch')) : answer();
    },
    fetchTimeoutMs: 50,
    reconcile: () => {
      reconciled += 1;
      return Promise.resolve();
    },
    afterChange: (change) => changes.push(change),
  });

  beforeEach(async () => {
    fakeBrowser.reset();
    globalThis.indexedDB = new IDBFactory();
    db = await openDatabase();
    managed = {};
    responses = new Map();
    reconciled = 0;
    changes = [];
    now = Date.parse('2026-03-23T10:00:00Z');
  });

  const stored = async (key: string): Promise<unknown> => (await db.get('settings', key))?.value;

  it('does nothing harmful without a policy (Firefox, unit tests)', async () => {
    const status = await applyPolicy({ ...deps(), readManaged: undefined });
    expect(status).toMatchObject({
      managed: false,
      crms: 0,
      instances: 0,
      pack: null,
      problems: [],
    });
    expect(reconciled).toBe(0);
    expect(await stored('policyStatus')).toEqual(status);
  });

  it('reads the browser’s managed storage', async () => {
    await fakeBrowser.storage.managed.set({
      instances: [{ origin: 'http://mycrm', crm: 'vtiger' }],
    });
    const status = await applyPolicy({ ...deps(), readManaged: undefined });
    expect(status.instances).toBe(1);
    expect(await stored('policyInstances')).toEqual([{ origin: 'http://mycrm', crm: 'vtiger' }]);
  });

  it('stores policy CRMs and instances, then reconciles; replaces them when the policy changes', async () => {
    managed = { customCrms: [ACME], instances: [{ origin: 'http://mycrm', crm: 'dynamics365' }] };
    await applyPolicy(deps());
    expect(await stored('policyCrms')).toEqual([
      { ...ACME, origins: ['https://crm.acme.example'] },
    ]);
    expect(reconciled).toBe(1);
    await applyPolicy(deps());
    expect(reconciled).toBe(1);
    managed = {};
    await applyPolicy(deps());
    expect(await stored('policyCrms')).toEqual([]);
    expect(await stored('policyInstances')).toEqual([]);
    expect(reconciled).toBe(2);
  });

  it('applies seller defaults only where the seller has not chosen', async () => {
    await db.put('settings', {
      key: 'settings',
      value: { ...DEFAULT_SETTINGS, sellerName: 'Ada', timeZone: 'Asia/Tokyo' },
    });
    managed = { sellerDefaults: { timeZone: 'Europe/Paris', notifications: true } };
    const status = await applyPolicy(deps());
    expect(status.defaultsApplied).toEqual(['notifications']);
    expect(await stored('settings')).toMatchObject({
      sellerName: 'Ada',
      timeZone: 'Asia/Tokyo',
      notifications: true,
    });
    expect(changes).toEqual([{ recordKeys: [], all: true, reproject: true }]);
  });

  it('imports the pack, makes its sequences policy-managed and active, and updates them later', async () => {
    managed = { sequencePackUrl: PACK_URL };
    responses.set(PACK_URL, () => Promise.resolve(new Response(pack('Outbound v1'))));
    const first = await applyPolicy(deps());
    expect(first.pack).toMatchObject({ url: PACK_URL, ok: true, sequences: ['policy-outbound'] });
    expect(first.pack?.message).toBe('Applied 1 sequence; all are active.');
    let [summary] = await listSummaries(db);
    expect(summary).toMatchObject({
      id: 'policy-outbound',
      source: 'policy',
      state: 'active',
      version: 1,
    });
    expect(await fakeBrowser.alarms.get(POLICY_ALARM)).toMatchObject({ periodInMinutes: 1440 });

    // The administrator publishes a new version: the read-only sequence is updated all the same.
    now += 86_400_000;
    responses.set(PACK_URL, () => Promise.resolve(new Response(pack('Outbound v2'))));
    const second = await applyPolicy(deps());
    expect(second.pack?.ok).toBe(true);
    [summary] = await listSummaries(db);
    expect(summary).toMatchObject({
      name: 'Outbound v2',
      source: 'policy',
      state: 'active',
      version: 2,
    });
  });

  it('changes nothing when the download fails or the pack is invalid, and says so', async () => {
    managed = { sequencePackUrl: PACK_URL };
    responses.set(PACK_URL, () => Promise.resolve(new Response(pack('Outbound v1'))));
    await applyPolicy(deps());
    const before = await listSummaries(db);

    responses.set(PACK_URL, () => Promise.resolve(new Response('nope', { status: 404 })));
    let status = await applyPolicy(deps());
    expect(status.pack).toMatchObject({
      ok: false,
      appliedAt: now,
      sequences: ['policy-outbound'],
    });
    expect(status.pack?.message).toBe(
      `The server answered 404 for ${PACK_URL}. Nothing was changed.`,
    );

    responses.set(PACK_URL, () => Promise.resolve(new Response('{"format":"upnext/v1"}')));
    status = await applyPolicy(deps());
    expect(status.pack?.ok).toBe(false);
    expect(status.pack?.message).toMatch(
      /^The pack is invalid \(1 problem: .*\); nothing was changed\.$/,
    );

    responses.delete(PACK_URL);
    status = await applyPolicy(deps());
    expect(status.pack?.message).toMatch(/^Upnext could not download .*Nothing was changed\.$/);

    responses.set(PACK_URL, () => new Promise<Response>(() => undefined));
    status = await applyPolicy(deps());
    expect(status.pack?.message).toBe(
      `${PACK_URL} did not answer within 0 seconds. Nothing was changed.`,
    );

    expect(await listSummaries(db)).toEqual(before);
    expect(((await stored('policyStatus')) as PolicyStatus).pack?.ok).toBe(false);
  });

  it('hands sequences back to sellers when the pack URL goes away', async () => {
    managed = { sequencePackUrl: PACK_URL };
    responses.set(PACK_URL, () => Promise.resolve(new Response(pack('Outbound'))));
    await applyPolicy(deps());
    managed = {};
    await applyPolicy(deps());
    const [summary] = await listSummaries(db);
    expect(summary).toMatchObject({ source: 'user', state: 'active' });
    expect(await fakeBrowser.alarms.get(POLICY_ALARM)).toBeUndefined();
  });
});
