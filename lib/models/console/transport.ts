/**
 * The console's models talk to the background only through a `Transport`, so tests can pass a
 * fake one (a map of handlers) instead of a real `browser.runtime`.
 */
import { MessageError } from '../../messaging/result';
import type { MessageType, ReplyOf, RequestOf } from '../../messaging/protocol';
import type { Problem } from '../../sequence/problem';

export type Send = <K extends MessageType>(type: K, payload: RequestOf<K>) => Promise<ReplyOf<K>>;

export interface Transport {
  send: Send;
}

/** A message for a manager, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { path?: unknown }).path === 'string'
  );
}

/** The problems of an invalid pack (`code === 'invalid-pack'`, `details: Problem[]`), else []. */
export function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof MessageError)) return [];
  if (!Array.isArray(error.details)) return [];
  return (error.details as unknown[]).filter(isProblem).map((problem) => ({
    path: problem.path,
    line: typeof problem.line === 'number' ? problem.line : null,
    column: typeof problem.column === 'number' ? problem.column : null,
    message: problem.message,
  }));
}

export type Handlers = {
  [K in MessageType]?: (payload: RequestOf<K>) => ReplyOf<K> | Promise<ReplyOf<K>>;
};

/** A fake transport for tests: answers from `handlers`, records every call. */
export function fakeTransport(handlers: Handlers): Transport & {
  calls: { type: MessageType; payload: unknown }[];
} {
  const calls: { type: MessageType; payload: unknown }[] = [];
  const send: Send = async (type, payload) => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((payload: unknown) => unknown) | undefined;
    if (handler === undefined) {
      throw new MessageError({ code: 'internal', message: `No fake handler for ${type}.` });
    }
    return (await handler(payload)) as ReplyOf<typeof type>;
  };
  return { send, calls };
}

/** Saves text as a file. The page passes a Blob-URL implementation; tests pass a spy. */
export type Download = (text: string, fileName: string) => void;
