/**
 * Requests to the background over one long-lived `Port` instead of a `runtime.sendMessage`
 * each. Opening a message channel to the service worker is the expensive part of a request
 * (Chromium checks that the worker runs before it opens the channel; measured 8–55 ms a request
 * at load average 15, against 2–6 ms for a message on a channel that is already open), and a
 * `runtime.sendMessage` opens one for every request. The panel's page sends its read after every
 * navigation over such a port (docs/architecture.md, "The panel after a navigation").
 *
 * The port does not keep the worker alive (Chromium ends an idle worker whatever ports are open,
 * and opening one does not count as activity), and is never re-opened by itself: it is opened by
 * the first request after it was cut, so an idle panel never wakes the worker. A request in
 * flight when the port is cut (the worker was stopped) is sent again with `runtime.sendMessage`,
 * which starts the worker: only requests that may run twice (reads) belong on a port.
 */
import type { Browser } from 'wxt/browser';

import { unwrap } from './client';
import type { Envelope, MessageType, ReplyOf, RequestOf } from './protocol';
import type { Reply } from './result';

/** The name of a request port (the background's `runtime.onConnect` serves only these). */
export const REQUEST_PORT = 'upnext-requests';

/** A request on the port: its number on this port and the envelope `runtime.sendMessage` sends. */
export interface PortRequest {
  id: number;
  envelope: Envelope;
}
/** The background's answer to request `id`: the same reply `runtime.sendMessage` would get. */
export interface PortReply {
  id: number;
  reply: Reply<unknown>;
}

type Port = Browser.runtime.Port;
type Send = <K extends MessageType>(type: K, payload: RequestOf<K>) => Promise<ReplyOf<K>>;

interface Waiting {
  resend: () => void;
  take: (reply: Reply<unknown>) => void;
}

/**
 * A `Send` over a port that `connect` opens (lazily, and again after it was cut), unwrapping
 * replies as `send` does (lib/messaging/client.ts). `fallback` sends one request by
 * `runtime.sendMessage` (that `send`): used for the requests in flight when the port is cut.
 */
export function sendOverPort(connect: () => Port, fallback: Send): Send {
  let port: Port | null = null;
  let next = 0;
  const waiting = new Map<number, Waiting>();

  const cut = (): void => {
    port = null;
    const lost = [...waiting.values()];
    waiting.clear();
    for (const request of lost) request.resend();
  };
  const open = (): Port => {
    const opened = connect();
    opened.onMessage.addListener((message: unknown) => {
      const { id, reply } = message as PortReply;
      const request = waiting.get(id);
      if (request === undefined) return;
      waiting.delete(id);
      request.take(reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) cut();
    });
    return opened;
  };

  return <K extends MessageType>(type: K, payload: RequestOf<K>): Promise<ReplyOf<K>> =>
    new Promise<ReplyOf<K>>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, {
        resend: () => void fallback(type, payload).then(resolve, reject),
        take: (reply) => {
          try {
            resolve(unwrap(reply as Reply<ReplyOf<K>>));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      });
      const envelope: Envelope<K> = { upnext: 1, type, payload };
      try {
        port ??= open();
        port.postMessage({ id, envelope } satisfies PortRequest);
      } catch {
        // Cut before its disconnect was delivered, or not opened: by message, and the next
        // request opens a new port.
        cut();
      }
    });
}
