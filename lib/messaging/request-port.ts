/**
 * Requests over one long-lived connection (`runtime.connect`) instead of one
 * `runtime.sendMessage` each: the panel's page (entrypoints/panel-frame) sends every request
 * this way. A runtime message from an extension page is offered to every extension view (the
 * other panels, the console's pages) as well as the background, and opens and closes a channel
 * each time; a message on an open port goes to the background alone. Measured from the panel's
 * frame: 0.5–1.1 ms a round trip against 1.8–4.6 ms (docs/architecture.md, "A seller's action,
 * end to end", fifth pass).
 *
 * The background checks a request on the port exactly as a runtime message (router.ts: envelope,
 * the browser-given sender of the port, payload) and answers with the same `Reply`: on the port,
 * or on the port's reply channel where the page handed the worker one (`worker` below).
 *
 * Lifetime. The port is opened by the first request and closed once no request was sent for
 * `idleMs` (10 s), so it never outlives the background's own idle time (30 s in Chromium): it
 * neither keeps a worker alive nor is it cut by the worker's sleep in normal use. When the
 * worker stops anyway (an update, a crash, the developer tools), the port is disconnected: the
 * next request opens a new one, which starts the worker (`onConnect` wakes it as a message does).
 *
 * Exactly once. A request in flight when the port goes away may or may not have reached the
 * background. Requests that only read or report a sighting (`REPEATABLE`) are sent again on a new
 * port; any other (an action) is never sent twice by the transport: it fails as a runtime message
 * does when the background stops mid-request, and the seller's Retry sends it again with the
 * step revision it was made for, which the engine applies at most once.
 */
import type { Envelope, MessageType, ReplyOf, RequestOf } from './protocol';
import type { Reply } from './result';
import { unreachable, unwrap } from './client';

/**
 * The name of the panel's request port (the background serves only ports of that name), followed
 * by the key of the port's reply channel, if the page hands the worker one (`worker` below).
 */
export const REQUEST_PORT = 'upnext:requests';

/** A request on the port: `id` is the sender's, unique on that port, echoed in the reply. */
export interface PortRequest {
  id: number;
  message: Envelope;
}
/** The background's answer to the request `id`. */
export interface PortReply {
  id: number;
  reply: Reply<unknown>;
}

export function isPortRequest(value: unknown): value is PortRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger((value as { id?: unknown }).id) &&
    'message' in value
  );
}

function isPortReply(value: unknown): value is PortReply {
  if (typeof value !== 'object' || value === null) return false;
  const { id, reply } = value as { id?: unknown; reply?: unknown };
  return typeof id === 'number' && typeof reply === 'object' && reply !== null && 'ok' in reply;
}

/** What the transport needs of a `runtime.Port`. */
export interface RequestPortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** Requests that may be sent again after their port went away: reads and sightings. */
const REPEATABLE: ReadonlySet<MessageType> = new Set<MessageType>([
  'recordSeen',
  'getRecordView',
  'listConnectable',
]);

/**
 * Requests that never go on the port: the background stores the tab's current address with
 * them (`recordSeen`, `storedAddress` in handlers/record.ts), and the browser names a port's
 * sender as the tab was when the port opened, which an in-app navigation keeps. Every other
 * request is judged by the tab's origin only, which cannot change while the panel's page lives.
 */
const BY_MESSAGE: ReadonlySet<MessageType> = new Set<MessageType>(['recordSeen']);

export interface RequestPortOptions {
  /** Opens the port named `name` (`browser.runtime.connect({ name })`); may throw. */
  connect: (name: string) => RequestPortLike;
  /** Sends a request as a runtime message (lib/messaging/client.ts): for `BY_MESSAGE` types. */
  byMessage: PortSend;
  /**
   * The extension's service worker (`navigator.serviceWorker.controller`), or none. Given one,
   * each port's replies come back on a `MessageChannel` handed to it as a service-worker message
   * (the channel's key, a number the port's name ends with), and each request goes on that
   * channel as well as on the port: a message on a runtime port crosses the browser's UI
   * thread, which after an in-app navigation is busy with the page's commit for 7–12 ms of CPU
   * (10–60 ms at load), and the reply, then the request, waited behind it; a channel between
   * the page and the worker does not cross it (docs/architecture.md, "The panel after a
   * navigation", eighth and tenth passes). The worker takes the first copy of each request and
   * judges it by the port's browser-given sender; the port's copy still comes, and counts for
   * the worker's lifetime as every extension message does.
   */
  worker?: () => { postMessage(key: number, transfer: MessagePort[]): void } | null | undefined;
  /** How long the port stays open with nothing to do (ms); 10 s. */
  idleMs?: number;
  /** One-shot timer; returns a cancel function. */
  setTimer?: (run: () => void, ms: number) => () => void;
}

interface InFlight {
  envelope: Envelope;
  /** May be sent again after its port went away (`REPEATABLE`). */
  repeatable: boolean;
  /** How many times it was posted. */
  tries: number;
  resolve: (reply: Reply<unknown>) => void;
  reject: (error: unknown) => void;
}

export type PortSend = <K extends MessageType>(
  type: K,
  payload: RequestOf<K>,
) => Promise<ReplyOf<K>>;

/**
 * A `send` (as lib/messaging/client.ts's) over a request port. Throws `MessageError` for a
 * failed reply, and the client's "could not reach" error when no port could be opened or it went
 * away with a request that is not sent twice.
 */
export function createPortSend(options: RequestPortOptions): PortSend {
  const idleMs = options.idleMs ?? 10_000;
  const setTimer =
    options.setTimer ??
    ((run: () => void, ms: number) => {
      const id = setTimeout(run, ms);
      return () => clearTimeout(id);
    });
  let port: RequestPortLike | null = null;
  /**
   * The channel handed to the worker with the last port (none without a worker). Each request
   * goes on it too: a port's messages cross the browser's UI thread, busy with the page's commit
   * after an in-app navigation; the worker takes the first copy. It is never an earlier port's
   * while the page has a worker: a page's controlling worker does not go away while the page
   * lives (an update reloads the extension's pages), so every port gets a channel of its own.
   */
  let channel: MessagePort | undefined;
  let nextId = 0;
  const inFlight = new Map<number, InFlight>();
  let cancelIdle: (() => void) | null = null;

  const idle = (): void => {
    cancelIdle?.();
    cancelIdle = null;
    if (inFlight.size > 0 || port === null) return;
    const open = port;
    cancelIdle = setTimer(() => {
      cancelIdle = null;
      if (port !== open || inFlight.size > 0) return;
      port = null;
      open.disconnect();
    }, idleMs);
  };

  const opened = (): RequestPortLike => {
    if (port !== null) return port;
    // Unique among the worker's clients (not a secret: only the extension's own pages can hand
    // the worker a channel, and a port's key only routes that port's own replies).
    const key = Math.random();
    // The key's decimal form, as the worker writes it (`String(key)`); `+` is a few bytes less
    // than a template in the panel's script, which is at its budget.
    // eslint-disable-next-line @typescript-eslint/restrict-plus-operands
    const created = options.connect(REQUEST_PORT + key);
    port = created;
    const replied = (message: unknown): void => {
      if (port !== created || !isPortReply(message)) return;
      const request = inFlight.get(message.id);
      if (request === undefined) return;
      inFlight.delete(message.id);
      request.resolve(message.reply);
      idle();
    };
    created.onMessage.addListener(replied);
    // Until the worker has the channel (or without one) the replies come on the port. The
    // worker closes its end when the port closes; a reply for a port no longer used is dropped.
    const worker = options.worker?.();
    if (worker) {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (event) => replied(event.data);
      worker.postMessage(key, [port2]);
      channel = port1;
    }
    created.onDisconnect.addListener(() => {
      if (port !== created) return;
      port = null;
      const lost = [...inFlight.values()];
      inFlight.clear();
      for (const request of lost) {
        if (request.repeatable && request.tries < 2) post(request);
        else request.reject(unreachable('port closed'));
      }
    });
    return created;
  };

  const post = (request: InFlight): void => {
    cancelIdle?.();
    cancelIdle = null;
    const id = ++nextId;
    request.tries += 1;
    let target: RequestPortLike;
    try {
      target = opened();
    } catch (error) {
      request.reject(unreachable(error));
      return;
    }
    inFlight.set(id, request);
    try {
      for (const to of [target, channel])
        to?.postMessage({ id, message: request.envelope } satisfies PortRequest);
    } catch (error) {
      // The port was already gone (its disconnect not yet seen): this request never left, so
      // it goes once more on a new port, whatever it is.
      inFlight.delete(id);
      if (port === target) port = null;
      if (request.tries < 2) post(request);
      else request.reject(unreachable(error));
    }
  };

  return async <K extends MessageType>(type: K, payload: RequestOf<K>): Promise<ReplyOf<K>> => {
    if (BY_MESSAGE.has(type)) return options.byMessage(type, payload);
    const envelope: Envelope<K> = { upnext: 1, type, payload };
    const reply = await new Promise<Reply<unknown>>((resolve, reject) => {
      post({ envelope, repeatable: REPEATABLE.has(type), tries: 0, resolve, reject });
    });
    return unwrap(reply as Reply<ReplyOf<K>>);
  };
}
