/**
 * `npm run bench -- --trace`: where the main-thread time the extension adds to a CRM page goes, in
 * thread time. The host scenario (bench/host.ts: record page load, one SPA navigation, 0.8 s idle
 * after each) runs in a browser with the extension and one without, alternating, one warm-up and
 * then `rounds` rounds each, under CDP Tracing. Every complete event on the page's renderer main
 * thread is charged its self thread time (`tdur`: CPU the thread used, which other processes
 * sway far less than wall time) to a part; the table gives each part's median with and without
 * and the difference (docs/performance.md, "Fourth profile"). It also reports the process the
 * panel's frame runs in (another one than the page's, if the frame is out of process) and the CPU
 * of the other processes, which share the machine's cores with the page.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { CDPSession } from 'puppeteer-core';

import { DEMO_DATA } from '../demo/data';
import { hostScenario } from './host';
import type { BenchSession } from './session';
import { median } from './stats';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string; labels?: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'v8.execute',
  'ipc',
  'mojom',
  'extensions',
];

/** Style, layout, paint and compositing work of the page's frame. */
const RENDERING = new Set([
  'UpdateLayoutTree',
  'Layout',
  'Paint',
  'PrePaint',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'HitTest',
  'IntersectionObserverController::computeIntersections',
]);

/** The parts, in the order of the table. */
const PARTS = {
  all: 'all of the main thread',
  extension: 'extension scripts: crm.js evaluation, its listeners and timers (script URL)',
  microtasks: "microtasks: our async continuations (the first check and mount) and the page's own",
  rendering: 'style, layout, paint, compositing (forced by our scripts included)',
  ipc: 'IPC: mojo messages (extension messaging, storage replies), outside a script',
  gc: 'garbage collection',
  rest: 'the rest (task overhead, the page’s own scripts and parsing)',
} as const;
type Part = keyof typeof PARTS;

async function traced(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (chunk: { value: TraceEvent[] }) => events.push(...chunk.value));
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES },
    transferMode: 'ReportEvents',
  });
  await run();
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

interface Frames {
  page: number | undefined;
  panel: number | undefined;
}

/** The page's and the panel frame's renderer processes, from the browser's frame events. */
function processes(events: TraceEvent[]): Frames {
  const frames: { processId?: number; url?: string; parent?: string }[] = [];
  for (const event of events) {
    const data = event.args?.data;
    if (event.name === 'TracingStartedInBrowser') frames.push(...((data?.['frames'] ?? []) as []));
    if (event.name === 'FrameCommittedInBrowser' && data) frames.push(data);
  }
  const page = frames.find((f) => f.url?.includes('dynamics.com') === true && !f.parent);
  const panel = frames.find((f) => f.url?.includes('panel-frame.html') === true);
  return { page: page?.processId, panel: panel?.processId };
}

/** Self thread time (ms) of the page's main thread by part, and other processes' CPU by label. */
function charge(events: TraceEvent[], frames: Frames): Map<string, number> {
  const parts = new Map<string, number>();
  const add = (key: string, ms: number) => parts.set(key, (parts.get(key) ?? 0) + ms);
  const main = events.find(
    (e) => e.pid === frames.page && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )?.tid;
  const mine = events
    .filter((e) => e.pid === frames.page && e.tid === main && e.ph === 'X' && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  interface Open {
    end: number;
    tdur: number;
    children: number;
    part: Part | null;
  }
  const stack: Open[] = [];
  const close = (open: Open) => {
    const self = (open.tdur - open.children) / 1000;
    add(open.part ?? 'rest', self);
    add('all', self);
  };
  for (const event of mine) {
    while (stack.length > 0 && stack.at(-1)!.end <= event.ts) close(stack.pop()!);
    const parent = stack.at(-1);
    if (parent) parent.children += event.tdur!;
    const url = event.args?.data?.['url'];
    let part = parent?.part ?? null;
    if (typeof url === 'string' && url.startsWith('chrome-extension://')) part = 'extension';
    else if (part === null) {
      if (RENDERING.has(event.name)) part = 'rendering';
      else if (event.name === 'RunMicrotasks') part = 'microtasks';
      else if (event.name.includes('mojo')) part = 'ipc';
      else if (/GC|Scavenge|Sweep|Mark/.test(event.name)) part = 'gc';
    } else if (part === 'extension' && RENDERING.has(event.name)) part = 'rendering';
    stack.push({ end: event.ts + (event.dur ?? 0), tdur: event.tdur!, children: 0, part });
  }
  while (stack.length > 0) close(stack.pop()!);

  // Other processes: the CPU of each thread's outermost events.
  const label = new Map<number, string>();
  for (const e of events) {
    if (e.name === 'process_labels' || e.name === 'process_name') {
      label.set(e.pid, e.args?.labels ?? e.args?.name ?? String(e.pid));
    }
  }
  const ends = new Map<string, number>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph !== 'X' || e.tdur === undefined || e.pid === frames.page) continue;
    const thread = `${String(e.pid)}:${String(e.tid)}`;
    if (e.ts < (ends.get(thread) ?? -1)) continue;
    ends.set(thread, e.ts + (e.dur ?? 0));
    const name = e.pid === frames.panel ? 'the panel frame’s process' : (label.get(e.pid) ?? '?');
    add(`process: ${name}`, e.tdur / 1000);
  }
  return parts;
}

async function oneRound(
  session: BenchSession,
  index: number,
  withExtension: boolean,
): Promise<{ parts: Map<string, number>; frames: Frames; targets: string[] }> {
  const leads = DEMO_DATA.leads;
  const [a, b] = [leads[index % leads.length]!, leads[(index + 1) % leads.length]!];
  const page = await session.browser.newPage();
  try {
    await page.evaluateOnNewDocument(`window.__bench = { rendered: 0 };
      document.addEventListener('upnext-demo:rendered', () => { window.__bench.rendered++; });`);
    const cdp = await page.createCDPSession();
    const events = await traced(cdp, () =>
      hostScenario(page, a.guid, b.guid, withExtension ? 'upnext' : 'none'),
    );
    // How CDP sees the panel's frame: an `iframe` target is a frame out of the page's process.
    const { targetInfos } = await cdp.send('Target.getTargets');
    const targets = targetInfos
      .filter((target) => target.url.includes('panel-frame.html'))
      .map((target) => target.type);
    await cdp.detach();
    const frames = processes(events);
    return { parts: charge(events, frames), frames, targets };
  } finally {
    await page.close();
  }
}

export async function traceHost(
  withExt: BenchSession,
  without: BenchSession,
  rounds = 5,
): Promise<string> {
  const a: Map<string, number>[] = [];
  const b: Map<string, number>[] = [];
  await oneRound(withExt, 0, true);
  await oneRound(without, 0, false);
  let where = '';
  for (let i = 0; i < rounds; i++) {
    const round = await oneRound(withExt, i, true);
    a.push(round.parts);
    b.push((await oneRound(without, i, false)).parts);
    if (i === 0) {
      where = `the panel frame: CDP target type ${round.targets.join(', ') || 'none'}, process ${String(round.frames.panel)} (the page's: ${String(round.frames.page)})`;
    }
  }
  const of = (runs: Map<string, number>[], key: string) => median(runs.map((r) => r.get(key) ?? 0));
  const line = (key: string, what: string) => {
    const [w, wo] = [of(a, key), of(b, key)];
    return `${w.toFixed(1).padStart(7)} ${wo.toFixed(1).padStart(7)} ${(w - wo).toFixed(1).padStart(7)}  ${what}`;
  };
  const others = [...new Set([...a, ...b].flatMap((r) => [...r.keys()]))]
    .filter((key) => key.startsWith('process: '))
    .sort();
  const text = [
    `Thread time (CPU) of the CRM page's main thread, record load + 1 SPA navigation, medians of ${String(rounds)} rounds (ms)`,
    where,
    '',
    '   with without   added  part',
    ...(Object.keys(PARTS) as Part[]).map((part) => line(part, PARTS[part])),
    '',
    'Other processes (CPU of all their threads, ms), sharing the cores with the page:',
    ...others.map((key) => line(key, key.slice('process: '.length))),
  ].join('\n');
  writeFileSync(resolve(import.meta.dirname, 'trace-host.txt'), `${text}\n`);
  return text;
}
