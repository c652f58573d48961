/**
 * The background's end of a request port (lib/messaging/request-port.ts): each request is
 * checked and answered exactly as a runtime message (router.ts: the envelope, the port's
 * browser-given sender, the payload), and its `Reply` goes back with the request's id, on the
 * port or on the channel the page handed the worker for it (`keepReplyChannel`). The page sends
 * each request on both; the worker takes whichever copy comes first and ignores the other. The
 * reply is sent when the handler's promise settles, so a change is stored (its transaction
 * complete) before it is acknowledged, as with a runtime message.
 */
import { isPortRequest, REQUEST_PORT, type PortReply } from '@/lib/messaging/request-port';
import type { Reply } from '@/lib/messaging/result';

import { failedInside, notUnderstood, type SenderInfo } from './router';

/** What the port needs of a `runtime.Port` in the background. */
export interface ServedPort {
  name: string;
  sender?: SenderInfo;
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** A `MessagePort` the panel's page handed over for a request port's requests and replies. */
export interface ReplyChannel {
  postMessage(message: unknown): void;
  close(): void;
  /** Set once the channel's port is served: copies of that port's requests (starts the port). */
  onmessage: ((event: MessageEvent) => void) | null;
}

/** A served port waiting for its channel (`serveRequestPort`), under the channel's key. */
type AwaitChannel = (channel: ReplyChannel) => void;

/**
 * The channels the panel's pages handed to the worker (the `worker` option in
 * lib/messaging/request-port.ts), by key, until their request port closes; or, until its
 * channel comes, the served port waiting for it. A channel reaches the worker as a
 * service-worker message (its key, a number, with the channel's port), which only clients of
 * the extension's own origin can send (no CRM page, no content script). It carries copies of
 * the requests of the port whose name ends with its key, each judged by that port's
 * browser-given sender as the port's own copy is, and their replies.
 */
export type ReplyChannels = Map<string, ReplyChannel | AwaitChannel>;

/**
 * How many reply channels the worker keeps at most. A channel is forgotten when its port closes,
 * but one that arrives after its port closed has no port left to close it; past this many (far
 * more panels than a seller has open at once) the oldest is closed and forgotten, and its port,
 * if it is still open, gets its replies on the port itself, as before it had a channel.
 */
export const REPLY_CHANNELS_MAX = 64;

/** Keeps the reply channel a service-worker message brings; false if it brings none. */
export function keepReplyChannel(
  event: { data: unknown; ports: readonly ReplyChannel[] },
  channels: ReplyChannels,
): boolean {
  const key = event.data;
  const channel = event.ports.at(0);
  if (typeof key !== 'number' || channel === undefined) return false;
  // As the page wrote it after the port's name (`REQUEST_PORT + key`).
  const waiting = channels.get(String(key));
  channels.set(String(key), channel);
  if (typeof waiting === 'function') waiting(channel);
  for (const [oldest, kept] of channels) {
    if (channels.size <= REPLY_CHANNELS_MAX) break;
    if (typeof kept !== 'function') kept.close();
    channels.delete(oldest);
  }
  return true;
}

/**
 * Serves `port` if it is a request port (other ports are left alone). `answer` is the router
 * (`route(message, sender, handlers, extension)`): undefined for what is not an Upnext request.
 */
export function serveRequestPort(
  port: ServedPort,
  answer: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>> | undefined,
  channels: ReplyChannels = new Map(),
): void {
  if (!port.name.startsWith(REQUEST_PORT)) return;
  /** The key of the reply channel the page handed over for this port ('' for none). */
  const key = port.name.slice(REQUEST_PORT.length);
  port.onDisconnect.addListener(() => {
    const kept = channels.get(key);
    if (typeof kept === 'object') kept.close();
    channels.delete(key);
  });
  /**
   * The highest request id taken. The page sends each request on the port and on the channel,
   * ids rising, and each carries its copies in order, so whichever copy of a request comes
   * first comes after the first copy of every earlier one: a copy not above it was taken.
   */
  let taken = 0;
  const take = (request: unknown): void => {
    // Anything else on the port is not a request: nobody waits for an answer to it.
    if (!isPortRequest(request) || request.id <= taken) return;
    taken = request.id;
    const reply = answer(request.message, port.sender ?? {}) ?? Promise.resolve(notUnderstood());
    const settled = reply.catch(() => failedInside());
    void settled.then((answered) => {
      try {
        // On the page's channel once the worker has it (it skips the browser's UI thread).
        const kept = channels.get(key);
        (typeof kept === 'object' ? kept : port).postMessage({
          id: request.id,
          reply: answered,
        } satisfies PortReply);
      } catch {
        // The panel went away (its tab closed, or it navigated); nobody is waiting.
      }
    });
  };
  // The port's copies reach the worker through the browser's UI thread, which after an in-app
  // navigation is busy with the page's commit; the channel's do not (docs/architecture.md, "The
  // panel after a navigation", tenth pass). The port's still come, and count for the worker's
  // lifetime as every extension message does.
  port.onMessage.addListener(take);
  const listen: AwaitChannel = (channel) => {
    channel.onmessage = (event) => take(event.data);
  };
  // The first port named with a key takes its channel's copies; another port naming the same
  // key (no page of ours does) gets none, and its requests come on the port alone.
  const kept = channels.get(key);
  if (typeof kept === 'object') {
    if (kept.onmessage === null) listen(kept);
  } else if (kept === undefined && key !== '') channels.set(key, listen);
}
