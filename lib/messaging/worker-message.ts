/**
 * Requests that carry a pack's whole text (`planImport`, `importPack`: up to 5 MiB) go from an
 * extension page to the service worker as a service-worker message (`ServiceWorker.postMessage`,
 * a structured clone, with a `MessageChannel` port for the reply) instead of a runtime message.
 * Chromium serializes a runtime message as JSON and offers it to every extension view as well as
 * the background; a 1 MB pack took 1.2–2.3 s to reach the worker that way at load 22, against
 * 0.2–0.5 s as a service-worker message, and an empty request 2–3 ms either way (docs/performance.md,
 * "The service worker: start and import").
 *
 * Only our own extension pages can send it: a service worker takes messages from clients of its
 * own origin only (no CRM page, no content script), and the background checks each one exactly
 * as a runtime message (router.ts: envelope, sender, payload), with the page's URL as its sender.
 * The panel's page is refused this way (it speaks for its tab, which a service-worker message
 * does not name). Where there is no service worker (Firefox's background page), or it is not
 * active yet, the request goes as a runtime message.
 *
 * A worker stopped mid-request never answers on the port, and the port says nothing either: the
 * page asks the background's start time (`ping`) before it sends and every `WATCH_MS` while it
 * waits, and a worker that started again since fails the request as a runtime message does.
 * The import is one transaction, so a stopped worker wrote none of it.
 */
import type { Envelope, MessageType } from './protocol';
import type { Reply } from './result';

/** The request types that go as a service-worker message from an extension page. */
export const BY_WORKER_MESSAGE: ReadonlySet<MessageType> = new Set<MessageType>([
  'planImport',
  'importPack',
]);

/** How often a page waiting for an answer checks that the worker did not start again. */
const WATCH_MS = 2_000;

/** What the page needs of the active `ServiceWorker`. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: MessagePort[]): void;
}

/** The extension's active service worker, seen from one of its pages; null where there is none. */
export async function activeWorker(): Promise<WorkerLike | null> {
  const container = (globalThis.navigator as Navigator | undefined)?.serviceWorker;
  if (container === undefined) return null;
  try {
    return (await container.getRegistration())?.active ?? null;
  } catch {
    return null;
  }
}

/**
 * Sends `envelope` to `worker` and resolves with its reply. `startedAt` reads the background's
 * start time (a `ping`); the request rejects with what `startedAt` threw, or with a plain error
 * when the worker started again while it waited.
 */
export async function sendByWorkerMessage(
  worker: WorkerLike,
  envelope: Envelope,
  startedAt: () => Promise<number>,
  watchMs = WATCH_MS,
): Promise<Reply<unknown>> {
  // Also starts a stopped worker, so the message goes to the one whose start time is known.
  const started = await startedAt();
  const channel = new MessageChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise<Reply<unknown>>((resolve, reject) => {
      channel.port1.onmessage = (event: MessageEvent<unknown>) => {
        resolve(event.data as Reply<unknown>);
      };
      const watch = (): void => {
        timer = setTimeout(() => {
          startedAt().then((now) => {
            if (now !== started) reject(new Error('The background stopped before it answered.'));
            else watch();
          }, reject);
        }, watchMs);
      };
      watch();
      worker.postMessage(envelope, [channel.port2]);
    });
  } finally {
    clearTimeout(timer);
    channel.port1.close();
  }
}
