/**
 * A harness for tests that drive the background's handlers through the router, the way the
 * extension's pages and content scripts do: an empty database on fake-indexeddb, handler deps
 * with a test's own clock and counted ids (no browser), the two kinds of sender, and `send` /
 * `data` helpers that route one message and return its reply.
 */
import { IDBFactory } from 'fake-indexeddb';

import type { MessageType, RecordRef, ReplyOf, RequestOf } from '@/lib/messaging/protocol';
import type { Reply } from '@/lib/messaging/result';
import { openDatabase, type Database } from '@/lib/store/db';

import type { BackgroundDeps } from '../context';
import { route, type HandlerMap, type SenderInfo } from '../router';

/** The extension under test: its id and the origin of its pages. */
export const EXTENSION = { id: 'upnext-test', origin: 'chrome-extension://upnext-test' };
/** The console (an extension page). */
export const PAGE: SenderInfo = { id: EXTENSION.id, url: `${EXTENSION.origin}/options.html` };
/** Our content script in a Dynamics 365 tab (the background refuses a page speaking for another CRM). */
export const CONTENT: SenderInfo = {
  id: EXTENSION.id,
  url: 'https://acme.crm.dynamics.com/main.aspx',
  tab: { id: 7 },
};
/** Monday 23 March 2026, 10:00 UTC (ms): the clock most tests start at. */
export const START = Date.parse('2026-03-23T10:00:00Z');
/** A Dynamics 365 lead. */
export const LEAD: RecordRef = {
  crm: 'dynamics365',
  entity: 'lead',
  id: '04aec106-eb12-4f31-9f0b-8583b1443fc0',
};

/** A pack of one lead sequence, 'timed': a task, a two-hour wait, a second task. */
export const TIMED_PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'timed',
      name: 'Timed',
      entity: 'lead',
      steps: [
        { id: 'first', type: 'task', name: 'First touch' },
        { id: 'pause', type: 'wait', hours: 2 },
        { id: 'second', type: 'task', name: 'Second touch' },
      ],
    },
  ],
});

/** Opens the store on a new, empty fake-indexeddb (call in `beforeEach`: nothing leaks between tests). */
export async function freshDatabase(): Promise<Database> {
  globalThis.indexedDB = new IDBFactory();
  return openDatabase();
}

/** Ids `id-1`, `id-2`, … (share one counter across worker restarts so ids never repeat). */
export function countingIds(): () => string {
  let ids = 0;
  return () => `id-${String(++ids)}`;
}

/**
 * Handler deps on `db` with the test's clock `now` (ms): counted ids, UTC, started now, and
 * browser hooks that do nothing; `overrides` replaces any of them (e.g. an `afterChange` spy).
 */
export function testDeps(
  db: Database,
  now: () => number,
  overrides: Partial<BackgroundDeps> = {},
): BackgroundDeps {
  return {
    db: () => Promise.resolve(db),
    now,
    newId: countingIds(),
    version: '1.0.0',
    startedAt: now(),
    systemTimeZone: () => 'UTC',
    reconcileCrms: () => undefined,
    afterChange: () => undefined,
    ...overrides,
  };
}

export interface Messenger {
  /** Routes one message from `sender` (the console by default) and returns its reply. */
  send: <K extends MessageType>(
    type: K,
    payload: RequestOf<K>,
    sender?: SenderInfo,
  ) => Promise<Reply<ReplyOf<K>>>;
  /** Like `send`, but returns the reply's data and throws on an error reply (with its code). */
  data: <K extends MessageType>(
    type: K,
    payload: RequestOf<K>,
    sender?: SenderInfo,
  ) => Promise<ReplyOf<K>>;
}

/** `send` and `data` through the router to whatever `handlers()` returns at the time (tests replace it). */
export function messenger(handlers: () => HandlerMap): Messenger {
  async function send<K extends MessageType>(
    type: K,
    payload: RequestOf<K>,
    sender: SenderInfo = PAGE,
  ): Promise<Reply<ReplyOf<K>>> {
    const reply = route({ upnext: 1, type, payload }, sender, handlers(), EXTENSION);
    if (reply === undefined) throw new Error('not routed');
    return (await reply) as Reply<ReplyOf<K>>;
  }
  async function data<K extends MessageType>(
    type: K,
    payload: RequestOf<K>,
    sender: SenderInfo = PAGE,
  ): Promise<ReplyOf<K>> {
    const reply = await send(type, payload, sender);
    if (!reply.ok) throw new Error(`${type}: ${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }
  return { send, data };
}
