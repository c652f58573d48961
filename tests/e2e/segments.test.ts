/**
 * Segments (issue #17) in real Chromium with the built extension: a manager defines "Job title
 * contains VP" for leads in the console's builder and activates it; a seller opens two demo
 * leads, one a VP: that one is connected by itself with its first step in the panel (and the
 * panel's About says which segment did it), the other is not; the console's why log shows both.
 * The panel (a closed shadow root) is driven through the accessibility tree (`aria/` queries)
 * and real clicks, as a user reaches it.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations, panelAxeViolations } from './support/axe';
import { call, openExtensionPage, readStore } from './support/extension';
import {
  panelControl,
  panelText,
  waitForCurrentStep,
  waitForPanel,
  waitForPanelFrame,
  waitForPanelText,
} from './support/panel';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';
import { waitFor } from './support/wait';

const PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'vp-outreach',
      name: 'VP outreach',
      entity: 'lead',
      steps: [{ id: 'call-vp', type: 'call', name: 'Call the VP' }],
    },
  ],
};
const VP_LEAD = demoLeads.find((lead) => lead.jobTitle.includes('VP'));
const OTHER_LEAD = demoLeads.find((lead) => !/vp/i.test(lead.jobTitle));

let session: Session;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  session = await startSession();
  page = await openExtensionPage(session.browser, session.extensionId, 'options.html#segments');
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

afterAll(async () => {
  await (session as Session | undefined)?.close();
});

async function openLead(guid: string): Promise<Page> {
  const crm = await session.browser.newPage();
  await crm.goto(dynamicsRecordUrl('lead', guid), { waitUntil: 'domcontentloaded' });
  return crm;
}

describe('segments', () => {
  it('routes the VP lead to its sequence by itself, leaves the other, and logs why for both', async () => {
    expect(VP_LEAD).toBeDefined();
    expect(OTHER_LEAD).toBeDefined();
    await call(page, 'importPack', { text: JSON.stringify(PACK) });
    await call(page, 'setSequenceState', { ids: ['vp-outreach'], state: 'active' });

    // The manager defines the segment in the builder.
    await page.reload();
    await page.waitForSelector('h1#section-title');
    await (await page.waitForSelector('aria/New segment[role="button"]'))!.click();
    const name = await page.waitForSelector('aria/Name[role="textbox"]');
    await name!.type('VP leads');
    await page.select('.segment-editor select[required]', 'vp-outreach');
    await page.type('aria/Condition 1: field', 'jobTitle');
    await page.type('aria/Condition 1: value', 'VP');
    expect(await axeViolations(page)).toEqual([]);
    await (await page.waitForSelector('aria/Save[role="button"]'))!.click();
    await page.waitForSelector('[data-segment="vp-leads"]');
    await (await page.waitForSelector('aria/Activate “VP leads”'))!.click();
    await page.waitForSelector('aria/Deactivate “VP leads”');
    expect(await page.$eval('main', (main) => main.innerText)).toContain(
      'A record that stops matching its segment stays in it and stays connected',
    );

    // The seller opens the VP lead: connected by itself, its first step in the panel.
    const vp = await openLead(VP_LEAD!.guid);
    await waitForCurrentStep(vp, 'Call the VP', 20_000);
    await (await (
      await waitForPanelFrame(vp)
    ).waitForSelector('aria/About this sequence', {
      visible: true,
    }))!.click();
    await waitForPanelText(vp, 'Connected by the segment “VP leads”');
    await waitForPanelText(vp, 'A record that stops matching its segment stays in this sequence.');
    expect(await panelAxeViolations(vp)).toEqual([]);
    await vp.close();

    // The other lead is not connected: the panel offers sequences to connect by hand.
    const other = await openLead(OTHER_LEAD!.guid);
    await waitForPanel(other, 20_000);
    await panelControl(other, 'button', 'Connect', 20_000);
    // "Call the VP" is only in the picker's preview of the sequence, never as the current step.
    expect(await (await waitForPanelFrame(other)).$('aria/Call the VP[role="region"]')).toBeNull();
    expect(await panelText(other)).not.toContain('Connected by the segment');
    // The panel can offer Connect before the detector has proof of the record and captures it:
    // keep the tab open until its first sighting is evaluated (its why-log row is stored).
    const otherName = `${OTHER_LEAD!.firstName} ${OTHER_LEAD!.lastName}`;
    await waitFor(`${otherName}'s evaluation in the why log`, async () =>
      ((await readStore(page, 'segmentLog')) as { entries: { recordName: string }[] }[]).some(
        (row) => row.entries.some((entry) => entry.recordName === otherName),
      ),
    );
    await other.close();

    // The why log in the console shows both evaluations.
    await page.reload();
    await page.waitForSelector('.why-log tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('.why-log tbody tr').length >= 2);
    const log = await page.$$eval('.why-log tbody tr', (rows) =>
      rows.map((row) => (row as HTMLElement).innerText),
    );
    const vpName = `${VP_LEAD!.firstName} ${VP_LEAD!.lastName}`;
    expect(log.find((row) => row.includes(vpName))).toMatch(
      /First seen[\s\S]*Matched[\s\S]*VP leads[\s\S]*Connect to “VP outreach”/,
    );
    expect(log.find((row) => row.includes(otherName))).toMatch(
      /First seen[\s\S]*No match[\s\S]*Not connected to any sequence/,
    );
    expect(
      await page.$eval('[data-segment="vp-leads"]', (row) => (row as HTMLElement).innerText),
    ).toContain('1 record in it');
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
