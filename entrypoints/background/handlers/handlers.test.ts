/**
 * The background's handlers and the store together, on fake-indexeddb with a fixed clock:
 * parse → load → engine → persist in one transaction → reply, exactly once.
 */
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { RecordRef } from '@/lib/messaging/protocol';
import { REQUEST_PORT, type PortReply } from '@/lib/messaging/request-port';
import type { Database } from '@/lib/store/db';
import { compactEvents } from '@/lib/store/retention';
import { PANEL_FRAME_PATH } from '@/lib/panel-frame-link';
import { storeCrmSetting } from '@/lib/store/crm-settings';
import { removeInstance, saveInstance, type CrmPorts } from '@/lib/use-cases/custom-crms';

import { serveRequestPort } from '../request-port';
import { route, type HandlerMap, type SenderInfo } from '../router';
import { createHandlers } from './create-handlers';
import {
  CONTENT,
  EXTENSION,
  LEAD,
  PAGE,
  START,
  freshDatabase,
  messenger,
  testDeps,
} from './test-kit';

const HOUR = 3_600_000;

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outbound',
      name: 'Outbound',
      entity: 'lead',
      exitOnReply: true,
      steps: [
        {
          id: 'e1',
          type: 'email',
          template: { subject: 'Hi {{firstName}}', body: 'From {{seller.name}}' },
        },
        { id: 'w1', type: 'wait', days: 1 },
        { id: 'c1', type: 'call' },
        {
          id: 'reached',
          type: 'condition',
          if: { call: ['connected'], step: 'c1' },
          yes: [{ id: 't-yes', type: 'task', name: 'Book a meeting' }],
          no: [{ id: 't-no', type: 'task', name: 'Try again next month' }],
        },
      ],
    },
    { id: 'nurture', name: 'Nurture', entity: 'lead', steps: [{ id: 'n1', type: 'task' }] },
  ],
});

let clock: number;
let db: Database;
let handlers: HandlerMap;
let changes: string[][];
const { send, data } = messenger(() => handlers);

async function seeLead(
  fields: Record<string, string> = { name: 'Olivia Bennett', firstName: 'Olivia' },
) {
  return data(
    'recordSeen',
    {
      record: LEAD,
      url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
      title: 'Lead: Olivia Bennett',
      fields,
    },
    CONTENT,
  );
}

async function importAndActivate(): Promise<void> {
  await data('importPack', { text: PACK });
  const { results } = await data('setSequenceState', {
    ids: ['outbound', 'nurture'],
    state: 'active',
  });
  expect(results.every((result) => result.ok)).toBe(true);
}

/** The seller connects the lead to `sequenceId` from the panel (a content-script sender). */
async function connectLead(sequenceId = 'outbound') {
  return data('actOnRecord', { record: LEAD, action: { type: 'connect', sequenceId } }, CONTENT);
}

/** A backup of one seen lead connected to Outbound, then everything reset; the backup text. */
async function backUpOneConnectedLeadAndReset(): Promise<string> {
  await importAndActivate();
  await seeLead();
  await connectLead();
  const { text } = await data('backupData', {});
  await data('resetData', { confirm: 'reset' });
  return text;
}

beforeEach(async () => {
  clock = START;
  changes = [];
  db = await freshDatabase();
  handlers = createHandlers(
    testDeps(db, () => clock, { afterChange: ({ recordKeys }) => changes.push(recordKeys) }),
  );
});

describe('who may send what', () => {
  it('ignores messages that are not ours and refuses other senders', async () => {
    expect(route({ hello: 1 }, PAGE, handlers, EXTENSION)).toBeUndefined();
    const foreign = await send('ping', {}, { id: 'someone-else', url: 'https://evil.example' });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A CRM page cannot import packs or wipe data.
    const fromContent = await send('resetData', { confirm: 'reset' }, CONTENT);
    expect(fromContent).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('rejects invalid payloads with a readable message and changes nothing', async () => {
    const bad = await send(
      'recordSeen',
      {
        record: { crm: 'dynamics365', entity: 'ticket', id: '1' },
        url: '',
        title: '',
        fields: {},
      } as never,
      CONTENT,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    if (!bad.ok) expect(bad.error.message).toContain('record.entity');
    expect(await db.count('records')).toBe(0);
  });
});

describe('what is stored about a record is what its page shows', () => {
  const A_FIELDS = {
    name: 'Olivia Bennett',
    firstName: 'Olivia',
    jobTitle: 'VP of Marketing',
    phone: '+44 20 7946 0018',
  };
  const stored = async () => {
    const doc = await db.get('records', `${LEAD.crm}|${LEAD.entity}|${LEAD.id}`);
    if (doc === undefined) throw new Error('record not stored');
    return doc;
  };

  it('a fresh read of the record replaces the captured fields: what the page no longer shows goes', async () => {
    await seeLead(A_FIELDS);
    const { view } = await seeLead({ name: 'Olivia Bennett', firstName: 'Olivia' });
    expect(view.captured).toEqual({ name: 'Olivia Bennett', firstName: 'Olivia' });
    const doc = await stored();
    expect(doc.captured).toEqual({ name: 'Olivia Bennett', firstName: 'Olivia' });
    // Conditions see the same thing: the fields are known to be empty now, not still A's.
    expect(doc.state.fields).toMatchObject({ jobTitle: null, phone: null, firstName: 'Olivia' });
  });

  it('a read that found nothing changes nothing', async () => {
    await seeLead(A_FIELDS);
    const before = await stored();
    const { view } = await data(
      'recordSeen',
      { record: LEAD, url: 'https://acme.crm.dynamics.com/main.aspx?id=1', title: '', fields: {} },
      CONTENT,
    );
    expect(view.captured).toEqual(A_FIELDS);
    expect(view.name).toBe('Olivia Bennett');
    const after = await stored();
    expect(after.captured).toEqual(before.captured);
    expect(after.name).toBe(before.name);
    expect(after.title).toBe(before.title);
    expect(after.state.fields).toEqual(before.state.fields);
  });

  it('a record first seen before its page proved anything is named by its id, with no fields', async () => {
    const { view } = await data(
      'recordSeen',
      { record: LEAD, url: 'https://acme.crm.dynamics.com/main.aspx?id=1', title: '', fields: {} },
      CONTENT,
    );
    expect(view.name).toBe(LEAD.id);
    expect(view.captured).toEqual({});
  });

  it('an edit page never degrades a known good name and removes nothing', async () => {
    await seeLead(A_FIELDS);
    const { view } = await data(
      'recordSeen',
      {
        record: LEAD,
        url: 'https://acme.crm.dynamics.com/main.aspx?id=1&edit=1',
        title: 'Olivia Bennett»Edit',
        fields: { name: 'Olivia Bennett»Edit', firstName: 'Olivia', jobTitle: 'CMO' },
        edit: true,
      },
      CONTENT,
    );
    expect(view.name).toBe('Olivia Bennett');
    expect(view.captured).toMatchObject({
      name: 'Olivia Bennett',
      phone: '+44 20 7946 0018',
      jobTitle: 'CMO',
    });
    const doc = await stored();
    expect(doc.name).toBe('Olivia Bennett');
    expect(doc.state.fields).toMatchObject({ phone: '+44 20 7946 0018', jobTitle: 'CMO' });
  });

  it('a record first seen on its edit page takes the name that page shows', async () => {
    const { view } = await data(
      'recordSeen',
      {
        record: LEAD,
        url: 'https://acme.crm.dynamics.com/main.aspx?id=1&edit=1',
        title: 'Edit lead',
        fields: { name: 'Olivia Bennett', firstName: 'Olivia' },
        edit: true,
      },
      CONTENT,
    );
    expect(view.name).toBe('Olivia Bennett');
  });
});

describe('a content script speaks only for its own tab', () => {
  const SALESFORCE: RecordRef = { crm: 'salesforce', entity: 'lead', id: '00Q5e00000AbCdE' };

  it('a Dynamics tab cannot store, read or connect a Salesforce record, and nothing is written', async () => {
    await importAndActivate();
    const seen = await send(
      'recordSeen',
      { record: SALESFORCE, url: 'https://phish.example/login', title: 'Lead', fields: {} },
      CONTENT,
    );
    expect(seen).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The refusal names the CRM as a seller knows it, not by its id.
    if (!seen.ok) {
      expect(seen.error.message).toMatch(
        /This page is not part of Salesforce, so it cannot change a Salesforce record\. Open the record in Salesforce and try there\./,
      );
    }
    const read = await send('getRecordView', { record: SALESFORCE }, CONTENT);
    expect(read).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const connected = await send(
      'actOnRecord',
      { record: SALESFORCE, action: { type: 'connect', sequenceId: 'outbound' } },
      CONTENT,
    );
    expect(connected).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Refused inside the action's own transaction, with the same sentence.
    if (!connected.ok) expect(connected.error.message).toMatch(/not part of Salesforce,/);
    expect(await db.getAll('records')).toEqual([]);
    expect(await db.getAll('connections')).toEqual([]);
    // The console (an extension page) may still name any record.
    expect((await send('getRecordView', { record: SALESFORCE })).ok).toBe(true);
  });

  it('the panel frame speaks for its tab as the tab’s content script does: its own CRM yes, another no, no tab nothing', async () => {
    await importAndActivate();
    const frame = (tabUrl?: string): SenderInfo => ({
      id: EXTENSION.id,
      url: `${EXTENSION.origin}${PANEL_FRAME_PATH}#token`,
      tab: { id: 7, ...(tabUrl === undefined ? {} : { url: tabUrl }) },
    });
    const dynamicsTab = frame('https://acme.crm.dynamics.com/main.aspx?id=1');
    const seen = await data(
      'recordSeen',
      { record: LEAD, url: 'https://phish.example/x', title: 'Lead', fields: { name: 'Ada' } },
      dynamicsTab,
    );
    expect(seen.view).not.toBeNull();
    // The stored address is the tab's, as the browser gives it, not the one the message names.
    expect((await db.getAll('records'))[0]?.url).toBe(
      'https://acme.crm.dynamics.com/main.aspx?id=1',
    );
    const salesforceTab = frame('https://acme.lightning.force.com/lightning/r/Lead/1/view');
    expect(await send('getRecordView', { record: LEAD }, salesforceTab)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Outside an http(s) tab (or with no tab address) the frame speaks for nobody.
    for (const sender of [frame(), frame('chrome://newtab/'), { ...frame(), tab: undefined }]) {
      expect(await send('getRecordView', { record: LEAD }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    // It is not the console: the console's own messages are refused to it.
    expect(await send('resetData', { confirm: 'reset' }, dynamicsTab)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // Over its request port (lib/messaging/request-port.ts) the frame is judged by the sender the
    // browser named when the port opened, as by message; each reply carries its request's id.
    const portFrom = (sender: SenderInfo) => {
      const replies: PortReply[] = [];
      let onMessage: (message: unknown) => void = () => undefined;
      serveRequestPort(
        {
          name: REQUEST_PORT,
          sender,
          onMessage: { addListener: (listener) => (onMessage = listener) },
          onDisconnect: { addListener: () => undefined },
          postMessage: (reply) => replies.push(reply as PortReply),
        },
        (message, from) => route(message, from, handlers, EXTENSION),
      );
      return async (id: number, message: unknown): Promise<PortReply | undefined> => {
        onMessage({ id, message });
        await vi.waitFor(() => expect(replies.find((r) => r.id === id)).toBeDefined());
        return replies.find((r) => r.id === id);
      };
    };
    const request = (payload: unknown) => ({ upnext: 1, type: 'getRecordView', payload });
    const dynamicsPort = portFrom(dynamicsTab);
    expect(await dynamicsPort(1, request({ record: LEAD }))).toMatchObject({
      id: 1,
      reply: { ok: true, data: { view: { name: 'Ada' } } },
    });
    expect(await dynamicsPort(2, { hello: 1 })).toMatchObject({
      id: 2,
      reply: { ok: false, error: { code: 'invalid-message' } },
    });
    expect(await portFrom(salesforceTab)(1, request({ record: LEAD }))).toMatchObject({
      reply: { ok: false, error: { code: 'forbidden' } },
    });
    expect(await portFrom(frame())(1, request({ record: LEAD }))).toMatchObject({
      reply: { ok: false, error: { code: 'forbidden' } },
    });
  });

  it('a tab of another CRM cannot complete, skip or snooze a step of a stored record, and nothing changes', async () => {
    await importAndActivate();
    await seeLead();
    const { view } = await connectLead();
    const connection = view.active[0];
    const step = {
      connectionId: connection.connectionId,
      stepId: connection.current!.stepId,
      revision: connection.revision,
    };
    const before = {
      records: await db.getAll('records'),
      connections: await db.getAll('connections'),
      events: await db.getAll('events'),
      stats: await db.getAll('stats'),
    };
    const salesforceTab: SenderInfo = {
      ...CONTENT,
      url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5e00000AbCdE/view',
    };
    for (const action of [
      { type: 'complete', ...step },
      { type: 'skip', ...step },
      { type: 'snooze', ...step, until: START + HOUR },
    ] as const) {
      const reply = await send('actOnRecord', { record: LEAD, action }, salesforceTab);
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (!reply.ok)
        expect(reply.error.message).toMatch(/cannot change a Dynamics 365 Sales record/);
    }
    expect({
      records: await db.getAll('records'),
      connections: await db.getAll('connections'),
      events: await db.getAll('events'),
      stats: await db.getAll('stats'),
    }).toEqual(before);
    // The record's own CRM tab still can.
    const done = await data(
      'actOnRecord',
      { record: LEAD, action: { type: 'complete', ...step } },
      CONTENT,
    );
    expect(done.outcome).toBe('applied');
  });

  it('the stored address is the one the browser says the tab shows, not the one the script names', async () => {
    await data(
      'recordSeen',
      { record: LEAD, url: 'https://phish.example/login', title: 'Lead', fields: {} },
      CONTENT,
    );
    const stored = await db.get('records', `dynamics365|lead|${LEAD.id}`);
    expect(stored?.url).toBe(CONTENT.url);
  });

  it('a hash-routed page keeps the fragment it reads (the same document the browser reports)', async () => {
    const tab = 'https://acme.crm.dynamics.com/main.aspx?id=1';
    const read = `${tab}#ajaxUILoc=EditView`;
    await data(
      'recordSeen',
      { record: LEAD, url: read, title: 'Lead', fields: {} },
      { ...CONTENT, url: tab },
    );
    expect((await db.get('records', `dynamics365|lead|${LEAD.id}`))?.url).toBe(read);
  });

  it('custom CRMs and self-hosted instances speak for themselves on their own origins only', async () => {
    await storeCrmSetting(db, 'customCrms', [
      {
        id: 'acme',
        name: 'Acme CRM',
        origins: ['https://crm.acme.example'],
        records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
      },
    ]);
    await storeCrmSetting(db, 'crmInstances', [{ origin: 'http://mycrm', crm: 'suitecrm' }]);
    const from = (url: string): SenderInfo => ({ ...CONTENT, url });
    const acmeLead: RecordRef = { crm: 'acme', entity: 'lead', id: '42' };
    const suiteLead: RecordRef = { crm: 'suitecrm', entity: 'lead', id: 'abc' };
    const sighting = (record: RecordRef, url: string) => ({ record, url, title: '', fields: {} });
    const acmeUrl = 'https://crm.acme.example/leads/42';
    expect((await send('recordSeen', sighting(acmeLead, acmeUrl), from(acmeUrl))).ok).toBe(true);
    const fromElsewhere = await send(
      'recordSeen',
      sighting(acmeLead, acmeUrl),
      from('https://evil.example/leads/42'),
    );
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A custom CRM is named by the name its definition gives it.
    if (!fromElsewhere.ok) expect(fromElsewhere.error.message).toMatch(/not part of Acme CRM,/);
    expect(await send('recordSeen', sighting(suiteLead, acmeUrl), from(acmeUrl))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const suiteUrl = 'http://mycrm/index.php?module=Leads&action=DetailView&record=abc';
    expect((await send('recordSeen', sighting(suiteLead, suiteUrl), from(suiteUrl))).ok).toBe(true);
    expect(await send('getRecordView', { record: acmeLead }, from(suiteUrl))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('a CRM instance saved or removed in the console counts for the very next record message', async () => {
    // The worker keeps the CRM settings between messages (lib/store/crm-settings.ts): this
    // refusal reads and keeps them, so a change the console makes next must replace them.
    const suiteLead: RecordRef = { crm: 'suitecrm', entity: 'lead', id: 'abc' };
    const url = 'http://mycrm/index.php?module=Leads&action=DetailView&record=abc';
    const from: SenderInfo = { ...CONTENT, url };
    const seen = () => send('recordSeen', { record: suiteLead, url, title: '', fields: {} }, from);
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await seen()).toMatchObject(forbidden);
    const console: CrmPorts = {
      db,
      granted: () => Promise.resolve([]),
      release: () => Promise.resolve(),
      reconcile: () => Promise.resolve(),
    };
    await saveInstance(console, 'http://mycrm', 'suitecrm');
    expect((await seen()).ok).toBe(true);
    expect((await send('getRecordView', { record: suiteLead }, from)).ok).toBe(true);
    await removeInstance(console, 'http://mycrm');
    expect(await seen()).toMatchObject(forbidden);
    expect(await send('getRecordView', { record: suiteLead }, from)).toMatchObject(forbidden);
    expect(
      await send(
        'actOnRecord',
        { record: suiteLead, action: { type: 'connect', sequenceId: 'nurture' } },
        from,
      ),
    ).toMatchObject(forbidden);
  });
});

describe('a full disk', () => {
  /** Makes every put on `store` throw the browser's quota error, after `allowed` successful ones. */
  function fillDisk(store: string, allowed = 0) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
    const put = FakeObjectStore.prototype.put;
    let calls = 0;
    return vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === store && calls++ >= allowed)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
  }

  it('an action says the disk is full and what to do, and writes nothing of it', async () => {
    await importAndActivate();
    await seeLead();
    await data('actOnRecord', { record: LEAD, action: { type: 'connect', sequenceId: 'nurture' } });
    const { view } = await data('getRecordView', { record: LEAD });
    const card = view!.active[0];
    const before = {
      records: await db.getAll('records'),
      connections: await db.getAll('connections'),
      events: await db.getAll('events'),
      stats: await db.getAll('stats'),
    };
    // The record and its row are queued first; the history event hits the full disk.
    const full = fillDisk('events');
    const reply = await send(
      'actOnRecord',
      {
        record: LEAD,
        action: {
          type: 'complete',
          connectionId: card.connectionId,
          stepId: 'n1',
          revision: card.revision,
        },
      },
      CONTENT,
    );
    full.mockRestore();
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage-full' } });
    if (!reply.ok) {
      expect(reply.error.message).toMatch(
        /^Your disk is full, so Upnext could not save this\. Nothing was changed\./,
      );
      expect(reply.error.message).toMatch(/Free up space/);
      expect(reply.error.message).toMatch(/Download a backup/);
    }
    expect({
      records: await db.getAll('records'),
      connections: await db.getAll('connections'),
      events: await db.getAll('events'),
      stats: await db.getAll('stats'),
    }).toEqual(before);
    // Once there is room again, the same action goes through.
    const again = await data(
      'actOnRecord',
      {
        record: LEAD,
        action: {
          type: 'complete',
          connectionId: card.connectionId,
          stepId: 'n1',
          revision: card.revision,
        },
      },
      CONTENT,
    );
    expect(again.outcome).toBe('applied');
  });

  it('an import is all or nothing on a full disk', async () => {
    // The first sequence is queued, the second one hits the full disk.
    const full = fillDisk('sequences', 1);
    const reply = await send('importPack', { text: PACK });
    full.mockRestore();
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage-full' } });
    expect(await db.getAll('sequences')).toEqual([]);
  });

  it('any other failure of the browser storage is named too, never "something went wrong"', async () => {
    await seeLead();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
    const put = FakeObjectStore.prototype.put;
    const broken = vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'records') throw new DOMException('Internal error.', 'UnknownError');
      return put.apply(this, args);
    });
    const reply = await send(
      'recordSeen',
      { record: LEAD, url: CONTENT.url!, title: 'Lead', fields: { name: 'Someone else' } },
      CONTENT,
    );
    broken.mockRestore();
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage-failed' } });
    if (!reply.ok)
      expect(reply.error.message).toMatch(
        /could not save this .*UnknownError.*Nothing was changed/,
      );
    expect((await db.get('records', `dynamics365|lead|${LEAD.id}`))?.name).toBe('Olivia Bennett');
  });
});

describe('import', () => {
  it('plans, then applies all or nothing', async () => {
    const { plan } = await data('planImport', { text: PACK });
    expect(plan.counts).toEqual({ create: 2, update: 0, unchanged: 0 });
    expect(await db.count('sequences')).toBe(0);
    await data('importPack', { text: PACK });
    const { sequences } = await data('listSequences', {});
    expect(sequences.map((s) => [s.id, s.state, s.steps])).toEqual([
      ['nurture', 'draft', 1],
      ['outbound', 'draft', 6],
    ]);
  });

  it('reports every problem of a bad pack and stores nothing', async () => {
    const broken = PACK.replace('"entity":"lead","steps"', '"entity":"lead","stepz"').replace(
      '{"id":"w1","type":"wait","days":1}',
      '{"id":"w1","type":"wait","days":45}',
    );
    const reply = await send('importPack', { text: broken });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid-pack');
      const problems = reply.error.details as {
        path: string;
        line: number | null;
        message: string;
      }[];
      expect(problems.map((p) => p.path)).toContain('sequences[0].steps[1].days');
      expect(problems.some((p) => p.message.includes('stepz'))).toBe(true);
      expect(problems.every((p) => p.line !== null)).toBe(true);
    }
    expect(await db.count('sequences')).toBe(0);
  });

  it('refuses a pack whose custom CRM takes a built-in id, and stores nothing', async () => {
    const pack = {
      ...(JSON.parse(PACK) as object),
      crms: [
        {
          id: 'salesforce',
          name: 'Not Salesforce',
          origins: ['https://crm.acme.example'],
          records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
        },
      ],
    };
    const reply = await send('importPack', { text: JSON.stringify(pack, null, 2) });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid-pack');
      expect(reply.error.details).toEqual([
        {
          path: 'crms[0].id',
          line: 67,
          column: 13,
          message:
            "Custom CRM id 'salesforce' is the id of a built-in CRM; give the custom CRM an id of its own",
        },
      ]);
    }
    expect(await db.count('sequences')).toBe(0);
    expect(await db.get('settings', 'customCrms')).toBeUndefined();
  });

  it('imports segments with their sequences, all or nothing, and exports them again', async () => {
    const pack = JSON.parse(PACK) as Record<string, unknown>;
    const segment = {
      id: 'vp',
      name: 'VPs',
      entity: 'lead',
      priority: 1,
      state: 'active',
      sequence: 'outbound',
      where: { field: 'jobTitle', op: 'contains', value: 'VP' },
    };
    // One bad condition: nothing at all is imported, and the problem is located.
    const bad = {
      ...pack,
      segments: [{ ...segment, where: { field: 'jobTitle', op: 'resembles', value: 'VP' } }],
    };
    const refused = await send('importPack', { text: JSON.stringify(bad, null, 2) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('invalid-pack');
      expect(refused.error.details).toEqual([
        expect.objectContaining({
          path: 'segments[0].where.op',
          line: expect.any(Number) as number,
        }),
      ]);
    }
    expect(await db.count('sequences')).toBe(0);
    expect(await db.count('segments')).toBe(0);

    // The sequence arrives as a draft, so the segment cannot be active yet: the plan says why,
    // and it is stored inactive.
    const { plan } = await data('importPack', {
      text: JSON.stringify({ ...pack, segments: [segment] }),
    });
    expect(plan.segments).toEqual([
      expect.objectContaining({
        action: 'create',
        id: 'vp',
        activationProblems: [expect.stringContaining('a draft')],
      }),
    ]);
    const { segments } = await data('listSegments', {});
    expect(segments).toEqual([
      expect.objectContaining({
        id: 'vp',
        state: 'inactive',
        sequenceName: 'Outbound',
        members: 0,
      }),
    ]);
    const { text } = await data('exportSequences', { ids: null });
    expect((JSON.parse(text) as { segments: unknown[] }).segments).toEqual([
      { ...segment, state: 'inactive' },
    ]);
    const chosen = await data('exportSequences', { ids: ['nurture'] });
    expect(JSON.parse(chosen.text)).not.toHaveProperty('segments');
  });

  it('an import that changes an active sequence makes a new version; running records stay on theirs', async () => {
    await importAndActivate();
    await seeLead();
    await connectLead();
    const changed = PACK.replace('"name":"Outbound"', '"name":"Outbound v2"');
    const { plan } = await data('importPack', { text: changed });
    expect(plan.sequences.find((s) => s.id === 'outbound')).toMatchObject({
      action: 'update',
      active: true,
      currentVersion: 1,
    });
    const { sequence } = await data('getSequence', { id: 'outbound' });
    expect(sequence?.summary.version).toBe(2);
    expect(sequence?.versions.map((v) => v.version)).toEqual([1, 2]);
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.active[0]).toMatchObject({ version: 1, sequenceName: 'Outbound' });
  });
});

describe('a seller working a record', () => {
  it('connects, completes once, waits, and branches on the call outcome', async () => {
    await importAndActivate();
    const { view: seen } = await seeLead();
    expect(seen.active).toEqual([]);
    const { sequences } = await data('listConnectable', { entity: 'lead' }, CONTENT);
    expect(sequences.map((s) => s.id)).toEqual(['nurture', 'outbound']);

    const connected = await connectLead();
    const card = connected.view.active[0];
    expect(card.current).toMatchObject({ stepId: 'e1', type: 'email', isDue: true });
    expect(card.current?.email?.subject).toEqual({ text: 'Hi Olivia', emptyFields: [] });
    expect(card.current?.email?.body.emptyFields).toEqual(['seller.name']);
    expect(await data('getDueCount', {})).toMatchObject({ due: 1 });

    const complete = {
      type: 'complete' as const,
      connectionId: card.connectionId,
      stepId: 'e1',
      revision: card.revision,
    };
    const first = await data('actOnRecord', { record: LEAD, action: complete }, CONTENT);
    expect(first.outcome).toBe('applied');
    expect(first.view.active[0].current).toMatchObject({ stepId: 'w1', kind: 'waiting' });
    // The same click again (double click, second tab, retry) changes nothing.
    const again = await data('actOnRecord', { record: LEAD, action: complete }, CONTENT);
    expect(again.outcome).toBe('already-handled');
    expect(again.view.active[0].history.filter((h) => h.stepId === 'e1')).toHaveLength(1);
    expect(await data('getDueCount', {})).toMatchObject({ due: 0 });

    // A day later the wait has ended and the call is due.
    clock += 24 * HOUR;
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    const call = view!.active[0];
    expect(call.current).toMatchObject({ stepId: 'c1', isDue: true });

    const noOutcome = await send(
      'actOnRecord',
      {
        record: LEAD,
        action: {
          type: 'complete',
          connectionId: call.connectionId,
          stepId: 'c1',
          revision: call.revision,
        },
      },
      CONTENT,
    );
    expect(noOutcome).toMatchObject({ ok: false, error: { code: 'rejected' } });

    const done = await data(
      'actOnRecord',
      {
        record: LEAD,
        action: {
          type: 'complete',
          connectionId: call.connectionId,
          stepId: 'c1',
          revision: call.revision,
          outcome: 'connected',
          note: 'Interested',
        },
      },
      CONTENT,
    );
    expect(done.view.active[0].current).toMatchObject({ stepId: 't-yes', name: 'Book a meeting' });
    const events = (await db.getAll('events')).map((event) => event.type);
    expect(events.filter((type) => type === 'step-completed')).toHaveLength(2);
    const stats = await db.getAllFromIndex('stats', 'bySequence', 'outbound');
    expect(stats.find((s) => s.stepId === 'e1')).toMatchObject({ reached: 1, completed: 1 });
    expect(stats.find((s) => s.stepId === 'c1')).toMatchObject({ reached: 1, completed: 1 });
  });

  it('two tabs completing the same step at the same moment: exactly one applies', async () => {
    await importAndActivate();
    await seeLead();
    const { view } = await connectLead('nurture');
    const card = view.active[0];
    const action = {
      type: 'complete' as const,
      connectionId: card.connectionId,
      stepId: 'n1',
      revision: card.revision,
    };
    const replies = await Promise.all([
      data('actOnRecord', { record: LEAD, action }, CONTENT),
      data('actOnRecord', { record: LEAD, action }, { ...CONTENT, tab: { id: 8 } }),
    ]);
    expect(replies.map((reply) => reply.outcome).sort()).toEqual(['already-handled', 'applied']);
    const rows = await db.getAll('connections');
    expect(rows).toMatchObject([{ status: 'completed', stepsDone: 1 }]);
  });

  it('snoozes out of the work list and back, and a reply ends an exit-on-reply sequence', async () => {
    await importAndActivate();
    await seeLead();
    const { view } = await connectLead();
    const card = view.active[0];
    await data(
      'actOnRecord',
      {
        record: LEAD,
        action: {
          type: 'snooze',
          connectionId: card.connectionId,
          stepId: 'e1',
          revision: card.revision,
          until: clock + 2 * HOUR,
        },
      },
      CONTENT,
    );
    expect(await data('getDueCount', {})).toMatchObject({ due: 0 });
    const work = await data('listWork', { due: 'today', sort: 'due', offset: 0, limit: 50 });
    expect(work.rows).toMatchObject([{ kind: 'snoozed', stepId: 'e1' }]);
    clock += 2 * HOUR;
    expect(await data('getDueCount', {})).toMatchObject({ due: 1 });

    const { view: after } = await data('getRecordView', { record: LEAD }, CONTENT);
    const current = after!.active[0];
    await data(
      'actOnRecord',
      {
        record: LEAD,
        action: {
          type: 'complete',
          connectionId: current.connectionId,
          stepId: 'e1',
          revision: current.revision,
        },
      },
      CONTENT,
    );
    const replied = await data(
      'actOnRecord',
      {
        record: LEAD,
        action: { type: 'email-event', connectionId: current.connectionId, event: 'replied' },
      },
      CONTENT,
    );
    expect(replied.view.active).toEqual([]);
    expect(replied.view.ended[0]).toMatchObject({ status: 'exited', reason: 'replied' });
  });

  it('deleting a sequence disconnects its records and keeps their history', async () => {
    await importAndActivate();
    await seeLead();
    await connectLead('nurture');
    expect(
      (await data('listSequences', {})).sequences.find((s) => s.id === 'nurture')?.connected,
    ).toBe(1);
    const list = async (sequenceId: string | null, status: 'active' | 'ended') =>
      (await data('listConnections', { sequenceId, status, offset: 0, limit: 50 })).rows.map(
        (row) => `${row.sequenceId} ${row.status}`,
      );
    expect(await list('nurture', 'active')).toEqual(['nurture active']);
    expect(await list(null, 'active')).toEqual(['nurture active']);
    const { deleted, disconnected } = await data('deleteSequences', { ids: ['nurture'] });
    expect({ deleted, disconnected }).toEqual({ deleted: 1, disconnected: 1 });
    // Gone from the active connections (the console's lists and counts), kept as ended.
    expect(await list('nurture', 'active')).toEqual([]);
    expect(await list(null, 'active')).toEqual([]);
    expect(await list('nurture', 'ended')).toEqual(['nurture disconnected']);
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.ended[0]).toMatchObject({
      status: 'disconnected',
      reason: 'sequence-deleted',
      sequenceName: 'Nurture',
    });
  });
});

describe('data', () => {
  it('backs up and restores everything, and a bad restore changes nothing', async () => {
    const text = await backUpOneConnectedLeadAndReset();
    expect(await db.count('records')).toBe(0);

    const bad = await send('restoreData', { text: '{"format":"upnext-backup/v1"}' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await db.count('sequences')).toBe(0);

    expect(await data('restoreData', { text })).toEqual({ sequences: 2, records: 1, events: 2 });
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.active[0]?.current?.stepId).toBe('e1');
  });

  it('restores a backup sent in slices, and one whose slices did not all arrive changes nothing', async () => {
    const text = await backUpOneConnectedLeadAndReset();
    const third = Math.ceil(text.length / 3);
    const slices = [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)];

    // A slice lost on the way (the second one never arrives): refused, nothing written.
    await data('stageRestore', { upload: 'u1', offset: 0, text: slices[0] });
    const gap = await send('stageRestore', {
      upload: 'u1',
      offset: third * 2,
      text: slices[2],
    });
    expect(gap).toMatchObject({ ok: false, error: { code: 'rejected' } });
    const partial = await send('restoreData', { upload: 'u1', length: text.length });
    expect(partial).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(partial.ok ? '' : partial.error.message).toMatch(
      /did not arrive whole.*Nothing was changed/,
    );
    expect(await db.count('sequences')).toBe(0);

    let offset = 0;
    for (const slice of slices) {
      expect(await data('stageRestore', { upload: 'u2', offset, text: slice })).toEqual({
        received: offset + slice.length,
      });
      offset += slice.length;
    }
    expect(await data('restoreData', { upload: 'u2', length: text.length })).toEqual({
      sequences: 2,
      records: 1,
      events: 2,
    });
    const { view } = await data('getRecordView', { record: LEAD }, CONTENT);
    expect(view?.active[0]?.current?.stepId).toBe('e1');
    // An upload is used once.
    expect(await send('restoreData', { upload: 'u2', length: text.length })).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
  });

  it('keeps the event log bounded without touching statistics', async () => {
    await importAndActivate();
    await seeLead();
    await connectLead('nurture');
    const statsBefore = await db.getAll('stats');
    expect(await db.count('events')).toBeGreaterThan(0);
    const removed = await compactEvents(db, clock + 500 * 24 * HOUR);
    expect(removed).toBeGreaterThan(0);
    expect(await db.count('events')).toBe(0);
    expect(await db.getAll('stats')).toEqual(statsBefore);
  });
});
