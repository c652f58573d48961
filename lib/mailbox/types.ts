/**
 * The seller's mailbox (issue #20): which web mail clients Upnext reads, what it reads from them
 * and what it keeps. Plain data, shared by the mailbox content script, the background and the
 * console. Nothing here reads a page or a database.
 */

/** The web mail clients Upnext can read. */
export const MAIL_CLIENTS = ['gmail', 'outlook'] as const;
export type MailClientId = (typeof MAIL_CLIENTS)[number];

/** Where the email step's "Email" button composes: the OS default mail app, or a web client. */
export const COMPOSE_APPS = ['default', 'gmail', 'outlook'] as const;
export type ComposeApp = (typeof COMPOSE_APPS)[number];

/**
 * One message as Upnext reads it from a mailbox: addresses, id, time and subject only. Bodies
 * and snippets are never read. Addresses are normalised (trimmed, lower case).
 */
export interface MailMessage {
  /** The client's own id of the message (Gmail: the hex message id; Outlook: the item id). */
  id: string;
  /** `received`: someone wrote to the seller; `sent`: the seller wrote to `to`. */
  direction: 'received' | 'sent';
  /** The sender's address ('' when the seller sent it and the page does not show it). */
  from: string;
  /** Recipients (sent messages); empty for received ones. */
  to: string[];
  /** When the message was sent or received, UTC milliseconds. */
  at: number;
  /** The subject as the page shows it, trimmed (may be ''). */
  subject: string;
}

/** What the seller connected, as kept in the `settings` store (key `mailbox`). */
interface MailboxClientState {
  connectedAt: number;
  /** The origin the client's pages were last read on (for Outlook: office.com or live.com). */
  origin: string | null;
  /** The signed-in address the page shows, when it shows one. */
  account: string | null;
  /** When a page of this client was last read successfully. */
  lastReadAt: number | null;
  /** Set when a page of this client could no longer be read (its structure changed). */
  unreadableSince: number | null;
}

export interface MailboxState {
  clients: Partial<Record<MailClientId, MailboxClientState>>;
  /** "Complete email steps when I send the email" (default on). */
  completeOnSend: boolean;
  composeWith: ComposeApp;
  /** The Gmail inbox feed: when it was last read and what went wrong, if anything. */
  feed: { lastCheckedAt: number | null; problem: string | null };
}

export const DEFAULT_MAILBOX_STATE: MailboxState = {
  clients: {},
  completeOnSend: true,
  composeWith: 'default',
  feed: { lastCheckedAt: null, problem: null },
};

/**
 * What pages outside the background need to know (mirrored to `storage.local`, key
 * `MAILBOX_MIRROR_KEY`): the panel shows hints from it and composes with it. No addresses.
 */
export interface MailboxMirror {
  connected: MailClientId[];
  unreadable: MailClientId[];
  composeWith: ComposeApp;
  /** The Outlook origin to compose on (office.com for work accounts, live.com for personal). */
  outlookOrigin: string;
}

export const MAILBOX_MIRROR_KEY = 'upnextMailbox';

/** What a mailbox page reports about itself on each read. */
export interface MailboxPageReport {
  /** `list`: a message list; `thread`: an open conversation; `other`: settings, compose, loading. */
  view: 'list' | 'thread' | 'other';
  /**
   * False when the page is a mail view but nothing on it could be read: the client's page
   * structure changed and Upnext's selectors no longer match.
   */
  readable: boolean;
  /** The signed-in address, when the page shows it. */
  account: string | null;
}
