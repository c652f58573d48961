/**
 * The background's end of a service-worker message (lib/messaging/worker-message.ts): a request
 * from one of our extension pages, checked and answered exactly as a runtime message (router.ts:
 * the envelope, the sender, the payload), its `Reply` posted on the port the page sent with it.
 * The reply is posted when the handler's promise settles, so a change is stored (its transaction
 * complete) before it is acknowledged, and the event is kept alive until then.
 */
import { BY_WORKER_MESSAGE } from '@/lib/messaging/worker-message';
import type { Reply } from '@/lib/messaging/result';

import { failedInside, notUnderstood, type SenderInfo } from './router';

/** What the background needs of a service worker's `ExtendableMessageEvent`. */
export interface WorkerMessageEvent {
  data: unknown;
  /** Who sent it: a client of the worker's own origin (the platform allows no other). */
  source: { url?: string } | null;
  ports: readonly { postMessage(message: unknown): void }[];
  waitUntil(settled: Promise<unknown>): void;
}

/**
 * Answers `event` if it is a request of a type that comes this way (`BY_WORKER_MESSAGE`) and
 * brought a port to answer on; anything else is left alone. `answer` is the router
 * (`route(message, sender, handlers, extension)`); the sender is the page's URL with the
 * extension's own id, as the browser gives it for a runtime message from that page.
 */
export function serveWorkerMessage(
  event: WorkerMessageEvent,
  extensionId: string,
  answer: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>> | undefined,
): void {
  const port = event.ports.at(0);
  if (port === undefined) return;
  const type = (event.data as { type?: unknown } | null)?.type;
  const reply =
    (typeof type === 'string' && BY_WORKER_MESSAGE.has(type as never)
      ? answer(event.data, { id: extensionId, url: event.source?.url ?? '' })
      : undefined) ?? Promise.resolve(notUnderstood());
  const settled = reply
    .catch(() => failedInside())
    .then((answered) => {
      try {
        port.postMessage(answered);
      } catch {
        // The page went away; nobody is waiting.
      }
    });
  event.waitUntil(settled);
}
