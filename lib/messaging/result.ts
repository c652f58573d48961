/**
 * The envelope every background reply travels in. Errors are data, not exceptions, because
 * thrown errors lose their fields when the browser serialises them between contexts; `message`
 * is written for a seller or manager and shown as is.
 */
export type ErrorCode =
  | 'invalid-message'
  | 'forbidden'
  | 'not-found'
  | 'already-handled'
  | 'rejected'
  | 'invalid-pack'
  /** The browser's storage refused the write: the disk is full (lib/store/storage-failure.ts). */
  | 'storage-full'
  /** The browser's storage failed otherwise (a damaged or locked database). */
  | 'storage-failed'
  /** Someone else changed it first (a designer draft saved from another tab). */
  | 'conflict'
  | 'internal';

export interface Failure {
  code: ErrorCode;
  message: string;
  /** Extra structured detail, e.g. the problems of an invalid pack. */
  details?: unknown;
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: Failure };

export const ok = <T>(data: T): Reply<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, details?: unknown): Reply<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Raised by the client when a reply is a failure, so callers can `try`/`catch` naturally. */
export class MessageError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(failure: Failure) {
    super(failure.message);
    this.name = 'MessageError';
    this.code = failure.code;
    this.details = failure.details;
  }
}
