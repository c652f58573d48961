/**
 * Insights in real Chromium (issue #18): a seller completes and skips steps on demo records in
 * the panel; the manager opens Insights and reads the same numbers in the stats table, in the
 * flow chart's accessible table and step table, and in the exported CSV.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from './support/axe';
import { call, openExtensionPage } from './support/extension';
import { choose, press, waitForCurrentStep, waitForPanel } from './support/panel';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';
import { waitFor } from './support/wait';

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'insights-e2e',
      name: 'Insights e2e',
      entity: 'lead',
      tags: ['e2e'],
      steps: [
        { id: 'research', type: 'task', name: 'Research the account' },
        { id: 'prep', type: 'task', name: 'Prepare the call' },
        { id: 'wrap', type: 'task', name: 'Wrap up' },
      ],
    },
  ],
});

let session: Session;
let admin: Page;
let downloads: string;

/** Opens a demo lead, connects it, then completes or skips its steps as `actions` say. */
async function work(
  guid: string,
  actions: ('complete' | 'skip')[],
  names = ['Research the account', 'Prepare the call', 'Wrap up'],
): Promise<void> {
  const page = await session.browser.newPage();
  await page.goto(dynamicsRecordUrl('lead', guid), { waitUntil: 'domcontentloaded' });
  // The panel's root is closed: drive it as a seller does, through its accessible names and
  // real clicks, in the tab in front (a tab behind another gets no accessibility updates).
  await page.bringToFront();
  await waitForPanel(page);
  await choose(page, 'Insights e2e');
  await press(page, 'Connect');
  for (const [index, action] of actions.entries()) {
    await waitForCurrentStep(page, names[index]!);
    if (action === 'complete') await press(page, 'Complete');
    else {
      await press(page, 'Skip');
      await press(page, 'Skip step');
    }
    if (index + 1 < names.length) await waitForCurrentStep(page, names[index + 1]!);
    else {
      // The last step done: it is no longer the card's current step (a region named by it).
      await waitFor(
        'the last step to be done',
        async () => (await page.$$('aria/Wrap up[role="region"]')).length === 0,
        { timeout: 10_000, interval: 50 },
      );
    }
  }
  await page.close();
}

const cellsOf = (selector: string): Promise<string[][]> =>
  admin.$$eval(selector, (rows) =>
    rows.map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
    ),
  );

beforeAll(async () => {
  session = await startSession();
  admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
  await call(admin, 'importPack', { text: PACK });
  await call(admin, 'setSequenceState', { ids: ['insights-e2e'], state: 'active' });
  downloads = mkdtempSync(join(tmpdir(), 'upnext-insights-'));
  const cdp = await admin.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await work(demoLeads[0]!.guid, ['complete', 'complete']);
  await work(demoLeads[1]!.guid, ['skip']);
  await work(demoLeads[2]!.guid, ['complete', 'complete', 'complete']);
}, 120_000);

afterAll(async () => {
  await (session as Session | undefined)?.close();
  if ((downloads as string | undefined) !== undefined)
    rmSync(downloads, { recursive: true, force: true });
});

describe('insights', () => {
  it('the stats table, the flow table, the step table and the CSV show the same numbers', async () => {
    await admin.bringToFront();
    await admin.goto(`chrome-extension://${session.extensionId}/options.html#insights`);
    await admin.waitForSelector('tr[data-sequence="insights-e2e"]', { timeout: 15_000 });
    const [row] = await cellsOf('tr[data-sequence="insights-e2e"]:not([data-version])');
    // Sequence, type, connected 3, in progress 2, completed 1, exited 0, disconnected 0, moved 0,
    // success rate 100 % (the one record that left completed it).
    expect(row?.slice(0, 9)).toEqual([
      'Insights e2e',
      'lead',
      '3',
      '2',
      '1',
      '0',
      '0',
      '0',
      '100 %',
    ]);
    // 6 steps completed + 0 skipped in the window: 6 / 30 per day.
    expect(row?.at(-1)).toBe('0.2');
    expect(await axeViolations(admin)).toEqual([]);

    await admin.click('::-p-aria(Export CSV[role="button"])');
    const file = await waitFor(
      'the CSV download',
      () => readdirSync(downloads).find((name) => name.endsWith('.csv')),
      {
        timeout: 10_000,
      },
    );
    const csv = readFileSync(join(downloads, file), 'utf8').split('\r\n');
    expect(csv[0]).toContain('Connected,In progress,Completed');
    const line = csv.find((text) => text.startsWith('Insights e2e,all,'))?.split(',');
    expect(line?.slice(6, 14)).toEqual(['3', '2', '1', '0', '0', '0', '1', '100']);

    await admin.click('a[href="#insights/insights-e2e"]');
    await admin.waitForSelector('svg.flow-chart', { timeout: 15_000 });
    const flow = await cellsOf('.flow-table tbody tr');
    expect(flow).toEqual(
      expect.arrayContaining([
        ['Connected', 'Research the account', '3'],
        ['Research the account', 'Prepare the call', '3'],
        ['Prepare the call', 'In progress', '1'],
        ['Prepare the call', 'Wrap up', '2'],
        ['Wrap up', 'In progress', '1'],
        ['Wrap up', 'Completed', '1'],
      ]),
    );
    // The chart agrees with its tables: each node's tooltip carries the same count.
    const nodes = await admin.$$eval('svg.flow-chart .flow-chart__node > title', (titles) =>
      titles.map((title) => title.textContent),
    );
    expect(nodes).toEqual(
      expect.arrayContaining([
        'Connected: 3',
        'Research the account: 3',
        'Prepare the call: 3',
        'Wrap up: 2',
        'In progress: 2',
        'Completed: 1',
      ]),
    );
    const steps = await cellsOf('.step-insights tbody tr');
    // Step, reached, completed, skipped, snoozed, still there.
    expect(steps.map((cells) => cells.slice(0, 6))).toEqual([
      ['Research the account', '3', '2', '1', '0', '0'],
      ['Prepare the call', '3', '2', '0', '0', '1'],
      ['Wrap up', '2', '1', '0', '0', '1'],
    ]);
    expect(await admin.$eval('.chart-summary', (p) => p.textContent)).toContain(
      'Of 3 records connected in this period, 1 completed',
    );

    // Clicking a step lists its records.
    await admin.click('::-p-aria(Research the account[role="button"])');
    await admin.waitForSelector('.step-records__list li');
    const listed = await admin.$$eval('.step-records__list li', (items) =>
      items.map((li) => li.textContent),
    );
    expect(listed).toHaveLength(3);
    expect(listed.filter((text) => text?.includes('Skipped'))).toHaveLength(1);
    expect(await axeViolations(admin)).toEqual([]);
  }, 60_000);

  it('with a second version, the all-versions step table sums each step and labels the new one', async () => {
    // Version 2 adds "Write notes" before "Wrap up"; a fourth lead works on it.
    const { state } = await call(admin, 'startRevision', { id: 'insights-e2e' });
    const steps = [
      { id: 'research', type: 'task' as const, name: 'Research the account' },
      { id: 'prep', type: 'task' as const, name: 'Prepare the call' },
      { id: 'notes', type: 'task' as const, name: 'Write notes' },
      { id: 'wrap', type: 'task' as const, name: 'Wrap up' },
    ];
    await call(admin, 'saveDraft', {
      id: 'insights-e2e',
      definition: { ...state.definition, steps },
      saves: state.saves,
    });
    await call(admin, 'publishDraft', { id: 'insights-e2e', note: 'Notes before wrapping up' });
    await work(
      demoLeads[3]!.guid,
      ['complete', 'complete'],
      steps.map((step) => step.name),
    );

    await admin.bringToFront();
    await admin.goto(`chrome-extension://${session.extensionId}/options.html#insights`);
    // The manager looks at the stats table, then goes back to the sequence's page.
    await admin.waitForSelector('tr[data-sequence="insights-e2e"]', { timeout: 15_000 });
    await admin.goto(
      `chrome-extension://${session.extensionId}/options.html#insights/insights-e2e`,
    );
    // The first table drawn is read now, after the fourth lead's steps: coming back, the console
    // drops the figures of its earlier visit as the route changes, before drawing (it used to
    // draw them for a frame, the last ones read between the lead's two actions, and this read
    // could catch them: docs/insights.md, "Figures are never stale").
    await admin.waitForSelector('.step-insights-all tbody tr', { timeout: 15_000 });
    const all = await cellsOf('.step-insights-all tbody tr');
    // Step, reached, completed, skipped, snoozed, still there: versions 1 and 2 together.
    expect(all.map((cells) => cells.slice(0, 6))).toEqual([
      ['Research the account', '4', '3', '1', '0', '0'],
      ['Prepare the call', '4', '3', '0', '0', '1'],
      ['Write notes (only in version 2)', '1', '0', '0', '0', '1'],
      ['Wrap up', '2', '1', '0', '0', '1'],
    ]);
    // Version 2 chosen: the version table shows its own steps and its one record. The page came
    // back on the version it showed before (1), so the wait is for the version table's own
    // "Write notes" row (the all-versions table, also a `.step-insights`, has one already).
    await admin.select('select[id$="-version"]', '2');
    await admin.waitForFunction(
      () =>
        document.querySelector(
          '.step-insights:not(.step-insights-all) tbody tr[data-step="notes"]',
        ) !== null,
      { timeout: 15_000 },
    );
    const version = await cellsOf('.step-insights:not(.step-insights-all) tbody tr');
    expect(version.map((cells) => cells.slice(0, 2))).toEqual([
      ['Research the account', '1'],
      ['Prepare the call', '1'],
      ['Write notes', '1'],
      ['Wrap up', '0'],
    ]);
    expect(await axeViolations(admin)).toEqual([]);
  }, 90_000);
});
