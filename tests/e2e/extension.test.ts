/**
 * The foundation, end to end in real Chromium with the production build: the extension loads,
 * the panel mounts in a closed shadow root on a CRM record page, the background answers, what it
 * stores is in IndexedDB, and a killed service worker restarts on the next message with the
 * data intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { killServiceWorker, openExtensionPage, readStore, sendFromPage } from './support/extension';
import { waitForPanel } from './support/panel';
import { demoLeads, dynamicsRecordUrl, startSession, type Session } from './support/session';

let session: Session;

beforeAll(async () => {
  session = await startSession({ latencyMs: 30 });
});
afterAll(async () => {
  await session.close();
});

describe('the extension in Chromium', () => {
  it('answers from the background and checks what it is sent', async () => {
    const page = await openExtensionPage(session.browser, session.extensionId, 'options.html');
    const ping = (await sendFromPage(page, 'ping', {})) as {
      ok: boolean;
      data: { version: string };
    };
    expect(ping).toMatchObject({ ok: true, data: { version: '0.1.0' } });
    const garbage = (await sendFromPage(page, 'actOnRecord', {
      record: { crm: 'x', entity: 'lead' },
    })) as { ok: boolean; error: { code: string; message: string } };
    expect(garbage.ok).toBe(false);
    expect(garbage.error.code).toBe('invalid-message');
    expect(garbage.error.message).toMatch(/invalid 'actOnRecord' request/);
    await page.close();
  });

  it('mounts the panel on a record page and stores the record; a killed worker restarts with the data intact', async () => {
    const [first, second] = demoLeads;
    const page = await session.browser.newPage();
    await page.goto(dynamicsRecordUrl('lead', first!.guid), { waitUntil: 'domcontentloaded' });
    await waitForPanel(page);
    // The root is closed: the page sees the host and nothing inside it.
    expect(
      await page.evaluate(() => {
        const host = document.querySelector('upnext-panel');
        return { host: host !== null, root: host?.shadowRoot ?? null };
      }),
    ).toEqual({ host: true, root: null });

    const options = await openExtensionPage(session.browser, session.extensionId, 'options.html');
    const key = `dynamics365|lead|${first!.guid}`;
    await expect
      .poll(
        async () => ((await readStore(options, 'records')) as { key: string }[]).map((r) => r.key),
        { timeout: 10_000 },
      )
      .toContain(key);

    await killServiceWorker(session.browser);

    // The next navigation's message wakes the worker; both records are there afterwards.
    await page.bringToFront();
    await page.evaluate(
      (url) => {
        history.pushState({}, '', url);
        dispatchEvent(new PopStateEvent('popstate'));
      },
      dynamicsRecordUrl('lead', second!.guid),
    );
    const secondKey = `dynamics365|lead|${second!.guid}`;
    await expect
      .poll(
        async () =>
          ((await readStore(options, 'records')) as { key: string }[]).map((r) => r.key).sort(),
        { timeout: 15_000 },
      )
      .toEqual([key, secondKey].sort());
    const ping = (await sendFromPage(options, 'ping', {})) as { data: { uptimeMs: number } };
    expect(ping.data.uptimeMs).toBeLessThan(60_000);
    await page.close();
    await options.close();
  });
});
