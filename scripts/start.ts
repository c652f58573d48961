/**
 * `npm start`: the product on its demo. Builds the extension, starts the demo CRM, opens
 * Chromium with the extension loaded, imports and activates the built-in sample sequences,
 * connects a demo lead and shows its Up next panel. With no display it runs headless, says so,
 * saves a screenshot of the panel and exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';

import { DEMO_DATA } from '../demo/data';
import { startDemoServer, type DemoServer } from '../demo/server';
import { BUILT_IN_PACK } from '../lib/sequence/templates/built-in';
import { launchDemoBrowser } from '../tests/e2e/support/demo-browser';
import {
  EXTENSION_PATH,
  openExtensionPage,
  call,
  serviceWorker,
} from '../tests/e2e/support/extension';
import { dynamicsRecordUrl } from '../tests/e2e/support/session';
import { findBrowser, INSTALL_HINT } from './find-browser.mjs';

const DEMO_SEQUENCE = 'outbound-prospecting';
const headless =
  process.argv.includes('--headless') ||
  (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']);
const say = (text: string) => process.stdout.write(`upnext: ${text}\n`);

async function seed(
  browser: Browser,
  extensionId: string,
  leadUrl: string,
  lead: { guid: string },
): Promise<Page> {
  const consolePage = await openExtensionPage(browser, extensionId, 'options.html');
  const { sequences } = await call(consolePage, 'listSequences', {});
  if (sequences.length === 0) {
    await call(consolePage, 'importPack', { text: JSON.stringify(BUILT_IN_PACK) });
    say(`imported ${BUILT_IN_PACK.sequences.length} sample sequences`);
  }
  await call(consolePage, 'setSequenceState', {
    ids: BUILT_IN_PACK.sequences.map((sequence) => sequence.id),
    state: 'active',
  });

  // Visiting the lead lets the extension see it (and capture its fields); then connect it.
  const crm = await browser.newPage();
  await crm.goto(leadUrl, { waitUntil: 'domcontentloaded' });
  await crm.waitForSelector('upnext-panel', { timeout: 20_000 });
  const record = { crm: 'dynamics365', entity: 'lead' as const, id: lead.guid };
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const { view } = await call(consolePage, 'getRecordView', { record });
    if (view !== null) {
      if (!view.active.some((connection) => connection.sequenceId === DEMO_SEQUENCE)) {
        await call(consolePage, 'actOnRecord', {
          record,
          action: { type: 'connect', sequenceId: DEMO_SEQUENCE },
        });
        say(`connected the demo lead to '${DEMO_SEQUENCE}'`);
      }
      break;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  await consolePage.close();
  await crm.bringToFront();
  return crm;
}

async function main(): Promise<void> {
  const executable = findBrowser();
  if (executable === null) {
    process.stderr.write(`npm start: ${INSTALL_HINT}\n`);
    process.exit(1);
  }
  process.env['CHROME_PATH'] = executable;

  say('building the extension…');
  const build = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);

  let demo: DemoServer;
  try {
    demo = await startDemoServer({ port: 8443 });
  } catch {
    demo = await startDemoServer();
  }
  say(`demo CRM on ${demo.origin} (served as https://upnext-demo.crm.dynamics.com and friends)`);
  if (headless) say('no display found: running headless');

  const browser = await launchDemoBrowser({
    port: demo.port,
    extensionPath: EXTENSION_PATH,
    launch: headless ? {} : { headless: false, defaultViewport: null, args: [] },
    args: headless ? [] : ['--start-maximized'],
  });
  const { id } = await serviceWorker(browser);
  const lead = DEMO_DATA.leads[0]!;
  const leadUrl = dynamicsRecordUrl('lead', lead.guid);
  const page = await seed(browser, id, leadUrl, lead);
  await page.reload({ waitUntil: 'domcontentloaded' });
  // The panel shows the connected sequence by name once the background answered.
  await page
    .waitForFunction(
      (name) =>
        document.querySelector('upnext-panel')?.shadowRoot?.textContent?.includes(name) ?? false,
      { timeout: 20_000, polling: 100 },
      BUILT_IN_PACK.sequences.find((sequence) => sequence.id === DEMO_SEQUENCE)?.name ?? '',
    )
    .catch(() =>
      say(
        'the panel did not show the demo sequence in time; the screenshot shows what it did show',
      ),
    );

  if (headless) {
    await new Promise((done) => setTimeout(done, 800));
    const out = resolve('.output/demo');
    mkdirSync(out, { recursive: true });
    const file = resolve(out, 'panel.png');
    await page.screenshot({ path: file });
    say(`screenshot of the Up next panel on a demo lead: ${file}`);
    say(
      `console: chrome-extension://${id}/options.html · work list: chrome-extension://${id}/worklist.html`,
    );
    await browser.close();
    await demo.close();
    return;
  }
  say(
    `Chromium is open on a demo lead with its Up next panel. Close the browser or press Ctrl+C to stop.`,
  );
  say(
    `console: chrome-extension://${id}/options.html · work list: chrome-extension://${id}/worklist.html`,
  );
  const stop = async () => {
    await browser.close().catch(() => undefined);
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  browser.on('disconnected', () => void demo.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm start failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
