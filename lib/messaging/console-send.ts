/**
 * `send` (client.ts) for the console's pages, which can carry a pack's whole text: the request
 * types in `BY_WORKER_MESSAGE` go as a service-worker message where there is an active worker
 * (worker-message.ts says why), every other request, and every request where there is none
 * (Firefox's background page), as a runtime message. Kept out of client.ts so that the pages
 * that never import a pack (the panel's above all, whose bytes have a target) do not carry it.
 */
import { send, unreachable, unwrap } from './client';
import type { Envelope, MessageType, ReplyOf, RequestOf } from './protocol';
import type { Reply } from './result';
import { activeWorker, BY_WORKER_MESSAGE, sendByWorkerMessage } from './worker-message';

/** As `send`: the reply's data, `MessageError` on a failure, a plain error when unreachable. */
export async function consoleSend<K extends MessageType>(
  type: K,
  payload: RequestOf<K>,
): Promise<ReplyOf<K>> {
  const worker = BY_WORKER_MESSAGE.has(type) ? await activeWorker() : null;
  if (worker === null) return send(type, payload);
  const envelope: Envelope<K> = { upnext: 1, type, payload };
  let reply: Reply<ReplyOf<K>>;
  try {
    reply = (await sendByWorkerMessage(
      worker,
      envelope,
      async () => (await send('ping', {})).startedAt,
    )) as Reply<ReplyOf<K>>;
  } catch (error) {
    throw unreachable(error);
  }
  return unwrap(reply);
}
