/**
 * The mailbox end to end in the background, on fake-indexeddb with a fixed clock and a fake
 * browser: connect (only with access), replies and sent emails recorded exactly once, pages that
 * are not a connected mailbox refused, forged or unknown addresses ignored, disconnect forgets
 * the marks but keeps history, and the Gmail feed read only while a record waits on a reply.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { MAILBOX_MIRROR_KEY, type MailMessage } from '@/lib/mailbox/types';
import type { Database } from '@/lib/store/db';

import type { BackgroundDeps } from '../context';
import { FEED_ALARM, pollGmailFeed, type MailboxApi } from '../mailbox';
import type { HandlerMap, SenderInfo } from '../router';
import { createHandlers } from './create-handlers';
import { applyMailMessages, createMailboxHandlers } from './mailbox';
import {
  CONTENT as CRM,
  EXTENSION,
  LEAD,
  START,
  freshDatabase,
  messenger,
  testDeps,
} from './test-kit';

const GMAIL: SenderInfo = {
  id: EXTENSION.id,
  url: 'https://mail.google.com/mail/u/0/#inbox',
  tab: { id: 8 },
};
const OUTLOOK: SenderInfo = {
  id: EXTENSION.id,
  url: 'https://outlook.office.com/mail/',
  tab: { id: 9 },
};
const MINUTE = 60_000;
const ADDRESS = 'olivia.bennett@example.net';
const FEED = readFileSync(
  resolve(import.meta.dirname, '../../../tests/fixtures/mailbox/gmail-feed.xml'),
  'utf8',
);

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outbound',
      name: 'Outbound',
      entity: 'lead',
      exitOnReply: true,
      steps: [
        { id: 'e1', type: 'email', template: { subject: 'Hi', body: 'Hello' } },
        { id: 'e2', type: 'email', template: { subject: 'Again', body: 'Hello again' } },
        { id: 't1', type: 'task' },
      ],
    },
    {
      id: 'nurture',
      name: 'Nurture',
      entity: 'lead',
      steps: [
        { id: 'n1', type: 'email' },
        {
          id: 'answered',
          type: 'condition',
          if: { email: 'replied', step: 'n1' },
          within: { days: 3 },
          yes: [{ id: 'call-back', type: 'call' }],
          no: [{ id: 'later', type: 'task' }],
        },
      ],
    },
  ],
});

let clock: number;
let db: Database;
let handlers: HandlerMap;
let deps: BackgroundDeps;
let granted: Set<string>;
let registered: Map<string, string[]>;
let openTabs: { id: number; url: string }[];
let started: { tabId: number; files: string[] }[];
let storage: Record<string, unknown>;
let alarms: Set<string>;
let fetched: string[];
let feedText: string;
const { send, data } = messenger(() => handlers);

const api: MailboxApi = {
  scripting: {
    getRegisteredContentScripts: () =>
      Promise.resolve([...registered].map(([id, matches]) => ({ id, matches }))),
    registerContentScripts: (scripts) => {
      for (const script of scripts) registered.set(script.id, script.matches);
      return Promise.resolve();
    },
    unregisterContentScripts: ({ ids: gone }) => {
      for (const id of gone) registered.delete(id);
      return Promise.resolve();
    },
    executeScript: ({ target, files }) => {
      started.push({ tabId: target.tabId, files });
      return Promise.resolve([]);
    },
  },
  // Tabs open in the browser, filtered by pattern as Chromium does (host part only here).
  tabs: {
    query: ({ url }) =>
      Promise.resolve(
        openTabs.filter((tab) =>
          url.some((pattern) => tab.url.startsWith(pattern.replace(/\*$/, ''))),
        ),
      ),
  },
  permissions: {
    contains: ({ origins }) => Promise.resolve(origins.every((origin) => granted.has(origin))),
    remove: ({ origins }) => {
      for (const origin of origins) granted.delete(origin);
      return Promise.resolve(true);
    },
  },
  storage: {
    get: (key) => Promise.resolve({ [key]: storage[key] }),
    set: (items) => {
      Object.assign(storage, items);
      return Promise.resolve();
    },
  },
  alarms: {
    get: (name) => Promise.resolve(alarms.has(name) ? { name } : undefined),
    create: (name) => {
      alarms.add(name);
    },
    clear: (name) => Promise.resolve(alarms.delete(name)),
  },
  fetchText: (url) => {
    fetched.push(url);
    return Promise.resolve({ ok: true, status: 200, text: feedText });
  },
};

const received = (id: string, at: number, from = ADDRESS): MailMessage => ({
  id,
  direction: 'received',
  from,
  to: [],
  at,
  subject: 'Re: Hi',
});
const sent = (id: string, at: number, to = ADDRESS): MailMessage => ({
  id,
  direction: 'sent',
  from: 'sam.seller@example.com',
  to: [to],
  at,
  subject: 'Hi Olivia',
});
const report = { view: 'list' as const, readable: true, account: 'sam.seller@example.com' };

async function view() {
  const { view } = await data('getRecordView', { record: LEAD });
  if (view === null) throw new Error('no view');
  return view;
}

async function setUp(sequenceIds: string[]): Promise<void> {
  await data('importPack', { text: PACK });
  await data('setSequenceState', { ids: ['outbound', 'nurture'], state: 'active' });
  await data(
    'recordSeen',
    {
      record: LEAD,
      url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
      title: 'Lead',
      fields: { name: 'Olivia Bennett', email: ` ${ADDRESS.toUpperCase()} ` },
    },
    CRM,
  );
  for (const sequenceId of sequenceIds)
    await data('actOnRecord', { record: LEAD, action: { type: 'connect', sequenceId } });
}

async function connectGmail(): Promise<void> {
  granted.add('https://mail.google.com/*');
  await data('connectMailbox', { client: 'gmail' });
}

beforeEach(async () => {
  clock = START;
  granted = new Set();
  registered = new Map();
  openTabs = [];
  started = [];
  storage = {};
  alarms = new Set();
  fetched = [];
  feedText = FEED;
  db = await freshDatabase();
  deps = testDeps(db, () => clock);
  handlers = { ...createHandlers(deps), ...createMailboxHandlers(deps, api) };
});

describe('connecting a mailbox', () => {
  it('needs the browser to have granted access, then registers the script on those hosts only', async () => {
    const refused = await send('connectMailbox', { client: 'gmail' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(registered.size).toBe(0);

    await connectGmail();
    expect([...registered]).toEqual([['upnext-mailbox-gmail', ['https://mail.google.com/*']]]);
    expect(storage[MAILBOX_MIRROR_KEY]).toMatchObject({ connected: ['gmail'], unreadable: [] });
    expect(alarms.has(FEED_ALARM)).toBe(true);
    // A CRM page cannot connect a mailbox.
    expect(await send('connectMailbox', { client: 'gmail' }, CRM)).toMatchObject({ ok: false });
  });

  it('starts reading the Gmail tabs already open, without a reload; other tabs are left alone', async () => {
    openTabs = [
      { id: 7, url: 'https://mail.google.com/mail/u/0/#inbox' },
      { id: 8, url: 'https://outlook.office.com/mail/' },
      { id: 9, url: 'https://example.com/' },
    ];
    await connectGmail();
    expect(started).toEqual([{ tabId: 7, files: ['/content-scripts/mailbox.js'] }]);
    // Connected already: a second reconcile starts nothing twice.
    await data('connectMailbox', { client: 'gmail' });
    expect(started).toHaveLength(1);
  });

  it('answers only pages of a connected mailbox', async () => {
    await setUp(['outbound']);
    expect(await send('mailboxWatch', {}, GMAIL)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await connectGmail();
    expect(await data('mailboxWatch', {}, GMAIL)).toEqual({ addresses: [ADDRESS] });
    // Outlook was never connected; a CRM tab is no mailbox.
    expect(
      await send('mailboxSeen', { report, messages: [received('x', clock)] }, OUTLOOK),
    ).toMatchObject({ ok: false });
    expect(await send('mailboxWatch', {}, CRM)).toMatchObject({ ok: false });
    // Payloads are validated: an oversized subject is refused before anything runs.
    const bad = await send(
      'mailboxSeen',
      { report, messages: [{ ...received('x', clock), subject: 'x'.repeat(301) }] },
      GMAIL,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });
});

describe('sent emails and replies, exactly once', () => {
  it('a sent email completes the email step (auto, with its subject), once', async () => {
    await setUp(['outbound']);
    await connectGmail();
    clock += 10 * MINUTE;
    expect(
      await data('mailboxSeen', { report, messages: [sent('m1', clock - MINUTE)] }, GMAIL),
    ).toEqual({ recorded: 1 });
    let connection = (await view()).active[0];
    expect(connection.current?.stepId).toBe('e2');
    expect(connection.history.find((item) => item.stepId === 'e1')).toMatchObject({
      result: 'auto',
      subject: 'Hi Olivia',
      at: clock - MINUTE,
    });
    // The same message again (another tab, a reload): nothing changes, e2 is not completed.
    expect(
      await data('mailboxSeen', { report, messages: [sent('m1', clock - MINUTE)] }, GMAIL),
    ).toEqual({ recorded: 0 });
    connection = (await view()).active[0]!;
    expect(connection.current?.stepId).toBe('e2');
    // An email sent before e2 began does not complete it either.
    expect(
      await data('mailboxSeen', { report, messages: [sent('m0', START - 60 * MINUTE)] }, GMAIL),
    ).toEqual({ recorded: 0 });
    expect((await view()).active[0].current?.stepId).toBe('e2');
  });

  it('"complete email steps when I send the email" off: sent mail changes nothing', async () => {
    await setUp(['outbound']);
    await connectGmail();
    await data('setMailboxOptions', { completeOnSend: false });
    clock += MINUTE;
    expect(await data('mailboxSeen', { report, messages: [sent('m1', clock)] }, GMAIL)).toEqual({
      recorded: 0,
    });
    expect((await view()).active[0].current?.stepId).toBe('e1');
  });

  it('a reply ends an exit-on-reply sequence at the reply time and decides a reply condition at once, once', async () => {
    await setUp(['outbound', 'nurture']);
    await connectGmail();
    // Before any email was sent, mail from the address is not a reply.
    clock += MINUTE;
    expect(
      await data('mailboxSeen', { report, messages: [received('early', clock)] }, GMAIL),
    ).toEqual({ recorded: 0 });
    clock += MINUTE;
    await data('mailboxSeen', { report, messages: [sent('out', clock)] }, GMAIL);
    clock += 30 * MINUTE;
    const replyAt = clock - 5 * MINUTE;
    const first = await data(
      'mailboxSeen',
      { report, messages: [received('reply-1', replyAt)] },
      GMAIL,
    );
    expect(first.recorded).toBeGreaterThan(0);
    const after = await view();
    expect(after.ended).toHaveLength(1);
    expect(after.ended[0]).toMatchObject({
      sequenceId: 'outbound',
      status: 'exited',
      reason: 'replied',
      endedAt: replyAt,
    });
    // The nurture sequence's condition took "yes" right away.
    expect(after.active[0]).toMatchObject({
      sequenceId: 'nurture',
      current: { stepId: 'call-back' },
    });
    // Seen again (reload, another tab, the feed with the same id): nothing.
    expect(
      await data('mailboxSeen', { report, messages: [received('reply-1', replyAt)] }, GMAIL),
    ).toEqual({ recorded: 0 });
    expect((await view()).active[0].history).toEqual(after.active[0].history);
  });

  it('two tabs reporting the same reply at the same moment record it once', async () => {
    await setUp(['nurture']);
    await connectGmail();
    await data('mailboxSeen', { report, messages: [sent('out', clock)] }, GMAIL);
    clock += MINUTE;
    const replies = await Promise.all([
      data('mailboxSeen', { report, messages: [received('r', clock)] }, GMAIL),
      data(
        'mailboxSeen',
        { report, messages: [received('r', clock)] },
        { ...GMAIL, tab: { id: 99 } },
      ),
    ]);
    expect(replies.map((reply) => reply.recorded).sort()).toEqual([0, 2]);
    const events = (await db.getAll('events')).filter((event) => event.type === 'email-event');
    expect(events).toHaveLength(1);
  });

  it('only an exact address counts: another address, a look-alike or garbage changes nothing', async () => {
    await setUp(['outbound']);
    await connectGmail();
    await data('mailboxSeen', { report, messages: [sent('out', clock)] }, GMAIL);
    clock += MINUTE;
    const forged = [
      'olivia.bennett+x@example.net',
      'olivia.bennett@example.net.evil.example',
      'not an address',
      '',
    ];
    const reply = await data(
      'mailboxSeen',
      { report, messages: forged.map((from, index) => received(`f${String(index)}`, clock, from)) },
      GMAIL,
    );
    expect(reply).toEqual({ recorded: 0 });
    expect((await view()).active).toHaveLength(1);
    // Case and spaces do not matter.
    expect(
      (
        await data(
          'mailboxSeen',
          { report, messages: [received('ok', clock, '  Olivia.Bennett@Example.NET ')] },
          GMAIL,
        )
      ).recorded,
    ).toBeGreaterThan(0);
  });
});

describe('health, disconnect and the feed', () => {
  it('a page that can no longer be read is said, in the mirror the panel reads', async () => {
    await connectGmail();
    await data(
      'mailboxSeen',
      { report: { view: 'list', readable: false, account: null }, messages: [] },
      GMAIL,
    );
    expect(storage[MAILBOX_MIRROR_KEY]).toMatchObject({ unreadable: ['gmail'] });
    expect((await data('getMailbox', {})).state.clients.gmail?.unreadableSince).toBe(clock);
    // A settings page says nothing either way; a readable list clears it.
    await data(
      'mailboxSeen',
      { report: { view: 'other', readable: true, account: null }, messages: [] },
      GMAIL,
    );
    expect(storage[MAILBOX_MIRROR_KEY]).toMatchObject({ unreadable: ['gmail'] });
    await data('mailboxSeen', { report, messages: [] }, GMAIL);
    expect(storage[MAILBOX_MIRROR_KEY]).toMatchObject({ unreadable: [] });
  });

  it('disconnect unregisters, gives access back and forgets the marks; history stays', async () => {
    await setUp(['outbound']);
    await connectGmail();
    await data('mailboxSeen', { report, messages: [sent('out', clock)] }, GMAIL);
    expect(await db.count('mailSeen')).toBe(1);
    const reply = await data('disconnectMailbox', { client: 'gmail' });
    expect(reply.accessRemoved).toBe(true);
    expect(reply.state.clients.gmail).toBeUndefined();
    expect(registered.size).toBe(0);
    expect(granted.size).toBe(0);
    expect(alarms.has(FEED_ALARM)).toBe(false);
    expect(await db.count('mailSeen')).toBe(0);
    expect((await view()).active[0].history.some((item) => item.subject === 'Hi Olivia')).toBe(
      true,
    );
    expect(await send('mailboxSeen', { report, messages: [] }, GMAIL)).toMatchObject({ ok: false });
  });

  it('"Reset all data" forgets the mailbox and its marks', async () => {
    await setUp(['outbound']);
    await connectGmail();
    await data('mailboxSeen', { report, messages: [sent('out', clock)] }, GMAIL);
    await data('resetData', { confirm: 'reset' });
    expect(await db.count('mailSeen')).toBe(0);
    expect((await data('getMailbox', {})).state.clients).toEqual({});
  });

  it('the feed is read only while a record waits on a reply, at most once a minute, and records the reply once', async () => {
    const poll = () =>
      pollGmailFeed({
        db: deps.db,
        api,
        now: () => clock,
        apply: (client, messages) => applyMailMessages(deps, db, client, messages),
      });
    await setUp(['outbound']);
    await connectGmail();
    // Nothing sent yet: nobody waits on a reply, so the feed is not read and the alarm stops.
    expect(await poll()).toBe(0);
    expect(fetched).toEqual([]);
    expect(alarms.has(FEED_ALARM)).toBe(false);

    // The fixture's reply is from Jane Doe; make her the record's address and send her the email.
    await data(
      'recordSeen',
      {
        record: LEAD,
        url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
        title: 'Lead',
        fields: { name: 'Jane Doe', email: 'jane.doe@example.net' },
      },
      CRM,
    );
    await data(
      'mailboxSeen',
      { report, messages: [sent('out', clock, 'jane.doe@example.net')] },
      GMAIL,
    );
    const replyAt = clock + 5 * MINUTE;
    feedText = FEED.replaceAll('2025-03-04T10:15:00Z', new Date(replyAt).toISOString());
    clock += 10 * MINUTE;
    expect(await poll()).toBeGreaterThan(0);
    expect(fetched).toEqual(['https://mail.google.com/mail/u/0/feed/atom']);
    expect((await view()).ended[0]).toMatchObject({ reason: 'replied', endedAt: replyAt });
    // Within the minute: not read again.
    clock += 20_000;
    expect(await poll()).toBe(0);
    expect(fetched).toHaveLength(1);
  });
});
