/**
 * The service worker registers every browser event listener once, in one place (index.ts): a
 * second `onInstalled` or `onAlarm` listener would run the same work twice on every event.
 * After an update, Chrome has cleared the alarms: the new worker arms them again (the wake-up
 * and daily job on every start, the policy's daily check from `onInstalled`). The same in real
 * Chromium, with `runtime.reload()`: tests/e2e/update.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import background from './index';
import { POLICY_ALARM } from './policy';
import { DAILY_ALARM } from './scheduler';

interface Event {
  addListener: (callback: never) => void;
}

describe('background wiring', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('registers each listener exactly once', () => {
    const events: Record<string, Event> = {
      'runtime.onMessage': fakeBrowser.runtime.onMessage,
      'runtime.onConnect': fakeBrowser.runtime.onConnect,
      'runtime.onInstalled': fakeBrowser.runtime.onInstalled,
      'runtime.onStartup': fakeBrowser.runtime.onStartup,
      'alarms.onAlarm': fakeBrowser.alarms.onAlarm,
      'permissions.onAdded': fakeBrowser.permissions.onAdded,
      'permissions.onRemoved': fakeBrowser.permissions.onRemoved,
      'storage.onChanged': fakeBrowser.storage.onChanged,
      'notifications.onClicked': fakeBrowser.notifications.onClicked,
      'commands.onCommand': fakeBrowser.commands.onCommand,
    };
    const counts = new Map<string, number>();
    for (const [name, event] of Object.entries(events)) {
      vi.spyOn(event, 'addListener').mockImplementation(() => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
      });
    }
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Upnext',
      version: '0.0.0',
    });
    // The start-up catch-up is not under test here: let it find no database.
    vi.spyOn(globalThis.indexedDB, 'open').mockImplementation(() => {
      throw new Error('no database in this test');
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);

    background.main();

    expect(Object.fromEntries(counts)).toEqual(
      Object.fromEntries(Object.keys(events).map((name) => [name, 1])),
    );
  });
});

describe('after an extension update', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('a worker starting with no alarms (Chrome cleared them) arms the daily job and, with a policy pack, its daily check', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Upnext',
      version: '0.2.0',
    });
    // Browser APIs the fake does not implement and this test does not look at.
    for (const event of [
      fakeBrowser.permissions.onAdded,
      fakeBrowser.permissions.onRemoved,
      fakeBrowser.notifications.onClicked,
      fakeBrowser.commands.onCommand,
    ])
      vi.spyOn(event, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue(undefined);
    // No host granted: no custom CRM or mailbox registrations to make.
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [], permissions: [] });
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockResolvedValue([]);
    // The administrator's policy names a sequence pack: its daily check is an alarm too.
    const packUrl = 'https://intranet.example/upnext/pack.json';
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValue({ sequencePackUrl: packUrl });
    const fetched = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          format: 'upnext/v1',
          sequences: [
            {
              id: 'outbound',
              name: 'Outbound',
              entity: 'lead',
              steps: [{ id: 't1', type: 'task' }],
            },
          ],
        }),
      ),
    );
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({
      reason: 'update',
      previousVersion: '0.1.0',
      temporary: false,
    });
    await vi.waitFor(async () => {
      expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.name).sort()).toEqual([
        DAILY_ALARM,
        POLICY_ALARM,
      ]);
    });
    expect(await fakeBrowser.alarms.get(DAILY_ALARM)).toMatchObject({ periodInMinutes: 24 * 60 });
    expect(await fakeBrowser.alarms.get(POLICY_ALARM)).toMatchObject({ periodInMinutes: 24 * 60 });
    expect(fetched).toHaveBeenCalledWith(packUrl, expect.anything());
    // Every start-up task ran through.
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('CRM tabs open at an install or update', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  const DYNAMICS_LEAD =
    'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=91330924-802a-4b0d-a900-34fd9d790829';

  /** The background started with a CRM tab and a tab on another site open; what it injects. */
  async function startWith(): Promise<{
    crmTab: number;
    files: () => number[];
    lookups: () => unknown[];
  }> {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Upnext',
      version: '0.2.0',
    });
    for (const event of [
      fakeBrowser.permissions.onAdded,
      fakeBrowser.permissions.onRemoved,
      fakeBrowser.notifications.onClicked,
      fakeBrowser.commands.onCommand,
    ])
      vi.spyOn(event, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [], permissions: [] });
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockResolvedValue([]);
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValue({});
    const crmTab = (await fakeBrowser.tabs.create({ url: DYNAMICS_LEAD })).id!;
    await fakeBrowser.tabs.create({ url: 'https://news.example/today' });
    // The fake does not filter by match pattern: it answers with every tab.
    const query = fakeBrowser.tabs.query.bind(fakeBrowser.tabs);
    const lookup = vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(() => query({}));
    const execute = vi
      .spyOn(fakeBrowser.scripting, 'executeScript')
      .mockImplementation((injection) =>
        Promise.resolve([
          { frameId: 0, documentId: 'page', result: 'files' in injection ? undefined : false },
        ]),
      );
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    background.main();
    const files = (): number[] =>
      execute.mock.calls
        .map(([injection]) => injection)
        .filter((injection) => 'files' in injection)
        .map((injection) => injection.target.tabId);
    // Looking up tabs by address (broadcasts to every tab ask without one).
    const lookups = (): unknown[] =>
      lookup.mock.calls.filter(([filter]) => filter.url !== undefined);
    return { crmTab, files, lookups };
  }

  it.each(['install', 'update'] as const)(
    'on %s, the open CRM tab gets the detector and the other tab nothing',
    async (reason) => {
      const { crmTab, files } = await startWith();
      await fakeBrowser.runtime.onInstalled.trigger({ reason, temporary: false });
      await vi.waitFor(() => {
        expect(files()).toEqual([crmTab]);
      });
    },
  );

  it('on a browser update, content scripts are current: nothing is injected', async () => {
    const { crmTab, files, lookups } = await startWith();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'browser_update', temporary: false });
    // Registrations are reconciled one run at a time, so once an update that follows has served
    // the tab, the browser update's run is over too: it injected nothing and looked up no tab.
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', temporary: false });
    await vi.waitFor(() => {
      expect(files()).toEqual([crmTab]);
    });
    // One lookup (the built-in hosts; no custom CRM is registered), by the update.
    expect(lookups()).toHaveLength(1);
  });
});
