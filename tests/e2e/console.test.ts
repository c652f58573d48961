/**
 * The manager console (issue #8) in real Chromium with the built extension: import a pack
 * through the real file input, read the dry run, apply it, activate the sequence, connect a
 * demo CRM record from the panel, find it under Connected records, and export the sequence
 * back, back everything up from the Data section and restore that file after a reset. Every
 * section must have zero axe violations.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_DATA } from '../../demo/data';
import { axeViolations } from './support/axe';
import { demoOrigin } from './support/demo-browser';
import { openExtensionPage } from './support/extension';
import { choose, press, waitForPanelText } from './support/panel';
import { startSession, type Session } from './support/session';
import { waitFor } from './support/wait';

const PACK = resolve(import.meta.dirname, '../fixtures/packs/console-small.json');
const INVALID_PACK = resolve(import.meta.dirname, '../fixtures/packs/console-invalid.json');
const SEQUENCE_ID = 'console-e2e-intro';
const SEQUENCE_NAME = 'Console e2e: intro';

let session: Session | undefined;
let browser: Browser;
let extensionId: string;
let page: Page;
let downloads: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  session = await startSession();
  ({ browser, extensionId } = session);
  page = await openExtensionPage(browser, extensionId, 'options.html#sequences');
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  downloads = mkdtempSync(join(tmpdir(), 'upnext-console-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
});

afterAll(async () => {
  // beforeAll may have failed part-way: close only what was started.
  await session?.close();
  const started = { downloads } as Partial<{ downloads: string }>;
  if (started.downloads !== undefined) rmSync(started.downloads, { recursive: true, force: true });
});

async function clickButton(text: string, scope = 'body'): Promise<void> {
  await page.waitForFunction(
    (label, root) =>
      [...document.querySelectorAll(`${root} button`)].some(
        (button) => button.textContent.trim() === label && !(button as HTMLButtonElement).disabled,
      ),
    {},
    text,
    scope,
  );
  await page.evaluate(
    (label, root) => {
      const button = [...document.querySelectorAll<HTMLButtonElement>(`${root} button`)].find(
        (candidate) => candidate.textContent.trim() === label && !candidate.disabled,
      );
      button?.click();
    },
    text,
    scope,
  );
}

const mainText = (): Promise<string> => page.$eval('main', (main) => main.innerText);

async function expectNoAxeViolations(): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('manager console', () => {
  it('shows every section without accessibility violations', async () => {
    for (const section of ['sequences', 'records', 'crms', 'settings', 'data']) {
      await page.goto(`chrome-extension://${extensionId}/options.html#${section}`);
      await page.waitForSelector('h1#section-title');
      await page.waitForFunction(
        () => document.querySelector('[role="status"]')?.textContent.includes('Loading') !== true,
      );
      await expectNoAxeViolations();
    }
  });

  it('lists every problem of an invalid pack with its line and column', async () => {
    await page.goto(`chrome-extension://${extensionId}/options.html#sequences`);
    await clickButton('Import a pack');
    const input = await page.waitForSelector('input[type="file"]');
    await input!.uploadFile(INVALID_PACK);
    await page.waitForSelector('.problems li');
    const problems = await page.$$eval('.problems li', (items) =>
      items.map((item) => (item as HTMLElement).innerText),
    );
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems.every((text) => /Line \d+, column \d+/.test(text))).toBe(true);
    expect((await mainText()).match(/nothing was imported/gi)).toHaveLength(1);
  });

  it('imports a pack through the file input: dry run, then apply', async () => {
    await page.goto(`chrome-extension://${extensionId}/options.html#sequences`);
    await page.reload();
    await clickButton('Import a pack');
    const input = await page.waitForSelector('input[type="file"]');
    await input!.uploadFile(PACK);
    await page.waitForSelector('[data-testid="import-plan"]');
    const plan = await page.$eval(
      '[data-testid="import-plan"]',
      (element) => (element as HTMLElement).innerText,
    );
    expect(plan).toContain('1 new');
    expect(plan).toContain(SEQUENCE_NAME);
    await expectNoAxeViolations();
    await clickButton('Import');
    await page.waitForFunction(() => document.body.innerText.includes('Imported: 1 new'));
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('.row-link')].some((link) => link.textContent === name),
      {},
      SEQUENCE_NAME,
    );
  });

  it('activates the sequence and draws its steps as a tree', async () => {
    await page.click(`button[aria-label="Activate ${SEQUENCE_NAME}"]`);
    await page.waitForSelector(`button[aria-label="Deactivate ${SEQUENCE_NAME}"]`);
    await page.goto(`chrome-extension://${extensionId}/options.html#sequence/${SEQUENCE_ID}`);
    await page.waitForSelector('.tree');
    const tree = await page.$eval('.tree', (element) => (element as HTMLElement).innerText);
    expect(tree).toContain('Wait 2 days');
    expect(tree).toContain('If the customer replied to “Intro email” within 3 days');
    expect(tree).toMatch(/Yes[\s\S]*Book a call[\s\S]*No[\s\S]*Follow up/);
    await expectNoAxeViolations();
  });

  it('connects a demo record from the panel and lists it under Connected records', async () => {
    const lead = DEMO_DATA.leads[0];
    const crm = await browser.newPage();
    try {
      await crm.goto(
        `${demoOrigin('dynamics')}/main.aspx?pagetype=entityrecord&etn=lead&id=${lead.guid}`,
        { waitUntil: 'domcontentloaded' },
      );
      // The panel lists active sequences for this record type; pick ours and connect.
      await waitForPanelText(crm, SEQUENCE_NAME, 15_000);
      // Pick our sequence in the picker (a radio per sequence), then Connect, as a seller does.
      await choose(crm, SEQUENCE_NAME);
      await press(crm, 'Connect');
      await waitForPanelText(crm, 'Intro email', 15_000);
    } finally {
      await crm.close();
    }

    await page.goto(`chrome-extension://${extensionId}/options.html#records`);
    await page.waitForSelector('table');
    const records = await mainText();
    expect(records).toContain(SEQUENCE_NAME);
    expect(records).toContain('Intro email');
    const link = await page.$eval('tbody a[target="_blank"]', (anchor) => anchor.href);
    expect(link).toContain(lead.guid);
    await expectNoAxeViolations();

    await page.goto(
      `chrome-extension://${extensionId}/options.html#sequence/${SEQUENCE_ID}/records`,
    );
    await page.waitForSelector('tbody tr');
    expect(await page.$$eval('tbody tr', (rows) => rows.length)).toBe(1);
  });

  it("follows a seller's action in a CRM tab without a reload", async () => {
    const lead = DEMO_DATA.leads[0];
    await page.goto(
      `chrome-extension://${extensionId}/options.html#sequence/${SEQUENCE_ID}/records`,
    );
    await page.waitForSelector('tbody tr');
    const rowText = (): Promise<string> => page.$eval('tbody tr', (row) => row.textContent ?? '');
    expect(await rowText()).toMatch(/Intro email.*0 steps done/);
    const crm = await browser.newPage();
    try {
      await crm.goto(
        `${demoOrigin('dynamics')}/main.aspx?pagetype=entityrecord&etn=lead&id=${lead.guid}`,
        { waitUntil: 'domcontentloaded' },
      );
      await waitForPanelText(crm, 'Intro email', 15_000);
      await press(crm, 'Complete');
      // The console page, in a tab behind, moves on by itself: no navigation, no reload.
      await waitFor('the console to show the completed step', async () =>
        /(?<!\d)1 step done/.test(await rowText()),
      );
    } finally {
      await crm.close();
    }
    expect(await rowText()).not.toContain('Intro email');
  });

  it('exports the sequence back to the same definition', async () => {
    await page.goto(`chrome-extension://${extensionId}/options.html#sequences`);
    await page.waitForSelector(`button[aria-label="Export ${SEQUENCE_NAME}"]`);
    await page.click(`button[aria-label="Export ${SEQUENCE_NAME}"]`);
    await page.waitForFunction(() => document.body.innerText.includes('Exported 1 sequence'));
    const files = await waitFor('the exported file in the downloads folder', () => {
      const found = readdirSync(downloads).filter((name) => name.endsWith('.json'));
      return found.length > 0 ? found : null;
    });
    expect(files).toHaveLength(1);
    const exported = JSON.parse(readFileSync(join(downloads, files[0]), 'utf8')) as {
      format: string;
      sequences: unknown[];
    };
    const original = JSON.parse(readFileSync(PACK, 'utf8')) as { sequences: unknown[] };
    expect(exported.format).toBe('upnext/v1');
    expect(exported.sequences).toEqual(original.sequences);
    expect(pageErrors).toEqual([]);
  });

  it('backs up from the Data section, and that file restores everything after a reset', async () => {
    await page.goto(`chrome-extension://${extensionId}/options.html#data`);
    await clickButton('Download a backup');
    await page.waitForFunction(() =>
      document.body.innerText.includes('Backup saved as upnext-backup-'),
    );
    const name = await waitFor('the backup file in the downloads folder', () => {
      const found = readdirSync(downloads).find((file) => /^upnext-backup-.*\.json$/.test(file));
      return found ?? null;
    });
    const file = join(downloads, name);
    const backup = await waitFor('the whole backup file', () => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as {
          format: string;
          stores: { sequences: { id: string }[]; connections: { sequenceId: string }[] };
        };
      } catch {
        return null;
      }
    });
    expect(backup.format).toBe('upnext-backup/v1');
    expect(backup.stores.sequences.map((sequence) => sequence.id)).toContain(SEQUENCE_ID);
    expect(backup.stores.connections.map((row) => row.sequenceId)).toEqual([SEQUENCE_ID]);

    await page.type(
      '#' + (await page.$eval('label.field__label', (label) => label.htmlFor)),
      'RESET',
    );
    await clickButton('Delete all Upnext data');
    await page.waitForFunction(() =>
      document.body.innerText.includes('All Upnext data was deleted.'),
    );

    const input = await page.$('input[type="file"]');
    await input!.uploadFile(file);
    await page.waitForFunction(() => document.body.innerText.includes('Restored 1 sequence'));
    expect(await mainText()).toContain('1 record');

    // A file that is not a backup is refused in the worker's words (messages.json), and the
    // restored data stays.
    const broken = join(downloads, 'not-a-backup.json');
    writeFileSync(broken, '{ "format": "upnext-backup/v1", ');
    const again = await page.$('input[type="file"]');
    await again!.uploadFile(broken);
    await page.waitForFunction(() =>
      document.body.innerText.includes(
        'This file is not an Upnext backup: it is not valid JSON. Nothing was changed.',
      ),
    );
    await page.goto(
      `chrome-extension://${extensionId}/options.html#sequence/${SEQUENCE_ID}/records`,
    );
    await page.waitForSelector('tbody tr');
    expect(await page.$$eval('tbody tr', (rows) => rows.length)).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('lists time zones by their current names and keeps the one chosen (issue #15)', async () => {
    // Chromium's own list holds Europe/Kiev and Asia/Calcutta, not the current names.
    await page.goto(`chrome-extension://${extensionId}/options.html#settings`);
    const select = 'select[id$="-zone"]';
    await page.waitForSelector(select);
    const values = await page.$$eval(`${select} option`, (options) =>
      options.map((option) => (option as HTMLOptionElement).value),
    );
    expect(values).toEqual(expect.arrayContaining(['Europe/Kyiv', 'Asia/Kolkata']));
    expect(values).not.toContain('Europe/Kiev');
    expect(values).not.toContain('Asia/Calcutta');

    await page.select(select, 'Europe/Kyiv');
    await clickButton('Save settings');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent === 'Saved'),
    );
    await page.reload();
    await page.waitForSelector(select);
    const shown = await page.$eval(select, (element) => {
      const zone = element as HTMLSelectElement;
      return { value: zone.value, text: zone.selectedOptions[0]?.textContent };
    });
    expect(shown).toEqual({ value: 'Europe/Kyiv', text: 'Europe/Kyiv' });

    // Back to the browser's zone for whatever runs next.
    await page.select(select, '');
    await clickButton('Save settings');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent === 'Saved'),
    );
    expect(pageErrors).toEqual([]);
  });
});
