/**
 * `npm start` (`npm start -- --headless` to force headless): the product on its demo. Builds the
 * extension, starts the demo CRM, opens Chromium with the extension loaded, imports and
 * activates the built-in sample sequences, connects a demo lead and shows its Up next panel.
 *
 * With a display it keeps Chromium open until you close it or press Ctrl+C; without one (or
 * with --headless) it saves a screenshot of the panel and exits, 0 when the panel showed the
 * demo sequence. Nothing leaves the machine: the demo CRM host names go to the local server and
 * every other host name resolves to nothing (tests/e2e/support/demo-browser.ts). Tested by
 * tests/e2e/start.test.ts in both modes.
 *
 * Environment: CHROME_PATH (the browser), UPNEXT_OUT_DIR (where the build and the screenshot
 * go; default .output).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';

import { DEMO_DATA } from '../demo/data';
import { startDemoServer, type DemoServer } from '../demo/server';
import { builtInPack } from '../lib/sequence/templates/built-in';
import { launchDemoBrowser } from '../tests/e2e/support/demo-browser';
import { openExtensionPage, call, serviceWorker } from '../tests/e2e/support/extension';
import { waitForPanelText } from '../tests/e2e/support/panel';
import { dynamicsRecordUrl } from '../tests/e2e/support/session';
import { locateBrowser } from './find-browser.mjs';

const DEMO_SEQUENCE = 'outbound-prospecting';
const DEMO_SEQUENCE_NAME =
  builtInPack().sequences.find((sequence) => sequence.id === DEMO_SEQUENCE)?.name ?? DEMO_SEQUENCE;
const OUT_DIR = resolve(process.env['UPNEXT_OUT_DIR'] ?? '.output');
const EXTENSION_PATH = resolve(OUT_DIR, 'chrome-mv3');
const headless =
  process.argv.includes('--headless') ||
  (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']);
const say = (text: string) => process.stdout.write(`upnext: ${text}\n`);

/** Whatever is running, so that Ctrl+C (or a failure) stops exactly that. */
const running: { demo?: DemoServer; browser?: Browser } = {};
let stopping: Promise<never> | null = null;

/**
 * Closes Chromium, then the demo CRM, then exits with `code`. Once: a second Ctrl+C, or Chromium
 * disconnecting while it closes, must not cut the first short.
 *
 * `npm start` runs this file with `node --import tsx`, not the `tsx` command: that command relays
 * Ctrl+C to its child and SIGKILLs the child when it does not report the signal within 30 ms,
 * which a busy machine misses, so Chromium and the demo CRM were left to die unordered and
 * "stopped" was never printed.
 */
function stop(code: number, why?: string): Promise<never> {
  stopping ??= (async () => {
    if (why !== undefined) say(why);
    await running.browser?.close().catch(() => undefined);
    await running.demo?.close().catch(() => undefined);
    if (why !== undefined) say('stopped');
    process.exit(code);
  })();
  return stopping;
}

async function seed(browser: Browser, extensionId: string, leadUrl: string): Promise<Page> {
  const consolePage = await openExtensionPage(browser, extensionId, 'options.html');
  const { sequences } = await call(consolePage, 'listSequences', {});
  if (sequences.length === 0) {
    await call(consolePage, 'importPack', { text: JSON.stringify(builtInPack()) });
    say(`imported ${builtInPack().sequences.length} sample sequences`);
  }
  await call(consolePage, 'setSequenceState', {
    ids: builtInPack().sequences.map((sequence) => sequence.id),
    state: 'active',
  });

  // Visiting the lead lets the extension see it (and capture its fields); then connect it.
  const crm = await browser.newPage();
  await crm.goto(leadUrl, { waitUntil: 'domcontentloaded' });
  await crm.waitForSelector('upnext-panel', { timeout: 20_000 });
  const record = { crm: 'dynamics365', entity: 'lead' as const, id: DEMO_DATA.leads[0]!.guid };
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const { view } = await call(consolePage, 'getRecordView', { record });
    if (view !== null) {
      if (!view.active.some((connection) => connection.sequenceId === DEMO_SEQUENCE)) {
        await call(consolePage, 'actOnRecord', {
          record,
          action: { type: 'connect', sequenceId: DEMO_SEQUENCE },
        });
        say(`connected the demo lead to “${DEMO_SEQUENCE_NAME}”`);
      }
      break;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  await consolePage.close();
  await crm.bringToFront();
  return crm;
}

/** Whether the panel on `page` shows the demo sequence, waiting up to 20 s. */
async function panelShowsDemo(page: Page): Promise<boolean> {
  return waitForPanelText(page, DEMO_SEQUENCE_NAME, 20_000).then(
    () => true,
    () => false,
  );
}

async function main(): Promise<void> {
  const found = locateBrowser();
  if ('problem' in found) {
    process.stderr.write(`npm start: ${found.problem}\n`);
    process.exit(1);
  }
  process.on('SIGINT', () => void stop(0, 'Ctrl+C: closing Chromium and the demo CRM…'));
  process.on('SIGTERM', () => void stop(0, 'closing Chromium and the demo CRM…'));

  say(
    headless
      ? 'no display (or --headless): running headless; Ctrl+C stops it'
      : 'starting; Ctrl+C stops it',
  );
  say('building the extension…');
  const build = spawnSync('npx', ['wxt', 'build'], { encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}npm start: the build failed (above)\n`);
    process.exit(build.status ?? 1);
  }

  try {
    running.demo = await startDemoServer({ port: 8443 });
  } catch {
    running.demo = await startDemoServer();
  }
  if (stopping !== null) return;
  say(
    `demo CRM on ${running.demo.origin}, served as https://upnext-demo.crm.dynamics.com and friends; no other host is reachable from this browser`,
  );

  const browser = await launchDemoBrowser({
    port: running.demo.port,
    extensionPath: EXTENSION_PATH,
    // Only what differs from the defaults: the flags (sandbox, host mapping, certificate) stay.
    launch: {
      executablePath: found.path,
      // Ctrl+C is ours: close the browser and the demo CRM in order, then exit 0.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      ...(headless ? {} : { headless: false, defaultViewport: null }),
    },
    args: headless ? [] : ['--start-maximized'],
  });
  running.browser = browser;
  if (stopping !== null) return;
  browser.on('disconnected', () => {
    if (stopping === null) void stop(0, 'Chromium was closed; stopping the demo CRM…');
  });

  const { id } = await serviceWorker(browser);
  const leadUrl = dynamicsRecordUrl('lead', DEMO_DATA.leads[0]!.guid);
  const page = await seed(browser, id, leadUrl);
  await page.reload({ waitUntil: 'domcontentloaded' });
  const shown = await panelShowsDemo(page);
  if (shown) say(`the Up next panel shows “${DEMO_SEQUENCE_NAME}” on ${leadUrl}`);
  else say('the panel did not show the demo sequence in time');

  if (headless) {
    const file = resolve(OUT_DIR, 'demo', 'panel.png');
    mkdirSync(resolve(OUT_DIR, 'demo'), { recursive: true });
    await page.screenshot({ path: file });
    say(`screenshot of the Up next panel on a demo lead: ${file}`);
    say('to try it yourself, run npm start on a machine with a display');
    await stop(shown ? 0 : 1);
    return;
  }
  say(
    `console: chrome-extension://${id}/options.html · work list: chrome-extension://${id}/worklist.html`,
  );
  say(
    'Chromium is open on a demo lead with its Up next panel. Close Chromium or press Ctrl+C to stop.',
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `npm start failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await stop(1);
});
