/**
 * Turns a raw runtime message into a typed handler call: checks that it is ours, who sent it,
 * and that its payload is valid, before any handler runs. Every failure is a `Reply` with a
 * readable message; nothing throws across the message boundary.
 */
import { t } from '@/lib/i18n';
import { envelopeSchema, requestSchema } from '@/lib/messaging/schemas';
import type { MessageType, ReplyOf, RequestOf } from '@/lib/messaging/protocol';
import { fail, type Reply } from '@/lib/messaging/result';
import { PANEL_FRAME_PATH } from '@/lib/panel-frame-link';
import { storageFailure } from '@/lib/store/storage-failure';

/** Where a message may come from: our extension pages, our content scripts, or both. */
export type Audience = 'page' | 'content' | 'any';

export interface SenderInfo {
  /** The sending extension's id. */
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface Sender {
  kind: 'page' | 'content';
  url: string;
  tabId: number | undefined;
  frameId: number | undefined;
}

export type Handler<K extends MessageType> = (
  payload: RequestOf<K>,
  sender: Sender,
) => Promise<Reply<ReplyOf<K>>>;

export type HandlerMap = { [K in MessageType]: { audience: Audience; handle: Handler<K> } };

export function classifySender(
  sender: SenderInfo,
  extensionId: string,
  extensionOrigin: string,
): Sender | null {
  if (sender.id !== extensionId) return null;
  const url = sender.url ?? '';
  // The panel's page in its iframe on a CRM tab (lib/panel-frame-link.ts) speaks for that tab
  // as the tab's content script does, no more: what it says about a record is checked against
  // the address the browser says the tab shows, never against anything the frame claims.
  if (url.startsWith(`${extensionOrigin}${PANEL_FRAME_PATH}`)) {
    const tabUrl = sender.tab?.url ?? '';
    if (!/^https?:/.test(tabUrl)) return null;
    return { kind: 'content', url: tabUrl, tabId: sender.tab?.id, frameId: sender.frameId };
  }
  if (url.startsWith(extensionOrigin)) {
    return { kind: 'page', url, tabId: sender.tab?.id, frameId: sender.frameId };
  }
  // A content script of ours runs in a tab on a CRM page (http or https only).
  if (sender.tab !== undefined && /^https?:/.test(url)) {
    return { kind: 'content', url, tabId: sender.tab.id, frameId: sender.frameId };
  }
  return null;
}

/** The answer to a message that is not a well-formed Upnext request (every way in says the same). */
export const notUnderstood = (): Reply<never> => fail('invalid-message', t('errNotUnderstood'));

/**
 * The answer when answering threw before any change could be made or after one was rolled back
 * (a handler's transaction is all or nothing); `details` is the error, for the console.
 */
export const failedInside = (details?: string): Reply<never> =>
  fail('internal', t('errFailedInside'), details);

/**
 * Returns `undefined` for messages that are not Upnext requests at all (so other listeners, or
 * the browser, can deal with them), and a reply promise otherwise.
 */
export function route(
  raw: unknown,
  senderInfo: SenderInfo,
  handlers: HandlerMap,
  extension: { id: string; origin: string },
): Promise<Reply<unknown>> | undefined {
  if (typeof raw !== 'object' || raw === null || !('upnext' in raw)) return undefined;
  const envelope = envelopeSchema().safeParse(raw);
  if (!envelope.success) {
    return Promise.resolve(notUnderstood());
  }
  const sender = classifySender(senderInfo, extension.id, extension.origin);
  if (sender === null) {
    return Promise.resolve(fail('forbidden', t('errNotFromUpnext')));
  }
  const type = envelope.data.type;
  return dispatch(type, envelope.data.payload, sender, handlers);
}

// K ties the handler to its request type; the linter cannot see that correlation.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
async function dispatch<K extends MessageType>(
  type: K,
  rawPayload: unknown,
  sender: Sender,
  handlers: HandlerMap,
): Promise<Reply<unknown>> {
  const entry = handlers[type];
  if (entry.audience !== 'any' && entry.audience !== sender.kind) {
    return fail(
      'forbidden',
      sender.kind === 'page' ? t('errCrmPageOnly', type) : t('errPageOnly', type),
    );
  }
  const parsed = requestSchema(type).safeParse(rawPayload);
  if (!parsed.success) {
    const first = parsed.error.issues.at(0);
    const where = first !== undefined && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return fail(
      'invalid-message',
      t('errInvalidRequest', type, where, first?.message ?? 'invalid'),
    );
  }
  try {
    return await entry.handle(parsed.data, sender);
  } catch (error) {
    console.error(`[upnext] ${type} failed`, error);
    // A full disk or a failing database: say so, and what to do (a retry alone cannot help).
    const storage = storageFailure(error);
    if (storage !== null) return fail(storage.code, storage.message, String(error));
    return failedInside(String(error));
  }
}
