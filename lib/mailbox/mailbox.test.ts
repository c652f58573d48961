/**
 * The mailbox's pure rules: the address rule, compose links, the Gmail feed, and what a message
 * means for a record (reply, sent email), with the engine applying it exactly once.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Harness, sequence } from '../engine/test-kit';
import { normaliseAddress, addressIn } from './address';
import { parseGmailFeed } from './atom';
import { clientForUrl, composeLink } from './clients';
import { parseMailboxMirror } from './mirror';
import { planMessage } from './plan';
import type { MailMessage } from './types';

const FEED = readFileSync(
  resolve(import.meta.dirname, '../../tests/fixtures/mailbox/gmail-feed.xml'),
  'utf8',
);
const START = Date.parse('2026-03-23T10:00:00Z');
const MINUTE = 60_000;
const ADDRESS = 'jane.doe@example.net';

describe('addresses', () => {
  it('compare trimmed and lower-cased, nothing else', () => {
    expect(normaliseAddress('  Jane.Doe@Example.NET ')).toBe(ADDRESS);
    expect(normaliseAddress('jane doe@example.net')).toBeNull();
    expect(normaliseAddress('jane@localhost')).toBeNull();
    expect(normaliseAddress(42)).toBeNull();
    expect(addressIn('Jane Doe <Jane.Doe@example.net>')).toBe(ADDRESS);
  });
});

describe('compose links', () => {
  const fields = {
    to: ' jane.doe@example.net ',
    subject: 'Hi + hello & more',
    body: 'Line 1\nLine 2',
  };
  it('Gmail: view=cm with to, su and body, every value encoded', () => {
    expect(composeLink('gmail', fields)).toBe(
      'https://mail.google.com/mail/?view=cm&fs=1&to=jane.doe%40example.net&su=Hi%20%2B%20hello%20%26%20more&body=Line%201%0ALine%202',
    );
  });
  it('Outlook: the deeplink compose address on the seller’s Outlook host', () => {
    expect(composeLink('outlook', fields, 'https://outlook.live.com')).toBe(
      'https://outlook.live.com/mail/deeplink/compose?to=jane.doe%40example.net&subject=Hi%20%2B%20hello%20%26%20more&body=Line%201%0ALine%202',
    );
    // Any other origin is not an Outlook host: the work one is used.
    expect(composeLink('outlook', fields, 'https://evil.example')).toMatch(
      /^https:\/\/outlook\.office\.com\//,
    );
  });
  it('default: mailto with CRLF line breaks', () => {
    expect(composeLink('default', fields)).toBe(
      'mailto:jane.doe@example.net?subject=Hi%20%2B%20hello%20%26%20more&body=Line%201%0D%0ALine%202',
    );
  });
  it('knows the clients by origin only', () => {
    expect(clientForUrl('https://mail.google.com/mail/u/0/#inbox')).toBe('gmail');
    expect(clientForUrl('https://outlook.live.com/mail/0/')).toBe('outlook');
    expect(clientForUrl('https://mail.google.com.evil.example/')).toBeNull();
    expect(clientForUrl('not a url')).toBeNull();
  });
  it('the panel’s mirror falls back to nothing connected on garbage', () => {
    expect(
      parseMailboxMirror({
        connected: ['gmail', 'aol'],
        composeWith: 'pigeon',
        outlookOrigin: 'https://x',
      }),
    ).toEqual({
      connected: ['gmail'],
      unreadable: [],
      composeWith: 'default',
      outlookOrigin: 'https://outlook.office.com',
    });
  });
});

describe('the Gmail feed', () => {
  it('reads sender, id, time and subject of each entry, never the summary', () => {
    const feed = parseGmailFeed(FEED, Date.parse('2025-03-05T00:00:00Z'));
    expect(feed.account).toBe('sam.seller@example.com');
    expect(feed.problem).toBeNull();
    expect(feed.messages[0]).toEqual({
      id: '18c0a1b2c3d4e5f6',
      direction: 'received',
      from: ADDRESS,
      to: [],
      at: Date.parse('2025-03-04T10:15:00Z'),
      subject: 'Re: Quick question about Contoso & more',
    });
    expect(feed.messages).toHaveLength(2);
    expect(JSON.stringify(feed)).not.toContain('sounds good');
  });
  it('says so when the answer is not a feed (a sign-in page)', () => {
    expect(parseGmailFeed('<html><body>Sign in</body></html>', 0)).toMatchObject({
      messages: [],
      problem: expect.any(String) as string,
    });
  });
});

describe('what a message means for a record', () => {
  const received = (at: number, from = ADDRESS): MailMessage => ({
    id: 'r',
    direction: 'received',
    from,
    to: [],
    at,
    subject: 'Re',
  });
  const sent = (at: number, to = ADDRESS): MailMessage => ({
    id: 's',
    direction: 'sent',
    from: 'me@example.com',
    to: [to],
    at,
    subject: 'Hi',
  });

  function harness() {
    const h = new Harness({
      now: START,
      timeZone: 'UTC',
      sequences: [
        sequence(
          'out',
          [
            { id: 'e1', type: 'email' },
            { id: 'e2', type: 'email' },
            { id: 't', type: 'task' },
          ],
          { exitOnReply: true },
        ),
      ],
    });
    const conn = h.connect('out');
    return { h, conn };
  }

  it('a sent email completes the current email step at its time, auto, with the subject', () => {
    const { h, conn } = harness();
    h.now = START + 10 * MINUTE;
    const commands = planMessage(h.state, ADDRESS, sent(START + 5 * MINUTE), {
      completeOnSend: true,
    });
    expect(commands).toEqual([
      {
        type: 'record-sent-email',
        connectionId: conn.id,
        stepId: 'e1',
        at: START + 5 * MINUTE,
        subject: 'Hi',
      },
    ]);
    for (const command of commands) h.ok(command);
    expect(h.conn(conn.id).steps[0]).toMatchObject({
      stepId: 'e1',
      result: 'auto',
      subject: 'Hi',
      at: START + 5 * MINUTE,
    });
    expect(h.where(conn.id)).toBe('e2');
    // The same command again (a stale plan) is already handled; e2 stays.
    expect(h.run(commands[0]).kind).toBe('already-handled');
    expect(h.where(conn.id)).toBe('e2');
  });

  it('an email sent before the step began completes nothing', () => {
    const { h } = harness();
    expect(
      planMessage(h.state, ADDRESS, sent(START - 5 * MINUTE), { completeOnSend: true }),
    ).toEqual([]);
    expect(planMessage(h.state, ADDRESS, sent(START), { completeOnSend: false })).toEqual([]);
    expect(
      planMessage(h.state, ADDRESS, sent(START, 'other@example.net'), { completeOnSend: true }),
    ).toEqual([]);
  });

  it('a reply after the email ends an exit-on-reply sequence at the reply time; before it, nothing', () => {
    const { h, conn } = harness();
    h.now = START + 10 * MINUTE;
    expect(
      planMessage(h.state, ADDRESS, received(START + MINUTE), { completeOnSend: true }),
    ).toEqual([]);
    h.ok({ type: 'complete', connectionId: conn.id, stepId: 'e1' });
    h.now = START + 30 * MINUTE;
    // Shown to the minute: a reply shown a few seconds "before" the email still counts.
    const commands = planMessage(h.state, ADDRESS, received(START + 10 * MINUTE - 30_000), {
      completeOnSend: true,
    });
    expect(commands).toEqual([
      {
        type: 'record-email-event',
        connectionId: conn.id,
        event: 'replied',
        stepId: 'e1',
        at: START + 10 * MINUTE,
      },
    ]);
    h.ok(commands[0]);
    expect(h.conn(conn.id)).toMatchObject({
      status: 'exited',
      reason: 'replied',
      endedAt: START + 10 * MINUTE,
    });
    expect(
      planMessage(h.state, ADDRESS, received(START + 20 * MINUTE), { completeOnSend: true }),
    ).toEqual([]);
  });

  it('the engine refuses a sent email on a step that is not an email, or before the step', () => {
    const h = new Harness({
      now: START,
      timeZone: 'UTC',
      sequences: [
        sequence('t', [
          { id: 'task', type: 'task' },
          { id: 'e', type: 'email' },
        ]),
      ],
    });
    const conn = h.connect('t');
    expect(
      h.run({ type: 'record-sent-email', connectionId: conn.id, stepId: 'task' }),
    ).toMatchObject({ kind: 'rejected', code: 'not-an-email-step' });
    h.ok({ type: 'complete', connectionId: conn.id, stepId: 'task' });
    h.now = START + MINUTE;
    expect(
      h.run({ type: 'record-sent-email', connectionId: conn.id, stepId: 'e', at: START - MINUTE }),
    ).toMatchObject({ kind: 'rejected', code: 'sent-before-step' });
  });

  describe('an A/B test step is the email of its version', () => {
    const ab = (channel: 'email' | 'text') =>
      sequence('ab', [
        {
          id: 'ab1',
          type: 'ab-test',
          a:
            channel === 'email'
              ? { type: 'email', template: { subject: 'A', body: 'a' } }
              : { type: 'text', template: { body: 'a' } },
          b:
            channel === 'email'
              ? { type: 'email', template: { subject: 'B', body: 'b' } }
              : { type: 'text', template: { body: 'b' } },
          metric: 'replied',
          default: 'a',
        },
        { id: 't', type: 'task' },
      ]);
    function abHarness(channel: 'email' | 'text') {
      const h = new Harness({ now: START, timeZone: 'UTC', sequences: [ab(channel)] });
      const conn = h.connect('ab');
      const definitionOf = (id: string, version: number) => h.lookup(id, version)?.definition;
      return { h, conn, options: { completeOnSend: true, definitionOf } };
    }

    it('a reply after the version was sent is matched to the A/B step, and counts in its test', () => {
      const { h, conn, options } = abHarness('email');
      h.ok({ type: 'complete', connectionId: conn.id, stepId: 'ab1' });
      h.now = START + 30 * MINUTE;
      const commands = planMessage(h.state, ADDRESS, received(START + 20 * MINUTE), options);
      expect(commands).toEqual([
        {
          type: 'record-email-event',
          connectionId: conn.id,
          event: 'replied',
          stepId: 'ab1',
          at: START + 20 * MINUTE,
        },
      ]);
      h.ok(commands[0]);
      expect(h.conn(conn.id).emailEvents).toMatchObject([{ type: 'replied', stepId: 'ab1' }]);
      // Without the definition the mailbox cannot tell emails from texts: no reply is matched.
      expect(
        planMessage(h.state, ADDRESS, received(START + 25 * MINUTE), { completeOnSend: true }),
      ).toEqual([]);
    });

    it('sending the version completes the A/B step by itself, keeping the version for the test', () => {
      const { h, conn, options } = abHarness('email');
      const version = h.conn(conn.id).current?.ab;
      h.now = START + 10 * MINUTE;
      const commands = planMessage(h.state, ADDRESS, sent(START + 5 * MINUTE), options);
      expect(commands).toMatchObject([
        { type: 'record-sent-email', connectionId: conn.id, stepId: 'ab1' },
      ]);
      h.ok(commands[0]);
      expect(h.conn(conn.id).steps[0]).toMatchObject({
        stepId: 'ab1',
        result: 'auto',
        ab: version,
      });
      expect(h.where(conn.id)).toBe('t');
      // A reply to it is matched as well.
      h.now = START + 40 * MINUTE;
      expect(planMessage(h.state, ADDRESS, received(START + 30 * MINUTE), options)).toMatchObject([
        { event: 'replied', stepId: 'ab1' },
      ]);
    });

    it('an A/B test of text messages is not an email', () => {
      const { h, conn, options } = abHarness('text');
      h.now = START + 10 * MINUTE;
      expect(planMessage(h.state, ADDRESS, sent(START + 5 * MINUTE), options)).toEqual([]);
      expect(
        h.run({ type: 'record-sent-email', connectionId: conn.id, stepId: 'ab1' }),
      ).toMatchObject({ kind: 'rejected', code: 'not-an-email-step' });
      h.ok({ type: 'complete', connectionId: conn.id, stepId: 'ab1' });
      h.now = START + 30 * MINUTE;
      expect(planMessage(h.state, ADDRESS, received(START + 20 * MINUTE), options)).toEqual([]);
    });
  });
});
