/**
 * Gmail's inbox feed (`/mail/u/0/feed/atom`): one `<entry>` per unread conversation, with the
 * latest message's sender, time, subject and id. The service worker has no DOMParser, so this
 * reads the few elements it needs with bounded patterns; `<summary>` (a body snippet) is never
 * read. Never throws: anything that is not a feed is an empty list with a reason.
 */
import { normaliseAddress } from './address';
import { MAX_MAIL_SUBJECT } from '../domain/limits';
import type { MailMessage } from './types';

export interface FeedRead {
  /** The feed's account ("Gmail - Inbox for seller@example.com"), when it says. */
  account: string | null;
  messages: MailMessage[];
  /** Why nothing could be read (not a feed: signed out, a login page), else null. */
  problem: string | null;
}

/** Feeds are small (20 entries); anything far larger is not what was asked for. */
const MAX_FEED_CHARS = 2_000_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(value: string): string {
  return value
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .trim();
}

function element(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? decode(match[1]) : null;
}

/** Gmail's message id (hex) from the entry's link: `…&message_id=18c5a1b2c3d4e5f6&…`. */
function messageId(entry: string): string | null {
  const link = /<link\b[^>]*\bhref="([^"]*)"/.exec(entry);
  if (!link) return null;
  const match = /[?&]message_id=([0-9a-f]{6,32})(?:&|$)/i.exec(decode(link[1]));
  return match ? match[1].toLowerCase() : null;
}

export function parseGmailFeed(xml: string, now: number): FeedRead {
  if (typeof xml !== 'string' || xml.length > MAX_FEED_CHARS || !/<feed[\s>]/.test(xml)) {
    return { account: null, messages: [], problem: 'Gmail did not return its inbox feed.' };
  }
  const head = xml.split('<entry')[0] ?? '';
  const title = element(head, 'title') ?? '';
  const account = normaliseAddress(/(\S+@\S+)\s*$/.exec(title)?.[1]);
  const messages: MailMessage[] = [];
  for (const match of xml.matchAll(/<entry(?:\s[^>]*)?>([\s\S]*?)<\/entry>/g)) {
    const entry = match[1];
    const author = element(entry, 'author') ?? '';
    const from = normaliseAddress(element(author, 'email'));
    const id = messageId(entry);
    const at = Date.parse(element(entry, 'issued') ?? element(entry, 'modified') ?? '');
    if (from === null || id === null || !Number.isFinite(at)) continue;
    messages.push({
      id,
      direction: 'received',
      from,
      to: [],
      at: Math.min(at, now),
      subject: (element(entry, 'title') ?? '').slice(0, MAX_MAIL_SUBJECT),
    });
  }
  return { account, messages, problem: null };
}
