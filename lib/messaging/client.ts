import { browser } from 'wxt/browser';

import type { Envelope, MessageType, ReplyOf, RequestOf } from './protocol';
import { MessageError, type Reply } from './result';

/** What a request says when the background could not be reached at all (or stopped mid-way). */
export function unreachable(cause: unknown): MessageError {
  return new MessageError({
    code: 'internal',
    message:
      'Upnext could not reach its background service. Reload the page; if that does not help, reload the extension.',
    details: String(cause),
  });
}

/** The data of a background reply; throws `MessageError` for a failure or no answer. */
export function unwrap<T>(reply: Reply<T> | undefined): T {
  if (reply === undefined) {
    throw new MessageError({ code: 'internal', message: 'Upnext did not answer. Try again.' });
  }
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.data;
}

/**
 * Sends a typed request to the background and unwraps the reply. Throws `MessageError` with a
 * readable message on failure, and a plain error when the background could not be reached at
 * all (for example while the extension is being updated).
 */
export async function send<K extends MessageType>(
  type: K,
  payload: RequestOf<K>,
): Promise<ReplyOf<K>> {
  const envelope: Envelope<K> = { upnext: 1, type, payload };
  let reply: Reply<ReplyOf<K>> | undefined;
  try {
    reply = await browser.runtime.sendMessage<Envelope<K>, Reply<ReplyOf<K>> | undefined>(envelope);
  } catch (error) {
    throw unreachable(error);
  }
  return unwrap(reply);
}
