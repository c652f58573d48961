// @vitest-environment happy-dom
/**
 * A newer copy of the detector taking over a frame (Upnext updated or installed while the tab
 * was open, entrypoints/background/open-crm-tabs.ts): WXT's context tells the old copy when the
 * new one starts, and the old copy takes its panel and listeners away. In real Chromium, where
 * the two copies live in different isolated worlds: tests/e2e/open-tabs-update.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import { panelBridge } from '@/lib/panel-bridge';

import detector from './index';

afterEach(() => {
  const bridge = panelBridge();
  bridge.api = null;
  bridge.pending = null;
  bridge.requested = false;
  fakeBrowser.reset();
});

describe('the CRM detector when a newer copy starts in its frame', () => {
  it('stops its panel, and leaves the new copy to ask for a panel of its own', async () => {
    const old = new ContentScriptContext('crm');
    await detector.main(old);
    const bridge = panelBridge();
    const panel = { show: vi.fn(), expect: vi.fn(), hide: vi.fn(), stop: vi.fn() };
    bridge.api = panel;
    bridge.requested = true;
    bridge.pending = {
      kind: 'expect',
      record: { crm: 'dynamics365', entity: 'lead', id: '1' },
      url: 'https://contoso.crm.dynamics.com/',
    };
    const configListener = vi.spyOn(fakeBrowser.storage.local.onChanged, 'removeListener');

    // What WXT does first when the new copy's script runs.
    const next = new ContentScriptContext('crm');

    expect(old.signal.aborted).toBe(true);
    expect(next.signal.aborted).toBe(false);
    expect(panel.stop).toHaveBeenCalledOnce();
    expect(bridge.requested).toBe(false);
    expect(bridge.pending).toBeNull();
    // The old copy no longer follows the CRM configuration either.
    expect(configListener).toHaveBeenCalledOnce();
    next.abort();
  });

  it('another content script of Upnext starting in the frame does not stop it', async () => {
    const detectorContext = new ContentScriptContext('crm');
    await detector.main(detectorContext);
    const panel = { show: vi.fn(), expect: vi.fn(), hide: vi.fn(), stop: vi.fn() };
    panelBridge().api = panel;

    const panelContext = new ContentScriptContext('panel');

    expect(detectorContext.signal.aborted).toBe(false);
    expect(panel.stop).not.toHaveBeenCalled();
    detectorContext.abort();
    panelContext.abort();
  });
});
