/**
 * The work list and popup in the real built extension (issue #9): seeded connections through
 * the background, filters and sort, complete with Undo (nothing stored) and without (stored),
 * and zero axe violations on both pages.
 *
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from './support/axe';
import { call, openExtensionPage, readStore, sendFromPage } from './support/extension';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';
import { waitFor } from './support/wait';

let session: Session;
let browser: Browser | undefined;
let extensionId: string;

const names = (page: Page): Promise<string[]> =>
  page.$$eval('.vlist__spacer .wrow__name', (links) => links.map((link) => link.textContent));

/**
 * Completes the first row's step: a step with outcomes asks for one in a dialog first (the first
 * outcome is chosen). A row that just moved into place ignores clicks for a moment (its buttons
 * say `aria-disabled`, the double-click guard), so the click waits until it takes clicks. Then
 * waits for the dialog or the undo notice, whichever the step brings.
 */
async function completeFirstRow(page: Page): Promise<void> {
  const complete = await page.waitForSelector(
    '.vlist__spacer [role="row"] .wrow__actions button.button--primary:not([aria-disabled="true"])',
  );
  await complete!.click();
  const next = await page.waitForSelector('dialog[open] .choice-grid button, .notice__undo');
  if (await next!.evaluate((element) => element.matches('dialog[open] .choice-grid button')))
    await next!.click();
}

beforeAll(async () => {
  session = await startSession({ latencyMs: 0 });
  browser = session.browser;
  extensionId = session.extensionId;
  // Seed: a template sequence for leads, activated, and three demo leads connected to it. The
  // extension must have seen each lead on its CRM page first.
  const page = await openExtensionPage(browser, extensionId, 'options.html');
  const { templates } = await call(page, 'listTemplates', {});
  const template = templates.find((t) => t.entity === 'lead')!;
  const { sequence } = await call(page, 'createFromTemplate', { templateId: template.id });
  await call(page, 'setSequenceState', { ids: [sequence.id], state: 'active' });
  const crm = await browser.newPage();
  for (const lead of demoLeads.slice(0, 3)) {
    await crm.goto(dynamicsRecordUrl('lead', lead.guid), { waitUntil: 'domcontentloaded' });
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: lead.guid };
    await waitFor(
      'the extension to see the demo lead',
      async () => (await call(page, 'getRecordView', { record })).view !== null,
    );
    await call(page, 'actOnRecord', {
      record,
      action: { type: 'connect', sequenceId: sequence.id },
    });
  }
  await crm.close();
  await page.close();
}, 120_000);

afterAll(async () => {
  await session.close();
});

describe('work list', () => {
  it('lists due steps, filters, sorts, completes with undo, and has no axe violations', async () => {
    const page = await openExtensionPage(browser!, extensionId, 'worklist.html');
    await page.waitForSelector('.vlist__spacer [role="row"]', { timeout: 15_000 });
    const before = await names(page);
    expect(before.length).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    // Sort by name.
    // The select named "Sort by" (each filter is a label around its own select).
    const sortBy = await page.waitForSelector('aria/Sort by[role="combobox"]');
    expect(await sortBy!.select('name')).toEqual(['name']);
    // The list redraws after the change: wait until it reads in name order, then check it is
    // the same rows (rows due at one instant are not in name order by default).
    const byName = (list: string[]) => [...list].sort((a, b) => a.localeCompare(b));
    const sorted = await waitFor('the work list sorted by name', async () => {
      const shown = await names(page);
      return shown.join('\n') === byName(shown).join('\n') && shown;
    });
    expect(sorted).toEqual(byName(before));

    // Search narrows the list.
    await page.type('input[type="search"]', before[0]);
    await page.waitForFunction(
      (name) => {
        // At least one row, and only that record's (an empty list between two draws is not it).
        const shown = [...document.querySelectorAll('.vlist__spacer .wrow__name')];
        return shown.length > 0 && shown.every((a) => a.textContent === name);
      },
      {},
      before[0],
    );

    // Complete, then Undo: nothing is stored.
    const rowsBefore = (await readStore(page, 'connections')) as { id: string; revision: number }[];
    await completeFirstRow(page);
    await page.waitForSelector('.notice__undo');
    await page.click('.notice__undo');
    await new Promise((done) => setTimeout(done, 6000));
    expect(
      ((await readStore(page, 'connections')) as { revision: number }[]).map((r) => r.revision),
    ).toEqual(rowsBefore.map((r) => r.revision));

    // Complete again and let the undo window pass: the background stores it.
    await completeFirstRow(page);
    await page.waitForFunction(() => document.querySelector('.notice__undo') === null, {
      timeout: 15_000,
    });
    // The action leaves when the window ends, and is stored a moment later: wait for it.
    await expect
      .poll(
        async () =>
          ((await readStore(page, 'connections')) as { revision: number }[]).map((r) => r.revision),
        { timeout: 5_000 },
      )
      .not.toEqual(rowsBefore.map((r) => r.revision));
    await page.close();
  });

  it('popup shows the badge count and the next steps', async () => {
    const page = await openExtensionPage(browser!, extensionId, 'popup.html');
    await page.waitForSelector('.popup__due');
    const reply = (await sendFromPage(page, 'getDueCount', {})) as { data: { due: number } };
    await page.waitForFunction(
      (n) => document.querySelector('.popup__count')?.textContent === n,
      {},
      reply.data.due.toLocaleString(),
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
