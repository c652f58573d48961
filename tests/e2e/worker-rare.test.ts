/**
 * The worker's rare work (parsing and checking packs, with redos-detector and jsonc-parser) is a
 * script of its own that Chrome's service worker imports on demand (entrypoints/background/rare.ts,
 * scripts/vite-background-rare.ts). It must answer after every kind of start: the worker's first
 * (install), a start after the worker was stopped, a start in a browser started again with the
 * same profile, and the first start after the extension was reloaded (a new version installs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page, Target } from 'puppeteer-core';
import { afterAll, expect, it } from 'vitest';

import { startDemoServer } from '../../demo/server';
import { launchDemoBrowser } from './support/demo-browser';
import {
  enableDeveloperMode,
  EXTENSION_PATH,
  killServiceWorker,
  openExtensionPage,
  reloadExtension,
  sendFromPage,
  serviceWorker,
} from './support/extension';

const profile = mkdtempSync(join(tmpdir(), 'upnext-profile-'));
afterAll(() => rmSync(profile, { recursive: true, force: true }));

type Reply =
  { ok: true; data: any } | { ok: false; error: { code: string; message: string; details?: any } };

/** A custom CRM whose record pattern could freeze a CRM tab (redos-detector refuses it). */
const SLOW_CRM = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [{ entity: 'lead', url: '^/(?<id>(a+)+)$', part: 'path' }],
  fields: { email: ['[data-field=email]'] },
};

/** A pack JSON.parse refuses: its problem is placed by jsonc-parser's tree. */
const BROKEN_PACK = '{\n  "format": "upnext/v1",\n  "sequences": [\n    { "id": "x", }\n  ]\n}';

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [{ id: 'rare', name: 'Rare', entity: 'lead', steps: [{ id: 'a', type: 'task' }] }],
});

/** When the worker that answers `page` started (ms since the epoch). */
async function startedAt(page: Page): Promise<number> {
  return ((await sendFromPage(page, 'ping', {})) as { data: { startedAt: number } }).data.startedAt;
}

/** Stops `target`'s worker and waits until it is gone. */
async function stop(browser: Browser, target: Target): Promise<void> {
  const worker = await target.worker();
  const gone = new Promise<void>((done) => {
    browser.on('targetdestroyed', (destroyed) => {
      if (destroyed === target) done();
    });
  });
  await worker?.close();
  await gone;
}

/** Every rare path answers as it should, from this page. */
async function expectRareWork(page: Page): Promise<void> {
  const send = async (type: string, payload: unknown) =>
    (await sendFromPage(page, type, payload)) as Reply;

  const templates = await send('listTemplates', {});
  expect(templates.ok).toBe(true);
  if (templates.ok) expect(templates.data.templates.length).toBeGreaterThan(0);

  const broken = await send('planImport', { text: BROKEN_PACK });
  expect(broken.ok).toBe(false);
  if (!broken.ok) {
    expect(broken.error.code).toBe('invalid-pack');
    expect(broken.error.details[0]).toMatchObject({ line: 4 });
    // The worker's words come from the browser's `_locales` (its build bundles no strings).
    expect(broken.error.message).toMatch(/^The pack has \d+ problems?; nothing was imported\.$/);
  }

  const slow = await send('saveCustomCrm', { definition: SLOW_CRM });
  expect(slow.ok).toBe(false);
  if (!slow.ok) {
    expect(slow.error.code).toBe('rejected');
    expect(JSON.stringify(slow.error.details)).toContain('could make a CRM page freeze');
  }

  const planned = await send('planImport', { text: PACK });
  expect(planned.ok).toBe(true);
}

it('is a script of its own in the Chrome build, and the worker does not carry it', () => {
  expect(existsSync(join(EXTENSION_PATH, 'background-rare.js'))).toBe(true);
  const worker = readFileSync(join(EXTENSION_PATH, 'background.js'), 'utf8');
  // redos-detector's verdict for a pattern with too many ways to match, which the check reads.
  expect(readFileSync(join(EXTENSION_PATH, 'background-rare.js'), 'utf8')).toContain('hitMaxScore');
  expect(worker).not.toContain('hitMaxScore');
});

it('answers after install, a stopped worker, a browser restart and an update', async () => {
  const demo = await startDemoServer({ latencyMs: 0 });
  let browser: Browser | undefined;
  try {
    browser = await launchDemoBrowser({
      port: demo.port,
      extensionPath: EXTENSION_PATH,
      launch: { userDataDir: profile },
    });
    const { id } = await serviceWorker(browser);
    let page = await openExtensionPage(browser, id, 'options.html');
    await expectRareWork(page);

    const installed = await startedAt(page);
    await killServiceWorker(browser);
    await expectRareWork(page);
    expect(await startedAt(page)).toBeGreaterThan(installed);

    await browser.close();
    browser = await launchDemoBrowser({
      port: demo.port,
      extensionPath: EXTENSION_PATH,
      launch: { userDataDir: profile },
    });
    const again = await serviceWorker(browser);
    page = await openExtensionPage(browser, again.id, 'options.html');
    await expectRareWork(page);

    await enableDeveloperMode(browser);
    const updated = await reloadExtension(browser, page, again.target);
    page = await openExtensionPage(browser, again.id, 'options.html');
    await expectRareWork(page);
    // A later start of the new version imports the script its own install imported.
    const updatedAt = await startedAt(page);
    await stop(browser, updated.target);
    await expectRareWork(page);
    expect(await startedAt(page)).toBeGreaterThan(updatedAt);
  } finally {
    await browser?.close();
    await demo.close();
  }
}, 120_000);
