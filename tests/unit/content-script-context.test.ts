// @vitest-environment happy-dom
/**
 * The lean content-script context keeps what WXT's does for us: a newer copy of the same script
 * in this frame (Upnext updated while the tab was open) ends the older copy's context, and
 * nothing else does.
 */
import { describe, expect, it } from 'vitest';

import { ContentScriptContext } from '../../scripts/content-script-context';

describe('the content-script context', () => {
  it('ends when a newer copy of the same script starts, and only then', () => {
    const old = new ContentScriptContext('panel', { noScriptStartedPostMessage: true });
    let ended = 0;
    old.onInvalidated(() => (ended += 1));
    const abortedListener = { calls: 0 };
    document.addEventListener('visibilitychange', () => (abortedListener.calls += 1), {
      signal: old.signal,
    });

    new ContentScriptContext('crm', { noScriptStartedPostMessage: true });
    expect(old.isInvalid).toBe(false);

    const newer = new ContentScriptContext('panel', { noScriptStartedPostMessage: true });
    expect(old.isInvalid).toBe(true);
    expect(old.signal.aborted).toBe(true);
    expect(ended).toBe(1);
    expect(newer.isInvalid).toBe(false);
    // Listeners registered with its signal went with it.
    document.dispatchEvent(new Event('visibilitychange'));
    expect(abortedListener.calls).toBe(0);
  });

  it('can be ended by its script (the detector that asked for the panel stopped)', () => {
    const ctx = new ContentScriptContext('panel', { noScriptStartedPostMessage: true });
    ctx.abort('stopped');
    expect(ctx.isInvalid).toBe(true);
  });
});
