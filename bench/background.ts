/** The background: import-250x40 and worker-cold-start, driven from an extension page. */
import type { Browser, Page } from 'puppeteer-core';

import { killServiceWorker, serviceWorker } from '../tests/e2e/support/extension';
import { generatePack } from './dataset';
import { call, type BenchSession } from './session';
import { median, repeat, summarize, withTimeout, type MetricResult } from './stats';

/** A background reply as the page receives it. */
type Reply = { ok: boolean; data?: unknown; error?: unknown };

/**
 * `type` sent from `page` and timed until its reply. `via: 'runtime'` (default): one
 * `runtime.sendMessage`. `via: 'worker'`: the way the console sends a pack's text
 * (lib/messaging/console-send.ts): the background's start time by runtime message, then the
 * request as a service-worker message with a port for the reply; timed from before the first.
 * `sentAt`: when the page sent it (epoch ms, to compare with the worker's `startedAt`).
 */
export async function timedMessage(
  page: Page,
  type: string,
  payload: unknown,
  via: 'runtime' | 'worker' = 'runtime',
): Promise<{ ms: number; reply: Reply; sentAt: number }> {
  return page.evaluate(
    async (message, byWorker) => {
      const t0 = performance.now();
      const sentAt = Date.now();
      const runtime = (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
        }
      ).chrome.runtime;
      if (!byWorker) {
        const reply = (await runtime.sendMessage(message)) as Reply;
        return { ms: performance.now() - t0, reply, sentAt };
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
      return { ms, reply, sentAt };
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

/** A CDP client as puppeteer keeps them: the browser's root connection or a page's session. */
interface CdpClient {
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, handler: (params: never) => void): unknown;
  off(event: string, handler: (params: never) => void): unknown;
}

/**
 * The clients through which puppeteer auto-attaches to a new service worker, paused until it
 * sends `Runtime.runIfWaitingForDebugger` from Node: the browser's root connection, and the
 * session of a page in the worker's scope (`page`, an extension page: Chromium attaches a frame's
 * session to the service workers whose scope holds the frame). Puppeteer has no option for either
 * (its `targetFilter` is consulted only after the paused attach); these are its internal
 * handles, checked here so that a puppeteer without them fails the row instead of measuring the
 * pause again.
 */
function autoAttachClients(browser: Browser, page: Page): { root: CdpClient; frame: CdpClient } {
  const root = (browser as unknown as { _connection?: CdpClient })._connection;
  const frame = (page as unknown as { _client?: () => CdpClient })._client?.();
  if (root?.send === undefined || frame?.send === undefined) {
    throw new Error("puppeteer's root connection or page session is not reachable");
  }
  return { root, frame };
}

/**
 * Puppeteer's own auto-attach settings (puppeteer-core 24's TargetManager), with service workers
 * left out when `workers` is false: Chromium then starts them without any DevTools client, as in
 * a seller's browser. With `workers` true, puppeteer's settings exactly.
 */
async function autoAttachWorkers(
  clients: { root: CdpClient; frame: CdpClient },
  workers: boolean,
): Promise<void> {
  const noWorkers = workers ? [] : [{ type: 'service_worker', exclude: true }];
  const settings = { waitForDebuggerOnStart: true, flatten: true, autoAttach: true };
  await clients.root.send('Target.setAutoAttach', {
    ...settings,
    filter: [{ type: 'page', exclude: true }, ...noWorkers, {}],
  });
  await clients.frame.send('Target.setAutoAttach', { ...settings, filter: [...noWorkers, {}] });
}

/** The extension's worker as `Target.getTargets` lists it; `attached`: a DevTools session holds it. */
interface WorkerTargetInfo {
  targetId: string;
  attached: boolean;
}

/**
 * Waits until the extension's running worker has no DevTools session attached and returns its
 * target; throws if none runs or a session stays 5 s. The wait is on the browser's own word: the
 * worker's `Target.targetInfoChanged` with `attached: false` (the root connection discovers
 * targets, puppeteer turns that on), after one `Target.getTargets` for the state before it.
 * Why it matters: Chromium keeps a worker's target while a session holds it, so closing that
 * worker never reports `Target.targetDestroyed`, and its next start reuses the target and waits
 * paused for that session's `Runtime.runIfWaitingForDebugger` (the ping then never gets its
 * answer). Puppeteer detaches its auto-attached sessions from Node, a moment after the attach.
 */
async function unattachedWorker(root: CdpClient, url: string): Promise<WorkerTargetInfo> {
  type Info = WorkerTargetInfo & { type: string; url: string };
  const isWorker = (info: Info): boolean => info.type === 'service_worker' && info.url === url;
  let onChanged: (event: { targetInfo: Info }) => void = () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Listening before the state is read: a detach between the two is not missed.
  const released = new Promise<WorkerTargetInfo>((done, failed) => {
    onChanged = ({ targetInfo }) => {
      if (isWorker(targetInfo) && !targetInfo.attached) done(targetInfo);
    };
    timer = setTimeout(
      () =>
        failed(
          new Error('a DevTools session stayed attached to the worker for 5 s before its stop'),
        ),
      5_000,
    );
  });
  // Settled in `finally` or awaited below; never left rejecting unobserved.
  released.catch(() => undefined);
  root.on('Target.targetInfoChanged', onChanged);
  try {
    const { targetInfos } = (await root.send('Target.getTargets')) as { targetInfos: Info[] };
    const worker = targetInfos.find(isWorker);
    if (worker === undefined) throw new Error('no running service worker to stop');
    return worker.attached ? await released : worker;
  } finally {
    root.off('Target.targetInfoChanged', onChanged);
    clearTimeout(timer);
  }
}

/**
 * Stops the extension's service worker through the browser's root connection, without attaching
 * to it (`Target.closeTarget` once no session holds it) and resolves when Chromium reports its
 * target destroyed. Chromium now and then leaves the worker running after a stop (about 1 in 40
 * under load, as tests/e2e/support/extension.ts's `killServiceWorker` found): the stop is asked
 * again every 2 s, 5 times at most.
 */
async function stopWorkerUnattached(root: CdpClient, worker: WorkerTargetInfo): Promise<void> {
  let onDestroyed: ((event: { targetId: string }) => void) | undefined;
  const gone = new Promise<true>((done) => {
    onDestroyed = (event) => {
      if (event.targetId === worker.targetId) done(true);
    };
    root.on('Target.targetDestroyed', onDestroyed);
  });
  try {
    for (let asked = 1; ; asked += 1) {
      await root.send('Target.closeTarget', { targetId: worker.targetId }).catch(() => undefined);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stillThere = new Promise<false>((done) => {
        timer = setTimeout(() => done(false), 2_000);
      });
      if (await Promise.race([gone, stillThere]).finally(() => clearTimeout(timer))) return;
      if (asked === 5)
        throw new Error('The service worker was asked to stop 5 times and still runs.');
    }
  } finally {
    if (onDestroyed !== undefined) root.off('Target.targetDestroyed', onDestroyed);
  }
}

/**
 * worker-cold-start and worker-cold-start-attached, alternating start by start in the same
 * browser (two untimed rounds of each first, then `runs` of each). Both stop the worker, then
 * time a `ping` from options.html until its reply; the reply's `uptimeMs` confirms a restart.
 *
 * - `worker-cold-start`: no DevTools client is attached to the worker during its stop and start,
 *   as in a seller's browser: puppeteer's auto-attach leaves service workers out, the harness
 *   waits until no session holds the running worker (`unattachedWorker`), stops it through the
 *   browser's root connection and pings. Any session attached from then until the reply fails
 *   the row.
 * - `worker-cold-start-attached` (information): the row's method until 2026-12-01, with
 *   puppeteer's own auto-attach settings: `worker.close()` (it attaches to the worker, then
 *   `Target.closeTarget`); the new worker is auto-attached paused, and starts when Node answers
 *   with `Runtime.runIfWaitingForDebugger`.
 *
 * The auto-attach settings change only between the two methods (never between two starts of
 * the same one): each change to puppeteer's makes Chromium attach to the running worker, which
 * puppeteer lets go a moment later. The session the bench opened on the first worker
 * (`serviceWorker()` in bench/session.ts) is let go by a first stop through `worker.close()`.
 *
 * Also returns, per start, when the worker's `main` began after the page sent its ping
 * (`startedAt` in the reply, epoch ms): the part of the start before the bundle's code ran.
 */
export async function workerColdStarts(
  session: BenchSession,
  runs = 10,
): Promise<Record<'worker-cold-start' | 'worker-cold-start-attached', MetricResult>> {
  const page = session.control!;
  const clients = autoAttachClients(session.browser, page);
  const url = `chrome-extension://${session.extensionId!}/background.js`;
  // Sessions attached while an unattached start runs (puppeteer's connection reports every
  // attach, from any parent): a DevTools client on the worker.
  let attachments = 0;
  const countAttach = (): void => {
    attachments++;
  };
  // The first start (install: registrations, policy, roll-ups) must be over before the worker
  // is stopped: a close sent while it is still starting up can be lost (the stop then times out).
  await call(page, 'ping', {});
  await withTimeout(killServiceWorker(session.browser), 15_000, 'stopping the first worker');
  await call(page, 'ping', {});
  let workersAttach = true;
  const once = async (attached: boolean): Promise<{ ms: number; mainAfter: number }> => {
    if (workersAttach !== attached) {
      await autoAttachWorkers(clients, attached);
      workersAttach = attached;
    }
    let start: Awaited<ReturnType<typeof timedMessage>>;
    if (attached) {
      // The attach that puppeteer's settings just made is let go first, as before every stop.
      await unattachedWorker(clients.root, url);
      await withTimeout(
        killServiceWorker(session.browser),
        15_000,
        'stopping the worker (attached)',
      );
      start = await timedMessage(page, 'ping', {});
    } else {
      const worker = await unattachedWorker(clients.root, url);
      attachments = 0;
      clients.root.on('sessionattached', countAttach);
      try {
        await withTimeout(
          stopWorkerUnattached(clients.root, worker),
          15_000,
          'stopping the worker (unattached)',
        );
        start = await timedMessage(page, 'ping', {});
      } finally {
        clients.root.off('sessionattached', countAttach);
      }
      if (attachments > 0) throw new Error(`${attachments} DevTools session(s) attached`);
    }
    const { ms, reply, sentAt } = start;
    const data = reply.data as { uptimeMs: number; startedAt: number } | undefined;
    if (!reply.ok || data === undefined) throw new Error(`ping failed: ${JSON.stringify(reply)}`);
    if (data.uptimeMs > 5_000) throw new Error('the worker was not restarted');
    return { ms, mainAfter: data.startedAt - sentAt };
  };
  const samples = { attached: [] as number[], unattached: [] as number[] };
  const mainAfter = { attached: [] as number[], unattached: [] as number[] };
  try {
    for (let i = 0; i < runs + 2; i++) {
      // Which method goes first alternates, so neither always follows the other.
      for (const attached of i % 2 === 0 ? [true, false] : [false, true]) {
        const start = await once(attached);
        if (i < 2) continue;
        const key = attached ? 'attached' : 'unattached';
        samples[key].push(start.ms);
        mainAfter[key].push(start.mainAfter);
      }
    }
  } finally {
    // Puppeteer's settings again: the rows after this one find the worker.
    if (!workersAttach) await autoAttachWorkers(clients, true);
  }
  const mainNote = (key: 'attached' | 'unattached'): string =>
    `; main began ${median(mainAfter[key])} ms (median) after the page sent the ping`;
  return {
    'worker-cold-start': summarize(
      samples.unattached,
      'ms',
      'worker stopped without a DevTools client attached (no session holds it; Target.closeTarget from the browser; no auto-attach of service workers), then ping from options.html until the reply' +
        mainNote('unattached'),
    ),
    'worker-cold-start-attached': summarize(
      samples.attached,
      'ms',
      "worker.close() (puppeteer attaches, Target.closeTarget); the new worker auto-attached paused until puppeteer's Runtime.runIfWaitingForDebugger; then ping from options.html until the reply" +
        mainNote('attached'),
    ),
  };
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
