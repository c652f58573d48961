/**
 * The Up next panel on demo CRM pages, driven as a seller drives it: found through the
 * accessibility tree (its shadow root is closed), real clicks and keys, results checked in the
 * panel and in the stored state. Covers connect → complete → next
 * step → reload, skip, snooze until due, a call outcome taking its branch, two tabs on one
 * record, a hostile page stylesheet, and script payloads in record names.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { XSS_LEAD_GUID } from '../../demo/data';
import { panelAxeViolations } from './support/axe';
import {
  call,
  killServiceWorker,
  openExtensionPage,
  readStore,
  serviceWorker,
} from './support/extension';
import {
  acceptsClicks,
  choose,
  panelControl,
  panelFocus,
  panelFrame,
  waitForPanelFrame,
  panelText,
  press,
  waitForCurrentStep,
  waitForPanel,
  waitForPanelText,
  waitForPanelTextGone,
} from './support/panel';
import { waitFor } from './support/wait';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'panel-e2e',
      name: 'Panel journey',
      entity: 'lead',
      steps: [
        { id: 'intro', type: 'task', name: 'Research the account' },
        { id: 'dial', type: 'call', name: 'Discovery call' },
        {
          id: 'reached',
          type: 'condition',
          if: { call: ['connected'], step: 'dial' },
          yes: [{ id: 'book', type: 'task', name: 'Book the demo' }],
          no: [
            { id: 'retry', type: 'task', name: 'Leave a voicemail follow-up' },
            { id: 'last', type: 'task', name: 'Last try' },
          ],
        },
      ],
    },
    {
      id: 'double-e2e',
      name: 'Three tasks',
      entity: 'lead',
      steps: [
        { id: 'first', type: 'task', name: 'First task' },
        { id: 'second', type: 'task', name: 'Second task' },
        { id: 'third', type: 'task', name: 'Third task' },
      ],
    },
  ],
});

let session: Session;
let admin: Page;

/** `window`: in a window of its own, so it stays visible beside the first (a tab behind another
 * gets no accessibility updates to read). */
async function openLead(guid: string, where: 'tab' | 'window' = 'tab'): Promise<Page> {
  const page = await session.browser.newPage({ type: where });
  await page.goto(dynamicsRecordUrl('lead', guid), { waitUntil: 'domcontentloaded' });
  await waitForPanel(page);
  return page;
}

async function connect(page: Page): Promise<void> {
  await choose(page, 'Panel journey');
  await press(page, 'Connect');
  await waitForPanelText(page, 'Research the account');
}

beforeAll(async () => {
  session = await startSession({ latencyMs: 20 });
  admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
  await call(admin, 'importPack', { text: PACK });
  await call(admin, 'setSequenceState', { ids: ['panel-e2e', 'double-e2e'], state: 'active' });
}, 60_000);

afterAll(async () => {
  await session.close();
});

describe('the Up next panel', () => {
  it('connect → complete → the next step appears → reload → still there', async () => {
    const page = await openLead(demoLeads[0]!.guid);
    await connect(page);
    await press(page, 'Complete');
    await waitForCurrentStep(page, 'Discovery call');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForCurrentStep(page, 'Discovery call');
    const rows = (await readStore(admin, 'connections')) as {
      recordKey: string;
      stepId: string;
      stepsDone: number;
    }[];
    expect(rows.find((row) => row.recordKey.endsWith(demoLeads[0]!.guid))).toMatchObject({
      stepId: 'dial',
      stepsDone: 1,
    });
    await page.close();
  });

  it('a call outcome takes the right branch', async () => {
    const page = await openLead(demoLeads[0]!.guid);
    await waitForCurrentStep(page, 'Discovery call');
    await press(page, 'Complete');
    await waitForPanelText(page, 'How did the call go?');
    await choose(page, 'Voicemail');
    await press(page, 'Complete call');
    await waitForCurrentStep(page, 'Leave a voicemail follow-up');
    expect(await panelText(page)).not.toContain('Book the demo');
    await page.close();
  });

  it('skip (with its optional note form) moves on to the next step', async () => {
    const page = await openLead(demoLeads[0]!.guid);
    await waitForCurrentStep(page, 'Leave a voicemail follow-up');
    await press(page, 'Skip');
    // Skip offers an optional note, then "Skip step".
    await press(page, 'Skip step');
    await waitForCurrentStep(page, 'Last try');
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: demoLeads[0]!.guid };
    const { view } = await call(admin, 'getRecordView', { record });
    expect(
      view?.active[0]?.history.filter((h) => h.kind === 'step').map((h) => [h.stepId, h.result]),
    ).toEqual([
      ['intro', 'completed'],
      ['dial', 'completed'],
      ['reached', 'auto'],
      ['retry', 'skipped'],
    ]);
    await page.close();
  });

  it('a snoozed step is hidden from what is due until its time comes', async () => {
    const page = await openLead(demoLeads[1]!.guid);
    await connect(page);
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: demoLeads[1]!.guid };
    const { view } = await call(admin, 'getRecordView', { record });
    const card = view!.active[0]!;
    const dueBefore = (await call(admin, 'getDueCount', {})).due;
    // A chosen time a few seconds ahead, so the test sees it fall due without a fake clock.
    await call(admin, 'actOnRecord', {
      record,
      action: {
        type: 'snooze',
        connectionId: card.connectionId,
        stepId: 'intro',
        revision: card.revision,
        until: Date.now() + 4_000,
      },
    });
    await waitForPanelText(page, 'Snoozed');
    expect((await call(admin, 'getDueCount', {})).due).toBe(dueBefore - 1);
    // The panel's own timer brings the step back when the snooze ends.
    await waitForPanelTextGone(page, 'Snoozed', 15_000);
    expect((await call(admin, 'getDueCount', {})).due).toBe(dueBefore);
    await page.close();
  });

  it('two tabs on one record: completing in one updates the other by itself, once', async () => {
    const guid = demoLeads[1]!.guid;
    const first = await openLead(guid);
    const second = await openLead(guid, 'window');
    await waitForPanelText(first, 'Research the account');
    await waitForPanelText(second, 'Research the account');
    await first.bringToFront();
    await press(first, 'Complete');
    // The other tab updates by itself (live update from the background).
    await waitForCurrentStep(second, 'Discovery call');
    // Stored once (double clicks and concurrent tabs are covered by the chaos test).
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: guid };
    const { view } = await call(admin, 'getRecordView', { record });
    expect(view!.active[0]!.history.filter((h) => h.kind === 'step')).toHaveLength(1);
    await first.close();
    await second.close();
  });

  it('keeps the CRM hotkeys to the CRM: typing in the panel never reaches the page, and the panel has no accessibility violations', async () => {
    const page = await openLead(demoLeads[1]!.guid);
    await waitForCurrentStep(page, 'Discovery call');
    expect(await panelAxeViolations(page)).toEqual([]);

    await press(page, 'Add note');
    const note = await panelControl(page, 'textbox', 'Note');
    await note!.type('Budget Q3/Q4 - call back');
    const state = await page.evaluate(() => ({
      hotkey: document.body.dataset['lastHotkey'] ?? null,
      active: document.activeElement?.tagName.toLowerCase() ?? null,
    }));
    // The page's "/" hotkey (focus search) did not fire while the seller typed in the panel.
    expect(state.hotkey).toBeNull();
    expect(state.active).toBe('upnext-panel');
    expect(await note!.evaluate((element) => (element as HTMLTextAreaElement).value)).toBe(
      'Budget Q3/Q4 - call back',
    );

    // Outside the panel the CRM's hotkey still works.
    await page.mouse.click(300, 600);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.body.dataset['lastHotkey'] ?? null)).toBe('/');
    await page.close();
  });

  it('Disconnect asks in a modal <dialog> opened in the panel: focus stays in it, axe is clean, Escape cancels', async () => {
    const page = await openLead(demoLeads[2]!.guid);
    await connect(page);
    await (await (
      await waitForPanelFrame(page)
    ).waitForSelector('aria/About this sequence', {
      visible: true,
    }))!.click();
    await press(page, 'Disconnect');
    const dialog = await panelControl(
      page,
      'dialog',
      'Disconnect this record from Panel journey? Its remaining steps will not come. Its history is kept.',
    );
    const focus = async () => {
      const { modal, inDialog, text } = await panelFocus(page);
      return { modal, inside: inDialog, focused: text };
    };
    // Modal in the top layer of the panel's page (the panel behind it is inert; the CRM page, in
    // another document, is not), with Cancel focused for a destructive question.
    expect(await focus()).toEqual({ modal: true, inside: true, focused: 'Cancel' });
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await focus()).toEqual({ modal: true, inside: true, focused: 'Disconnect' });
    // Tab from the last button comes back to the first: focus never leaves the dialog for the
    // panel behind it or the CRM page around the panel's frame.
    await page.keyboard.press('Tab');
    expect(await focus()).toEqual({ modal: true, inside: true, focused: 'Cancel' });
    expect(await panelAxeViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await waitFor('the dialog to close', () =>
      dialog.evaluate((element) => !element.isConnected || !(element as HTMLDialogElement).open),
    );
    // Focus is back on the button that opened it, and the record is still connected.
    const back = await panelFocus(page);
    expect(back.popup === 'dialog' ? back.text : null).toBe('Disconnect');
    expect(await panelText(page)).toContain('Research the account');
    await page.close();
  });

  it('survives a hostile page stylesheet and renders script payloads as text', async () => {
    const page = await openLead(XSS_LEAD_GUID);
    await page.addStyleTag({
      content:
        '* { all: unset !important; } div, aside, section { z-index: 2147483647 !important; position: relative !important; }',
    });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await waitForPanelText(page, 'Mallory');
    const landmark = await waitForPanel(page);
    // The panel's page is in a frame: where it sits on the CRM page is the frame's box there.
    const onPage = (await (await panelFrame(page)!.frameElement())!.boundingBox())!;
    const pageWidth = await page.evaluate(() => document.documentElement.clientWidth);
    const panel = await landmark.evaluate(
      (aside, at) => {
        const rect = aside.getBoundingClientRect();
        return {
          images: document.querySelectorAll('img').length,
          position: getComputedStyle(aside).position,
          right: Math.round(at.pageWidth - (at.x + rect.right)),
          width: Math.round(rect.width),
          name: document.body.textContent.includes('<img src=x onerror=alert(1)>'),
        };
      },
      { pageWidth, x: onPage.x },
    );
    expect(panel.images).toBe(0);
    expect(panel.name).toBe(true);
    expect(panel.position).toBe('fixed');
    expect(panel.right).toBe(0);
    expect(panel.width).toBeGreaterThan(250);
    // The panel still works under the hostile stylesheet.
    await connect(page);
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('a script of the CRM page can neither read the panel nor act in it, even holding a button', async () => {
    const guid = demoLeads[3]!.guid;
    const page = await openLead(guid);
    await connect(page);
    // What a page script sees: a host element with no way in, and none of the panel's words.
    const seen = await page.evaluate(() => {
      const host = document.querySelector('upnext-panel');
      return {
        host: host !== null,
        root: host?.shadowRoot ?? null,
        hostText: host?.textContent ?? '',
        pageText: document.body.innerText,
        // The panel page's address (and its token) must not reach the page by another way.
        loaded: performance
          .getEntries()
          .map((entry) => entry.name)
          .filter((name) => !/^https?:/.test(name) && name.includes(':')),
      };
    });
    expect(seen).toMatchObject({ host: true, root: null, hostText: '', loaded: [] });
    expect(seen.pageText).not.toContain('Research the account');

    // Given a reference anyway (here through DevTools), synthetic clicks and keys do nothing.
    const complete = await panelControl(page, 'button', 'Complete');
    await acceptsClicks(complete);
    const busyAfterScript = await complete.evaluate((button) => {
      (button as HTMLElement).click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return button.getAttribute('aria-busy');
    });
    expect(busyAfterScript).toBeNull();
    // The seller's own click is one action.
    await complete.click();
    await waitForCurrentStep(page, 'Discovery call');
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: guid };
    const { view } = await call(admin, 'getRecordView', { record });
    expect(view!.active[0]!.history.filter((h) => h.kind === 'step').map((h) => h.stepId)).toEqual([
      'intro',
    ]);
    await page.close();
  });

  it('a double click is one action: the second click lands on the next step and is ignored', async () => {
    const guid = demoLeads[4]!.guid;
    const page = await openLead(guid);
    await choose(page, 'Three tasks');
    await press(page, 'Connect');
    await waitForCurrentStep(page, 'First task');
    const first = await panelControl(page, 'button', 'Complete');
    await acceptsClicks(first);
    const box = (await first.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    const startedAt = Date.now();
    await page.mouse.click(x, y);
    // The answer came back and the next step's Complete button is under the pointer.
    await waitForCurrentStep(page, 'Second task');
    const next = await panelControl(page, 'button', 'Complete');
    expect(await next.boundingBox()).toEqual(box);
    // The second click of the double click, 80 ms after the first.
    await new Promise((done) => setTimeout(done, Math.max(0, startedAt + 80 - Date.now())));
    await page.mouse.click(x, y);
    const secondAt = Date.now() - startedAt;
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: guid };
    const steps = async () => {
      const { view } = await call(admin, 'getRecordView', { record });
      const card = view!.active.find((c) => c.sequenceId === 'double-e2e')!;
      return card.history.filter((h) => h.kind === 'step').map((h) => h.stepId);
    };
    // The second click reached nothing: one step done, the next one still current.
    expect(await steps()).toEqual(['first']);
    expect(secondAt).toBeLessThan(400);
    expect(await panelText(page)).toContain('Second task');
    // Once the pointer had time to move on, the same button works again.
    await waitFor('the click guard to end', async () => {
      await next.click();
      return (await steps()).length === 2;
    });
    await waitForCurrentStep(page, 'Third task');
    expect(await steps()).toEqual(['first', 'second']);
    await page.close();
  });
  it('the background stopped between two clicks: the next click starts it and completes the step once', async () => {
    const guid = demoLeads[6]!.guid;
    const page = await openLead(guid);
    await choose(page, 'Three tasks');
    await press(page, 'Connect');
    await waitForCurrentStep(page, 'First task');
    // The panel's requests go on a port (lib/messaging/request-port.ts); stopping the worker
    // closes it, and the click opens a new one, which starts the worker again.
    await killServiceWorker(session.browser);
    await acceptsClicks(await panelControl(page, 'button', 'Complete'));
    await press(page, 'Complete');
    await waitForCurrentStep(page, 'Second task');
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: guid };
    const { view } = await call(admin, 'getRecordView', { record });
    const card = view!.active.find((c) => c.sequenceId === 'double-e2e')!;
    expect(card.history.filter((h) => h.kind === 'step').map((h) => h.stepId)).toEqual(['first']);
    expect(await panelText(page)).not.toContain('could not reach');
    // And the next click goes on that new connection.
    await acceptsClicks(await panelControl(page, 'button', 'Complete'));
    await press(page, 'Complete');
    await waitForCurrentStep(page, 'Third task');
    const after = (await call(admin, 'getRecordView', { record })).view!.active.find(
      (c) => c.sequenceId === 'double-e2e',
    )!;
    expect(after.history.filter((h) => h.kind === 'step').map((h) => h.stepId)).toEqual([
      'first',
      'second',
    ]);
    await page.close();
  });

  it('a keyboard shortcut completes the step due on the tab it was pressed on', async () => {
    const guid = demoLeads[5]!.guid;
    const page = await openLead(guid);
    await choose(page, 'Three tasks');
    await press(page, 'Connect');
    await waitForCurrentStep(page, 'First task');
    // A step that just took its place ignores actions a moment (click-guard.ts), shortcuts too.
    await acceptsClicks(await panelControl(page, 'button', 'Complete'));
    // What the background does on Alt+Shift+C (commands.onCommand), which a test cannot press:
    // a broadcast to the extension's pages naming the active tab.
    const { worker } = await serviceWorker(session.browser);
    await worker.evaluate(async (url) => {
      const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === url);
      if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
      await chrome.runtime.sendMessage({
        upnext: 1,
        type: 'shortcut',
        command: 'complete-step',
        tabId: tab.id,
      });
    }, page.url());
    await waitForCurrentStep(page, 'Second task');
    const record = { crm: 'dynamics365', entity: 'lead' as const, id: guid };
    const { view } = await call(admin, 'getRecordView', { record });
    const card = view!.active.find((c) => c.sequenceId === 'double-e2e')!;
    expect(card.history.filter((h) => h.kind === 'step').map((h) => h.stepId)).toEqual(['first']);
    await page.close();
  });
});
