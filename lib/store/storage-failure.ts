/**
 * When the browser's storage fails (the disk is full, the profile's database is damaged or
 * locked), a retry in the same conditions cannot help, so the seller is told what happened and
 * what to do, in plain words. Every write runs in one IndexedDB transaction that is aborted on
 * any failure (record-tx.ts, sequences-repo.ts, backup.ts), so such an answer always means
 * "nothing was changed".
 */
import { t } from '../i18n';

/** The `error.code` of a reply whose write the browser's storage refused. */
export type StorageFailureCode = 'storage-full' | 'storage-failed';

/** Names of the errors IndexedDB raises itself (DOMException names), quota first. */
const STORAGE_ERRORS = new Set([
  'QuotaExceededError',
  'UnknownError',
  'AbortError',
  'InvalidStateError',
  'TransactionInactiveError',
  'ReadOnlyError',
  'VersionError',
  'DataCloneError',
]);

function errorName(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : null;
}

/** The quota error, wherever it sits: the error itself, or the cause of an aborted write. */
function isQuota(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if (errorName(current) === 'QuotaExceededError') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Recognises a failure of the browser's storage and says it in words; null for anything else
 * (a bug, an invalid request), which keeps its own answer.
 */
export function storageFailure(
  error: unknown,
): { code: StorageFailureCode; message: string } | null {
  if (isQuota(error)) {
    return {
      code: 'storage-full',
      message: t('errStorageFull'),
    };
  }
  const name = errorName(error);
  if (name === null || !STORAGE_ERRORS.has(name) || !(error instanceof DOMException)) return null;
  return {
    code: 'storage-failed',
    message: t('errStorageFailed', name),
  };
}

/**
 * Aborts a transaction after a failed write so that nothing of it is kept: a request that
 * throws at once (rather than failing later) does not abort the transaction by itself, and the
 * writes queued before it would otherwise be committed.
 */
export function abortWrites(
  tx: { abort(): void; done: Promise<unknown> },
  queued: readonly Promise<unknown>[],
): void {
  // The queued writes and the transaction now fail with AbortError: expected, not unhandled.
  for (const write of queued) write.catch(() => undefined);
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    // Already aborted or finished: nothing of it was, or will be, committed beyond that.
  }
}
