/**
 * The mailbox's messages (issue #20): the console connects, disconnects and sets options; the
 * mailbox content script asks which addresses matter and reports what it read.
 *
 * Everything from a mailbox page is untrusted: the payload was validated (zod) by the router,
 * the sender's origin must be a connected client's (the browser sets it, the page cannot), and
 * every address is normalised again and must equal a record's exactly. A forged page can at most
 * record what the seller could record by hand on records that exist.
 */
import { t } from '@/lib/i18n';
import { normaliseAddress } from '@/lib/mailbox/address';
import { clientForUrl, MAIL_CLIENT_INFO } from '@/lib/mailbox/clients';
import { addressesOf } from '@/lib/mailbox/plan';
import type { MailClientId, MailMessage } from '@/lib/mailbox/types';
import type { MailboxInfo } from '@/lib/messaging/protocol';
import { fail, ok } from '@/lib/messaging/result';
import type { Database } from '@/lib/store/db';
import {
  applyMailMessage,
  forgetClientMessages,
  readMailboxState,
  updateMailboxState,
  watchedRecords,
} from '@/lib/store/mailbox-repo';

import { commandContext, type BackgroundDeps } from '../context';
import {
  browserMailboxApi,
  forgetClient,
  grantedClients,
  reconcileMailbox,
  type MailboxApi,
} from '../mailbox';
import type { HandlerMap, Sender } from '../router';

/** Re-checks what a page sent: addresses normalised, unusable messages dropped. */
function cleanMessage(message: MailMessage): MailMessage | null {
  const from = message.from === '' ? '' : normaliseAddress(message.from);
  if (from === null) return null;
  const to = message.to.flatMap((address) => normaliseAddress(address) ?? []);
  if (message.direction === 'received' && from === '') return null;
  if (message.direction === 'sent' && to.length === 0) return null;
  return { ...message, from, to: [...new Set(to)], subject: message.subject.trim() };
}

/**
 * Applies messages read from `client` to the records they concern, each exactly once. Returns
 * the number of engine events written (replies, completed steps, endings).
 */
export async function applyMailMessages(
  deps: BackgroundDeps,
  db: Database,
  client: MailClientId,
  messages: readonly MailMessage[],
): Promise<number> {
  const usable = messages.flatMap((message) => cleanMessage(message) ?? []);
  if (usable.length === 0) return 0;
  const watched = await watchedRecords(db);
  if (watched.size === 0) return 0;
  const { completeOnSend } = await readMailboxState(db);
  const ctx = await commandContext(deps, db);
  let events = 0;
  const changed = new Set<string>();
  // Oldest first: a sent email completes its step before a later reply to it is matched.
  for (const message of [...usable].sort((a, b) => a.at - b.at)) {
    for (const address of addressesOf(message)) {
      for (const recordKey of watched.get(address) ?? []) {
        const applied = await applyMailMessage(db, client, recordKey, message, ctx, {
          completeOnSend,
        });
        events += applied.events;
        if (applied.events > 0) changed.add(recordKey);
      }
    }
  }
  if (changed.size > 0) deps.afterChange({ recordKeys: [...changed] });
  return events;
}

/** The connected client a content script's page belongs to, or null. */
async function senderClient(db: Database, sender: Sender): Promise<MailClientId | null> {
  const client = clientForUrl(sender.url);
  if (client === null) return null;
  const state = await readMailboxState(db);
  return state.clients[client] === undefined ? null : client;
}

export function createMailboxHandlers(
  deps: BackgroundDeps,
  api: MailboxApi = browserMailboxApi(),
): Pick<
  HandlerMap,
  | 'getMailbox'
  | 'connectMailbox'
  | 'disconnectMailbox'
  | 'setMailboxOptions'
  | 'mailboxWatch'
  | 'mailboxSeen'
> {
  const mailboxDeps = { db: deps.db, api };
  const info = async (db: Database): Promise<MailboxInfo> => ({
    state: await readMailboxState(db),
    granted: await grantedClients(api),
  });
  return {
    getMailbox: {
      audience: 'page',
      handle: async () => ok(await info(await deps.db())),
    },
    connectMailbox: {
      audience: 'page',
      handle: async ({ client }) => {
        const db = await deps.db();
        const granted = await grantedClients(api);
        if (!granted[client]) {
          return fail('forbidden', t('errMailboxNotAllowed', MAIL_CLIENT_INFO[client].name));
        }
        await updateMailboxState(db, (state) => ({
          ...state,
          clients: {
            ...state.clients,
            [client]: state.clients[client] ?? {
              connectedAt: deps.now(),
              origin: null,
              account: null,
              lastReadAt: null,
              unreadableSince: null,
            },
          },
        }));
        await reconcileMailbox(mailboxDeps);
        deps.afterChange({ recordKeys: [], all: true });
        return ok(await info(db));
      },
    },
    disconnectMailbox: {
      audience: 'page',
      handle: async ({ client }) => {
        const db = await deps.db();
        const { accessRemoved } = await forgetClient(mailboxDeps, client);
        await forgetClientMessages(db, client);
        deps.afterChange({ recordKeys: [], all: true });
        return ok({ ...(await info(db)), accessRemoved });
      },
    },
    setMailboxOptions: {
      audience: 'page',
      handle: async (options) => {
        const db = await deps.db();
        await updateMailboxState(db, (state) => ({
          ...state,
          ...(options.completeOnSend === undefined
            ? {}
            : { completeOnSend: options.completeOnSend }),
          ...(options.composeWith === undefined ? {} : { composeWith: options.composeWith }),
        }));
        await reconcileMailbox(mailboxDeps);
        deps.afterChange({ recordKeys: [], all: true });
        return ok(await info(db));
      },
    },
    mailboxWatch: {
      audience: 'content',
      handle: async (_payload, sender) => {
        const db = await deps.db();
        if ((await senderClient(db, sender)) === null)
          return fail('forbidden', t('errNotConnectedMailbox'));
        return ok({ addresses: [...(await watchedRecords(db)).keys()] });
      },
    },
    mailboxSeen: {
      audience: 'content',
      handle: async ({ report, messages }, sender) => {
        const db = await deps.db();
        const client = await senderClient(db, sender);
        if (client === null) return fail('forbidden', t('errNotConnectedMailbox'));
        const now = deps.now();
        const origin = new URL(sender.url).origin;
        const account = normaliseAddress(report.account);
        const seen = { healthChanged: false };
        await updateMailboxState(db, (state) => {
          const current = state.clients[client];
          if (current === undefined) return state;
          const readable = report.readable;
          const next = {
            ...current,
            origin,
            account: account ?? current.account,
            lastReadAt: readable && report.view !== 'other' ? now : current.lastReadAt,
            // A page with nothing to read (settings, an empty folder) says nothing either way.
            unreadableSince:
              readable && report.view === 'other'
                ? current.unreadableSince
                : readable
                  ? null
                  : (current.unreadableSince ?? now),
          };
          seen.healthChanged =
            (current.unreadableSince === null) !== (next.unreadableSince === null) ||
            current.origin !== next.origin;
          return { ...state, clients: { ...state.clients, [client]: next } };
        });
        if (seen.healthChanged) {
          await reconcileMailbox(mailboxDeps);
          deps.afterChange({ recordKeys: [], all: true });
        }
        const recorded = await applyMailMessages(deps, db, client, messages);
        return ok({ recorded });
      },
    },
  };
}
