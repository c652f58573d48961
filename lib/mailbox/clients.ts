/**
 * The web mail clients Upnext reads: their hosts, the match patterns asked for when the seller
 * connects one, and their compose addresses. One home for these facts (docs/mailbox.md says
 * where each comes from).
 */
import type { ComposeApp, MailClientId } from './types';

export interface MailClientInfo {
  id: MailClientId;
  name: string;
  /** The origins the client's web app runs on. */
  origins: readonly string[];
  /** Host permissions asked for on "Connect" (optional permissions, never at install). */
  patterns: readonly string[];
}

export const MAIL_CLIENT_INFO: Record<MailClientId, MailClientInfo> = {
  gmail: {
    id: 'gmail',
    name: 'Gmail',
    origins: ['https://mail.google.com'],
    patterns: ['https://mail.google.com/*'],
  },
  outlook: {
    id: 'outlook',
    name: 'Outlook on the web',
    // Work and school accounts (Microsoft 365) and personal accounts (Outlook.com).
    origins: ['https://outlook.office.com', 'https://outlook.live.com'],
    patterns: ['https://outlook.office.com/*', 'https://outlook.live.com/*'],
  },
};

/** The client whose web app runs at `url`'s origin, or null (any other page, a bad URL). */
export function clientForUrl(url: string): MailClientId | null {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  for (const info of Object.values(MAIL_CLIENT_INFO)) {
    if (info.origins.includes(origin)) return info.id;
  }
  return null;
}

/**
 * Gmail's inbox feed (Atom), read with the browser's Gmail session. It lists the unread
 * conversations of the first signed-in account's inbox.
 */
export const GMAIL_FEED_URL = 'https://mail.google.com/mail/u/0/feed/atom';

export const DEFAULT_OUTLOOK_ORIGIN = 'https://outlook.office.com';

export interface ComposeFields {
  to: string;
  subject: string;
  body: string;
}

const enc = encodeURIComponent;

function query(pairs: [string, string][]): string {
  return pairs
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${enc(value)}`)
    .join('&');
}

/** `mailto:` (RFC 6068): `@` may stay literal in the address; line breaks are CRLF. */
function mailtoLink({ to, subject, body }: ComposeFields): string {
  const address = enc(to.trim()).replace(/%40/g, '@');
  const rest = query([
    ['subject', subject],
    ['body', body.replace(/\r?\n/g, '\r\n')],
  ]);
  return `mailto:${address}${rest ? `?${rest}` : ''}`;
}

/**
 * The address that opens a new message with recipient, subject and body filled in, in the app
 * the seller chose. Every value is percent-encoded (`+` too: Gmail would read it as a space).
 * - Gmail: `https://mail.google.com/mail/?view=cm&fs=1&to=…&su=…&body=…`
 * - Outlook on the web: `{origin}/mail/deeplink/compose?to=…&subject=…&body=…`
 */
export function composeLink(
  app: ComposeApp,
  fields: ComposeFields,
  outlookOrigin: string = DEFAULT_OUTLOOK_ORIGIN,
): string {
  const to = fields.to.trim();
  switch (app) {
    case 'default':
      return mailtoLink(fields);
    case 'gmail':
      return `https://mail.google.com/mail/?${query([
        ['view', 'cm'],
        ['fs', '1'],
        ['to', to],
        ['su', fields.subject],
        ['body', fields.body],
      ])}`;
    case 'outlook': {
      const origin = MAIL_CLIENT_INFO.outlook.origins.includes(outlookOrigin)
        ? outlookOrigin
        : DEFAULT_OUTLOOK_ORIGIN;
      return `${origin}/mail/deeplink/compose?${query([
        ['to', to],
        ['subject', fields.subject],
        ['body', fields.body],
      ])}`;
    }
  }
}
