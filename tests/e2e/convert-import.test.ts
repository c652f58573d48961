/**
 * Bringing a sequence over from another tool (issue #21) in real Chromium with the built
 * extension: the manager chooses a lemlist export in the console's import panel; the page says
 * what it recognised, shows the dry run of the converted pack with what did not carry over
 * beside it, imports it, and the sequence's steps (with the converted condition) are there.
 */
import { resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axeViolations } from './support/axe';
import { launchDemoBrowser } from './support/demo-browser';
import { EXTENSION_PATH, openExtensionPage, readStore, serviceWorker } from './support/extension';

const LEMLIST = resolve(import.meta.dirname, '../fixtures/convert/lemlist-sequences.json');
const NAME = 'Coffee roasters — Q3';
const ID = 'lemlist-cam_q7m2lq9dfakea1';

let browser: Browser;
let extensionId: string;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // No CRM page is opened here, so no demo server: the port is never dialled.
  browser = await launchDemoBrowser({ port: 9, extensionPath: EXTENSION_PATH });
  extensionId = (await serviceWorker(browser)).id;
  page = await openExtensionPage(browser, extensionId, 'options.html#sequences');
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

afterAll(async () => {
  await (browser as Browser | undefined)?.close();
});

async function clickButton(text: string): Promise<void> {
  const button = await page.waitForSelector(`::-p-aria(${text}[role="button"])`, { visible: true });
  await page.waitForFunction((element) => !(element as HTMLButtonElement).disabled, {}, button);
  await button!.click();
}

describe('console import of another tool’s export', () => {
  it('recognises a lemlist export and shows the dry run with what did not carry over', async () => {
    await clickButton('Import a pack');
    const input = await page.waitForSelector('input[type="file"]');
    await input!.uploadFile(LEMLIST);
    await page.waitForSelector('[data-testid="import-plan"]');
    const summary = await page.$eval(
      '[data-testid="conversion-summary"]',
      (element) => (element as HTMLElement).innerText,
    );
    expect(summary).toContain('Recognised: lemlist campaign sequences.');
    const plan = await page.$eval(
      '[data-testid="import-plan"]',
      (element) => (element as HTMLElement).innerText,
    );
    expect(plan).toContain('1 new');
    expect(plan).toContain(NAME);
    const warnings = await page.$eval(
      '[data-testid="conversion-warnings"]',
      (element) => (element as HTMLElement).innerText,
    );
    expect(warnings).toContain('Did not carry over exactly (8)');
    expect(warnings).toContain('Branch sequence seq_MissingFake5 is not in the file');
    expect(warnings).toContain('sequences[3].steps[1].delay');
    // Beside the dry run, not under it, on a wide window.
    const [planBox, warningsBox] = await Promise.all([
      page.$eval(
        '[data-testid="import-plan"]',
        (element) => element.getBoundingClientRect().toJSON() as DOMRect,
      ),
      page.$eval(
        '[data-testid="conversion-warnings"]',
        (element) => element.getBoundingClientRect().toJSON() as DOMRect,
      ),
    ]);
    expect(warningsBox.left).toBeGreaterThan(planBox.left + planBox.width / 2);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('imports the converted pack, which the background validated and stored', async () => {
    await clickButton('Import');
    await page.waitForFunction(() => document.body.innerText.includes('Imported: 1 new'));
    const stored = (await readStore(page, 'sequences')) as {
      id: string;
      state: string;
      definition: { entity: string; steps: unknown[] };
    }[];
    const sequence = stored.find((record) => record.id === ID);
    expect(sequence).toMatchObject({ state: 'draft', definition: { entity: 'lead' } });
    await page.goto(`chrome-extension://${extensionId}/options.html#sequence/${ID}`);
    await page.waitForSelector('.tree');
    const tree = await page.$eval('.tree', (element) => (element as HTMLElement).innerText);
    expect(tree).toContain('LinkedIn: connect');
    expect(tree).toMatch(/If the customer opened “Email” within 3 days/);
    expect(tree).toContain('LinkedIn invite accepted?');
    expect(pageErrors).toEqual([]);
  });
});
