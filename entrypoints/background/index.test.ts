/**
 * The service worker registers every browser event listener once, in one place (index.ts): a
 * second `onInstalled` or `onAlarm` listener would run the same work twice on every event.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import background from './index';

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
