/**
 * State survives closing the browser: a record connected and advanced in one browser session
 * is exactly there after Chromium is started again with the same profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, expect, it } from 'vitest';

import { startDemoServer } from '../../demo/server';
import { launchDemoBrowser } from './support/demo-browser';
import {
  EXTENSION_PATH,
  openExtensionPage,
  sendFromPage,
  serviceWorker,
} from './support/extension';
import { demoLeads, dynamicsRecordUrl } from './support/session';

const profile = mkdtempSync(join(tmpdir(), 'upnext-profile-'));
afterAll(() => rmSync(profile, { recursive: true, force: true }));

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'restart',
      name: 'Restart',
      entity: 'lead',
      steps: [
        { id: 'a', type: 'task' },
        { id: 'b', type: 'task' },
      ],
    },
  ],
});

type Reply = { ok: true; data: any } | { ok: false; error: { message: string } };

it('keeps every connection and step across a browser restart with the same profile', async () => {
  const demo = await startDemoServer({ latencyMs: 0 });
  const record = { crm: 'dynamics365', entity: 'lead', id: demoLeads[2]!.guid };
  try {
    let browser = await launchDemoBrowser({
      port: demo.port,
      extensionPath: EXTENSION_PATH,
      launch: { userDataDir: profile },
    });
    const { id } = await serviceWorker(browser);
    let page = await openExtensionPage(browser, id, 'options.html');
    const call = async (type: string, payload: unknown) => {
      const reply = (await sendFromPage(page, type, payload)) as Reply;
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.data;
    };
    await call('importPack', { text: PACK });
    await call('setSequenceState', { ids: ['restart'], state: 'active' });
    const crm = await browser.newPage();
    await crm.goto(dynamicsRecordUrl('lead', record.id), { waitUntil: 'domcontentloaded' });
    await expect
      .poll(async () => (await call('getRecordView', { record })).view !== null, {
        timeout: 15_000,
      })
      .toBe(true);
    const { view } = await call('actOnRecord', {
      record,
      action: { type: 'connect', sequenceId: 'restart' },
    });
    const card = view.active[0];
    await call('actOnRecord', {
      record,
      action: {
        type: 'complete',
        connectionId: card.connectionId,
        stepId: 'a',
        revision: card.revision,
        note: 'Left a voicemail',
      },
    });
    await browser.close();

    browser = await launchDemoBrowser({
      port: demo.port,
      extensionPath: EXTENSION_PATH,
      launch: { userDataDir: profile },
    });
    const again = await serviceWorker(browser);
    expect(again.id).toBe(id);
    page = await openExtensionPage(browser, id, 'options.html');
    const { view: after } = await call('getRecordView', { record });
    expect(after.active).toHaveLength(1);
    expect(after.active[0].current.stepId).toBe('b');
    expect(
      after.active[0].history.filter((h: { kind: string }) => h.kind === 'step'),
    ).toMatchObject([{ stepId: 'a', result: 'completed', note: 'Left a voicemail' }]);
    expect((await call('getDueCount', {})).due).toBe(1);
    await browser.close();
  } finally {
    await demo.close();
  }
}, 90_000);
