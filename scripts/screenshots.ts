/**
 * Screenshots for the docs, light and dark, from the real built extension on the demo CRM:
 * `npx tsx scripts/screenshots.ts` (builds first unless `--no-build`; `--segments-only` makes
 * only docs/segments.md's images). Writes
 * docs/screenshots/*.png; every image a doc shows is made here (tests/unit/docs-links.test.ts).
 *
 * Deterministic: on an unchanged tree a second run rewrites every PNG byte for byte. In every
 * context (service worker and pages) the clock stands at CLOCK_START and ids and random numbers
 * come from counters (FIXED_SCRIPT); the zone, language, data and demo latency are fixed; motion
 * is reduced and the text caret hidden. Nothing in the extension waits for the clock to move
 * (timers are real); a feature that does must keep this script working. Fonts come from the
 * system: the committed PNGs use DejaVu Sans (Debian's default, installed with Chromium), and
 * the script says so when this machine's default font is another.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Browser, ElementHandle, Frame, Page } from 'puppeteer-core';

import type { RecordRef } from '../lib/engine/types';
import type { RecordAction } from '../lib/messaging/protocol';
import type { LinkedinAction, Sequence, Step } from '../lib/sequence/types';

import { DEMO_DATA, XSS_LEAD_GUID } from '../demo/data';
import { startDemoServer, type DemoServer } from '../demo/server';
import { demoOrigin, launchDemoBrowser } from '../tests/e2e/support/demo-browser';
import { EXTENSION_PATH, call, serviceWorker } from '../tests/e2e/support/extension';
import {
  choose,
  panelControl,
  frameInternals,
  press,
  waitForCurrentStep,
  waitForPanelFrame,
  waitForPanel,
  waitForPanelText,
} from '../tests/e2e/support/panel';
import { waitFor } from '../tests/e2e/support/wait';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const VIEWPORT = { width: 1440, height: 900 };
/** Monday 2 March 2026, 09:00 in Berlin: the moment every screenshot shows. */
const CLOCK_START = Date.parse('2026-03-02T09:00:00+01:00');
const TIME_ZONE = 'Europe/Berlin';
const FONT = 'DejaVu Sans';
/** How much of the page to the left of the panel each crop keeps, for context. */
const CONTEXT_PX = 48;

type Theme = 'light' | 'dark';

/** The two built-in templates the run activates, and the names the panel shows for them. */
const TEMPLATES = ['outbound-prospecting', 'webinar-follow-up'];
const OUTBOUND = 'High-volume outbound prospecting';
const WEBINAR = 'Webinar follow-up';

/**
 * Script that fixes time and chance in the context it runs in (pages, the service worker): the
 * clock reads CLOCK_START and stands still, `crypto.randomUUID` counts up and `Math.random` is
 * a seeded generator, so same-instant events and ties sort the same way on every run. Plain
 * JavaScript source: tsx adds helpers to compiled functions that do not exist in the browser.
 */
const FIXED_SCRIPT = `(() => {
  if (globalThis.__upnextFixed) return;
  Object.defineProperty(globalThis, '__upnextFixed', { value: true });
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(${CLOCK_START});
      else super(...args);
    }
    static now() {
      return ${CLOCK_START};
    }
  }
  globalThis.Date = FixedDate;
  let ids = 0;
  crypto.randomUUID = () => '00000000-0000-4000-8000-' + String(++ids).padStart(12, '0');
  let seed = 20260302;
  Math.random = () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
})()`;

/**
 * A new tab with the fixed clock, before anything loads in it: in the page itself, and in the
 * extension's content-script world (the panel). Content scripts run in their own world, which
 * the page's scripts cannot reach, so a conditional breakpoint on the first line of each of
 * them runs FIXED_SCRIPT there as its condition (and never pauses: the condition is false).
 */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(`${FIXED_SCRIPT};`);
  const session = await page.createCDPSession();
  await session.send('Debugger.enable');
  await session.send('Debugger.setBreakpointByUrl', {
    urlRegex: '^chrome-extension://[a-p]{32}/content-scripts/',
    lineNumber: 0,
    condition: `(${FIXED_SCRIPT}, false)`,
  });
  await page.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: 'light' },
    { name: 'prefers-reduced-motion', value: 'reduce' },
  ]);
  await page.setViewport(VIEWPORT);
  return page;
}

/** Hides the blinking text caret (it would make shots differ), in the page and the panel. */
async function hideCaret(page: Page): Promise<void> {
  const hide = () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('*, *::before, *::after { caret-color: transparent !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  };
  await page.evaluate(hide);
  const panel = page.frames().find((frame) => frame.url().includes('/panel-frame.html'));
  await panel?.evaluate(hide);
}

/**
 * Switches the colour scheme and waits until the page has drawn in it (fonts loaded, media
 * query matching, two frames for its change listeners, such as the weekly chart's, to draw).
 */
async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: theme },
    { name: 'prefers-reduced-motion', value: 'reduce' },
  ]);
  await page.waitForFunction(
    (dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
    { timeout: 5_000, polling: 50 },
    theme === 'dark',
  );
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await painted(page);
}

function checkFont(): void {
  try {
    const used = execFileSync('fc-match', ['--format=%{family}', 'sans-serif'], {
      encoding: 'utf8',
    });
    if (!used.split(',').includes(FONT)) {
      console.warn(
        `note: this machine's sans-serif font is ${used}, the committed screenshots use ${FONT}; every PNG will differ`,
      );
    }
  } catch {
    console.warn(`note: fc-match not found; the committed screenshots use ${FONT}`);
  }
}

/** The panel's page, in its frame, once the panel shows (the script reads it with code there). */
async function reveal(page: Page): Promise<Frame> {
  await waitForPanel(page);
  return waitForPanelFrame(page);
}

/**
 * The panel's button whose accessible name starts with `prefix`, once it is there: for a name
 * that carries a number ("Show Up next (2 due)"); other buttons: `panelControl`.
 */
async function buttonStartingWith(page: Page, prefix: string): Promise<ElementHandle> {
  return waitFor(
    `a button named “${prefix}…” in the panel`,
    async () => {
      const frame = await waitForPanelFrame(page);
      for (const handle of await frame.$$('aria/[role="button"]')) {
        const node = await frameInternals(frame).accessibility.snapshot({
          root: handle,
          interestingOnly: false,
        });
        if ((node?.name ?? '').startsWith(prefix)) return handle;
      }
      return null;
    },
    { timeout: 10_000, interval: 50 },
  );
}

/**
 * Resolves once the page has drawn two more frames: what changed before (a colour scheme, a
 * chart redrawn on its change event, a layout) is on screen. The page must be in front.
 */
async function painted(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        requestAnimationFrame(() => {
          requestAnimationFrame(() => {
            done();
          });
        });
      }),
  );
}

/**
 * Waits until the panel's sequence cards accept clicks again: no action in flight, and no step
 * that just changed (its buttons ignore clicks a moment and show faded, aria-disabled). Every
 * card's Disconnect button is locked exactly then.
 */
async function panelSettled(page: Page): Promise<void> {
  const frame = await waitForPanelFrame(page);
  await frame.waitForFunction(
    () => {
      if (document.querySelector('[aria-busy="true"]') !== null) return false;
      return [...document.querySelectorAll('.card__foot > .button')].every(
        (button) => button.getAttribute('aria-disabled') !== 'true',
      );
    },
    { timeout: 10_000, polling: 50 },
  );
}

async function openAll(page: Page): Promise<void> {
  const frame = await reveal(page);
  await frame.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
}

async function shoot(page: Page, name: string, themes: Theme[] = ['light', 'dark']): Promise<void> {
  await page.bringToFront();
  const frame = await reveal(page);
  await panelSettled(page);
  // The pointer stays where the last click was: off the panel, so no control shows hovered.
  await page.mouse.move(0, VIEWPORT.height - 1);
  await hideCaret(page);
  for (const theme of themes) {
    await setTheme(page, theme);
    // The panel's frame runs in its own process and paints on its own: the shot waits until it
    // follows the theme and has drawn two more frames (else it may capture an empty frame).
    await frame.waitForFunction(
      (dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
      { timeout: 5_000, polling: 50 },
      theme === 'dark',
    );
    await frame.evaluate(
      () =>
        new Promise<void>((done) => {
          requestAnimationFrame(() => {
            requestAnimationFrame(() => {
              done();
            });
          });
        }),
    );
    await painted(page);
    // The panel's place on the page is its frame's (the panel fills it, or is its tab).
    const box = await (await frame.frameElement())?.boundingBox();
    if (!box) throw new Error(`No panel on screen for ${name}.`);
    const x = Math.max(0, Math.floor(box.x - CONTEXT_PX));
    const path: `${string}.png` = `${OUT}/${name}-${theme}.png`;
    const clip = { x, y: 0, width: VIEWPORT.width - x, height: VIEWPORT.height };
    // A first capture may come before the page's compositor shows the frame's latest drawing
    // (an empty white box where the panel is): one is taken and dropped, then the frame draws
    // once more before the one kept.
    await page.screenshot({ clip });
    await frame.evaluate(
      () =>
        new Promise<void>((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => done())),
        ),
    );
    await page.screenshot({ path, clip });
    console.log(`wrote ${path}`);
  }
  await setTheme(page, 'light');
}

/** A whole extension page (console, work list, popup), light and dark. */
async function shootPage(
  page: Page,
  name: string,
  themes: Theme[] = ['light', 'dark'],
): Promise<void> {
  await page.bringToFront();
  await hideCaret(page);
  for (const theme of themes) {
    await setTheme(page, theme);
    const path: `${string}.png` = `${OUT}/${name}-${theme}.png`;
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
  }
  await setTheme(page, 'light');
}

/** A pack with three mistakes a manager makes, for the import-errors screenshot. */
const INVALID_PACK = `{
  "format": "upnext/v1",
  "sequences": [
    {
      "id": "spring-webinar",
      "name": "Spring webinar follow-up",
      "entity": "lead",
      "exitOnReplly": true,
      "steps": [
        { "id": "thanks", "type": "email", "name": "Thanks for joining" },
        { "id": "pause", "type": "wait", "days": 45 },
        { "id": "call", "type": "cal", "name": "Follow-up call" }
      ]
    }
  ]
}
`;

/** A lemlist campaign export with a condition, for the conversion screenshot (docs/migrate.md). */
const CONVERTED_EXPORT = resolve(
  import.meta.dirname,
  '../tests/fixtures/convert/lemlist-sequences.json',
);

/** Two sequences, one moving records to the other; deleting the target blocks activation. */
const ACTIVATION_PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'trade-show',
      name: 'Trade show follow-up',
      entity: 'lead',
      steps: [
        { id: 'thanks', type: 'email', name: 'Nice to meet you' },
        { id: 'pause', type: 'wait', days: 3 },
        { id: 'to-nurture', type: 'move-to-sequence', sequence: 'trade-show-nurture' },
      ],
    },
    {
      id: 'trade-show-nurture',
      name: 'Trade show nurture',
      entity: 'lead',
      steps: [{ id: 'news', type: 'email', name: 'Product news' }],
    },
  ],
};

/** A sequence with an A/B test of two intro emails, for the results screenshot. */
const AB_TEST_PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'intro-test',
      name: 'Intro A/B test',
      entity: 'lead',
      steps: [
        {
          id: 'intro',
          type: 'ab-test',
          name: 'Intro email',
          a: {
            type: 'email',
            name: 'Short intro',
            template: { subject: 'Quick question', body: 'Hi {{firstName}}' },
          },
          b: {
            type: 'email',
            name: 'Case study',
            template: { subject: 'How Acme cut churn', body: 'Hi {{firstName}}' },
          },
          metric: 'replied',
          ends: { when: 'significant' },
          default: 'a',
        },
        { id: 'follow-up', type: 'task', name: 'Follow up' },
      ],
    },
  ],
};

async function openConsole(page: Page, id: string, hash: string, ready: string): Promise<void> {
  await page.goto(`chrome-extension://${id}/options.html#${hash}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector(ready, { visible: true, timeout: 10_000 });
  await loaded(page);
}

/**
 * Waits until nothing on the page is still loading: no status line says "Loading…" (a lazy
 * console section, a section's data, a step's records).
 */
async function loaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[role="status"]')].some((status) =>
        status.textContent.includes('Loading'),
      ),
    { timeout: 10_000, polling: 50 },
  );
}

async function clickButton(page: Page, label: string): Promise<void> {
  const button = await page.waitForSelector(`::-p-aria([name="${label}"][role="button"])`, {
    visible: true,
    timeout: 10_000,
  });
  await button?.click();
}

async function shootExtensionPages(
  browser: Browser,
  id: string,
  sequenceId: string,
): Promise<void> {
  const page = await newPage(browser);
  const sections: [string, string, string][] = [
    ['console-sequences', 'sequences', 'table'],
    ['console-sequence-details', `sequence/${sequenceId}`, '.tree'],
    ['console-sequence-records', `sequence/${sequenceId}/records`, 'table'],
    ['console-records', 'records', 'table'],
    ['console-settings', 'settings', 'form'],
  ];
  for (const [name, hash, ready] of sections) {
    await openConsole(page, id, hash, ready);
    await shootPage(page, name);
  }

  // One sequence's insights: a branched 15-step sequence worked on by demo leads, in two versions.
  // Insights (issue #18), once demo leads worked through a sequence in two versions: the stats
  // table (a row per version under that sequence), and its flow, step tables and weekly chart.
  await seedInsights(browser, page);
  await openConsole(page, id, 'insights', '.insights-table');
  await shootPage(page, 'insights-table');
  await openConsole(page, id, `insights/${INSIGHTS_SEQUENCE}`, '.flow-chart');
  await page.waitForSelector('.weekly-chart canvas', { visible: true });
  await shootPage(page, 'insights-sequence');
  // From the table's heading and the sentence under it down.
  await page.evaluate(() => {
    const table = document.querySelector('.step-insights-all');
    const heading = document.getElementById(table?.getAttribute('aria-labelledby') ?? '');
    heading?.scrollIntoView();
  });
  await shootPage(page, 'insights-all-versions');

  // Import errors: every problem with its line, column and what to fix.
  const dir = mkdtempSync(join(tmpdir(), 'upnext-shots-'));
  try {
    const file = join(dir, 'spring-webinar.json');
    writeFileSync(file, INVALID_PACK);
    await openConsole(page, id, 'sequences', 'table');
    await clickButton(page, 'Import a pack');
    const input = await page.waitForSelector('input[type="file"]');
    await input?.uploadFile(file);
    await page.waitForSelector('.problems li', { visible: true });
    await page.evaluate(() => document.querySelector('.import')?.scrollIntoView());
    await shootPage(page, 'console-import-errors');

    // Another tool's export (issue #21): what was recognised, the dry run, what did not carry over.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await openConsole(page, id, 'sequences', 'table');
    await clickButton(page, 'Import a pack');
    const exported = await page.waitForSelector('input[type="file"]');
    await exported?.uploadFile(CONVERTED_EXPORT);
    await page.waitForSelector('[data-testid="conversion-warnings"]', { visible: true });
    await page.evaluate(() =>
      document.querySelector('[data-testid="conversion-summary"]')?.scrollIntoView(),
    );
    await shootPage(page, 'console-import-conversion');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Activation problems: the target of a move was deleted after the import.
  await call(page, 'importPack', { text: JSON.stringify(ACTIVATION_PACK) });
  await call(page, 'deleteSequences', { ids: ['trade-show-nurture'] });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await openConsole(page, id, 'sequences', 'table');
  await clickButton(page, 'Activate Trade show follow-up');
  await page.waitForSelector('[data-testid="activation-report"]', { visible: true });
  await page.evaluate(() =>
    document.querySelector('[data-testid="activation-report"]')?.scrollIntoView(),
  );
  await shootPage(page, 'console-activation');

  // An A/B test step's results under the sequence's tree (issue #19).
  await call(page, 'importPack', { text: JSON.stringify(AB_TEST_PACK) });
  await call(page, 'setSequenceState', { ids: ['intro-test'], state: 'active' });
  await openConsole(page, id, 'sequence/intro-test', '.ab-test');
  await page.evaluate(() => document.querySelector('.ab-tests')?.scrollIntoView());
  await shootPage(page, 'console-ab-test', ['light']);

  await page.goto(`chrome-extension://${id}/worklist.html`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[role="row"]', { visible: true, timeout: 10_000 });
  await loaded(page);
  await shootPage(page, 'worklist');

  await page.setViewport({ width: 360, height: 420 });
  await page.goto(`chrome-extension://${id}/popup.html`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.popup__count', { visible: true, timeout: 10_000 });
  await shootPage(page, 'popup');
  await page.close();
}

/** The branched sequence of the insights screenshots: 15 steps, two conditions. */
const INSIGHTS_SEQUENCE = 'qualify-inbound';

function insightsDefinition(version: 1 | 2): Sequence {
  const task = (id: string, name: string): Step => ({ id, type: 'task', name });
  const phone = (id: string, name: string): Step => ({ id, type: 'call', name });
  const linkedin = (id: string, name: string, action: LinkedinAction): Step => ({
    id,
    type: 'linkedin',
    name,
    action,
  });
  const email = (id: string, name: string): Step => ({
    id,
    type: 'email',
    name,
    template: { subject: `${name}, {{firstName}}`, body: 'Hi {{firstName}},\n\n{{seller.name}}' },
  });
  return {
    id: INSIGHTS_SEQUENCE,
    name: 'Qualify inbound leads',
    entity: 'lead',
    tags: ['inbound'],
    exitOnReply: true,
    steps: [
      email('intro', 'Introduce yourself with a short personal email'),
      linkedin('connect', 'Connect on LinkedIn', 'connect'),
      phone('discovery', 'Discovery call with the decision maker'),
      {
        id: 'reached',
        type: 'condition',
        name: 'Call connected?',
        if: { call: ['connected'], step: 'discovery' },
        yes: [
          task('invite', 'Send the meeting invite for a product demo'),
          email('agenda', 'Share the agenda and customer stories'),
          task('prepare', 'Prepare the demo environment'),
          phone('demo', 'Run the demo and agree on next steps'),
          task('handover', 'Hand over to the account executive'),
        ],
        no: [
          email('missed', 'Follow-up: sorry we missed you'),
          ...(version === 1
            ? [linkedin('comment', 'Comment on a recent post', 'research')]
            : [email('case-study', 'Send a case study from their industry')]),
          phone('retry', 'Second attempt at the discovery call'),
          {
            id: 'reached-again',
            type: 'condition',
            name: 'Reached on the second try?',
            if: { call: ['connected'], step: 'retry' },
            yes: [task('book', 'Book the meeting')],
            no: [email('break-up', 'Break-up email')],
          },
        ],
      },
    ],
  };
}

/**
 * What a seller does to each record, one step at a time: complete (`c`), a call's outcome
 * (`yes` connected, `no` no answer), skip (`s`), the customer replied (`r`), disconnect (`x`).
 */
type Move = 'c' | 'yes' | 'no' | 's' | 'r' | 'x';
const VERSION_1_PLANS: Move[][] = [
  ['c', 'c', 'yes', 'c', 'c', 'c', 'yes', 'c'],
  ['c', 'c', 'yes', 'c', 'c'],
  ['c', 'c', 'no', 'c', 'c', 'yes', 'c'],
  ['c', 'c', 'no', 'c', 's', 'no', 'c'],
  ['c', 'c', 'no', 'c', 'r'],
  ['c', 'x'],
  ['s', 'c', 'yes', 'c', 'c', 'c', 'no', 'c'],
  ['c', 'c', 'no', 'c', 'c', 'no'],
];
const VERSION_2_PLANS: Move[][] = [
  ['c', 'c', 'no', 'c', 'c', 'yes', 'c'],
  ['c', 'c', 'yes', 'c'],
  ['c', 's'],
];

/**
 * Demo leads work through the insights sequence: version 1 with most of them, then version 2
 * (a case study instead of the LinkedIn comment) with the rest. Each lead is opened once, so
 * Upnext has seen it, and then worked through the background as the panel would.
 */
async function seedInsights(browser: Browser, admin: Page): Promise<void> {
  const leads = DEMO_DATA.leads.filter((lead) => lead.guid !== XSS_LEAD_GUID).slice(0, 11);
  const origin = demoOrigin('dynamics');
  const tab = await newPage(browser);
  for (const lead of leads) {
    await tab.goto(
      `${origin}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${lead.guid}`,
    );
    await waitForPanelText(tab, lead.lastName);
  }
  await tab.close();

  const work = async (guid: string, plan: Move[]): Promise<void> => {
    const record: RecordRef = { crm: 'dynamics365', entity: 'lead', id: guid };
    let { view } = await call(admin, 'actOnRecord', {
      record,
      action: { type: 'connect', sequenceId: INSIGHTS_SEQUENCE },
    });
    for (const move of plan) {
      const connection = view.active.find((c) => c.sequenceId === INSIGHTS_SEQUENCE);
      if (connection?.current == null) throw new Error(`insights seed: nothing to do for ${guid}`);
      const step = {
        connectionId: connection.connectionId,
        stepId: connection.current.stepId,
        revision: connection.revision,
      };
      const action: RecordAction =
        move === 'c'
          ? { type: 'complete', ...step }
          : move === 'yes' || move === 'no'
            ? { type: 'complete', outcome: move === 'yes' ? 'connected' : 'no-answer', ...step }
            : move === 's'
              ? { type: 'skip', ...step }
              : move === 'r'
                ? { type: 'email-event', connectionId: step.connectionId, event: 'replied' }
                : { type: 'disconnect', connectionId: step.connectionId };
      ({ view } = await call(admin, 'actOnRecord', { record, action }));
    }
  };

  await call(admin, 'importPack', {
    text: JSON.stringify({ format: 'upnext/v1', sequences: [insightsDefinition(1)] }),
  });
  await call(admin, 'setSequenceState', { ids: [INSIGHTS_SEQUENCE], state: 'active' });
  for (const [index, plan] of VERSION_1_PLANS.entries()) await work(leads[index]!.guid, plan);

  const { state } = await call(admin, 'startRevision', {
    id: INSIGHTS_SEQUENCE,
  });
  await call(admin, 'saveDraft', {
    id: INSIGHTS_SEQUENCE,
    definition: insightsDefinition(2),
    saves: state.saves,
  });
  await call(admin, 'publishDraft', {
    id: INSIGHTS_SEQUENCE,
    note: 'A case study instead of the LinkedIn comment',
  });
  for (const [index, plan] of VERSION_2_PLANS.entries())
    await work(leads[VERSION_1_PLANS.length + index]!.guid, plan);
}

/** A branched lead sequence for the designer's screenshots (issue #16). */
const DESIGNED_PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'trade-show-designed',
      name: 'Trade show follow-up',
      description: 'For leads we met at a booth: thank them, then call the ones who reply.',
      entity: 'lead',
      tags: ['events'],
      exitOnReply: false,
      steps: [
        {
          id: 'thanks',
          type: 'email',
          name: 'Thanks for stopping by',
          template: {
            subject: 'Great to meet you, {{firstName}}',
            body: 'Hi {{firstName}},\n\nThank you for visiting our booth. Could we show {{company}} a short demo next week?\n\n{{seller.name}}',
          },
        },
        { id: 'pause', type: 'wait', days: 2 },
        {
          id: 'replied',
          type: 'condition',
          if: { email: 'replied', step: 'thanks' },
          within: { days: 3 },
          yes: [{ id: 'demo-call', type: 'call', name: 'Book the demo' }],
          no: [
            { id: 'connect', type: 'linkedin', action: 'connect' },
            { id: 'case-study', type: 'task', name: 'Send a case study' },
          ],
        },
      ],
    },
  ],
};

/** Opens the designer (or a versions page) and waits until the tree is drawn and checked. */
async function openDesigner(page: Page, id: string, hash: string): Promise<void> {
  await page.goto(`chrome-extension://${id}/options.html#${hash}`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('[role="tree"][data-checked="true"]', { visible: true });
}

/**
 * The designer (docs/designer.md): a branched sequence, "Add an action", the properties pane,
 * the problem list and a version diff, light and dark.
 */
async function shootDesigner(browser: Browser, id: string): Promise<void> {
  const page = await newPage(browser);
  await page.goto(`chrome-extension://${id}/options.html#sequences`, {
    waitUntil: 'domcontentloaded',
  });
  await call(page, 'importPack', { text: JSON.stringify(DESIGNED_PACK) });
  const sequence = 'trade-show-designed';
  await openDesigner(page, id, `sequence/${sequence}/design`);
  await shootPage(page, 'designer-branched');

  await page.click(
    'button[aria-label="Add a step to the No path of Did the customer reply to “Thanks for stopping by”?"]',
  );
  await page.waitForSelector('dialog[open] [data-action="email"]', { visible: true });
  await shootPage(page, 'designer-add-menu');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[open]', { hidden: true });

  await page.click('[data-key="thanks"] .d-step');
  await page.waitForFunction(() =>
    document.querySelector('.d-preview')?.textContent.includes('Great to meet you, Maria'),
  );
  // Down to the preview, so the shot shows the template and what the customer will read.
  await page.evaluate(() => {
    document.querySelector('.d-preview')?.scrollIntoView({ block: 'end' });
  });
  await shootPage(page, 'designer-properties');

  // A wait of 45 days breaks a rule: the step, the field and the problem list say so.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  await page.click('[data-key="pause"] .d-step');
  const days = await page.waitForFunction(() => {
    const label = [...document.querySelectorAll<HTMLLabelElement>('.d-pane label')].find(
      (item) => item.textContent.trim() === 'Days',
    );
    return label === undefined ? null : document.getElementById(label.htmlFor);
  });
  await (days as ElementHandle<HTMLInputElement>).click({ count: 3 });
  await page.keyboard.type('45');
  await page.waitForSelector('#d-problems li', { visible: true });
  await page.waitForSelector('[role="tree"][data-checked="true"]');
  await shootPage(page, 'designer-problems');
  // Undo (Chromium here runs on Linux: Ctrl+Z).
  await page.keyboard.down('Control');
  await page.keyboard.press('z');
  await page.keyboard.up('Control');
  await page.waitForFunction(() => document.querySelector('#d-problems li') === null);
  await page.waitForFunction(
    () => document.querySelector('.d-save')?.textContent === 'All changes saved',
  );

  // Version 1, then a revision with a longer time window and one step more: version 2.
  await call(page, 'publishDraft', { id: sequence, note: 'First version' });
  const { state } = await call(page, 'startRevision', { id: sequence });
  const [first, second, condition] = state.definition.steps;
  if (condition?.type !== 'condition' || first === undefined || second === undefined) {
    throw new Error('The designed sequence is not the one expected.');
  }
  const revised = {
    ...state.definition,
    steps: [
      first,
      second,
      {
        ...condition,
        within: { days: 5 },
        yes: [
          ...condition.yes,
          { id: 'agenda', type: 'email' as const, name: 'Send the demo agenda' },
        ],
      },
    ],
  };
  await call(page, 'saveDraft', { id: sequence, definition: revised, saves: state.saves });
  await call(page, 'publishDraft', {
    id: sequence,
    note: 'A longer wait for a reply; send the agenda after the demo call',
  });
  await page.goto(`chrome-extension://${id}/options.html#sequence/${sequence}/compare/1/2`, {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForSelector('.d-diff', { visible: true });
  await loaded(page);
  await shootPage(page, 'designer-version-diff');
  await page.close();
}

/**
 * Segments (issue #17), docs/segments.md: the builder editing a segment, its simulation over
 * the demo leads Upnext has seen (two held by a higher-priority segment), and the why log after
 * Run now.
 */
async function shootSegments(browser: Browser, id: string, sequenceId: string): Promise<void> {
  const page = await newPage(browser);
  // Every demo lead seen once, so there are known records to simulate over.
  for (const lead of DEMO_DATA.leads) {
    await page.goto(
      `${demoOrigin('dynamics')}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${lead.guid}`,
    );
    await waitForPanelText(page, lead.lastName);
  }
  const title = (word: string) => ({ field: 'jobTitle', op: 'contains' as const, value: word });
  await openConsole(page, id, 'segments', 'h1');
  await call(page, 'saveSegment', {
    create: true,
    definition: {
      id: 'c-level',
      name: 'C-level',
      entity: 'lead',
      priority: 1,
      state: 'active',
      sequence: sequenceId,
      // `contains CTO` would hold for every Director: a whole title, not a part of one.
      where: {
        any: [title('Chief'), title('CEO'), { field: 'jobTitle', op: 'equals', value: 'CTO' }],
      },
    },
  });
  await call(page, 'saveSegment', {
    create: true,
    definition: {
      id: 'decision-makers',
      name: 'Decision makers',
      description: 'Directors and VPs in Dynamics 365',
      entity: 'lead',
      priority: 2,
      state: 'inactive',
      sequence: sequenceId,
      allowMoveIn: false,
      where: {
        all: [
          { any: [title('Director'), title('VP'), title('Chief'), title('CEO')] },
          { crm: ['dynamics365'] },
        ],
      },
    },
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.segment-list', { visible: true, timeout: 10_000 });
  await clickButton(page, 'Edit “Decision makers”');
  await page.waitForSelector('.segment-editor', { visible: true });
  await shootPage(page, 'segments-builder');

  await clickButton(page, 'Simulate results');
  await page.waitForSelector('.simulation', { visible: true });
  await page.evaluate(() => document.querySelector('.simulation')?.scrollIntoView());
  await shootPage(page, 'segments-simulation');

  await clickButton(page, 'Cancel');
  await call(page, 'setSegmentState', { id: 'decision-makers', state: 'active' });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.segment-list', { visible: true, timeout: 10_000 });
  await clickButton(page, 'Run now for leads');
  await page.waitForFunction(
    () => document.querySelector('.segment-run')?.textContent.includes('Done') === true,
  );
  await page.waitForSelector('.why-log tbody tr', { visible: true });
  await page.evaluate(() => {
    document.querySelector('.why-log')?.scrollIntoView();
    window.scrollBy(0, -16);
  });
  await shootPage(page, 'segments-why-log');
  await page.close();
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  }
  checkFont();
  mkdirSync(OUT, { recursive: true });
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startDemoServer({ latencyMs: 50 });
    browser = await launchDemoBrowser({
      port: server.port,
      extensionPath: EXTENSION_PATH,
      launch: { env: { ...process.env, TZ: TIME_ZONE, LANG: 'en_US.UTF-8' } },
      args: [
        '--lang=en-US',
        '--font-render-hinting=none',
        '--force-color-profile=srgb',
        '--run-all-compositor-stages-before-draw',
        '--disable-partial-raster',
        '--disable-checker-imaging',
        '--num-raster-threads=1',
      ],
    });
    const { id, worker } = await serviceWorker(browser);
    await worker.evaluate(FIXED_SCRIPT);

    // Two active lead sequences from the built-in templates, and a named seller in Berlin.
    const consolePage = await newPage(browser);
    await consolePage.goto(`chrome-extension://${id}/options.html`, {
      waitUntil: 'domcontentloaded',
    });
    const { settings } = await call(consolePage, 'getSettings', {});
    await call(consolePage, 'saveSettings', {
      settings: { ...settings, sellerName: 'Alex Morgan', timeZone: TIME_ZONE },
    });
    const ids: string[] = [];
    for (const templateId of TEMPLATES) {
      const created = await call(consolePage, 'createFromTemplate', { templateId });
      ids.push(created.sequence.id);
    }
    await call(consolePage, 'setSequenceState', { ids, state: 'active' });
    await consolePage.close();

    if (process.argv.includes('--segments-only')) {
      await shootSegments(browser, id, ids[0] ?? 'outbound-prospecting');
      return;
    }

    const page = await newPage(browser);
    const origin = demoOrigin('dynamics');
    const lead = DEMO_DATA.leads[0];
    const url = (guid: string) =>
      `${origin}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${guid}`;

    await page.goto(url(lead.guid));
    // A record in no sequence lists what it can be connected to straight away.
    await waitForPanelText(page, 'Search sequences');
    await shoot(page, '01-no-sequence');

    await choose(page, OUTBOUND);
    await waitForPanelText(page, 'Steps in');
    await shoot(page, '02-connect-picker');

    await press(page, 'Connect');
    await waitForCurrentStep(page, 'LinkedIn: research');
    await shoot(page, '03-linkedin-step');

    await press(page, 'Complete');
    await waitForCurrentStep(page, 'Introduction');
    await shoot(page, '04-email-step');

    await press(page, 'Complete');
    await waitForCurrentStep(page, 'Wait 2 days');
    await shoot(page, '05-waiting', ['light']);

    await press(page, 'Skip wait');
    await waitForCurrentStep(page, 'LinkedIn: connect');
    await press(page, 'Complete');
    await waitForCurrentStep(page, 'Phone call');
    await press(page, 'Complete');
    await waitForPanelText(page, 'How did the call go?');
    await shoot(page, '06-call-outcome');

    await press(page, 'Cancel');
    await press(page, 'Snooze');
    await waitForPanelText(page, 'Tomorrow 9:00');
    await shoot(page, '07-snooze-menu', ['light']);
    await page.keyboard.press('Escape');

    await press(page, 'Add another sequence');
    await waitForPanelText(page, 'Search sequences');
    await choose(page, WEBINAR);
    await press(page, 'Connect');
    await waitForPanelText(page, 'Sequence connected.');
    await shoot(page, '08-two-sequences');
    await openAll(page);
    await shoot(page, '09-sequence-details');

    await press(page, 'Hide Up next');
    const show = await buttonStartingWith(page, 'Show Up next');
    await shoot(page, '10-collapsed', ['light']);
    await show.click();
    await panelControl(page, 'button', 'Hide Up next');

    // The script-payload lead: its name must show as text.
    await page.goto(url(XSS_LEAD_GUID));
    await waitForPanelText(page, 'Search sequences');
    await shoot(page, '11-script-payload-name', ['light']);

    // No active sequence for contacts: the empty state points to the console.
    const contact = DEMO_DATA.contacts[0];
    await page.goto(url(contact.guid).replace('etn=lead', 'etn=contact'));
    await waitForPanelText(page, 'No active sequences for contacts yet');
    await shoot(page, '12-no-sequences-for-contacts');
    await page.close();

    await shootExtensionPages(browser, id, ids[0] ?? 'outbound-prospecting');
    await shootDesigner(browser, id);
    await shootSegments(browser, id, ids[0] ?? 'outbound-prospecting');
    // A service worker that restarted mid-run lost the fixed clock: its shots may differ.
    if ((await worker.evaluate('Date.now()')) !== CLOCK_START) {
      throw new Error('The service worker restarted during the run; run the script again.');
    }
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
