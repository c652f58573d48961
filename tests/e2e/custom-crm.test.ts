/**
 * A self-hosted CRM in real Chromium: a seller registers an on-premises Dynamics instance, and
 * Upnext registers its content script there, recognises record pages and shows a styled panel;
 * removing the instance removes it again.
 *
 * Headless Chromium cannot click the permission prompt a seller answers once, so this test uses
 * a build whose manifest already holds that one host (UPNEXT_E2E_GRANTED_HOSTS); everything
 * after the grant is the product's own path (saveInstance → reconcile → registerContentScripts
 * → detection with the instance → panel injection → panel CSS on a non-built-in origin).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { DEMO_DATA } from '../../demo/data';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { launchDemoBrowser } from './support/demo-browser';
import { call, openExtensionPage, serviceWorker } from './support/extension';

const ORIGIN = 'https://crm.acme.example';
const OUT_DIR = resolve(import.meta.dirname, '../../.output/e2e-custom');

let demo: DemoServer;
let browser: Browser;
let admin: Page;
let worker: WebWorker;

beforeAll(async () => {
  execFileSync('npx', ['wxt', 'build'], {
    stdio: 'ignore',
    env: { ...process.env, UPNEXT_OUT_DIR: OUT_DIR, UPNEXT_E2E_GRANTED_HOSTS: `${ORIGIN}/*` },
  });
  demo = await startDemoServer({ latencyMs: 20 });
  browser = await launchDemoBrowser({
    port: demo.port,
    extensionPath: resolve(OUT_DIR, 'chrome-mv3'),
  });
  const found = await serviceWorker(browser);
  worker = found.worker;
  admin = await openExtensionPage(browser, found.id, 'options.html');
}, 120_000);

afterAll(async () => {
  await browser.close();
  await demo.close();
});

const lead = DEMO_DATA.leads[3]!;
const recordUrl = `${ORIGIN}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${lead.guid}`;

/** The match patterns of the content scripts registered at run time (what can inject the panel). */
const registeredPatterns = (): Promise<string[]> =>
  worker.evaluate(async () =>
    (await chrome.scripting.getRegisteredContentScripts()).flatMap(
      (script) => script.matches ?? [],
    ),
  );

const panel = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('upnext-panel')?.shadowRoot;
    const aside = root?.querySelector('.upnext');
    return aside
      ? {
          name: root?.querySelector('.record')?.textContent?.trim() ?? '',
          position: getComputedStyle(aside).position,
        }
      : null;
  });

it('recognises records on a self-hosted instance once it is added, and not after it is removed', async () => {
  // Before: an unknown host is not a CRM to Upnext. No content script is registered for it (the
  // manifest's cover only the built-in hosts), so nothing can put a panel on the page.
  expect(await registeredPatterns()).not.toContain(`${ORIGIN}/*`);
  const page = await browser.newPage();
  await page.goto(recordUrl, { waitUntil: 'load' });
  expect(await panel(page)).toBeNull();

  const saved = await call(admin, 'saveInstance', { origin: ORIGIN, crm: 'dynamics365' });
  expect(saved.missing).toEqual([]);
  expect(saved.instance.granted).toBe(true);
  expect(await registeredPatterns()).toContain(`${ORIGIN}/*`);
  const { instances } = await call(admin, 'listCrms', {});
  expect(instances.map((instance) => instance.origin)).toContain(ORIGIN);

  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect
    .poll(() => panel(page), { timeout: 15_000, interval: 100 })
    .toEqual({
      name: `${lead.firstName} ${lead.lastName}`,
      // The panel's stylesheet loaded on this origin too (fixed to the right edge).
      position: 'fixed',
    });
  const { view } = await call(admin, 'getRecordView', {
    record: { crm: 'dynamics365', entity: 'lead', id: lead.guid },
  });
  expect(view?.captured['email']).toBe(lead.email);

  await call(admin, 'removeInstance', { origin: ORIGIN, revokeAccess: false });
  // The background answered once the registration was gone: the reloaded page gets no script.
  expect(await registeredPatterns()).not.toContain(`${ORIGIN}/*`);
  await page.reload({ waitUntil: 'load' });
  expect(await panel(page)).toBeNull();
  await page.close();
}, 60_000);
