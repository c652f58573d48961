/** The background: import-250x40 and worker-cold-start, driven from an extension page. */
import type { Page } from 'puppeteer-core';

import { killServiceWorker, serviceWorker } from '../tests/e2e/support/extension';
import { generatePack } from './dataset';
import { call, type BenchSession } from './session';
import { repeat, summarize, withTimeout, type MetricResult } from './stats';

export async function timedMessage(
  page: Page,
  type: string,
  payload: unknown,
): Promise<{ ms: number; reply: { ok: boolean; data?: unknown; error?: unknown } }> {
  return page.evaluate(
    async (message) => {
      const t0 = performance.now();
      const runtime = (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
        }
      ).chrome.runtime;
      const reply = (await runtime.sendMessage(message)) as {
        ok: boolean;
        data?: unknown;
        error?: unknown;
      };
      return { ms: performance.now() - t0, reply };
    },
    { upnext: 1, type, payload },
  );
}

export async function import250x40(session: BenchSession, runs = 5): Promise<MetricResult> {
  const page = session.control!;
  const text = generatePack(250, 40);
  const samples = await repeat(runs, 1, async () => {
    await call(page, 'resetData', { confirm: 'reset' });
    const { ms, reply } = await timedMessage(page, 'importPack', { text });
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
    `importPack of a generated ${(text.length / 1024).toFixed(0)} KB pack (250 sequences × 40 steps) into an empty store: validate, plan, apply; timed in the page around sendMessage`,
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
