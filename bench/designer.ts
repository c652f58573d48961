/**
 * The sequence designer (issue #16, item 10) with a 200-step sequence holding 20 conditions
 * (nested 8 deep, the format's limits): how long the designer takes to open, how long one edit
 * takes to show, and how much memory the console tab uses with it open.
 *
 * The sequence is generated here, checked with the pack validator, and imported through the
 * background's own `importPack`, as a manager's file would be.
 */
import { readFileSync } from 'node:fs';

import type { Page } from 'puppeteer-core';

import { exportPackText } from '../lib/sequence/export';
import { parsePack } from '../lib/sequence/parse';
import { countSteps, walkSteps } from '../lib/sequence/steps';
import type { Sequence, Step } from '../lib/sequence/types';
import { call, sleep, type BenchSession } from './session';
import { repeat, summarize, type MetricResult } from './stats';

const BIG_ID = 'bench-designer-200';

/**
 * 200 steps (counted through every branch) and 20 conditions: a main path of eight levels, each
 * ending in a condition whose Yes path goes one level deeper and whose No path holds one or two
 * more conditions. Every condition looks at an email before it on its path.
 */
function bigSequence(): Sequence {
  let n = 0;
  const next = (prefix: string) => `${prefix}-${String(++n)}`;
  const cycle = ['email', 'wait', 'call', 'task', 'text', 'linkedin'] as const;
  /** `count` steps that neither start nor end with a wait; and the last email among them. */
  function run(count: number, email: string): { steps: Step[]; email: string } {
    const steps: Step[] = [];
    let lastEmail = email;
    for (let index = 0; index < count; index++) {
      let type: (typeof cycle)[number] = cycle[(n + index) % cycle.length] ?? 'task';
      if (type === 'wait' && (index === 0 || index === count - 1)) type = 'task';
      const id = next(type);
      if (type === 'email') {
        steps.push({
          id,
          type,
          name: `Email ${String(n)}`,
          template: {
            subject: `Step ${String(n)} for {{firstName}}`,
            body: 'Hello {{firstName}},\n\nA note about {{company}}.\n\n{{seller.name}}',
          },
        });
        lastEmail = id;
      } else if (type === 'wait') steps.push({ id, type, days: 1 + (n % 3) });
      else if (type === 'linkedin') steps.push({ id, type, action: 'connect' });
      else if (type === 'text') {
        steps.push({ id, type, template: { body: 'Hi {{firstName}}, it is {{seller.name}}.' } });
      } else {
        steps.push({ id, type, name: `Step ${String(n)}`, description: 'A short instruction.' });
      }
    }
    return { steps, email: lastEmail };
  }
  const condition = (email: string, yes: Step[], no: Step[]): Step => ({
    id: next('condition'),
    type: 'condition',
    if: { email: 'opened', step: email },
    within: { days: 2 },
    yes,
    no,
  });
  function level(depth: number, email: string): Step[] {
    const head = run(8, email);
    if (depth === 7) return [...head.steps, ...run(15, head.email).steps];
    const side = run(6, head.email);
    const inner = run(3, side.email);
    const yes =
      depth < 6
        ? [
            ...inner.steps,
            condition(inner.email, run(2, inner.email).steps, run(2, inner.email).steps),
          ]
        : inner.steps;
    return [
      ...head.steps,
      condition(head.email, level(depth + 1, head.email), [
        ...side.steps,
        condition(side.email, yes, run(2, side.email).steps),
      ]),
    ];
  }
  return {
    id: BIG_ID,
    name: 'Bench: 200 steps, 20 conditions',
    entity: 'lead',
    exitOnReply: true,
    steps: level(0, ''),
  };
}

export async function seedDesigner(session: BenchSession): Promise<Sequence> {
  const sequence = bigSequence();
  const conditions = [...walkSteps(sequence.steps)].filter(({ step }) => step.type === 'condition');
  const text = exportPackText([sequence]);
  const parsed = parsePack(text);
  if (countSteps(sequence) !== 200 || conditions.length !== 20 || !parsed.ok) {
    throw new Error('the generated sequence is not 200 valid steps with 20 conditions');
  }
  await call(session.control!, 'importPack', { text });
  return sequence;
}

const url = (session: BenchSession) =>
  `chrome-extension://${session.extensionId!}/options.html#sequence/${BIG_ID}/design`;

/**
 * Records the moment every step of the sequence is in the tree (the last one is drawn last),
 * and the moment its problems are checked and shown.
 */
const OPEN_PROBE = (lastId: string) => `
  window.__benchDesignerOpen = null;
  window.__benchDesignerChecked = null;
  const observer = new MutationObserver(() => {
    const tree = document.querySelector('[role="tree"]');
    if (window.__benchDesignerOpen === null && tree?.querySelector('[data-key="${lastId}"]')) {
      window.__benchDesignerOpen = performance.now();
    }
    if (window.__benchDesignerOpen !== null && tree?.getAttribute('data-checked') === 'true') {
      window.__benchDesignerChecked = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-checked'] });
`;

export async function designerOpen(
  session: BenchSession,
  sequence: Sequence,
  runs = 7,
): Promise<[MetricResult, MetricResult]> {
  const ids = [...walkSteps(sequence.steps)].map(({ step }) => step.id);
  const last = ids.at(-1) ?? '';
  const page = await session.browser.newPage();
  try {
    await page.evaluateOnNewDocument(OPEN_PROBE(last));
    const checkedSamples: number[] = [];
    const samples = await repeat(runs, 2, async (index) => {
      // A real load each time (the same address with a hash would not reload the page).
      await page.goto('about:blank');
      await page.goto(url(session), { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(
        () =>
          (window as unknown as { __benchDesignerChecked: number | null })
            .__benchDesignerChecked !== null,
        { timeout: 30_000, polling: 50 },
      );
      if (index >= 0) {
        checkedSamples.push(
          await page.evaluate(
            () => (window as unknown as { __benchDesignerChecked: number }).__benchDesignerChecked,
          ),
        );
      }
      const count = await page.$$eval('[role="treeitem"]', (items) => items.length);
      // Every step, "Sequence starts here", and a Yes and a No item per condition.
      if (count !== 200 + 1 + 40) throw new Error(`the tree shows ${count} items, not 241`);
      return page.evaluate(
        () => (window as unknown as { __benchDesignerOpen: number }).__benchDesignerOpen,
      );
    });
    return [
      summarize(
        samples,
        'ms',
        'navigation start of options.html#sequence/<id>/design → every one of the 200 steps (20 conditions, 241 tree items) in the DOM; includes loading the page and the draft from the background',
      ),
      summarize(
        checkedSamples,
        'ms',
        'the same load → the problems checked by the validator (loaded after the tree is drawn) and shown',
      ),
    ];
  } finally {
    await page.close();
  }
}

/**
 * In the page: type one character into the pane's Name field. Resolves with two times in ms:
 * until the tree card shows it (layout done: what the frame has to do), and until the live
 * check that follows, in a task of its own, has run and shown its result.
 */
const TIMED_KEYSTROKE = `(stepId, character) => new Promise((resolve, reject) => {
  const input = [...document.querySelectorAll('.d-pane label')].find((label) => label.textContent.trim() === 'Name');
  const field = input && document.getElementById(input.htmlFor);
  const card = document.querySelector('[data-key="' + stepId + '"] .d-step__name');
  const tree = document.querySelector('[role="tree"]');
  if (!field || !card || !tree) { reject(new Error('no Name field or card')); return; }
  const wanted = field.value + character;
  let shown = null;
  const t0 = performance.now();
  const done = () => {
    if (shown === null && card.textContent === wanted) {
      void document.body.offsetHeight;
      shown = performance.now() - t0;
    }
    if (shown === null || tree.getAttribute('data-checked') !== 'true') return;
    observer.disconnect();
    void document.body.offsetHeight;
    resolve([shown, performance.now() - t0]);
  };
  const observer = new MutationObserver(done);
  observer.observe(card, { subtree: true, childList: true, characterData: true });
  observer.observe(tree, { attributes: true, attributeFilter: ['data-checked'] });
  setTimeout(() => { observer.disconnect(); reject(new Error('timeout')); }, 5000);
  field.value = wanted;
  field.dispatchEvent(new Event('input', { bubbles: true }));
})`;

async function openAndSelect(session: BenchSession, stepId: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(url(session), { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(`[data-key="${stepId}"] .d-step`, { timeout: 30_000 });
  // A click on the card itself, not at its coordinates: cards off screen are not laid out yet
  // (content-visibility), so scrolling to one moves it while the page lays out its neighbours.
  await page.$eval(`[data-key="${stepId}"] .d-step`, (card) => {
    card.scrollIntoView({ block: 'center' });
    (card as HTMLElement).click();
  });
  await page.waitForSelector('.d-pane');
  await sleep(300);
  return page;
}

export async function designerEdit(
  session: BenchSession,
  sequence: Sequence,
  runs = 15,
): Promise<[MetricResult, MetricResult]> {
  // A step in the middle of the tree, four conditions deep.
  const target = [...walkSteps(sequence.steps)].find(
    ({ step, depth }) => depth === 4 && step.type === 'task',
  )?.step.id;
  if (target === undefined) throw new Error('no task four conditions deep');
  const page = await openAndSelect(session, target);
  try {
    const checked: number[] = [];
    const samples = await repeat(runs, 3, async (index) => {
      const character = String.fromCharCode(97 + ((index + 30) % 26));
      const [shown, done] = (await page.evaluate(
        `(${TIMED_KEYSTROKE})(${JSON.stringify(target)}, ${JSON.stringify(character)})`,
      )) as [number, number];
      if (index >= 0) checked.push(done);
      // Let the save reach the background before the next keystroke, as between real keystrokes.
      await sleep(120);
      return shown;
    });
    return [
      summarize(
        samples,
        'ms',
        'one keystroke in the Name field of a step four conditions deep (200 steps, 20 conditions) → the tree card shows it, style and layout done; the save is queued in the same task',
      ),
      summarize(
        checked,
        'ms',
        'the same keystroke → the live check of all 200 steps (a task of its own, right after) has run and its result is shown',
      ),
    ];
  } finally {
    await page.close();
  }
}

/** Private memory of a process, from /proc (Linux): what it alone uses, shared pages excluded. */
function privateBytes(pid: number): number {
  const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
  return (kb('Private_Clean') + kb('Private_Dirty')) * 1024;
}

async function rendererPrivate(session: BenchSession): Promise<Map<number, number>> {
  const cdp = await session.browser.target().createCDPSession();
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const sizes = new Map<number, number>();
    for (const process of info.processInfo) {
      if (process.type !== 'renderer') continue;
      try {
        sizes.set(process.id, privateBytes(process.id));
      } catch {
        // The process ended meanwhile.
      }
    }
    return sizes;
  } finally {
    await cdp.detach();
  }
}

export async function designerMemory(
  session: BenchSession,
  sequence: Sequence,
): Promise<[MetricResult, MetricResult]> {
  const target = [...walkSteps(sequence.steps)].find(({ depth }) => depth === 4)?.step.id ?? '';
  // The extension's process before the tab opens: the service worker and the control page.
  await sleep(500);
  const before = await rendererPrivate(session);
  const page = await openAndSelect(session, target);
  try {
    // A few edits, as a manager would make, then let everything settle.
    for (const character of 'abc') {
      await page.evaluate(
        `(${TIMED_KEYSTROKE})(${JSON.stringify(target)}, ${JSON.stringify(character)})`,
      );
      await sleep(150);
    }
    await sleep(1000);
    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const nodes = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
    await sleep(300);
    const after = await rendererPrivate(session);
    // The console tab shares the extension's renderer process: what it adds is its cost.
    let grown = { added: 0, total: 0 };
    for (const [pid, total] of after) {
      const added = total - (before.get(pid) ?? 0);
      if (added > grown.added) grown = { added, total };
    }
    return [
      summarize(
        [heap.usedSize],
        'bytes',
        `JS heap of the console tab after GC, with the 200-step sequence open in the designer and edited (${String(nodes.nodes)} DOM nodes)`,
      ),
      summarize(
        [grown.added],
        'bytes',
        `private memory (Private_Clean + Private_Dirty, /proc smaps_rollup) that opening the console tab on the designer with the 200-step sequence added to the extension's renderer process; the whole process, with the service worker and the benchmark's control page, is ${(grown.total / 1048576).toFixed(1)} MB`,
      ),
    ];
  } finally {
    await page.close();
  }
}
