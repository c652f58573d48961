/**
 * The background's end of the panel's request port: every request goes through the router as a
 * runtime message does (with the port's browser-given sender), and is answered on the port only
 * once its handler settled.
 */
import { describe, expect, it } from 'vitest';

import { REQUEST_PORT } from '@/lib/messaging/request-port';
import { ok, type Reply } from '@/lib/messaging/result';

import { serveRequestPort, type ServedPort } from './request-port';
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
  const served: ServedPort = {
    name,
    sender: SENDER,
    postMessage: (message) => posted.push(message),
    onMessage: { addListener: (listener) => listeners.push(listener) },
  };
  const receive = (message: unknown) => {
    for (const listener of listeners) listener(message);
  };
  return { served, posted, receive, listeners };
}

const flush = () => new Promise((done) => setTimeout(done, 0));

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
});
