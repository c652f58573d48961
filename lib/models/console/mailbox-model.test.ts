/**
 * The console's Mailbox card: access is asked for before anything else (inside the click),
 * nothing is connected without it, and each action says what it did.
 */
import { describe, expect, it } from 'vitest';

import { DEFAULT_MAILBOX_STATE } from '../../mailbox/types';
import type { MailboxInfo } from '../../messaging/protocol';
import { createMailboxModel } from './mailbox-model';
import { fakeTransport } from './transport';

const info = (connected: boolean): MailboxInfo => ({
  state: {
    ...DEFAULT_MAILBOX_STATE,
    clients: connected
      ? {
          gmail: {
            connectedAt: 1,
            origin: null,
            account: null,
            lastReadAt: null,
            unreadableSince: null,
          },
        }
      : {},
  },
  granted: { gmail: connected, outlook: false },
});

describe('mailbox model', () => {
  it('asks for access synchronously, then connects; refused access connects nothing', async () => {
    const transport = fakeTransport({
      getMailbox: () => info(false),
      connectMailbox: () => info(true),
    });
    const asked: string[][] = [];
    let allow = false;
    const model = createMailboxModel(transport, {
      requestAccess: (patterns) => {
        asked.push(patterns);
        return Promise.resolve(allow);
      },
    });
    await model.load();
    const refused = model.connect('gmail');
    // Asked before the first await: the browser still sees the click.
    expect(asked).toEqual([['https://mail.google.com/*']]);
    await refused;
    expect(transport.calls.map((call) => call.type)).toEqual(['getMailbox']);
    expect(model.error.value).toContain('needs your permission');

    allow = true;
    await model.connect('gmail');
    expect(transport.calls.map((call) => call.type)).toEqual(['getMailbox', 'connectMailbox']);
    expect(model.info.value?.state.clients.gmail).toBeDefined();
    expect(model.notice.value).toContain('Gmail is connected');
    expect(model.error.value).toBeNull();
  });

  it('disconnect says whether the browser gave the access back', async () => {
    const transport = fakeTransport({
      disconnectMailbox: () => ({ ...info(false), accessRemoved: false }),
      setMailboxOptions: (options) => ({
        ...info(true),
        state: { ...info(true).state, composeWith: options.composeWith ?? 'default' },
      }),
    });
    const model = createMailboxModel(transport, {});
    await model.disconnect('gmail');
    expect(model.notice.value).toContain('Your browser kept its access to Gmail');
    await model.setComposeWith('outlook');
    expect(model.info.value?.state.composeWith).toBe('outlook');
    expect(transport.calls.at(-1)).toEqual({
      type: 'setMailboxOptions',
      payload: { composeWith: 'outlook' },
    });
  });
});
