/**
 * Reads Outlook on the web's message list and reading pane: addresses, times and subjects only
 * (never bodies or previews). Outlook shows no message id in its list, so a message is known by
 * its conversation id and time (`{convid}@{time}`): the list row and the open message agree.
 * Pure over the DOM it is given; never throws on an unknown page.
 */
import { addressIn, normaliseAddress } from '../address';
import { MAX_MAIL_SUBJECT } from '../../domain/limits';
import type { MailMessage } from '../types';
import type { PageRead } from './page-read';
import { OUTLOOK } from './selectors';
import { parseShownTime } from './shown-time';

const text = (element: Element | null | undefined): string =>
  (element?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_MAIL_SUBJECT);

/** An address from an element's `title`, else from its text ("Jane Doe <jane@example.com>"). */
function addressOf(element: Element | null | undefined): string | null {
  if (element === null || element === undefined) return null;
  return normaliseAddress(element.getAttribute('title')) ?? addressIn(text(element));
}

function timeOf(element: Element | null | undefined, now: number): number | null {
  if (element === null || element === undefined) return null;
  return parseShownTime(element.getAttribute('title'), now) ?? parseShownTime(text(element), now);
}

function inSentItems(url: string): boolean {
  try {
    return /\/sentitems(\/|$)/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function readRow(row: Element, sent: boolean, now: number): MailMessage | null {
  const convid = row.getAttribute('data-convid');
  const person = addressOf(row.querySelector(OUTLOOK.rowPerson));
  const at = timeOf(row.querySelector(OUTLOOK.rowTime), now);
  if (convid === null || convid === '' || person === null || at === null) return null;
  const id = `${convid}@${at}`;
  return sent
    ? { id, direction: 'sent', from: '', to: [person], at, subject: '' }
    : { id, direction: 'received', from: person, to: [], at, subject: '' };
}

/**
 * The open conversation's messages. Outlook's page does not show which account is signed in, so
 * every message here counts as received: the seller's own sent mail is read from Sent Items.
 */
function readPane(pane: Element, doc: Document, now: number): MailMessage[] {
  const convid =
    doc.querySelector(`${OUTLOOK.row}[aria-selected="true"]`)?.getAttribute('data-convid') ??
    'open';
  const subject = text(pane.querySelector(OUTLOOK.subject));
  const messages: MailMessage[] = [];
  for (const element of pane.querySelectorAll(OUTLOOK.message)) {
    const from = addressOf(element.querySelector(OUTLOOK.messageFrom));
    const at = timeOf(element.querySelector(OUTLOOK.messageTime), now);
    if (from === null || at === null) continue;
    messages.push({ id: `${convid}@${at}`, direction: 'received', from, to: [], at, subject });
  }
  return messages;
}

/** Everything readable on an Outlook page at `url`, and whether the page could be read at all. */
export function readOutlook(doc: Document, url: string, now: number): PageRead {
  // Outlook's title ("Mail - Jane Seller - Outlook") holds no address: the account is not read.
  const account = null;
  const list = doc.querySelector(OUTLOOK.list);
  const pane = doc.querySelector(OUTLOOK.readingPane);
  if (list === null && pane === null) {
    return { report: { view: 'other', readable: false, account }, messages: [] };
  }
  const messages: MailMessage[] = [];
  let readable = true;
  if (pane !== null && pane.querySelector(OUTLOOK.message) !== null) {
    const read = readPane(pane, doc, now);
    messages.push(...read);
    readable = read.length > 0;
  }
  const rows = list === null ? [] : [...list.querySelectorAll(OUTLOOK.row)];
  if (rows.length > 0) {
    const sent = inSentItems(url);
    let listed = 0;
    for (const row of rows) {
      const message = readRow(row, sent, now);
      if (message !== null) {
        messages.push(message);
        listed++;
      }
    }
    readable &&= listed > 0;
  } else if (list !== null && list.children.length > 0) {
    // The list holds items, but none is a conversation Upnext recognises: the structure changed.
    readable = false;
  }
  const view = pane?.querySelector(OUTLOOK.message) ? 'thread' : rows.length > 0 ? 'list' : 'other';
  return { report: { view, readable, account }, messages };
}
