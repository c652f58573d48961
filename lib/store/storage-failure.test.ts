import { describe, expect, it } from 'vitest';

import { storageFailure } from './storage-failure';

describe('storageFailure', () => {
  it('names a full disk, also when it is the cause of an aborted write', () => {
    const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
    expect(storageFailure(quota)?.code).toBe('storage-full');
    const aborted = new Error('The transaction was aborted', { cause: quota });
    expect(storageFailure(aborted)?.code).toBe('storage-full');
  });

  it('names other failures of the browser storage', () => {
    const failure = storageFailure(new DOMException('Internal error', 'UnknownError'));
    expect(failure?.code).toBe('storage-failed');
    expect(failure?.message).toContain('UnknownError');
    expect(failure?.message).toContain('Nothing was changed');
  });

  it('leaves everything else (bugs, bad requests) to its own answer', () => {
    expect(storageFailure(new TypeError('x is undefined'))).toBeNull();
    expect(storageFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBeNull();
    expect(storageFailure('QuotaExceededError')).toBeNull();
    expect(storageFailure(null)).toBeNull();
  });
});
