/**
 * The mailbox mirror the panel reads from `storage.local` (written by the background only). The
 * panel has no zod: this checks the shape by hand and falls back to "nothing connected".
 */
import { COMPOSE_APPS, MAIL_CLIENTS, type MailboxMirror, type MailClientId } from './types';
import { DEFAULT_OUTLOOK_ORIGIN, MAIL_CLIENT_INFO } from './clients';

/** `storage.local` key of the seller's "don't show the mailbox hint again". */
export const MAILBOX_HINT_KEY = 'upnextMailboxHintDismissed';

export const NO_MAILBOX: MailboxMirror = {
  connected: [],
  unreadable: [],
  composeWith: 'default',
  outlookOrigin: DEFAULT_OUTLOOK_ORIGIN,
};

const clients = (value: unknown): MailClientId[] =>
  Array.isArray(value)
    ? MAIL_CLIENTS.filter((client) => (value as unknown[]).includes(client))
    : [];

export function parseMailboxMirror(raw: unknown): MailboxMirror {
  if (typeof raw !== 'object' || raw === null) return NO_MAILBOX;
  const value = raw as Partial<Record<keyof MailboxMirror, unknown>>;
  const compose = COMPOSE_APPS.find((app) => app === value.composeWith) ?? 'default';
  const origin =
    typeof value.outlookOrigin === 'string' &&
    MAIL_CLIENT_INFO.outlook.origins.includes(value.outlookOrigin)
      ? value.outlookOrigin
      : DEFAULT_OUTLOOK_ORIGIN;
  return {
    connected: clients(value.connected),
    unreadable: clients(value.unreadable),
    composeWith: compose,
    outlookOrigin: origin,
  };
}

/** What the panel shows about the mailbox: the mirror and whether the seller hid the hint. */
export interface PanelMailbox extends MailboxMirror {
  hintDismissed: boolean;
}
