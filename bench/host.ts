/**
 * host-long-tasks and host-main-thread-ms: what the extension adds to the CRM page's main
 * thread. The same record page load + one SPA navigation runs in a browser with the extension
 * (records connected, so the panel shows a step) and in one without; the difference is ours.
 */
import type { Page } from 'puppeteer-core';

import { DEMO_DATA } from '../demo/data';
import { frameInternals, panelFrame, waitForPanelFrame } from '../tests/e2e/support/panel';
import { dynamicsUrl } from './dataset';
import { sleep, type BenchSession } from './session';
import { median, p95, summarize, type MetricResult } from './stats';

const PROBE = `
  window.__bench = { longTasks: [], rendered: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('upnext-demo:rendered', () => { window.__bench.rendered++; });
`;

interface HostRun {
  longTasks: number;
  mainThreadMs: number;
  /**
   * JS heap after a GC: the page's isolate (the page's own and our content scripts') plus, with
   * the extension, the panel frame's isolate.
   */
  heapBytes: number;
  /** CDP ThreadTime: the renderer main thread's CPU time (ms), which other processes inflate less. */
  threadMs: number;
}

/** A `Performance.getMetrics` time of the page's renderer (`TaskDuration`, `ThreadTime`), in ms. */
async function metricMs(
  session: import('puppeteer-core').CDPSession,
  name: 'TaskDuration' | 'ThreadTime',
): Promise<number> {
  const { metrics } = await session.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
}

/**
 * Who is on the page: Upnext (`upnext`), the limit probe's extension that only shows a frame
 * (`frame`, bench/probe-frame-extension), or no extension (`none`).
 */
type HostSide = 'upnext' | 'frame' | 'none';

/** The frame probe's page is in the CRM page's frame tree once its content script ran. */
async function waitProbeFrame(page: Page): Promise<void> {
  await page.waitForFrame((frame) => frame.url().endsWith('/frame.html'), { timeout: 15_000 });
}

async function waitPanelStep(page: Page, side: HostSide): Promise<void> {
  if (side === 'frame') return waitProbeFrame(page);
  if (side === 'none') return;
  // The panel is an extension page in its own frame (docs/architecture.md, "The panel frame"):
  // the wait polls in that frame, so it adds nothing to the CRM page being measured.
  const frame = await waitForPanelFrame(page);
  await frame.waitForFunction(() => document.querySelector('.step__name') !== null, {
    timeout: 15_000,
    polling: 'raf',
  });
}

/**
 * The host scenario every host row measures (host-main-thread-ms, host-long-tasks, `--trace`):
 * lead `a`'s record page loads, the demo renders it (and, with the extension, the panel shows its
 * step), 0.8 s idle, one SPA navigation to lead `b` through the demo's router, the same waits,
 * 0.8 s idle. The page must count the demo's renders in `window.__bench.rendered`.
 */
export async function hostScenario(
  page: Page,
  a: string,
  b: string,
  side: HostSide,
): Promise<void> {
  await page.goto(dynamicsUrl('lead', a), { waitUntil: 'load' });
  await page.waitForFunction(() => (window as any).__bench.rendered >= 1, { timeout: 15_000 });
  await waitPanelStep(page, side);
  await sleep(800);
  // SPA navigation to another record through the demo's router.
  await page.evaluate(
    (url) => {
      history.pushState({}, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    },
    dynamicsUrl('lead', b),
  );
  await page.waitForFunction(() => (window as any).__bench.rendered >= 2, { timeout: 15_000 });
  await waitPanelStep(page, side);
  await sleep(800);
}

/** JS heap of the panel's frame after a GC (its own process), or 0 without one. */
async function frameHeapBytes(page: Page): Promise<number> {
  const frame = panelFrame(page);
  if (frame === null) return 0;
  const session = frameInternals(frame).client;
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

async function oneRun(bench: BenchSession, index: number, side: HostSide): Promise<HostRun> {
  const leads = DEMO_DATA.leads;
  const a = leads[index % leads.length]!;
  const b = leads[(index + 1) % leads.length]!;
  const page = await bench.browser.newPage();
  try {
    await page.evaluateOnNewDocument(PROBE);
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    await hostScenario(page, a.guid, b.guid, side);
    const longTasks = await page.evaluate(() => (window as any).__bench.longTasks.length as number);
    // TaskDuration: the renderer main thread's busy time since the page's process started.
    const mainThreadMs = await metricMs(cdp, 'TaskDuration');
    const threadMs = await metricMs(cdp, 'ThreadTime');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize: pageHeap } = await cdp.send('Runtime.getHeapUsage');
    // The panel's heap is in its frame's process: counted with what our scripts add to the page.
    const heapBytes = pageHeap + (side === 'upnext' ? await frameHeapBytes(page) : 0);
    await cdp.detach();
    return { longTasks, mainThreadMs, heapBytes, threadMs };
  } finally {
    await page.close();
  }
}

/**
 * The host rows from runs interleaved in three browsers: Upnext's (`withExt`), the frame probe's
 * (`frameProbe`: bench/probe-frame-extension, limit probe e) and one without any extension
 * (`without`, limit probe d). Each "with" figure is a run minus the median of the runs without.
 */
export async function hostCost(
  withExt: BenchSession,
  frameProbe: BenchSession,
  without: BenchSession,
  runs = 7,
): Promise<{
  longTasks: MetricResult;
  mainThread: MetricResult;
  /**
   * The same runs' main-thread CPU time (CDP ThreadTime), with minus the median without: what
   * the extension's work on the page's thread costs, far less swayed by other processes.
   */
  mainThreadCpu: MetricResult;
  /** Limit probe d: the page's own main-thread time, without the extension. */
  pageOnly: MetricResult;
  /**
   * Limit probe e: what an extension frame alone adds to the same scenario (the frame probe's
   * runs minus the median without): the platform's floor for a panel shown in its own frame.
   */
  frameOnly: MetricResult;
  heap: MetricResult;
}> {
  const a: HostRun[] = [];
  const b: HostRun[] = [];
  const e: HostRun[] = [];
  // Warm-up each, then interleave so noise from other users of the machine hits every side.
  await oneRun(withExt, 0, 'upnext');
  await oneRun(frameProbe, 0, 'frame');
  await oneRun(without, 0, 'none');
  for (let i = 0; i < runs; i++) {
    a.push(await oneRun(withExt, i, 'upnext'));
    e.push(await oneRun(frameProbe, i, 'frame'));
    b.push(await oneRun(without, i, 'none'));
  }
  const baseLong = median(b.map((r) => r.longTasks));
  const baseMs = median(b.map((r) => r.mainThreadMs));
  const baseThreadMs = median(b.map((r) => r.threadMs));
  const extraLong = a.map((r) => r.longTasks - baseLong);
  const extraMs = a.map((r) => r.mainThreadMs - baseMs);
  const baseHeap = median(b.map((r) => r.heapBytes));
  const extraHeap = a.map((r) => Math.max(0, r.heapBytes - baseHeap));
  const detail = (name: string, values: number[]) =>
    `${name} median ${median(values).toFixed(1)} / p95 ${p95(values).toFixed(1)}`;
  return {
    longTasks: summarize(
      extraLong,
      'count',
      `long tasks (>50 ms) in record load + 1 SPA navigation, with extension minus the median without; ${detail(
        'with',
        a.map((r) => r.longTasks),
      )}; ${detail(
        'without',
        b.map((r) => r.longTasks),
      )}`,
    ),
    mainThread: summarize(
      extraMs,
      'ms',
      `CDP Performance.getMetrics TaskDuration after record load + 1 SPA navigation (+0.8 s idle after each), with minus median without; ${detail(
        'with',
        a.map((r) => r.mainThreadMs),
      )}; ${detail(
        'without',
        b.map((r) => r.mainThreadMs),
      )}; main-thread CPU (CDP ThreadTime) ${detail(
        'with',
        a.map((r) => r.threadMs),
      )}, ${detail(
        'without',
        b.map((r) => r.threadMs),
      )}, added ${(median(a.map((r) => r.threadMs)) - baseThreadMs).toFixed(1)} ms`,
    ),
    mainThreadCpu: summarize(
      a.map((r) => r.threadMs - baseThreadMs),
      'ms',
      `CDP Performance.getMetrics ThreadTime (the page's renderer main thread's CPU time) after the same record load + 1 SPA navigation, with minus median without (information: host-main-thread-ms is the target); without median ${baseThreadMs.toFixed(1)} ms`,
    ),
    pageOnly: summarize(
      b.map((r) => r.mainThreadMs),
      'ms',
      'the same record load + 1 SPA navigation in a browser without the extension (TaskDuration)',
    ),
    frameOnly: summarize(
      e.map((r) => r.mainThreadMs - baseMs),
      'ms',
      `limit probe: the same scenario with an extension that only shows a static extension page in a fixed iframe in a closed shadow root (bench/probe-frame-extension), TaskDuration minus the median without; ${detail(
        'frame probe',
        e.map((r) => r.mainThreadMs),
      )}; main-thread CPU (ThreadTime) added ${(median(e.map((r) => r.threadMs)) - baseThreadMs).toFixed(1)} ms`,
    ),
    heap: summarize(
      extraHeap,
      'bytes',
      `the page's JS heap plus the panel frame's after a forced GC (CDP Runtime.getHeapUsage; the page's isolate holds the page and our content scripts, the frame's the panel), with the panel showing a step, minus the median without the extension (${(baseHeap / 1_048_576).toFixed(1)} MB)`,
    ),
  };
}
