// @vitest-environment happy-dom
/**
 * The Gmail and Outlook readers on reduced pages of both clients (tests/fixtures/mailbox):
 * what they read, what they leave alone, and that an unknown or changed page is reported
 * unreadable instead of misread or thrown on.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { gmailAccount, readGmail } from './gmail';
import { readOutlook } from './outlook';
import { parseShownTime } from './shown-time';

const FIXTURES = resolve(import.meta.dirname, '../../../tests/fixtures/mailbox');
const NOW = Date.parse('2025-03-05T12:00:00');

function page(name: string): Document {
  return new DOMParser().parseFromString(
    readFileSync(`${FIXTURES}/${name}.html`, 'utf8'),
    'text/html',
  );
}

const GMAIL = 'https://mail.google.com/mail/u/0/';

describe('Gmail', () => {
  it('reads the inbox: the reply, the newsletter and the seller’s own last message as sent', () => {
    const read = readGmail(page('gmail-inbox'), `${GMAIL}#inbox`, NOW);
    expect(read.report).toEqual({
      view: 'list',
      readable: true,
      account: 'sam.seller@example.com',
    });
    expect(read.messages).toEqual([
      {
        id: '18c0a1b2c3d4e5f6',
        direction: 'received',
        from: 'jane.doe@example.net',
        to: [],
        at: Date.parse('2025-03-04T10:15:00'),
        subject: 'Re: Quick question about Contoso',
      },
      {
        id: '18c0a1b2c3d4e001',
        direction: 'received',
        from: 'news@example.org',
        to: [],
        at: Date.parse('2025-03-03T09:00:00'),
        subject: 'Your weekly digest',
      },
      {
        id: '18c0a1b2c3d4e0a2',
        direction: 'sent',
        from: 'sam.seller@example.com',
        to: ['jane.doe@example.net'],
        at: Date.parse('2025-03-02T16:30:00'),
        subject: 'Intro: Upnext for Contoso',
      },
    ]);
    // The snippet is on the page; nothing read carries it.
    expect(JSON.stringify(read.messages)).not.toContain('sounds good');
  });

  it('reads the Sent folder as sent mail to the listed recipients', () => {
    const read = readGmail(page('gmail-sent'), `${GMAIL}#sent`, NOW);
    expect(read.messages).toEqual([
      {
        id: '18c0a1b2c3d4e010',
        direction: 'sent',
        from: 'sam.seller@example.com',
        to: ['jane.doe@example.net'],
        at: Date.parse('2025-03-03T14:05:00'),
        subject: 'Intro: Upnext for Contoso',
      },
    ]);
  });

  it('reads an open conversation: the seller’s email to its recipients, the reply from its sender', () => {
    const read = readGmail(page('gmail-thread'), `${GMAIL}#inbox/FMfcgzQXJWdkNqPTvZ`, NOW);
    expect(read.report.view).toBe('thread');
    expect(read.messages).toEqual([
      {
        id: '18c0a1b2c3d4e010',
        direction: 'sent',
        from: 'sam.seller@example.com',
        to: ['jane.doe@example.net', 'ops@example.net'],
        at: Date.parse('2025-03-03T14:05:00'),
        subject: 'Intro: Upnext for Contoso',
      },
      {
        id: '18c0a1b2c3d4e5f6',
        direction: 'received',
        from: 'jane.doe@example.net',
        to: [],
        at: Date.parse('2025-03-04T10:15:00'),
        subject: 'Intro: Upnext for Contoso',
      },
    ]);
    expect(JSON.stringify(read.messages)).not.toContain('quick intro');
  });

  it('says when the page changed shape: rows it does not know, no main region, an empty open view', () => {
    const renamed = page('gmail-inbox');
    for (const row of renamed.querySelectorAll('tr.zA')) row.className = 'xyz';
    expect(readGmail(renamed, `${GMAIL}#inbox`, NOW).report.readable).toBe(false);
    const noMain = page('gmail-inbox');
    noMain.querySelector('[role="main"]')?.removeAttribute('role');
    expect(readGmail(noMain, `${GMAIL}#inbox`, NOW).report.readable).toBe(false);
    const emptyThread = page('gmail-inbox');
    emptyThread.querySelector('table')?.remove();
    expect(readGmail(emptyThread, `${GMAIL}#inbox/FMfcgzQXJWdkNqPTvZ`, NOW).report).toMatchObject({
      view: 'thread',
      readable: false,
    });
    // An empty folder is not a change.
    expect(readGmail(emptyThread, `${GMAIL}#inbox`, NOW).report).toMatchObject({ readable: true });
  });

  it('reads the signed-in address from the title only in Gmail’s form', () => {
    expect(gmailAccount('Inbox (3) - Sam.Seller@example.com - Gmail')).toBe(
      'sam.seller@example.com',
    );
    expect(gmailAccount('Gmail')).toBeNull();
  });
});

describe('Outlook on the web', () => {
  it('reads the message list and Sent Items', () => {
    const inbox = readOutlook(page('outlook-inbox'), 'https://outlook.office.com/mail/', NOW);
    expect(inbox.report).toEqual({ view: 'list', readable: true, account: null });
    expect(inbox.messages.map(({ direction, from, at }) => ({ direction, from, at }))).toEqual([
      {
        direction: 'received',
        from: 'jane.doe@example.net',
        at: Date.parse('2025-03-04T10:15:00'),
      },
      { direction: 'received', from: 'news@example.org', at: Date.parse('2025-03-03T09:00:00') },
    ]);
    const sent = readOutlook(
      page('outlook-sent'),
      'https://outlook.office.com/mail/sentitems',
      NOW,
    );
    expect(sent.messages).toEqual([
      {
        id: `AAQkADAwATM0MDAAMS1iNjc2LTg3ZGYtMDACLTAwCgAQAJ7x@${String(Date.parse('2025-03-03T14:05:00'))}`,
        direction: 'sent',
        from: '',
        to: ['jane.doe@example.net'],
        at: Date.parse('2025-03-03T14:05:00'),
        subject: '',
      },
    ]);
  });

  it('reads the reading pane; the open message and its list row are one message', () => {
    const read = readOutlook(page('outlook-thread'), 'https://outlook.live.com/mail/0/inbox', NOW);
    expect(read.report.view).toBe('thread');
    const [open, row] = read.messages;
    expect(open).toMatchObject({
      direction: 'received',
      from: 'jane.doe@example.net',
      subject: 'Re: Quick question about Contoso',
    });
    expect(read.messages).toHaveLength(2);
    expect(open.id).toBe(row.id);
    expect(JSON.stringify(read.messages)).not.toContain('sounds good');
  });

  it('says when the list holds items it does not recognise, or there is no mail view', () => {
    const changed = page('outlook-inbox');
    for (const row of changed.querySelectorAll('[data-convid]')) row.removeAttribute('data-convid');
    expect(readOutlook(changed, 'https://outlook.office.com/mail/', NOW).report.readable).toBe(
      false,
    );
    const blank = new DOMParser().parseFromString('<p>Loading…</p>', 'text/html');
    expect(readOutlook(blank, 'https://outlook.office.com/mail/', NOW).report.readable).toBe(false);
  });
});

describe('never throws on an unknown page', () => {
  it('on random markup, for both clients', () => {
    const tag = fc.constantFrom('div', 'span', 'tr', 'td', 'table', 'tbody', 'h2', 'p');
    const attr = fc.constantFrom(
      'role="main"',
      'role="row"',
      'role="listbox"',
      'role="option"',
      'class="zA"',
      'class="adn"',
      'email="x@y.z"',
      'email=""',
      'title="Tue, Mar 4, 2025, 10:15 AM"',
      'title="junk"',
      'data-legacy-last-message-id=""',
      'data-legacy-message-id="1"',
      'data-convid="c"',
      'data-testid="DateTimeLabel"',
      'aria-label="Email message"',
      '',
    );
    const html = fc
      .array(fc.tuple(tag, attr, fc.string({ maxLength: 8 })), { maxLength: 40 })
      .map((parts) =>
        parts
          .map(([name, attribute, text]) => `<${name} ${attribute}>${text.replace(/[<>&]/g, '')}`)
          .join(''),
      );
    fc.assert(
      fc.property(
        html,
        fc.constantFrom('#inbox', '#sent', '#inbox/FMfcgzQXJWdkNqPTvZ', ''),
        (markup, hash) => {
          const doc = new DOMParser().parseFromString(markup, 'text/html');
          const gmail = readGmail(doc, `${GMAIL}${hash}`, NOW);
          const outlook = readOutlook(doc, `https://outlook.office.com/mail/${hash}`, NOW);
          for (const read of [gmail, outlook])
            for (const message of read.messages) expect(message.at).toBeLessThanOrEqual(NOW);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('shown times', () => {
  it('reads full dates only, in the forms the pages write', () => {
    expect(parseShownTime('Tue, Mar 4, 2025, 10:15\u202fAM', NOW)).toBe(
      Date.parse('2025-03-04T10:15:00'),
    );
    expect(parseShownTime('Mar 3, 2025, 2:05 PM (1 day ago)', NOW)).toBe(
      Date.parse('2025-03-03T14:05:00'),
    );
    expect(parseShownTime('4 Mar 2025, 10:15', NOW)).toBe(Date.parse('2025-03-04T10:15:00'));
    expect(parseShownTime('10:15 AM', NOW)).toBeNull();
    expect(parseShownTime('Mar 4', NOW)).toBeNull();
    expect(parseShownTime('soon', NOW)).toBeNull();
    expect(parseShownTime(null, NOW)).toBeNull();
    // Days ahead is a misread (day and month swapped), not a message from the future.
    expect(parseShownTime('Tue, Apr 1, 2025, 10:15 AM', NOW)).toBeNull();
  });
});
