/**
 * Reads Gmail's message list and open conversation: addresses, ids, times and subjects only
 * (never bodies or snippets). Pure over the DOM it is given; never throws on an unknown page.
 */
import { normaliseAddress } from '../address';
import { MAX_MAIL_SUBJECT } from '../../domain/limits';
import type { MailMessage } from '../types';
import type { PageRead } from './page-read';
import { GMAIL } from './selectors';
import { parseShownTime } from './shown-time';

/** Gmail's title: "Inbox (3) - seller@example.com - Gmail". */
export function gmailAccount(title: string): string | null {
  const match = / - ([^\s]+@[^\s]+) - /.exec(title);
  return match ? normaliseAddress(match[1]) : null;
}

const attr = (element: Element | null | undefined, name: string): string | null =>
  element?.getAttribute(name) ?? null;

const text = (element: Element | null | undefined): string =>
  (element?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_MAIL_SUBJECT);

function unique(addresses: (string | null)[]): string[] {
  return [...new Set(addresses.filter((address): address is string => address !== null))];
}

/** The hash route: `#sent`, `#inbox/FMfcgz…` (an open conversation), `#label/x`… */
function route(url: string): { sent: boolean; conversation: boolean } {
  let hash = '';
  try {
    hash = decodeURIComponent(new URL(url).hash);
  } catch {
    hash = '';
  }
  const parts = hash.replace(/^#/, '').split('/');
  const id = parts.at(1) ?? '';
  return {
    sent: parts[0] === 'sent' || /\bin:sent\b/.test(hash),
    conversation: /^[A-Za-z0-9_-]{10,}$/.test(id),
  };
}

function readRow(
  row: Element,
  sentFolder: boolean,
  account: string | null,
  now: number,
): MailMessage | null {
  const people = unique(
    [...row.querySelectorAll(GMAIL.rowPeople)].map((el) => normaliseAddress(attr(el, 'email'))),
  );
  const id = attr(row.querySelector(GMAIL.rowIds), 'data-legacy-last-message-id');
  const at = parseShownTime(attr(row.querySelector(GMAIL.rowTime), 'title'), now);
  if (people.length === 0 || id === null || id === '' || at === null) return null;
  const subject = text(row.querySelector(GMAIL.rowSubject));
  const others = people.filter((address) => address !== account);
  if (sentFolder) return { id, direction: 'sent', from: account ?? '', to: others, at, subject };
  // Outside Sent the people are the conversation's senders, the latest last: the row's time is
  // that latest message's. If it is the seller, the latest message went out to the others.
  const last = people.at(-1) ?? '';
  if (account !== null && last === account) {
    return { id, direction: 'sent', from: account, to: others, at, subject };
  }
  return { id, direction: 'received', from: last, to: [], at, subject };
}

function readMessage(
  message: Element,
  subject: string,
  account: string | null,
  now: number,
): MailMessage | null {
  const id = attr(message, 'data-legacy-message-id');
  const from = normaliseAddress(attr(message.querySelector(GMAIL.messageFrom), 'email'));
  const at = parseShownTime(attr(message.querySelector(GMAIL.messageTime), 'title'), now);
  if (id === null || id === '' || from === null || at === null) return null;
  if (account !== null && from === account) {
    const to = unique(
      [...message.querySelectorAll(GMAIL.messageTo)].map((el) =>
        normaliseAddress(attr(el, 'email')),
      ),
    ).filter((address) => address !== account);
    return { id, direction: 'sent', from, to, at, subject };
  }
  return { id, direction: 'received', from, to: [], at, subject };
}

/** Everything readable on a Gmail page at `url`, and whether the page could be read at all. */
export function readGmail(doc: Document, url: string, now: number): PageRead {
  const account = gmailAccount(doc.title);
  const where = route(url);
  const main = doc.querySelector(GMAIL.main);
  if (main === null) return { report: { view: 'other', readable: false, account }, messages: [] };

  const openMessages = main.querySelectorAll(GMAIL.message);
  if (openMessages.length > 0 || where.conversation) {
    const subject = text(main.querySelector(GMAIL.subject));
    const messages: MailMessage[] = [];
    for (const element of openMessages) {
      const message = readMessage(element, subject, account, now);
      if (message !== null) messages.push(message);
    }
    return { report: { view: 'thread', readable: messages.length > 0, account }, messages };
  }

  const rows = main.querySelectorAll(GMAIL.row);
  if (rows.length === 0) {
    // Rows Upnext does not recognise mean the list changed shape; none at all, an empty folder.
    const unknown = main.querySelector('[role="row"]') !== null;
    return {
      report: { view: unknown ? 'list' : 'other', readable: !unknown, account },
      messages: [],
    };
  }
  const messages: MailMessage[] = [];
  for (const row of rows) {
    const message = readRow(row, where.sent, account, now);
    if (message !== null) messages.push(message);
  }
  return { report: { view: 'list', readable: messages.length > 0, account }, messages };
}
