/**
 * The background's end of a request port (lib/messaging/request-port.ts): each request is
 * checked and answered exactly as a runtime message (router.ts: the envelope, the port's
 * browser-given sender, the payload), and its `Reply` goes back on the port with the request's
 * id. The reply is sent when the handler's promise settles, so a change is stored (its
 * transaction complete) before it is acknowledged, as with a runtime message.
 */
import { isPortRequest, REQUEST_PORT, type PortReply } from '@/lib/messaging/request-port';
import { fail, type Reply } from '@/lib/messaging/result';

import type { SenderInfo } from './router';

/** What the port needs of a `runtime.Port` in the background. */
export interface ServedPort {
  name: string;
  sender?: SenderInfo;
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
}

/**
 * Serves `port` if it is a request port (other ports are left alone). `answer` is the router
 * (`route(message, sender, handlers, extension)`): undefined for what is not an Upnext request.
 */
export function serveRequestPort(
  port: ServedPort,
  answer: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>> | undefined,
): void {
  if (port.name !== REQUEST_PORT) return;
  port.onMessage.addListener((request) => {
    // Anything else on the port is not a request: nobody waits for an answer to it.
    if (!isPortRequest(request)) return;
    const reply =
      answer(request.message, port.sender ?? {}) ??
      Promise.resolve(fail('invalid-message', 'Upnext received a message it does not understand.'));
    const settled = reply.catch(() =>
      fail('internal', 'Something went wrong inside Upnext. Try again.'),
    );
    void settled.then((answered) => {
      try {
        port.postMessage({ id: request.id, reply: answered } satisfies PortReply);
      } catch {
        // The panel went away (its tab closed, or it navigated); nobody is waiting.
      }
    });
  });
}
