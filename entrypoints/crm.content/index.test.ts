// @vitest-environment happy-dom
/**
 * A newer copy of the detector taking over a frame (Upnext updated or installed while the tab
 * was open, entrypoints/background/open-crm-tabs.ts): WXT's context tells the old copy when the
 * new one starts, and the old copy takes its listeners away (its panel goes with the same
 * context: lib/panel-mount.test.ts). In real Chromium, where the two copies live in different
 * isolated worlds: tests/e2e/open-tabs-update.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import detector from './index';

afterEach(() => {
  fakeBrowser.reset();
});

describe('the CRM detector when a newer copy starts in its frame', () => {
  it('stops, and no longer follows the CRM configuration', async () => {
    const old = new ContentScriptContext('crm');
    await detector.main(old);
    const configListener = vi.spyOn(fakeBrowser.storage.local.onChanged, 'removeListener');

    // What WXT does first when the new copy's script runs.
    const next = new ContentScriptContext('crm');

    expect(old.signal.aborted).toBe(true);
    expect(next.signal.aborted).toBe(false);
    expect(configListener).toHaveBeenCalledOnce();
    next.abort();
  });

  it('another content script of Upnext starting in the frame does not stop it', async () => {
    const detectorContext = new ContentScriptContext('crm');
    await detector.main(detectorContext);

    const mailboxContext = new ContentScriptContext('mailbox');

    expect(detectorContext.signal.aborted).toBe(false);
    detectorContext.abort();
    mailboxContext.abort();
  });
});
