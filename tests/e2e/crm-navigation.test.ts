/**
 * The production build on real CRM URL shapes (the demo CRM served under Dynamics, Copper and
 * Salesforce host names): the panel follows SPA navigation record → record → list → record and
 * back/forward, hash routing, and captures fields (including from an open shadow root).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_DATA } from '../../demo/data';
import { detectorVerdict } from './support/content-script';
import { demoOrigin } from './support/demo-browser';
import { call, openExtensionPage } from './support/extension';
import { panelRecordName } from './support/panel';
import { dynamicsRecordUrl, startSession, type Session } from './support/session';

let session: Session;
let admin: Page;

/** The record the panel shows (its header), or null when no panel is mounted. */
const panelRecord = (page: Page): Promise<string | null> => panelRecordName(page);

async function expectPanel(page: Page, name: string | null): Promise<void> {
  await expect.poll(() => panelRecord(page), { timeout: 10_000, interval: 50 }).toBe(name);
}

const [leadA, leadB] = DEMO_DATA.leads;
const fullName = (record: { firstName?: string; lastName?: string }) =>
  `${record.firstName ?? ''} ${record.lastName ?? ''}`.trim();

beforeAll(async () => {
  session = await startSession({ latencyMs: 60 });
  admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
}, 60_000);

afterAll(async () => {
  await session.close();
});

describe('recognising records on real CRM URL shapes', () => {
  it('Dynamics 365 (pushState): record → record → list → record, and back', async () => {
    const page = await session.browser.newPage();
    await page.goto(dynamicsRecordUrl('lead', leadA!.guid), { waitUntil: 'domcontentloaded' });
    await expectPanel(page, fullName(leadA!));

    // Leads list (the site map link), then another record from the list: no reload.
    await page.click('[data-id="sitemap-entity-lead"] a');
    await expectPanel(page, null);
    await page.waitForSelector(`a[href*="${leadB!.guid}"]`, { visible: true });
    await page.click(`a[href*="${leadB!.guid}"]`);
    await expectPanel(page, fullName(leadB!));

    // Back to the list, back to the first record, forward to the list.
    await page.goBack();
    await expectPanel(page, null);
    await page.goBack();
    await expectPanel(page, fullName(leadA!));
    await page.goForward();
    await expectPanel(page, null);

    // Fields captured from the Dynamics form for the record the seller is on.
    const { view } = await call(admin, 'getRecordView', {
      record: { crm: 'dynamics365', entity: 'lead', id: leadB!.guid },
    });
    expect(view?.captured).toMatchObject({ email: leadB!.email, company: leadB!.company });
    await page.close();
  });

  it('Copper (hash routing): record → another record → list', async () => {
    const contact = DEMO_DATA.contacts[0]!;
    const other = DEMO_DATA.contacts[1]!;
    const page = await session.browser.newPage();
    const base = `${demoOrigin('copper')}/companies/${DEMO_DATA.copperAccountId}/app`;
    await page.goto(`${base}#/contact/${contact.copperId}`, { waitUntil: 'domcontentloaded' });
    await expectPanel(page, fullName(contact));
    await page.evaluate((hash) => (location.hash = hash), `#/contact/${other.copperId}`);
    await expectPanel(page, fullName(other));
    await page.evaluate(() => (location.hash = '#/contacts'));
    await expectPanel(page, null);
    await page.close();
  });

  it('Salesforce Lightning: the record and its fields, partly inside a shadow root', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${demoOrigin('salesforce')}/lightning/r/Lead/${leadA!.sfId}/view`, {
      waitUntil: 'domcontentloaded',
    });
    await expectPanel(page, fullName(leadA!));
    const { view } = await call(admin, 'getRecordView', {
      record: { crm: 'salesforce', entity: 'lead', id: leadA!.sfId },
    });
    expect(view?.captured).toMatchObject({ email: leadA!.email });
    // A list view is not a record page: the content script looks at it and declines.
    const list = `${demoOrigin('salesforce')}/lightning/o/Lead/list`;
    await page.goto(list, { waitUntil: 'domcontentloaded' });
    expect((await detectorVerdict(page, session.extensionId, list)).record).toBeNull();
    expect(await panelRecord(page)).toBeNull();
    await page.close();
  });
});
