/**
 * Where each mail client's page shows what Upnext reads: one map per client, every selector with
 * its source. Web mail pages change without notice; when they do, this is the only file to edit
 * (and the fixtures in tests/fixtures/mailbox/, written from the same public structure).
 *
 * Sources (see docs/mailbox.md for the full list):
 * - [gmail.js] KartikTalwar/gmail.js, src/gmail.js: `api.dom.visible_messages`
 *   (`tbody>tr.zA[role="row"]`, `*[email][name]`, `span[data-thread-id]`), `api.dom.email`
 *   (`div.adn[data-legacy-message-id]`, `span[email].gD`, `span[email].g2`, `span.g3`),
 *   `api.dom.thread` (`h2.hP`).
 * - [public scripts] several public Gmail extensions read `data-legacy-last-message-id` on the
 *   thread-list subject span and the full date in the `title` of `td.xW span`.
 * - [owa-poc] fperezdev/wd-extension-poc, src/lib/consts.ts: `[role=listbox]` message list,
 *   `data-convid` on its items, `[data-app-section='MailReadCompose']` reading pane.
 * - [unverified] written from Outlook's accessibility labels and test ids; no public source
 *   found. If Outlook stops matching, the page is reported unreadable, never misread.
 */

export interface GmailSelectors {
  /** The main region that holds a message list or an open conversation. [gmail.js] */
  main: string;
  /** One conversation row of a message list. [gmail.js] */
  row: string;
  /** Senders (or, in Sent, recipients) of a row, each with `email` and `name`. [gmail.js] */
  rowPeople: string;
  /** The span that carries the ids of the row's conversation. [public scripts] */
  rowIds: string;
  /** The row's date; its `title` holds the full date and time. [public scripts] */
  rowTime: string;
  /** The row's subject. [public scripts] */
  rowSubject: string;
  /** One message of an open conversation, with `data-legacy-message-id`. [gmail.js] */
  message: string;
  /** The sender of an open message (`email` attribute). [gmail.js] */
  messageFrom: string;
  /** Recipients of an open message (`email` attributes). [gmail.js] */
  messageTo: string;
  /** The time of an open message; its `title` holds the full date and time. [gmail.js] */
  messageTime: string;
  /** The subject of the open conversation. [gmail.js] */
  subject: string;
}

export const GMAIL: GmailSelectors = {
  main: 'div[role="main"]',
  row: 'tr.zA',
  rowPeople: '.yW [email]',
  rowIds: '[data-legacy-last-message-id]',
  rowTime: 'td.xW span[title]',
  rowSubject: 'span.bog',
  message: 'div.adn[data-legacy-message-id]',
  messageFrom: 'span.gD[email]',
  messageTo: 'span.g2[email]',
  messageTime: 'span.g3[title]',
  subject: 'h2.hP',
};

export interface OutlookSelectors {
  /** The message list. [owa-poc] */
  list: string;
  /** One conversation of the list, with its `data-convid`. [owa-poc] */
  row: string;
  /** The sender (or, in Sent Items, recipient) of a row: its `title` is the address. [unverified] */
  rowPerson: string;
  /** The row's date; its `title` holds the full date and time. [unverified] */
  rowTime: string;
  /** The reading pane of an open conversation. [owa-poc] */
  readingPane: string;
  /** One message in the reading pane. [unverified] */
  message: string;
  /** The sender of an open message: its `title` (or text) is the address. [unverified] */
  messageFrom: string;
  /** The time of an open message (its `title`, else its text). [unverified] */
  messageTime: string;
  /** The subject of the open conversation. [unverified] */
  subject: string;
}

export const OUTLOOK: OutlookSelectors = {
  list: '[role="listbox"]',
  row: '[role="option"][data-convid]',
  rowPerson: 'span[title*="@"]',
  rowTime: 'span[title][data-testid="DateTimeLabel"]',
  readingPane: '[data-app-section="MailReadCompose"]',
  message: '[aria-label="Email message"]',
  messageFrom: '[data-testid="SenderPersona"] [title*="@"]',
  messageTime: '[data-testid="SentReceivedSavedTime"]',
  subject: '[data-testid="SubjectLine"]',
};
