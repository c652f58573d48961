/**
 * The background's end of the panel's request port: every request goes through the router as a
 * runtime message does (with the port's browser-given sender), and is answered on the port only
 * once its handler settled.
 */
import { describe, expect, it } from 'vitest';

import { REQUEST_PORT } from '@/lib/messaging/request-port';
import { ok, type Reply } from '@/lib/messaging/result';

import {
  keepReplyChannel,
  REPLY_CHANNELS_MAX,
  serveRequestPort,
  type ReplyChannel,
  type ReplyChannels,
  type ServedPort,
} from './request-port';
import type { SenderInfo } from './router';

const SENDER: SenderInfo = {
  id: 'ext',
  url: 'chrome-extension://ext/panel-frame.html#token',
  tab: { id: 7, url: 'https://upnext-demo.crm.dynamics.com/main.aspx' },
  frameId: 3,
};

function port(name = REQUEST_PORT) {
  const posted: unknown[] = [];
  const listeners: ((message: unknown) => void)[] = [];
  const closers: (() => void)[] = [];
  const served: ServedPort = {
    name,
    sender: SENDER,
    postMessage: (message) => posted.push(message),
    onMessage: { addListener: (listener) => listeners.push(listener) },
    onDisconnect: { addListener: (listener) => closers.push(listener) },
  };
  const receive = (message: unknown) => {
    for (const listener of listeners) listener(message);
  };
  const disconnect = () => {
    for (const listener of closers) listener();
  };
  return { served, posted, receive, listeners, disconnect };
}

function channel() {
  const posted: unknown[] = [];
  const state = { closed: false };
  const end: ReplyChannel = {
    postMessage: (message) => posted.push(message),
    close: () => (state.closed = true),
    onmessage: null,
  };
  /** The page posts `message` on the channel. */
  const receive = (message: unknown) => end.onmessage?.({ data: message } as MessageEvent);
  return { end, posted, state, receive };
}

const flush = () => new Promise((done) => setTimeout(done, 0));

/** Serves `served` with an answer that records each message it is asked, and answers null. */
function serveRecording(served: ServedPort, channels: ReplyChannels): unknown[] {
  const taken: unknown[] = [];
  serveRequestPort(
    served,
    (message) => {
      taken.push(message);
      return Promise.resolve(ok(null));
    },
    channels,
  );
  return taken;
}

describe('the background’s request port', () => {
  it('routes each request with the port’s sender and answers with its id once the handler is done', async () => {
    const { served, posted, receive } = port();
    const seen: [unknown, SenderInfo][] = [];
    let finish: (reply: Reply<unknown>) => void = () => undefined;
    serveRequestPort(served, (message, sender) => {
      seen.push([message, sender]);
      return new Promise((done) => (finish = done));
    });
    const envelope = { upnext: 1, type: 'getRecordView', payload: {} };
    receive({ id: 4, message: envelope });
    expect(seen).toEqual([[envelope, SENDER]]);
    await flush();
    // Stored before acknowledged: nothing is posted while the handler runs.
    expect(posted).toEqual([]);
    finish(ok({ view: null }));
    await flush();
    expect(posted).toEqual([{ id: 4, reply: ok({ view: null }) }]);
  });

  it('answers what is not an Upnext request with a failure, and ignores what is not a request', async () => {
    const { served, posted, receive } = port();
    serveRequestPort(served, () => undefined);
    receive({ id: 1, message: { hello: 'world' } });
    receive('not a request');
    receive({ message: {} });
    await flush();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      id: 1,
      reply: { ok: false, error: { code: 'invalid-message' } },
    });
  });

  it('leaves ports of other names alone', () => {
    const { served, listeners } = port('something-else');
    serveRequestPort(served, () => undefined);
    expect(listeners).toHaveLength(0);
  });

  it('a panel that went away before the answer costs nothing', async () => {
    const { served, receive } = port();
    served.postMessage = () => {
      throw new Error('Attempting to use a disconnected port object');
    };
    serveRequestPort(served, () => Promise.resolve(ok(null)));
    receive({ id: 1, message: { upnext: 1 } });
    await flush();
  });

  it('answers on the channel the page handed to the worker for this port, judged by the port’s sender', async () => {
    const channels: ReplyChannels = new Map();
    const mine = channel();
    const other = channel();
    expect(keepReplyChannel({ data: 0.25, ports: [mine.end] }, channels)).toBe(true);
    expect(keepReplyChannel({ data: 0.5, ports: [other.end] }, channels)).toBe(true);
    const { served, posted, receive, disconnect } = port(`${REQUEST_PORT}${String(0.25)}`);
    const senders: SenderInfo[] = [];
    serveRequestPort(
      served,
      (_message, sender) => {
        senders.push(sender);
        return Promise.resolve(ok({ view: null }));
      },
      channels,
    );
    receive({ id: 1, message: { upnext: 1 } });
    await flush();
    expect(senders).toEqual([SENDER]);
    expect(mine.posted).toEqual([{ id: 1, reply: ok({ view: null }) }]);
    expect(other.posted).toEqual([]);
    expect(posted).toEqual([]);
    // The port closing closes its channel and forgets it; other ports' channels stay.
    disconnect();
    expect(mine.state.closed).toBe(true);
    expect(channels.has('0.25')).toBe(false);
    expect(channels.has('0.5')).toBe(true);
  });

  it('answers on the port while the worker does not have the channel its name ends with', async () => {
    const channels: ReplyChannels = new Map();
    const { served, posted, receive } = port(`${REQUEST_PORT}${String(0.75)}`);
    serveRequestPort(served, () => Promise.resolve(ok(null)), channels);
    receive({ id: 1, message: { upnext: 1 } });
    await flush();
    expect(posted).toEqual([{ id: 1, reply: ok(null) }]);
    const late = channel();
    keepReplyChannel({ data: 0.75, ports: [late.end] }, channels);
    receive({ id: 2, message: { upnext: 1 } });
    await flush();
    expect(late.posted).toEqual([{ id: 2, reply: ok(null) }]);
  });

  it('keeps a bounded number of channels: past it the oldest is closed, and its port, still open, answers on itself', async () => {
    const channels: ReplyChannels = new Map();
    const { served, posted, receive } = port(`${REQUEST_PORT}${String(0.125)}`);
    serveRequestPort(served, () => Promise.resolve(ok(null)), channels);
    const first = channel();
    keepReplyChannel({ data: 0.125, ports: [first.end] }, channels);
    const later = Array.from({ length: REPLY_CHANNELS_MAX }, (_, n) => {
      const next = channel();
      keepReplyChannel({ data: 1 + n, ports: [next.end] }, channels);
      return next;
    });
    expect(channels.size).toBe(REPLY_CHANNELS_MAX);
    expect(first.state.closed).toBe(true);
    expect(later.some((kept) => kept.state.closed)).toBe(false);
    // The oldest port still gets its answers, on the port.
    receive({ id: 1, message: { upnext: 1 } });
    await flush();
    expect(posted).toEqual([{ id: 1, reply: ok(null) }]);
    expect(first.posted).toEqual([]);
  });

  it('takes no channel from a service-worker message that is a request, or brings no port', () => {
    const channels: ReplyChannels = new Map();
    const request = { upnext: 1, type: 'importPack', payload: {} };
    expect(keepReplyChannel({ data: request, ports: [channel().end] }, channels)).toBe(false);
    expect(keepReplyChannel({ data: 0.25, ports: [] }, channels)).toBe(false);
    expect(keepReplyChannel({ data: '0.25', ports: [channel().end] }, channels)).toBe(false);
    expect(channels.size).toBe(0);
  });
  it('takes each request from whichever of its copies comes first, channel or port, and answers it once', async () => {
    const channels: ReplyChannels = new Map();
    const mine = channel();
    keepReplyChannel({ data: 0.25, ports: [mine.end] }, channels);
    const { served, posted, receive } = port(`${REQUEST_PORT}${String(0.25)}`);
    const taken: { id: unknown; sender: SenderInfo }[] = [];
    serveRequestPort(
      served,
      (message, sender) => {
        taken.push({ id: (message as { n: number }).n, sender });
        return Promise.resolve(ok(null));
      },
      channels,
    );
    // The channel's copy first (the port's crosses the browser's UI thread), then the port's.
    mine.receive({ id: 1, message: { n: 1 } });
    receive({ id: 1, message: { n: 1 } });
    // The port's copy first.
    receive({ id: 2, message: { n: 2 } });
    mine.receive({ id: 2, message: { n: 2 } });
    // Ahead on the channel while the port lags behind.
    mine.receive({ id: 3, message: { n: 3 } });
    receive({ id: 3, message: { n: 3 } });
    await flush();
    // Each judged by the port's browser-given sender, whichever copy brought it.
    expect(taken).toEqual([
      { id: 1, sender: SENDER },
      { id: 2, sender: SENDER },
      { id: 3, sender: SENDER },
    ]);
    expect(mine.posted).toEqual([1, 2, 3].map((id) => ({ id, reply: ok(null) })));
    expect(posted).toEqual([]);
  });

  it('listens to a channel that comes after its port was served', async () => {
    const channels: ReplyChannels = new Map();
    const { served, receive } = port(`${REQUEST_PORT}${String(0.5)}`);
    const taken = serveRecording(served, channels);
    const late = channel();
    keepReplyChannel({ data: 0.5, ports: [late.end] }, channels);
    late.receive({ id: 1, message: { n: 1 } });
    receive({ id: 1, message: { n: 1 } });
    await flush();
    expect(taken).toEqual([{ n: 1 }]);
    expect(late.posted).toEqual([{ id: 1, reply: ok(null) }]);
  });

  it('takes nothing from a channel whose key no port of this name has', async () => {
    const channels: ReplyChannels = new Map();
    const stray = channel();
    keepReplyChannel({ data: 0.625, ports: [stray.end] }, channels);
    const { served } = port(`${REQUEST_PORT}${String(0.375)}`);
    const taken = serveRecording(served, channels);
    stray.receive({ id: 1, message: { n: 1 } });
    await flush();
    expect(taken).toEqual([]);
    expect(stray.end.onmessage).toBeNull();
  });
  it('a second port naming a key already served takes none of its channel’s requests', async () => {
    const channels: ReplyChannels = new Map();
    const theirs = channel();
    keepReplyChannel({ data: 0.875, ports: [theirs.end] }, channels);
    const first = port(`${REQUEST_PORT}${String(0.875)}`);
    const second = port(`${REQUEST_PORT}${String(0.875)}`);
    const senders: string[] = [];
    const serve = (served: ServedPort, who: string) => {
      serveRequestPort(
        served,
        () => {
          senders.push(who);
          return Promise.resolve(ok(null));
        },
        channels,
      );
    };
    serve(first.served, 'first');
    serve(second.served, 'second');
    theirs.receive({ id: 1, message: { upnext: 1 } });
    await flush();
    expect(senders).toEqual(['first']);
  });
});
