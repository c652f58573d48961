/**
 * The seller's mailbox at run time (issue #20). The background keeps three things in step with
 * what is stored and granted:
 * - the mailbox content-script registration of each connected client whose hosts the browser
 *   granted (`scripting.registerContentScripts`, ids `upnext-mailbox-{client}`);
 * - the mirror in `storage.local` (`MAILBOX_MIRROR_KEY`) the panel reads its hints from;
 * - the Gmail feed alarm: armed while Gmail is connected; each tick reads the feed only when a
 *   record waits on a reply, and at most once a minute.
 * Permissions are requested by the console inside the click; the background only reads and
 * removes them.
 */
import { t } from '@/lib/i18n';
import { browser } from 'wxt/browser';

import { sameJson } from '@/lib/sequence/canonical';
import { parseGmailFeed } from '@/lib/mailbox/atom';
import { GMAIL_FEED_URL, MAIL_CLIENT_INFO } from '@/lib/mailbox/clients';
import {
  DEFAULT_MAILBOX_STATE,
  MAIL_CLIENTS,
  MAILBOX_MIRROR_KEY,
  type MailboxMirror,
  type MailboxState,
  type MailClientId,
} from '@/lib/mailbox/types';
import type { Database } from '@/lib/store/db';
import { anyoneAwaitsReply, readMailboxState, updateMailboxState } from '@/lib/store/mailbox-repo';

export const FEED_ALARM = 'upnext-mailbox-feed';
export const MAILBOX_SCRIPT_JS = 'content-scripts/mailbox.js';
const REGISTRATION_PREFIX = 'upnext-mailbox-';
/** The feed is read at most this often, whatever wakes the worker. */
const FEED_MIN_INTERVAL_MS = 55_000;

interface Registration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
}

/** The browser APIs used here, narrowed so tests can pass a fake. */
export interface MailboxApi {
  scripting: {
    getRegisteredContentScripts: () => Promise<{ id: string; matches?: string[] }[]>;
    registerContentScripts: (scripts: Registration[]) => Promise<void>;
    unregisterContentScripts: (filter: { ids: string[] }) => Promise<void>;
    executeScript: (injection: { target: { tabId: number }; files: string[] }) => Promise<unknown>;
  };
  /** Open tabs at these match patterns (needs only the host access just granted). */
  tabs: { query: (query: { url: string[] }) => Promise<{ id?: number }[]> };
  permissions: {
    contains: (permissions: { origins: string[] }) => Promise<boolean>;
    remove: (permissions: { origins: string[] }) => Promise<boolean>;
  };
  storage: {
    get: (key: string) => Promise<Record<string, unknown>>;
    set: (items: Record<string, unknown>) => Promise<void>;
  };
  alarms: {
    get: (name: string) => Promise<unknown>;
    create: (
      name: string,
      info: { periodInMinutes: number; delayInMinutes?: number },
    ) => void | Promise<void>;
    clear: (name: string) => Promise<boolean>;
  };
  fetchText: (url: string) => Promise<{ ok: boolean; status: number; text: string }>;
}

export function browserMailboxApi(): MailboxApi {
  return {
    scripting: {
      getRegisteredContentScripts: () => browser.scripting.getRegisteredContentScripts(),
      registerContentScripts: (scripts) => browser.scripting.registerContentScripts(scripts),
      unregisterContentScripts: (filter) => browser.scripting.unregisterContentScripts(filter),
      executeScript: (injection) =>
        browser.scripting.executeScript(
          injection as Parameters<typeof browser.scripting.executeScript>[0],
        ),
    },
    tabs: { query: (query) => browser.tabs.query(query) },
    permissions: {
      contains: (permissions) => browser.permissions.contains(permissions),
      remove: (permissions) => browser.permissions.remove(permissions),
    },
    storage: {
      get: (key) => browser.storage.local.get(key),
      set: (items) => browser.storage.local.set(items),
    },
    alarms: {
      get: (name) => browser.alarms.get(name),
      create: (name, info) => browser.alarms.create(name, info),
      clear: (name) => browser.alarms.clear(name),
    },
    fetchText: async (url) => {
      // The browser's own Gmail session: cookies go with the request, nothing else is sent.
      const response = await fetch(url, { credentials: 'include', cache: 'no-store' });
      return { ok: response.ok, status: response.status, text: await response.text() };
    },
  };
}

/** Which clients the browser lets Upnext read now. */
export async function grantedClients(api: MailboxApi): Promise<Record<MailClientId, boolean>> {
  const entries = await Promise.all(
    MAIL_CLIENTS.map(
      async (client) =>
        [
          client,
          await api.permissions
            .contains({ origins: [...MAIL_CLIENT_INFO[client].patterns] })
            .catch(() => false),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<MailClientId, boolean>;
}

export function mirrorOf(state: MailboxState): MailboxMirror {
  const connected = MAIL_CLIENTS.filter((client) => state.clients[client] !== undefined);
  return {
    connected,
    unreadable: connected.filter((client) => state.clients[client]?.unreadableSince != null),
    composeWith: state.composeWith,
    outlookOrigin: state.clients.outlook?.origin ?? 'https://outlook.office.com',
  };
}

export interface MailboxDeps {
  db: () => Promise<Database>;
  api?: MailboxApi;
}

async function reconcileOnce(deps: MailboxDeps): Promise<string[]> {
  const api = deps.api ?? browserMailboxApi();
  const db = await deps.db();
  const state = await readMailboxState(db);
  const granted = await grantedClients(api);
  const errors: string[] = [];
  const attempt = async (label: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      errors.push(`${label}: ${String(error)}`);
    }
  };

  const mirror = mirrorOf(state);
  const stored = (await api.storage.get(MAILBOX_MIRROR_KEY))[MAILBOX_MIRROR_KEY];
  if (!sameJson(stored, mirror))
    await attempt('mirror', () => api.storage.set({ [MAILBOX_MIRROR_KEY]: mirror }));

  const registered = new Set(
    (await api.scripting.getRegisteredContentScripts())
      .map((script) => script.id)
      .filter((id) => id.startsWith(REGISTRATION_PREFIX)),
  );
  for (const client of MAIL_CLIENTS) {
    const id = `${REGISTRATION_PREFIX}${client}`;
    const wanted = state.clients[client] !== undefined && granted[client];
    if (wanted && !registered.has(id)) {
      const patterns = [...MAIL_CLIENT_INFO[client].patterns];
      await attempt(`register ${id}`, async () => {
        await api.scripting.registerContentScripts([
          { id, matches: patterns, js: [MAILBOX_SCRIPT_JS], runAt: 'document_idle' },
        ]);
        // The client's tabs already open start reading too: no reload asked of the seller. A
        // tab loading at this moment may get both; the script starts once per tab.
        const tabs = await api.tabs.query({ url: patterns });
        await Promise.all(
          tabs.flatMap(({ id: tabId }) =>
            tabId === undefined
              ? []
              : [
                  api.scripting
                    .executeScript({ target: { tabId }, files: [`/${MAILBOX_SCRIPT_JS}`] })
                    .catch((error: unknown) => errors.push(`tab ${tabId}: ${String(error)}`)),
                ],
          ),
        );
      });
    } else if (!wanted && registered.has(id)) {
      await attempt(`unregister ${id}`, () =>
        api.scripting.unregisterContentScripts({ ids: [id] }),
      );
    }
  }
  await attempt('feed alarm', () => syncFeedAlarm(api, state, granted));
  if (errors.length > 0) console.warn('[upnext] mailbox registration', errors);
  return errors;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Makes registrations, the mirror and the feed alarm match what is stored and granted. Safe to
 * call any number of times; runs one at a time.
 */
export function reconcileMailbox(deps: MailboxDeps): Promise<string[]> {
  const run = queue.then(
    () => reconcileOnce(deps),
    () => reconcileOnce(deps),
  );
  queue = run.catch(() => undefined);
  return run;
}

async function syncFeedAlarm(
  api: MailboxApi,
  state: MailboxState,
  granted: Record<MailClientId, boolean>,
): Promise<void> {
  const wanted = state.clients.gmail !== undefined && granted.gmail;
  const armed = (await api.alarms.get(FEED_ALARM)) !== undefined;
  if (wanted && !armed)
    await api.alarms.create(FEED_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
  if (!wanted && armed) await api.alarms.clear(FEED_ALARM);
}

/** After records changed: a record may now wait on a reply, so the feed alarm may be needed. */
export async function armFeedIfConnected(deps: MailboxDeps): Promise<void> {
  const api = deps.api ?? browserMailboxApi();
  const state = await readMailboxState(await deps.db());
  if (state.clients.gmail === undefined) return;
  if ((await api.alarms.get(FEED_ALARM)) === undefined)
    await api.alarms.create(FEED_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
}

export type ApplyMessages = (
  client: MailClientId,
  messages: ReturnType<typeof parseGmailFeed>['messages'],
) => Promise<number>;

/**
 * One feed tick: reads Gmail's inbox feed if Gmail is connected and granted, a record waits on a
 * reply, and the last read is at least a minute old; otherwise does nothing (and stops the alarm
 * when nothing waits). Returns how many engine events the feed's messages made.
 */
export async function pollGmailFeed(
  deps: MailboxDeps & { now: () => number; apply: ApplyMessages },
): Promise<number> {
  const api = deps.api ?? browserMailboxApi();
  const db = await deps.db();
  const state = await readMailboxState(db);
  const granted = await grantedClients(api);
  if (state.clients.gmail === undefined || !granted.gmail) {
    await api.alarms.clear(FEED_ALARM);
    return 0;
  }
  if (!(await anyoneAwaitsReply(db))) {
    await api.alarms.clear(FEED_ALARM);
    return 0;
  }
  const now = deps.now();
  const last = state.feed.lastCheckedAt;
  if (last !== null && now - last < FEED_MIN_INTERVAL_MS && now >= last) return 0;
  let problem: string | null = null;
  let recorded = 0;
  try {
    const response = await api.fetchText(GMAIL_FEED_URL);
    if (!response.ok) {
      problem =
        response.status === 401 || response.status === 403
          ? t('errGmailSignIn')
          : t('errGmailFeedStatus', String(response.status));
    } else {
      const feed = parseGmailFeed(response.text, now);
      problem = feed.problem;
      recorded = await deps.apply('gmail', feed.messages);
    }
  } catch {
    problem = t('errGmailUnreachable');
  }
  await updateMailboxState(db, (current) => ({
    ...current,
    feed: { lastCheckedAt: now, problem },
  }));
  return recorded;
}

/**
 * Forgets a client: its state and its registration; gives its host access back when asked.
 * Returns whether the browser removed the access (it refuses for hosts granted at install).
 */
export async function forgetClient(
  deps: MailboxDeps,
  client: MailClientId,
): Promise<{ state: MailboxState; accessRemoved: boolean }> {
  const api = deps.api ?? browserMailboxApi();
  const db = await deps.db();
  const state = await updateMailboxState(db, (current) => {
    const clients = Object.fromEntries(
      Object.entries(current.clients).filter(([id]) => id !== client),
    );
    return {
      ...current,
      clients,
      ...(client === 'gmail' ? { feed: DEFAULT_MAILBOX_STATE.feed } : {}),
    };
  });
  let accessRemoved = false;
  try {
    accessRemoved = await api.permissions.remove({
      origins: [...MAIL_CLIENT_INFO[client].patterns],
    });
  } catch {
    accessRemoved = false;
  }
  await reconcileMailbox(deps);
  return { state, accessRemoved };
}
