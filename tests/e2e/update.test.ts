/**
 * An extension update in real Chromium (issue #23): `chrome.runtime.reload()` unloads the
 * extension, Chromium drops its alarms, and a new service worker starts. That worker must arm
 * the alarms again from what is stored (the wake-up at the earliest stored due time, the daily
 * maintenance), and the seller's work must be where it was: the same step due, the badge, the
 * panel on the record.
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  call,
  connectAndCompleteFirst,
  enableDeveloperMode,
  openExtensionPage,
  reloadExtension,
  serviceWorker,
} from './support/extension';
import { waitForCurrentStep, waitForPanel } from './support/panel';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';
import { waitFor } from './support/wait';

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'update-due',
      name: 'Proposal',
      entity: 'lead',
      steps: [{ id: 'send', type: 'task', name: 'Send the proposal' }],
    },
    {
      id: 'update-wait',
      name: 'Nurture',
      entity: 'lead',
      steps: [
        { id: 'first', type: 'task', name: 'Research the account' },
        { id: 'pause', type: 'wait', days: 2 },
        { id: 'second', type: 'task', name: 'Check in' },
      ],
    },
  ],
});

const WAKE = 'upnext-wake';
const DAILY = 'upnext-daily';
/** An alarm of no use to Upnext, to see that Chromium really cleared the alarms. */
const PROBE = 'e2e-probe';
const MINUTE = 60_000;

interface Alarm {
  name: string;
  scheduledTime: number;
  periodInMinutes?: number;
}

const lead = demoLeads[0]!;
const record = { crm: 'dynamics365', entity: 'lead' as const, id: lead.guid };

let session: Session;
let admin: Page;
let waitEndsAt: number;

const alarmsOf = (worker: WebWorker): Promise<Alarm[]> =>
  worker.evaluate(() => chrome.alarms.getAll()) as Promise<Alarm[]>;

beforeAll(async () => {
  session = await startSession({ latencyMs: 0 });
  // As on a developer's machine: without it, Chromium does not load an unpacked extension again.
  await enableDeveloperMode(session.browser);
  admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
  await call(admin, 'importPack', { text: PACK });
  await call(admin, 'setSequenceState', { ids: ['update-due', 'update-wait'], state: 'active' });
  const crm = await session.browser.newPage();
  await crm.goto(dynamicsRecordUrl('lead', lead.guid), { waitUntil: 'domcontentloaded' });
  await waitFor(
    'the extension to see the demo lead',
    async () => (await call(admin, 'getRecordView', { record })).view !== null,
  );
  await crm.close();
  // One step due now, and one connection waiting two days.
  await call(admin, 'actOnRecord', {
    record,
    action: { type: 'connect', sequenceId: 'update-due' },
  });
  const waiting = await connectAndCompleteFirst(admin, record, 'update-wait', 'first');
  waitEndsAt = waiting.current!.waitEndsAt!;
}, 60_000);

afterAll(async () => {
  await (session as Session | undefined)?.close();
});

describe('an extension update (runtime.reload)', () => {
  it('the new worker re-arms the wake-up and daily alarms; the due step, badge and panel are unchanged', async () => {
    const old = await serviceWorker(session.browser);
    // Before: the wake-up at the end of the wait, the daily maintenance, one step due.
    const before = await waitFor('the alarms to be armed', async () => {
      const alarms = await alarmsOf(old.worker);
      const names = alarms.map((alarm) => alarm.name);
      return names.includes(WAKE) && names.includes(DAILY) ? alarms : null;
    });
    const wakeBefore = before.find((alarm) => alarm.name === WAKE)!.scheduledTime;
    expect(wakeBefore).toBe(waitEndsAt);
    expect((await call(admin, 'getDueCount', {})).due).toBe(1);
    await old.worker.evaluate((name) => chrome.alarms.create(name, { delayInMinutes: 60 }), PROBE);

    const reloadedAt = Date.now();
    const { worker } = await reloadExtension(session.browser, admin, old.target);

    // Chromium cleared every alarm (the probe is gone), and the new worker armed Upnext's again.
    const after = await waitFor(
      'the new worker to arm its alarms',
      async () => {
        const alarms = await alarmsOf(worker);
        const names = alarms.map((alarm) => alarm.name);
        return names.includes(WAKE) && names.includes(DAILY) ? alarms : null;
      },
      { timeout: 15_000 },
    );
    const armedBy = Date.now();
    expect(after.map((alarm) => alarm.name).sort()).toEqual([DAILY, WAKE]);
    // The wake-up at the same stored instant: when the wait ends.
    expect(after.find((alarm) => alarm.name === WAKE)?.scheduledTime).toBe(waitEndsAt);
    // The daily maintenance: every 24 hours, first 5 minutes after the worker started.
    const daily = after.find((alarm) => alarm.name === DAILY)!;
    expect(daily.periodInMinutes).toBe(24 * 60);
    expect(daily.scheduledTime).toBeGreaterThanOrEqual(reloadedAt + 5 * MINUTE);
    expect(daily.scheduledTime).toBeLessThanOrEqual(armedBy + 5 * MINUTE);

    // What the seller sees is where it was: one step due, on the badge and in the panel.
    admin = await openExtensionPage(session.browser, session.extensionId, 'options.html');
    expect((await call(admin, 'getDueCount', {})).due).toBe(1);
    await expect.poll(() => admin.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');
    const crm = await session.browser.newPage();
    await crm.goto(dynamicsRecordUrl('lead', lead.guid), { waitUntil: 'domcontentloaded' });
    await crm.bringToFront();
    await waitForPanel(crm);
    await waitForCurrentStep(crm, 'Send the proposal');
    const { view } = await call(admin, 'getRecordView', { record });
    expect(view?.active.find((c) => c.sequenceId === 'update-wait')?.current?.waitEndsAt).toBe(
      waitEndsAt,
    );
  }, 90_000);
});
