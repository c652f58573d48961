/**
 * The background's end of a service-worker message: a pack's request from one of our pages goes
 * through the router as a runtime message does (the page's URL as its sender), is answered on
 * the page's port only once its handler settled, and keeps the event alive until then; other
 * request types are refused without reaching the router.
 */
import { describe, expect, it } from 'vitest';

import { ok, type Reply } from '@/lib/messaging/result';

import type { SenderInfo } from './router';
import { serveWorkerMessage, type WorkerMessageEvent } from './worker-message';

function event(data: unknown, url = 'chrome-extension://ext/options.html') {
  const posted: unknown[] = [];
  const kept: Promise<unknown>[] = [];
  const served: WorkerMessageEvent = {
    data,
    source: { url },
    ports: [{ postMessage: (message) => posted.push(message) }],
    waitUntil: (settled) => kept.push(settled),
  };
  return { served, posted, kept };
}

describe('the background’s service-worker messages', () => {
  it('routes a pack’s import with the page as sender and answers once the handler is done', async () => {
    const { served, posted, kept } = event({
      upnext: 1,
      type: 'importPack',
      payload: { text: '{}' },
    });
    const seen: { message: unknown; sender: SenderInfo }[] = [];
    let finish: (reply: Reply<unknown>) => void = () => undefined;
    serveWorkerMessage(served, 'ext', (message, sender) => {
      seen.push({ message, sender });
      return new Promise((done) => (finish = done));
    });
    expect(seen).toEqual([
      {
        message: { upnext: 1, type: 'importPack', payload: { text: '{}' } },
        sender: { id: 'ext', url: 'chrome-extension://ext/options.html' },
      },
    ]);
    expect(kept).toHaveLength(1);
    expect(posted).toEqual([]);
    finish(ok({ plan: 'done' }));
    await kept[0];
    expect(posted).toEqual([ok({ plan: 'done' })]);
  });

  it('refuses other request types without routing them', async () => {
    const { served, posted, kept } = event({ upnext: 1, type: 'actOnRecord', payload: {} });
    let routed = false;
    serveWorkerMessage(served, 'ext', () => {
      routed = true;
      return Promise.resolve(ok(null));
    });
    await kept[0];
    expect(routed).toBe(false);
    expect(posted).toEqual([
      { ok: false, error: expect.objectContaining({ code: 'invalid-message' }) as unknown },
    ]);
  });

  it('answers a handler that throws with an internal failure', async () => {
    const { served, posted, kept } = event({
      upnext: 1,
      type: 'planImport',
      payload: { text: '' },
    });
    serveWorkerMessage(served, 'ext', () => Promise.reject(new Error('boom')));
    await kept[0];
    expect(posted).toEqual([
      { ok: false, error: expect.objectContaining({ code: 'internal' }) as unknown },
    ]);
  });
});
