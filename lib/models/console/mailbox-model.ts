/**
 * The console's Mailbox card (issue #20): connect Gmail or Outlook on the web (host access is
 * asked for inside the click, the only moment a browser allows it), disconnect, and the two
 * options. Changes apply at once; there is nothing to save.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';

import { MAIL_CLIENT_INFO } from '../../mailbox/clients';
import type { ComposeApp, MailClientId } from '../../mailbox/types';
import type { MailboxInfo } from '../../messaging/protocol';
import { errorMessage, type Transport } from './transport';

type MailboxBusy = MailClientId | 'options' | null;

export interface MailboxModel {
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  info: ReadonlySignal<MailboxInfo | null>;
  busy: ReadonlySignal<MailboxBusy>;
  /** What the last action did, in words (shown in a live region). */
  notice: ReadonlySignal<string | null>;
  error: ReadonlySignal<string | null>;
  load: () => Promise<void>;
  /** Call from the click handler itself: the access prompt needs the user's gesture. */
  connect: (client: MailClientId) => Promise<void>;
  disconnect: (client: MailClientId) => Promise<void>;
  setCompleteOnSend: (on: boolean) => Promise<void>;
  setComposeWith: (app: ComposeApp) => Promise<void>;
}

export function createMailboxModel(
  transport: Transport,
  deps: { requestAccess?: (patterns: string[]) => Promise<boolean> },
): MailboxModel {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const info = signal<MailboxInfo | null>(null);
  const busy = signal<MailboxBusy>(null);
  const notice = signal<string | null>(null);
  const error = signal<string | null>(null);

  const run = async (
    what: Exclude<MailboxBusy, null>,
    work: () => Promise<{ info: MailboxInfo; notice: string | null } | null>,
  ): Promise<void> => {
    batch(() => {
      busy.value = what;
      error.value = null;
      notice.value = null;
    });
    try {
      const result = await work();
      if (result !== null)
        batch(() => {
          info.value = result.info;
          notice.value = result.notice;
        });
    } catch (failure) {
      error.value = errorMessage(failure);
    } finally {
      busy.value = null;
    }
  };

  return {
    status,
    info,
    busy,
    notice,
    error,
    async load() {
      try {
        info.value = await transport.send('getMailbox', {});
        status.value = 'ready';
      } catch (failure) {
        error.value = errorMessage(failure);
        status.value = 'error';
      }
    },
    connect(client) {
      const { name, patterns } = MAIL_CLIENT_INFO[client];
      // Asked before any await, so the browser still sees the click.
      const asked = deps.requestAccess?.([...patterns]) ?? Promise.resolve(false);
      return run(client, async () => {
        if (!(await asked)) {
          error.value = `${name} was not connected: Upnext needs your permission to read it. Choose Connect again and allow access.`;
          return null;
        }
        const next = await transport.send('connectMailbox', { client });
        return {
          info: next,
          notice: `${name} is connected. Keep a ${name} tab open and Upnext records replies and sent emails by itself.`,
        };
      });
    },
    disconnect(client) {
      const { name } = MAIL_CLIENT_INFO[client];
      return run(client, async () => {
        const next = await transport.send('disconnectMailbox', { client });
        return {
          info: next,
          notice: next.accessRemoved
            ? `${name} is disconnected and Upnext no longer has access to it. Replies recorded so far stay in each record's history.`
            : `${name} is disconnected: Upnext no longer reads it. Your browser kept its access to ${name}; you can remove it on the browser's extensions page. Replies recorded so far stay in each record's history.`,
        };
      });
    },
    setCompleteOnSend(on) {
      return run('options', async () => ({
        info: await transport.send('setMailboxOptions', { completeOnSend: on }),
        notice: 'Saved.',
      }));
    },
    setComposeWith(app) {
      return run('options', async () => ({
        info: await transport.send('setMailboxOptions', { composeWith: app }),
        notice: 'Saved.',
      }));
    },
  };
}
