/**
 * A self-hosted CRM in real Chromium, through the path a seller takes: the shipped build (no
 * test host in its manifest), the console's "Add a self-hosted CRM" form and its click, the
 * browser's host permission (allowed on chrome://extensions, since headless Chromium cannot show
 * the prompt: tests/e2e/support/site-access.ts), content-script registration, detection, a styled
 * panel with the record's fields; then a browser restart on the same profile keeps all of it,
 * and removing the CRM stops it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_DATA } from '../../demo/data';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { BUILT_IN_HOST_PATTERNS } from '../../lib/crm/hosts';
import { call, EXTENSION_PATH, openExtensionPage, serviceWorker } from './support/extension';
import { findPanel, panelRecordName } from './support/panel';
import {
  addSelfHostedCrm,
  allowSiteAccess,
  hasAccess,
  launchWithProfile,
} from './support/site-access';

const ORIGIN = 'https://crm.acme.example';
const PATTERN = `${ORIGIN}/*`;

let demo: DemoServer;
let profile: string;
let browser: Browser;
let extensionId: string;

beforeAll(async () => {
  demo = await startDemoServer({ latencyMs: 20 });
  profile = await mkdtemp(join(tmpdir(), 'upnext-e2e-profile-'));
  ({ browser, extensionId } = await launchWithProfile({ port: demo.port, userDataDir: profile }));
}, 120_000);

afterAll(async () => {
  await browser.close();
  await demo.close();
  await rm(profile, { recursive: true, force: true });
});

const lead = DEMO_DATA.leads[3]!;
const recordUrl = `${ORIGIN}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${lead.guid}`;

const panel = async (page: Page) => {
  const aside = await findPanel(page);
  if (aside === null) return null;
  return {
    name: (await panelRecordName(page)) ?? '',
    position: await aside.evaluate((element) => getComputedStyle(element).position),
  };
};

async function expectPanel(page: Page): Promise<void> {
  await expect
    .poll(() => panel(page), { timeout: 15_000, interval: 100 })
    .toEqual({
      name: `${lead.firstName} ${lead.lastName}`,
      // The panel's stylesheet loaded on this origin too (fixed to the right edge).
      position: 'fixed',
    });
}

/** The content-script patterns the extension has registered at run time (from its worker). */
async function registeredPatterns(): Promise<string[]> {
  const { worker } = await serviceWorker(browser);
  return worker.evaluate(async () =>
    (await chrome.scripting.getRegisteredContentScripts()).flatMap(
      (script) => script.matches ?? [],
    ),
  );
}

/**
 * No panel, proven rather than waited for: no content script of Upnext covers the origin (the
 * manifest's cover only built-in hosts), so nothing can put a panel on the rendered page.
 */
async function expectNoPanel(page: Page): Promise<void> {
  expect(await registeredPatterns()).not.toContain(PATTERN);
  await page.waitForSelector('[data-id="editFormRoot"]', { timeout: 10_000 });
  expect(await panel(page)).toBeNull();
}

describe('adding a self-hosted CRM', () => {
  it('ships a manifest without any test host: the self-hosted address is asked for at run time', async () => {
    const manifest = JSON.parse(
      await readFile(resolve(EXTENSION_PATH, 'manifest.json'), 'utf8'),
    ) as { host_permissions: string[]; optional_host_permissions: string[] };
    expect(manifest.host_permissions).toEqual([...BUILT_IN_HOST_PATTERNS]);
    expect(manifest.optional_host_permissions).toContain('https://*/*');
    expect(JSON.stringify(manifest)).not.toContain('acme.example');
    const page = await openExtensionPage(browser, extensionId, 'options.html');
    expect(await hasAccess(page, PATTERN)).toBe(false);
    await page.close();
  });

  it('the console adds it with the browser’s permission, and its record pages get the panel, open ones too', async () => {
    const page = await browser.newPage();
    await page.goto(recordUrl, { waitUntil: 'domcontentloaded' });
    await expectNoPanel(page);

    await allowSiteAccess(browser, extensionId, PATTERN);
    // Allowed on chrome://extensions but not yet granted: the console's request grants it.
    const options = await openExtensionPage(browser, extensionId, 'options.html');
    expect(await hasAccess(options, PATTERN)).toBe(false);
    await options.close();
    const { console, notice } = await addSelfHostedCrm(browser, extensionId, ORIGIN, 'dynamics365');
    expect(notice).toBe(`Added ${ORIGIN}.`);
    expect(await hasAccess(console, PATTERN)).toBe(true);
    const { instances } = await call(console, 'listCrms', {});
    expect(instances).toContainEqual(
      expect.objectContaining({ origin: ORIGIN, crm: 'dynamics365', granted: true }),
    );

    // The record page that was open all along gets the panel without a reload...
    await page.bringToFront();
    await expectPanel(page);
    // ...and a page loaded from now on gets it from the registration.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expectPanel(page);
    const { view } = await call(console, 'getRecordView', {
      record: { crm: 'dynamics365', entity: 'lead', id: lead.guid },
    });
    expect(view?.captured['email']).toBe(lead.email);
    await page.close();
    await console.close();
  }, 60_000);

  it('the grant and the CRM survive a browser restart', async () => {
    await browser.close();
    ({ browser, extensionId } = await launchWithProfile({ port: demo.port, userDataDir: profile }));
    const admin = await openExtensionPage(browser, extensionId, 'options.html');
    expect(await hasAccess(admin, PATTERN)).toBe(true);
    const page = await browser.newPage();
    await page.goto(recordUrl, { waitUntil: 'domcontentloaded' });
    await expectPanel(page);

    // Removing it stops Upnext there.
    await call(admin, 'removeInstance', { origin: ORIGIN, revokeAccess: false });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expectNoPanel(page);
    await page.close();
    await admin.close();
  }, 90_000);
});
