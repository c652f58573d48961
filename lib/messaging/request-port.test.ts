/**
 * The panel's requests on one port to the background: answered as runtime messages are, a new
 * port after the background stopped, never an action sent twice by the transport, and no port
 * left open when there is nothing to ask.
 */
import { describe, expect, it } from 'vitest';

import {
  createPortSend,
  REQUEST_PORT,
  type PortRequest,
  type RequestPortLike,
} from './request-port';
import { MessageError, fail, ok, type Reply } from './result';

const RECORD = { crm: 'dynamics365', entity: 'lead', id: 'lead-1' } as const;
const COMPLETE = {
  record: RECORD,
  action: { type: 'complete', connectionId: 'c1', stepId: 't1', revision: 1 },
} as const;

interface FakePort extends RequestPortLike {
  sent: PortRequest[];
  open: boolean;
  /** The background answers request `id`. */
  answer(id: number, reply: Reply<unknown>): void;
  /** The background stops (the browser disconnects the port). */
  stop(): void;
}

function harness() {
  const ports: FakePort[] = [];
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const connect = (): RequestPortLike => {
    const onMessage: ((message: unknown) => void)[] = [];
    const onDisconnect: (() => void)[] = [];
    const port: FakePort = {
      sent: [],
      open: true,
      postMessage(message) {
        if (!port.open) throw new Error('Attempting to use a disconnected port object');
        port.sent.push(message as PortRequest);
      },
      disconnect() {
        port.open = false;
      },
      onMessage: { addListener: (listener) => onMessage.push(listener) },
      onDisconnect: { addListener: (listener) => onDisconnect.push(listener) },
      answer(id, reply) {
        for (const listener of onMessage) listener({ id, reply });
      },
      stop() {
        port.open = false;
        for (const listener of onDisconnect) listener();
      },
    };
    ports.push(port);
    return port;
  };
  const byMessage: unknown[] = [];
  const send = createPortSend({
    byMessage: (type, payload) => {
      byMessage.push({ type, payload });
      return Promise.reject(new Error('sent by message'));
    },
    connect,
    idleMs: 10_000,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  const runIdle = () => {
    for (const timer of timers.splice(0)) if (!timer.cancelled) timer.run();
  };
  return { ports, send, runIdle, byMessage };
}

const VIEW = { key: 'dynamics365|lead|lead-1' };

describe('requests on the panel’s port', () => {
  it('the page’s read goes by runtime message, never on the port (a port’s sender is the tab as it was when it opened)', async () => {
    const { ports, send, byMessage } = harness();
    const sighting = {
      record: RECORD,
      url: 'https://crm.example/lead-1',
      title: 'Ada',
      fields: {},
    };
    await expect(send('recordSeen', sighting as never)).rejects.toThrow('sent by message');
    expect(byMessage).toEqual([{ type: 'recordSeen', payload: sighting }]);
    expect(ports).toHaveLength(0);
  });

  it('sends every request on one port, as the envelope a runtime message carries, and unwraps its reply', async () => {
    const { ports, send } = harness();
    const first = send('getRecordView', { record: RECORD });
    const second = send('actOnRecord', COMPLETE);
    expect(ports).toHaveLength(1);
    const [read, act] = ports[0].sent;
    expect(read.message).toEqual({
      upnext: 1,
      type: 'getRecordView',
      payload: { record: RECORD },
    });
    expect(act.message).toEqual({ upnext: 1, type: 'actOnRecord', payload: COMPLETE });
    expect(read.id).not.toBe(act.id);
    // Replies may come in any order; each goes to its own request.
    ports[0].answer(act.id, ok({ outcome: 'applied', message: null, view: VIEW }));
    ports[0].answer(read.id, ok({ view: VIEW }));
    await expect(first).resolves.toEqual({ view: VIEW });
    await expect(second).resolves.toEqual({ outcome: 'applied', message: null, view: VIEW });
  });

  it('a refusal is the same MessageError as from a runtime message', async () => {
    const { ports, send } = harness();
    const acting = send('actOnRecord', COMPLETE);
    ports[0].answer(ports[0].sent[0].id, fail('forbidden', 'Upnext did not save this.'));
    await expect(acting).rejects.toMatchObject({
      name: 'MessageError',
      code: 'forbidden',
      message: 'Upnext did not save this.',
    });
    await expect(acting).rejects.toBeInstanceOf(MessageError);
  });

  it('an action in flight when the background stops is not sent again: it fails, and the next one opens a new port', async () => {
    const { ports, send } = harness();
    const acting = send('actOnRecord', COMPLETE);
    ports[0].stop();
    await expect(acting).rejects.toThrow(/could not reach its background service/);
    // Sent exactly once, on the port that went away.
    expect(ports.flatMap((port) => port.sent)).toHaveLength(1);
    const retry = send('actOnRecord', COMPLETE);
    expect(ports).toHaveLength(2);
    ports[1].answer(ports[1].sent[0].id, ok({ outcome: 'applied', message: null, view: VIEW }));
    await expect(retry).resolves.toMatchObject({ outcome: 'applied' });
    expect(ports.flatMap((port) => port.sent)).toHaveLength(2);
  });

  it('a read in flight when the background stops is asked again on a new port', async () => {
    const { ports, send } = harness();
    const reading = send('getRecordView', { record: RECORD });
    ports[0].stop();
    expect(ports).toHaveLength(2);
    expect(ports[1].sent[0].message.type).toBe('getRecordView');
    ports[1].answer(ports[1].sent[0].id, ok({ view: VIEW }));
    await expect(reading).resolves.toEqual({ view: VIEW });
  });

  it('a port that is already gone (its disconnect not seen yet) never took the request: it goes on a new port', async () => {
    const { ports, send } = harness();
    const first = send('getRecordView', { record: RECORD });
    ports[0].answer(ports[0].sent[0].id, ok({ view: VIEW }));
    await first;
    ports[0].open = false;
    const acting = send('actOnRecord', COMPLETE);
    expect(ports).toHaveLength(2);
    expect(ports[1].sent).toHaveLength(1);
    ports[1].answer(ports[1].sent[0].id, ok({ outcome: 'applied', message: null, view: VIEW }));
    await expect(acting).resolves.toMatchObject({ outcome: 'applied' });
  });

  it('closes the port once nothing was asked for a while, and opens a new one for the next request', async () => {
    const { ports, send, runIdle } = harness();
    const first = send('getRecordView', { record: RECORD });
    // Not while a request waits.
    runIdle();
    expect(ports[0].open).toBe(true);
    ports[0].answer(ports[0].sent[0].id, ok({ view: VIEW }));
    await first;
    runIdle();
    expect(ports[0].open).toBe(false);
    const next = send('getRecordView', { record: RECORD });
    expect(ports).toHaveLength(2);
    ports[1].answer(ports[1].sent[0].id, ok({ view: VIEW }));
    await expect(next).resolves.toEqual({ view: VIEW });
  });

  it('a port that cannot be opened (the extension was reloaded) fails the request with the client’s error', async () => {
    const send = createPortSend({
      byMessage: () => Promise.reject(new Error('not by message in this test')),
      connect: () => {
        throw new Error('Extension context invalidated.');
      },
    });
    await expect(send('actOnRecord', COMPLETE)).rejects.toThrow(
      /could not reach its background service/,
    );
  });

  it('given the service worker, each port’s requests and replies also go on a channel handed to it', async () => {
    const handed: { key: number; port: MessagePort }[] = [];
    const names: string[] = [];
    const posted: unknown[] = [];
    const replies: ((message: unknown) => void)[] = [];
    const send = createPortSend({
      byMessage: () => Promise.reject(new Error('not by message in this test')),
      connect: (name) => {
        names.push(name);
        return {
          postMessage: (message) => posted.push(message),
          disconnect: () => undefined,
          onMessage: { addListener: (listener) => replies.push(listener) },
          onDisconnect: { addListener: () => undefined },
        };
      },
      worker: () => ({ postMessage: (key, [port]) => handed.push({ key, port: port }) }),
    });
    const reading = send('getRecordView', { record: RECORD });
    // The port's name ends with the key of the channel the worker was given.
    expect(handed).toHaveLength(1);
    const { key, port } = handed[0];
    expect(names).toEqual([`${REQUEST_PORT}${String(key)}`]);
    const request = posted[0] as PortRequest;
    expect(request.message.type).toBe('getRecordView');
    // The same request on the channel too: the worker takes whichever copy comes first.
    const onChannel = await new Promise((done) => {
      port.onmessage = (event) => done(event.data);
    });
    expect(onChannel).toEqual(request);
    port.onmessage = null;
    port.postMessage({ id: request.id, reply: ok({ view: VIEW }) });
    await expect(reading).resolves.toEqual({ view: VIEW });
    // Until the worker has the channel, a reply on the port is taken as before.
    const again = send('getRecordView', { record: RECORD });
    const second = posted[1] as PortRequest;
    for (const listener of replies) listener({ id: second.id, reply: ok({ view: null }) });
    await expect(again).resolves.toEqual({ view: null });
    port.close();
  });
});
