/**
 * CRM tabs that are open while Upnext is updated keep a working panel, without a reload. Chromium
 * starts no content script in pages that were already open and orphans the ones running there
 * (their `runtime` is gone): without help, the old panel stays on screen and its buttons do
 * nothing. `chrome.runtime.reload()` is such an update (`onInstalled` with reason 'update'):
 * the new worker injects the detector into the open CRM tab, the orphaned copy takes its panel
 * away, and the new panel works in the same document. A tab on a site that is not a CRM gets
 * nothing, even one Upnext holds access to (a vendor's own site inside a built-in pattern).
 */
import type { CDPSession, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  call,
  enableDeveloperMode,
  openExtensionPage,
  reloadExtension,
  serviceWorker,
} from './support/extension';
import { panelText, press, waitForCurrentStep, waitForPanel } from './support/panel';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';
import { waitFor } from './support/wait';

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'open-tab',
      name: 'Proposal',
      entity: 'lead',
      steps: [
        { id: 'send', type: 'task', name: 'Send the proposal' },
        { id: 'book', type: 'task', name: 'Book the demo' },
      ],
    },
  ],
});

const lead = demoLeads[1]!;
const record = { crm: 'dynamics365', entity: 'lead' as const, id: lead.guid };
/** Inside the built-in `https://*.twenty.com/*`, and excluded: Twenty's marketing site. */
const VENDOR_SITE = 'https://www.twenty.com/';

let session: Session;
let admin: Page;
let crm: Page;
let vendor: Page;
/** Every JavaScript world created in the vendor-site tab from before the update on. */
let vendorWorlds: { origin: string; type?: string }[];
let vendorCdp: CDPSession;

/** How many panel hosts the page holds, and how many of them were there before the update. */
const panelHosts = (page: Page): Promise<{ all: number; old: number }> =>
  page.evaluate(() => ({
    all: document.querySelectorAll('upnext-panel').length,
    old: document.querySelectorAll('upnext-panel[data-before-update]').length,
  }));

beforeAll(async () => {
  session = await startSession({ latencyMs: 0 });
  // As on a developer's machine: without it, Chromium does not load an unpacked extension again.
  await enableDeveloperMode(session.browser);
  admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
  await call(admin, 'importPack', { text: PACK });
  await call(admin, 'setSequenceState', { ids: ['open-tab'], state: 'active' });

  vendor = await session.browser.newPage();
  await vendor.goto(VENDOR_SITE, { waitUntil: 'domcontentloaded' });
  vendorCdp = await vendor.createCDPSession();
  vendorWorlds = [];
  vendorCdp.on('Runtime.executionContextCreated', ({ context }) => {
    vendorWorlds.push({ origin: context.origin, type: context.auxData?.['type'] as string });
  });
  await vendorCdp.send('Runtime.enable');

  crm = await session.browser.newPage();
  await crm.goto(dynamicsRecordUrl('lead', lead.guid), { waitUntil: 'domcontentloaded' });
  await waitForPanel(crm);
  await call(admin, 'actOnRecord', { record, action: { type: 'connect', sequenceId: 'open-tab' } });
  await waitForCurrentStep(crm, 'Send the proposal');
}, 90_000);

afterAll(async () => {
  await (session as Session | undefined)?.close();
});

describe('a CRM tab open during an update (runtime.reload)', () => {
  it('gets one working panel in the same document, and its action is stored', async () => {
    // Marks in the page's own world and on the old panel's host: a reload would lose the first,
    // and only the host that was there before the update carries the second.
    await crm.evaluate(() => {
      (window as unknown as { beforeUpdate: boolean }).beforeUpdate = true;
      document.querySelector('upnext-panel')!.setAttribute('data-before-update', '');
    });
    expect(await panelHosts(crm)).toEqual({ all: 1, old: 1 });

    const old = await serviceWorker(session.browser);
    await reloadExtension(session.browser, admin, old.target);

    // The orphaned panel is gone and the new one shows the record's step.
    await waitFor(
      'the old panel to go and a new one to come',
      async () => {
        const hosts = await panelHosts(crm);
        return hosts.old === 0 && hosts.all === 1;
      },
      { timeout: 20_000 },
    );
    await crm.bringToFront();
    await waitForCurrentStep(crm, 'Send the proposal', 15_000);

    // The seller completes the step in the new panel: it moves on, in this same document.
    await press(crm, 'Complete');
    await waitForCurrentStep(crm, 'Book the demo');
    expect(
      await crm.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate),
    ).toBe(true);
    expect(await panelHosts(crm)).toEqual({ all: 1, old: 0 });
    expect(await panelText(crm)).toContain('Book the demo');

    // Stored, as the new worker reads it back.
    admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
    const { view } = await call(admin, 'getRecordView', { record });
    const card = view?.active.find((connection) => connection.sequenceId === 'open-tab');
    expect(card?.current?.stepId).toBe('book');
    expect(
      card?.history
        .filter((entry) => entry.kind === 'step')
        .map((entry) => [entry.stepId, entry.result]),
    ).toEqual([['send', 'completed']]);
  }, 90_000);

  it('a tab on a site that is not a CRM got nothing', async () => {
    // The update's pass over the open tabs served the CRM tab (above) in the same lookup that
    // would have found this one: by now, anything injected here would have made a world.
    expect(vendor.url()).toBe(VENDOR_SITE);
    expect(vendorWorlds.filter((world) => world.origin.startsWith('chrome-extension://'))).toEqual(
      [],
    );
    // Upnext does hold access to this host: only the detector's exclusions kept it out.
    const page = await openExtensionPage(session.browser, session.extensionId, 'options.html');
    const granted = await page.evaluate(
      (origin) => chrome.permissions.contains({ origins: [origin] }),
      `${VENDOR_SITE}*`,
    );
    expect(granted).toBe(true);
    await vendorCdp.detach();
  });
});
