import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { openDatabase, type Database } from '@/lib/store/db';
import { listSummaries } from '@/lib/store/sequences-repo';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '@/lib/store/settings';

import { POLICY_CRMS_KEY, POLICY_INSTANCES_KEY } from './custom-crms';
import {
  applyPolicy,
  parsePolicy,
  POLICY_ALARM,
  POLICY_STATUS_KEY,
  withSellerDefaults,
  type PolicyDeps,
  type PolicyStatus,
} from './policy';

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

describe('parsePolicy', () => {
  it('reads a complete policy and normalises origins', () => {
    const policy = parsePolicy({
      customCrms: [ACME],
      instances: [{ origin: 'http://mycrm/Contoso', crm: 'dynamics365' }],
      sequencePackUrl: PACK_URL,
      sellerDefaults: {
        timeZone: 'Europe/Paris',
        workingHours: { days: ['mon', 'tue'], start: '08:00', end: '16:00' },
        notifications: true,
      },
    });
    expect(policy).toEqual({
      present: true,
      customCrms: [{ ...ACME, origins: ['https://crm.acme.example'] }],
      instances: [{ origin: 'http://mycrm', crm: 'dynamics365' }],
      sequencePackUrl: PACK_URL,
      sellerDefaults: {
        timeZone: 'Europe/Paris',
        workingHours: { days: ['mon', 'tue'], start: '08:00', end: '16:00' },
        notifications: true,
      },
      problems: [],
    });
  });

  it('ignores bad entries one by one and says why', () => {
    const policy = parsePolicy({
      customCrms: [ACME, { ...ACME }, { ...ACME, id: 'x', records: [] }, 'nope'],
      instances: [
        { origin: 'ftp://x', crm: 'espocrm' },
        { origin: 'http://y', crm: 'nope' },
      ],
      sequencePackUrl: 'file:///etc/passwd',
      sellerDefaults: { timeZone: 'Mars/Olympus' },
    });
    expect(policy.customCrms).toHaveLength(1);
    expect(policy.instances).toEqual([]);
    expect(policy.sequencePackUrl).toBeNull();
    expect(policy.sellerDefaults).toEqual({});
    expect(policy.problems).toEqual([
      'customCrms[1] ignored: the id is used twice.',
      expect.stringMatching(/^customCrms\[2\] ignored: records: /),
      'customCrms[3] ignored: not an object',
      "instances[0] ignored: 'ftp://x' is not an http(s) address.",
      expect.stringMatching(/^instances\[1\] ignored: crm: /),
      "sequencePackUrl ignored: 'file:///etc/passwd' is not an http(s) address.",
      expect.stringMatching(/^sellerDefaults ignored: timeZone: Unknown time zone/),
    ]);
  });

  it.each(['Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Europe/Kiev'])(
    'accepts the zone %s as written',
    (zone) => {
      const policy = parsePolicy({ sellerDefaults: { timeZone: zone } });
      expect(policy.problems).toEqual([]);
      expect(policy.sellerDefaults).toEqual({ timeZone: zone });
    },
  );

  it.each([undefined, null, {}, 'x'])('reads %j as no policy', (raw) => {
    expect(parsePolicy(raw)).toMatchObject({ present: false, problems: [] });
  });
});

describe('withSellerDefaults', () => {
  const hours = { days: ['mon' as const], start: '08:00', end: '12:00' };

  it('fills values the seller never set', () => {
    expect(
      withSellerDefaults(undefined, { timeZone: 'Europe/Paris', workingHours: hours }, {}),
    ).toEqual({
      settings: { timeZone: 'Europe/Paris', workingHours: hours },
      applied: { timeZone: 'Europe/Paris', workingHours: hours },
    });
  });

  it("keeps the seller's own choices, and replaces values policy set before", () => {
    const stored = {
      ...DEFAULT_SETTINGS,
      timeZone: 'Asia/Tokyo',
      notifications: true,
      workingHours: { days: ['tue' as const], start: '10:00', end: '11:00' },
    };
    const result = withSellerDefaults(
      stored,
      { timeZone: 'Europe/Paris', notifications: false, workingHours: hours },
      { workingHours: { days: ['tue'], start: '10:00', end: '11:00' } },
    );
    expect(result.settings).toEqual({ ...stored, workingHours: hours });
    expect(result.applied).toEqual({ workingHours: hours });
  });

  it('compares zones as zones: an old and a current name of what policy set are not the seller’s own', () => {
    // Policy set Europe/Kiev; the settings form shows it as Europe/Kyiv and may save that name.
    const stored = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Kyiv' };
    const result = withSellerDefaults(
      stored,
      { timeZone: 'Europe/Warsaw' },
      { timeZone: 'Europe/Kiev' },
    );
    expect(result.settings.timeZone).toBe('Europe/Warsaw');
    expect(result.applied).toEqual({ timeZone: 'Europe/Warsaw' });
  });
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
    expect(await stored(POLICY_STATUS_KEY)).toEqual(status);
  });

  it('reads the browser’s managed storage', async () => {
    await fakeBrowser.storage.managed.set({
      instances: [{ origin: 'http://mycrm', crm: 'vtiger' }],
    });
    const status = await applyPolicy({ ...deps(), readManaged: undefined });
    expect(status.instances).toBe(1);
    expect(await stored(POLICY_INSTANCES_KEY)).toEqual([{ origin: 'http://mycrm', crm: 'vtiger' }]);
  });

  it('stores policy CRMs and instances, then reconciles; replaces them when the policy changes', async () => {
    managed = { customCrms: [ACME], instances: [{ origin: 'http://mycrm', crm: 'dynamics365' }] };
    await applyPolicy(deps());
    expect(await stored(POLICY_CRMS_KEY)).toEqual([
      { ...ACME, origins: ['https://crm.acme.example'] },
    ]);
    expect(reconciled).toBe(1);
    await applyPolicy(deps());
    expect(reconciled).toBe(1);
    managed = {};
    await applyPolicy(deps());
    expect(await stored(POLICY_CRMS_KEY)).toEqual([]);
    expect(await stored(POLICY_INSTANCES_KEY)).toEqual([]);
    expect(reconciled).toBe(2);
  });

  it('applies seller defaults only where the seller has not chosen', async () => {
    await db.put('settings', {
      key: SETTINGS_KEY,
      value: { ...DEFAULT_SETTINGS, sellerName: 'Ada', timeZone: 'Asia/Tokyo' },
    });
    managed = { sellerDefaults: { timeZone: 'Europe/Paris', notifications: true } };
    const status = await applyPolicy(deps());
    expect(status.defaultsApplied).toEqual(['notifications']);
    expect(await stored(SETTINGS_KEY)).toMatchObject({
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
    expect(((await stored(POLICY_STATUS_KEY)) as PolicyStatus).pack?.ok).toBe(false);
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
