/**
 * Requests over a port (the panel's read after a navigation): each answered by its id, a failure
 * thrown as by `send`, the port opened once and again only after it was cut, and a request in
 * flight when it is cut (the worker stopped) sent again by message, never lost.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';

import type { RecordView } from '../views/record-view';
import type { PortRequest } from './request-port';
import { sendOverPort } from './request-port';
import { MessageError, fail, ok } from './result';

const record = { crm: 'dynamics365', entity: 'lead', id: '1' } as const;
const view = { key: 'dynamics365|lead|1' } as unknown as RecordView;

interface FakePort {
  port: Browser.runtime.Port;
  posted: PortRequest[];
  answer(id: number, reply: unknown): void;
  cut(): void;
}

function fakePort(): FakePort {
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const posted: PortRequest[] = [];
  let open = true;
  const port = {
    name: 'upnext-requests',
    postMessage: (message: PortRequest) => {
      if (!open) throw new Error('Attempting to use a disconnected port object');
      posted.push(message);
    },
    onMessage: { addListener: (listener: (message: unknown) => void) => onMessage.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => onDisconnect.push(listener) },
  } as unknown as Browser.runtime.Port;
  return {
    port,
    posted,
    answer: (id, reply) => {
      for (const listener of onMessage) listener({ id, reply });
    },
    cut: () => {
      open = false;
      for (const listener of onDisconnect) listener();
    },
  };
}

describe('requests over a port', () => {
  it('answers each request by its id, and throws a failure as a message would', async () => {
    const fake = fakePort();
    const connect = vi.fn(() => fake.port);
    const send = sendOverPort(connect, vi.fn());

    const first = send('getRecordView', { record });
    const second = send('getRecordView', { record: { ...record, id: '2' } });
    expect(fake.posted.map((request) => request.envelope)).toEqual([
      { upnext: 1, type: 'getRecordView', payload: { record } },
      { upnext: 1, type: 'getRecordView', payload: { record: { ...record, id: '2' } } },
    ]);
    // Answered out of order: each reply goes to its own request.
    fake.answer(fake.posted[1].id, fail('forbidden', 'not this record'));
    fake.answer(fake.posted[0].id, ok({ view }));
    await expect(first).resolves.toEqual({ view });
    await expect(second).rejects.toBeInstanceOf(MessageError);
    await expect(second).rejects.toThrow('not this record');
    expect(connect).toHaveBeenCalledOnce();
  });

  it('sends what was in flight again by message when the port is cut, and opens a new port only for the next request', async () => {
    const ports = [fakePort(), fakePort()];
    const connect = vi.fn(() => ports[connect.mock.calls.length - 1].port);
    const fallback = vi.fn(() => Promise.resolve({ view }));
    const send = sendOverPort(connect, fallback);

    const inFlight = send('getRecordView', { record });
    // The worker stopped: the port is cut before it answered.
    ports[0].cut();
    await expect(inFlight).resolves.toEqual({ view });
    expect(fallback).toHaveBeenCalledWith('getRecordView', { record });
    // Nothing re-opens the port by itself (an idle panel never wakes the worker).
    expect(connect).toHaveBeenCalledOnce();
    // A late answer on the old port changes nothing.
    ports[0].answer(ports[0].posted[0].id, ok({ view: null }));

    const next = send('getRecordView', { record });
    expect(connect).toHaveBeenCalledTimes(2);
    ports[1].answer(ports[1].posted[0].id, ok({ view: null }));
    await expect(next).resolves.toEqual({ view: null });
  });

  it('sends by message when the port cannot be used', async () => {
    const fake = fakePort();
    fake.cut();
    const fallback = vi.fn(() => Promise.resolve({ view }));
    const send = sendOverPort(() => fake.port, fallback);
    await expect(send('getRecordView', { record })).resolves.toEqual({ view });
    expect(fallback).toHaveBeenCalledOnce();
  });
});
