/**
 * The handover between the designer's early script and the console's script: the draft is asked
 * for once, by whichever runs first, only on a draft's designer, and a change broadcast before
 * the page could hear it makes the page ask again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { startEarlyDesignerRead, takeEarlyDesignerRead } from './designer-early-read';

const STATE = { state: null };

function answer() {
  return vi
    .spyOn(fakeBrowser.runtime, 'sendMessage')
    .mockImplementation(() => Promise.resolve({ ok: true, data: STATE }));
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['__upnextDesignerRead'];
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe('designer early read', () => {
  it("the page takes the draft the early script asked for, once, for the address's sequence", async () => {
    const send = answer();
    startEarlyDesignerRead('#sequence/big%20one/design');
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      upnext: 1,
      type: 'getDesigner',
      payload: { id: 'big one' },
    });
    const read = takeEarlyDesignerRead();
    expect(read?.id).toBe('big one');
    await expect(read?.reply).resolves.toEqual(STATE);
    expect(takeEarlyDesignerRead()).toBeNull();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('asks nothing on other console pages, nor for a stored version', () => {
    const send = answer();
    startEarlyDesignerRead('#sequences');
    startEarlyDesignerRead('#sequence/s1');
    startEarlyDesignerRead('#sequence/s1/versions/2');
    expect(send).not.toHaveBeenCalled();
    expect(takeEarlyDesignerRead()).toBeNull();
  });

  it('when the page runs first, the early script asks nothing', () => {
    const send = answer();
    expect(takeEarlyDesignerRead()).toBeNull();
    startEarlyDesignerRead('#sequence/s1/design');
    expect(send).not.toHaveBeenCalled();
  });

  it('a change broadcast before the page took the read drops it: the page asks again', async () => {
    answer();
    const stopped = vi.spyOn(fakeBrowser.runtime.onMessage, 'removeListener');
    startEarlyDesignerRead('#sequence/s1/design');
    const heard = await fakeBrowser.runtime.onMessage.trigger({ type: 'dataChanged' }, {});
    // Heard without a reply: the broadcast is not answered by the page.
    expect(heard).toEqual([undefined]);
    expect(takeEarlyDesignerRead()).toBeNull();
    // The early script stopped listening: the page's own listener hears the next change.
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('a failed read reaches the page as the failure, not as an unhandled rejection', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() =>
      Promise.reject(new Error('no background')),
    );
    startEarlyDesignerRead('#sequence/s1/design');
    await new Promise((done) => setTimeout(done, 0));
    const read = takeEarlyDesignerRead();
    await expect(read?.reply).rejects.toThrow(/could not reach its background/);
  });
});
