/**
 * A page's request as a service-worker message: answered on its port, and failed (not left
 * waiting) when the worker started again before it answered.
 */
import { describe, expect, it } from 'vitest';

import { ok } from './result';
import { sendByWorkerMessage, type WorkerLike } from './worker-message';

const ENVELOPE = { upnext: 1, type: 'importPack', payload: { text: '{}' } } as const;

describe('a request as a service-worker message', () => {
  it('resolves with the reply the worker posts on the port', async () => {
    const worker: WorkerLike = {
      postMessage: (message, [port]) => {
        expect(message).toEqual(ENVELOPE);
        port.postMessage(ok({ plan: 'p' }));
      },
    };
    await expect(sendByWorkerMessage(worker, ENVELOPE, () => Promise.resolve(1))).resolves.toEqual(
      ok({ plan: 'p' }),
    );
  });

  it('fails when the worker started again while the page waited', async () => {
    const starts = [1, 1, 2];
    const worker: WorkerLike = { postMessage: () => undefined };
    await expect(
      sendByWorkerMessage(worker, ENVELOPE, () => Promise.resolve(starts.shift() ?? 2), 5),
    ).rejects.toThrow('stopped before it answered');
  });
});
