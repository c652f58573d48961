/**
 * Screenshots of the Up next panel on the demo CRM, light and dark, from the real built
 * extension: `npx tsx scripts/screenshots.ts` (builds first unless `--no-build`).
 * Writes docs/screenshots/*.png. Needs the background handlers for the panel messages.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';

import { DEMO_DATA, XSS_LEAD_GUID } from '../demo/data';
import { startDemoServer, type DemoServer } from '../demo/server';
import { demoOrigin, launchDemoBrowser } from '../tests/e2e/support/demo-browser';
import {
  EXTENSION_PATH,
  openExtensionPage,
  call,
  serviceWorker,
  waitInPanel,
} from '../tests/e2e/support/extension';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const VIEWPORT = { width: 1440, height: 900 };
/** How much of the page to the left of the panel each crop keeps, for context. */
const CONTEXT_PX = 48;

type Theme = 'light' | 'dark';

/** Clicks the first control in the panel whose accessible name starts with `name`. */
async function press(page: Page, name: string): Promise<void> {
  const clicked = await page.evaluate((wanted) => {
    const root = document.querySelector('upnext-panel')?.shadowRoot;
    const controls = root?.querySelectorAll<HTMLElement>(
      'button, a[href], [role="menuitem"], summary',
    );
    for (const control of controls ?? []) {
      const label = (control.getAttribute('aria-label') ?? control.textContent)
        .replace(/\s+/g, ' ')
        .trim();
      if (label.startsWith(wanted)) {
        control.click();
        return true;
      }
    }
    return false;
  }, name);
  if (!clicked) throw new Error(`No control named "${name}" in the panel.`);
}

async function waitForText(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      (document.querySelector('upnext-panel')?.shadowRoot?.textContent ?? '').includes(wanted),
    { timeout: 15_000 },
    text,
  );
}

async function openAll(page: Page): Promise<void> {
  await page.evaluate(() => {
    const root = document.querySelector('upnext-panel')?.shadowRoot;
    for (const details of root?.querySelectorAll('details') ?? []) details.open = true;
  });
}

async function shoot(page: Page, name: string, themes: Theme[] = ['light', 'dark']): Promise<void> {
  for (const theme of themes) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
    await new Promise((done) => setTimeout(done, 150));
    const box = await page.evaluate(() => {
      const panel = document.querySelector('upnext-panel')?.shadowRoot?.querySelector('.upnext');
      const rect = panel?.getBoundingClientRect();
      return rect ? { x: rect.x, width: rect.width } : null;
    });
    if (!box) throw new Error(`No panel on screen for ${name}.`);
    const x = Math.max(0, Math.floor(box.x - CONTEXT_PX));
    const path: `${string}.png` = `${OUT}/${name}-${theme}.png`;
    await page.screenshot({
      path,
      clip: { x, y: 0, width: VIEWPORT.width - x, height: VIEWPORT.height },
    });
    console.log(`wrote ${path}`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

/** A whole extension page (console, work list, popup), light and dark. */
async function shootPage(
  page: Page,
  name: string,
  themes: Theme[] = ['light', 'dark'],
): Promise<void> {
  for (const theme of themes) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
    await new Promise((done) => setTimeout(done, 200));
    const path: `${string}.png` = `${OUT}/${name}-${theme}.png`;
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

async function shootExtensionPages(
  browser: Browser,
  id: string,
  sequenceId: string,
): Promise<void> {
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  const sections: [string, string, string][] = [
    ['console-sequences', 'options.html#sequences', 'table'],
    ['console-sequence-details', `options.html#sequence/${sequenceId}`, 'h1, h2'],
    ['console-records', 'options.html#records', 'table'],
    ['console-settings', 'options.html#settings', 'form'],
    ['worklist', 'worklist.html', '[role="row"]'],
  ];
  for (const [name, path, ready] of sections) {
    await page.goto(`chrome-extension://${id}/${path}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(ready, { visible: true, timeout: 10_000 });
    await new Promise((done) => setTimeout(done, 300));
    await shootPage(page, name);
  }
  await page.setViewport({ width: 360, height: 420 });
  await page.goto(`chrome-extension://${id}/popup.html`, { waitUntil: 'domcontentloaded' });
  await new Promise((done) => setTimeout(done, 400));
  await shootPage(page, 'popup');
  await page.close();
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  }
  mkdirSync(OUT, { recursive: true });
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startDemoServer({ latencyMs: 50 });
    browser = await launchDemoBrowser({ port: server.port, extensionPath: EXTENSION_PATH });
    const { id } = await serviceWorker(browser);

    // Two active lead sequences from the built-in templates.
    const consolePage = await openExtensionPage(browser, id, 'options.html');
    const ids: string[] = [];
    for (const templateId of ['outbound-prospecting', 'webinar-follow-up']) {
      const created = await call(consolePage, 'createFromTemplate', { templateId });
      ids.push(created.sequence.id);
    }
    await call(consolePage, 'setSequenceState', { ids, state: 'active' });
    await consolePage.close();

    const page = await browser.newPage();
    await page.setViewport(VIEWPORT);
    const origin = demoOrigin('dynamics');
    const lead = DEMO_DATA.leads[0];
    const url = (guid: string) =>
      `${origin}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${guid}`;

    await page.goto(url(lead.guid));
    await waitInPanel(page, '.upnext');
    // A record in no sequence lists what it can be connected to straight away.
    await waitForText(page, 'Search sequences');
    await shoot(page, '01-no-sequence');

    await page.evaluate(() => {
      const root = document.querySelector('upnext-panel')?.shadowRoot;
      root?.querySelector<HTMLInputElement>('input[type="radio"]')?.click();
    });
    await waitForText(page, 'Steps in');
    await shoot(page, '02-connect-picker');

    await press(page, 'Connect');
    await waitForText(page, 'Find on LinkedIn');
    await shoot(page, '03-linkedin-step');

    await press(page, 'Complete');
    await waitForText(page, 'Open email');
    await shoot(page, '04-email-step');

    await press(page, 'Complete');
    await waitForText(page, 'Skip wait');
    await shoot(page, '05-waiting', ['light']);

    await press(page, 'Skip wait');
    await waitForText(page, 'Find on LinkedIn');
    await press(page, 'Complete');
    await waitForText(page, 'Call');
    await press(page, 'Complete');
    await waitForText(page, 'How did the call go?');
    await shoot(page, '06-call-outcome');

    await press(page, 'Cancel');
    await press(page, 'Snooze');
    await waitForText(page, 'Tomorrow 9:00');
    await shoot(page, '07-snooze-menu', ['light']);
    await page.keyboard.press('Escape');

    await press(page, 'Add another sequence');
    await waitForText(page, 'Search sequences');
    await page.evaluate(() => {
      const root = document.querySelector('upnext-panel')?.shadowRoot;
      root?.querySelector<HTMLInputElement>('input[type="radio"]')?.click();
    });
    await press(page, 'Connect');
    await waitForText(page, 'Sequence connected.');
    await shoot(page, '08-two-sequences');
    await openAll(page);
    await shoot(page, '09-sequence-details');

    await press(page, 'Hide Up next');
    await waitInPanel(page, '.tab');
    await shoot(page, '10-collapsed', ['light']);
    await press(page, 'Show Up next');
    await waitInPanel(page, '.header');

    // The script-payload lead: its name must show as text.
    {
      await page.goto(url(XSS_LEAD_GUID));
      await waitInPanel(page, '.upnext');
      await waitForText(page, 'Search sequences');
      await shoot(page, '11-script-payload-name', ['light']);
    }

    // No active sequence for contacts: the empty state points to the console.
    const contact = DEMO_DATA.contacts[0];
    await page.goto(url(contact.guid).replace('etn=lead', 'etn=contact'));
    await waitInPanel(page, '.upnext');
    await waitForText(page, 'No active sequences for contacts yet');
    await shoot(page, '12-no-sequences-for-contacts');
    await page.close();

    await shootExtensionPages(browser, id, ids[0] ?? 'outbound-prospecting');
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
