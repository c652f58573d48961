/** The background: import-250x40 and worker-cold-start, driven from an extension page. */
import type { Page } from 'puppeteer-core';

import { killServiceWorker, serviceWorker } from '../tests/e2e/support/extension';
import { generatePack } from './dataset';
import { call, type BenchSession } from './session';
import { repeat, summarize, withTimeout, type MetricResult } from './stats';

/** A background reply as the page receives it. */
type Reply = { ok: boolean; data?: unknown; error?: unknown };

/**
 * `type` sent from `page` and timed until its reply. `via: 'runtime'` (default): one
 * `runtime.sendMessage`. `via: 'worker'`: the way the console sends a pack's text
 * (lib/messaging/console-send.ts): the background's start time by runtime message, then the
 * request as a service-worker message with a port for the reply; timed from before the first.
 */
export async function timedMessage(
  page: Page,
  type: string,
  payload: unknown,
  via: 'runtime' | 'worker' = 'runtime',
): Promise<{ ms: number; reply: Reply }> {
  return page.evaluate(
    async (message, byWorker) => {
      const t0 = performance.now();
      const runtime = (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
        }
      ).chrome.runtime;
      if (!byWorker) {
        const reply = (await runtime.sendMessage(message)) as Reply;
        return { ms: performance.now() - t0, reply };
      }
      const worker = (await navigator.serviceWorker.getRegistration())?.active;
      if (!worker) throw new Error('no active service worker');
      await runtime.sendMessage({ upnext: 1, type: 'ping', payload: {} });
      const channel = new MessageChannel();
      const reply = await new Promise<Reply>((done) => {
        channel.port1.onmessage = (event) => done(event.data as Reply);
        worker.postMessage(message, [channel.port2]);
      });
      const ms = performance.now() - t0;
      channel.port1.close();
      return { ms, reply };
    },
    { upnext: 1, type, payload },
    via === 'worker',
  );
}

/**
 * import-250x40 (the console's transport) or, with `runtimeMessage`, the same import as one
 * `runtime.sendMessage`: the row's method until 2026-11-30, reported as
 * `import-250x40-runtime-message` (docs/performance.md, "What each metric measures").
 */
export async function import250x40(
  session: BenchSession,
  runs = 5,
  runtimeMessage = false,
): Promise<MetricResult> {
  const page = session.control!;
  const text = generatePack(250, 40);
  const samples = await repeat(runs, 1, async () => {
    await call(page, 'resetData', { confirm: 'reset' });
    const { ms, reply } = runtimeMessage
      ? await timedMessage(page, 'importPack', { text })
      : await timedMessage(page, 'importPack', { text }, 'worker');
    const plan = (reply.data as { plan?: { sequences: { action: string }[] } } | undefined)?.plan;
    if (!reply.ok || plan?.sequences.filter((s) => s.action === 'create').length !== 250) {
      throw new Error(
        `importPack did not create 250 sequences: ${JSON.stringify(reply).slice(0, 300)}`,
      );
    }
    return ms;
  });
  await call(page, 'resetData', { confirm: 'reset' });
  return summarize(
    samples,
    'ms',
    `importPack of a generated ${(text.length / 1024).toFixed(0)} KB pack (250 sequences × 40 steps) into an empty store: validate, plan, apply; timed in the page around ${runtimeMessage ? 'runtime.sendMessage' : "the console's service-worker message (with its ping)"}`,
  );
}

export async function workerColdStart(session: BenchSession, runs = 10): Promise<MetricResult> {
  const page = session.control!;
  // The first start (install: registrations, policy, roll-ups) must be over before the worker
  // is stopped: a close sent while it is still starting up can be lost (the stop then times out).
  await call(page, 'ping', {});
  const samples = await repeat(runs, 2, async () => {
    await withTimeout(killServiceWorker(session.browser), 15_000, 'stopping the worker');
    const { ms, reply } = await timedMessage(page, 'ping', {});
    const data = reply.data as { uptimeMs: number } | undefined;
    if (!reply.ok || data === undefined) throw new Error(`ping failed: ${JSON.stringify(reply)}`);
    if (data.uptimeMs > 5_000) throw new Error('the worker was not restarted');
    return ms;
  });
  return summarize(
    samples,
    'ms',
    'worker.close() (Target.closeTarget), then ping from options.html until the reply',
  );
}

/**
 * worker-heap-10k: the service worker's JS heap after a forced GC, with 10,000 connections
 * stored and after it served the work list (CDP HeapProfiler.collectGarbage +
 * Runtime.getHeapUsage on the worker's target), three readings.
 */
export async function workerHeap(session: BenchSession): Promise<MetricResult> {
  // Work the worker the way a seller does first: the due count and the work list.
  await call(session.control!, 'getDueCount', {});
  const { target } = await serviceWorker(session.browser);
  const cdp = await target.createCDPSession();
  try {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      samples.push(usedSize);
    }
    return summarize(
      samples,
      'bytes',
      'service worker JS heap after a forced GC (CDP Runtime.getHeapUsage), 10,000 connections stored, after the due count and the work list',
    );
  } finally {
    await cdp.detach();
  }
}
