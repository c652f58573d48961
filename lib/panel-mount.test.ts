// @vitest-environment happy-dom
/**
 * The panel's mount, run by the detector: nothing on a page until the detector asks for a panel;
 * requests wait for the frame's port (only the latest is kept) and then go on it in order; only
 * a port and messages with the mount's token count; the panel goes with the detector's context. In real Chromium:
 * tests/e2e/panel.test.ts and tests/e2e/open-tabs-update.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

import type { PendingPanel } from './panel-bridge';
import { mountPanel } from './panel-mount';

const TOKEN = '7f0c6f0e-1111-4222-8333-944445555666';
const record = { crm: 'dynamics365', entity: 'lead', id: '1' } as const;
const url = 'https://contoso.crm.dynamics.com/main.aspx?etn=lead&id=1';
const expectIt: PendingPanel = { kind: 'expect', record, url };
const showIt: PendingPanel = {
  kind: 'show',
  sighting: { record, url, title: 'Ada', fields: { name: 'Ada' } },
};

let attachShadow: MockInstance<Element['attachShadow']>;
/** What the mount sent on the frame's port (or on any other port it took). */
let sent: unknown[] = [];
/** The mount's `runtime.onConnect` listeners (the fake browser has no ports). */
let onConnect: ((port: Browser.runtime.Port) => void)[] = [];
/** The mount's listeners on the frame's last port: what the frame says goes to them. */
let onPortMessage: ((message: unknown) => void)[] = [];

beforeEach(() => {
  sent = [];
  onConnect = [];
  onPortMessage = [];
  vi.spyOn(crypto, 'randomUUID').mockReturnValue(TOKEN);
  // The mount's closed root, kept for the test (the page never gets it).
  attachShadow = vi.spyOn(Element.prototype, 'attachShadow');
  vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation((listener) => {
    onConnect.push(listener);
  });
  vi.spyOn(fakeBrowser.runtime.onConnect, 'removeListener').mockImplementation((listener) => {
    onConnect = onConnect.filter((l) => l !== listener);
  });
  // Nothing goes by runtime message any more.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => {
    throw new Error('the mount sent a runtime message');
  });
});

/**
 * The frame opens its port to the tab (`tabs.connect`, named with its token); the mount's
 * messages on it land in `sent`, and `fromFrame` posts on it. Returns a function that cuts it
 * (the page went into the back-forward cache).
 */
function connect(name = TOKEN): () => void {
  const disconnected: (() => void)[] = [];
  const listeners: ((message: unknown) => void)[] = [];
  onPortMessage = listeners;
  const port = {
    name,
    sender: { id: fakeBrowser.runtime.id },
    postMessage: (message: unknown) => sent.push(message),
    onMessage: { addListener: (listener: (message: unknown) => void) => listeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => disconnected.push(listener) },
  } as unknown as Browser.runtime.Port;
  for (const listener of onConnect) listener(port);
  return () => {
    port.postMessage = () => {
      throw new Error('Attempting to use a disconnected port object');
    };
    for (const listener of disconnected) listener();
  };
}

afterEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  for (const element of document.querySelectorAll('upnext-panel')) element.remove();
});

/** The frame's message on its last port. */
const fromFrame = (message: unknown): Promise<void> => {
  for (const listener of onPortMessage) listener(message);
  return Promise.resolve();
};
const root = (): ShadowRoot | undefined =>
  attachShadow.mock.results[0]?.value as ShadowRoot | undefined;
const iframe = (): HTMLIFrameElement | null => root()?.querySelector('iframe') ?? null;
/** Whether the cover hides what the frame shows (the CRM page sees the cover, not the frame). */
const coveredNow = (): boolean => root()?.querySelector('div')?.classList.contains('wait') ?? false;
const size = (seen: number, token = TOKEN) =>
  fromFrame({
    upnextFrame: token,
    do: 'size',
    shown: true,
    collapsed: false,
    width: 340,
    height: 0,
    seen,
  });

describe('the panel mount', () => {
  it('adds nothing to the page until the detector asks for a panel', () => {
    const ctx = new ContentScriptContext('crm');
    mountPanel(ctx).hide();
    expect(document.querySelector('upnext-panel')).toBeNull();
    ctx.abort();
  });

  it('frames the panel page with its token in the fragment, and sends the latest request once the frame opened its port', () => {
    const ctx = new ContentScriptContext('crm');
    const panel = mountPanel(ctx);
    panel.request(expectIt);
    panel.request(showIt);
    expect(document.querySelectorAll('upnext-panel')).toHaveLength(1);
    const src = new URL(iframe()?.src ?? '');
    expect(src.pathname).toBe('/panel-frame.html');
    expect(src.hash).toBe(`#${TOKEN}`);
    expect(src.search).toBe('');
    expect(sent).toEqual([]);

    // Another copy of the page (another token, or none) cannot make the mount talk.
    connect('guessed');
    connect('');
    expect(sent).toEqual([]);

    const cut = connect();
    expect(sent).toEqual([{ upnextFrame: TOKEN, do: 'show', sighting: showIt.sighting }]);
    panel.request(expectIt);
    expect(sent.at(-1)).toEqual({ upnextFrame: TOKEN, do: 'expect', record, url, n: 2 });

    // The port closed (the page went into the back-forward cache): the latest request waits for
    // the frame's next port, and goes on it.
    cut();
    panel.request(showIt);
    panel.request(expectIt);
    expect(sent).toHaveLength(2);
    connect();
    expect(sent).toHaveLength(3);
    expect(sent.at(-1)).toEqual({ upnextFrame: TOKEN, do: 'expect', record, url, n: 3 });
    ctx.abort();
    expect(onConnect).toEqual([]);
  });

  it('gives the iframe the box its frame asks for, clamped to whole pixels', async () => {
    const ctx = new ContentScriptContext('crm');
    mountPanel(ctx).request(showIt);
    connect();
    const frame = iframe();
    await fromFrame({
      upnextFrame: TOKEN,
      do: 'size',
      shown: true,
      collapsed: true,
      width: 40.6,
      height: 1e9,
    });
    expect(frame?.className.split(' ')).toEqual(['shown', 'collapsed']);
    expect(frame?.style.width).toBe('41px');
    expect(frame?.style.height).toBe('4096px');
    // A size without the token changes nothing, nor one that comes as a runtime message.
    await fromFrame({ upnextFrame: 'guessed', do: 'size', shown: false, width: 1, height: 1 });
    // (The mount listens to no runtime message at all.)
    const heard = await fakeBrowser.runtime.onMessage.trigger(
      { upnextFrame: TOKEN, do: 'size', shown: false, collapsed: false, width: 1, height: 1 },
      { id: fakeBrowser.runtime.id },
    );
    expect(heard).toEqual([]);
    expect(frame?.style.width).toBe('41px');
    ctx.abort();
  });

  it('covers the frame in the same call as a navigation to another record, until the frame says it drew that navigation', async () => {
    const ctx = new ContentScriptContext('crm');
    const panel = mountPanel(ctx);
    panel.request(showIt);
    connect();
    await size(0);
    expect(coveredNow()).toBe(false);
    const other = { crm: 'dynamics365', entity: 'contact', id: '2' } as const;

    // The detector names record B: before anything else runs, the record A the frame may still
    // show (a late reply, a clock tick, before B's message reaches it) is covered.
    panel.request({ kind: 'expect', record: other, url: `${url}2` });
    expect(coveredNow()).toBe(true);
    expect(sent.at(-1)).toMatchObject({ do: 'expect', record: other, n: 1 });
    // A size the frame sent before it drew B, or one without the token, keeps the cover.
    await size(0);
    await size(1, 'guessed');
    expect(coveredNow()).toBe(true);
    // The frame drew and painted B's screen: the cover goes, in the iframe's box.
    await size(1);
    expect(coveredNow()).toBe(false);
    expect(iframe()?.style.width).toBe('340px');

    // Two navigations in a row: only the frame's word on the last one uncovers it.
    panel.request({ kind: 'expect', record, url });
    panel.request({ kind: 'expect', record: other, url: `${url}2` });
    await size(2);
    expect(coveredNow()).toBe(true);
    await size(3);
    expect(coveredNow()).toBe(false);
    // A re-read of the record on screen covers nothing.
    panel.request(showIt);
    expect(coveredNow()).toBe(false);
    ctx.abort();
  });

  it('touches the CRM page only when the box changes: a size that says the frame drew a navigation moves the cover alone', async () => {
    const ctx = new ContentScriptContext('crm');
    const panel = mountPanel(ctx);
    panel.request(showIt);
    connect();
    await fromFrame({ upnextFrame: TOKEN, do: 'ready' });
    await size(0);
    const writes: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const change of records)
        writes.push(`${(change.target as Element).tagName} ${change.attributeName ?? ''}`);
    });
    observer.observe(root()!, { attributes: true, subtree: true });
    const settle = () => new Promise((done) => setTimeout(done, 0));

    // The same box again (the frame rendered without changing size): nothing is written.
    await size(0);
    await settle();
    expect(writes).toEqual([]);

    // A navigation: the cover comes, and the frame's word that it drew it takes the cover away,
    // with the iframe's box untouched.
    panel.request({ kind: 'expect', record, url });
    await size(1);
    await settle();
    expect(coveredNow()).toBe(false);
    expect(writes.every((write) => write === 'DIV class')).toBe(true);
    expect(writes.length).toBeGreaterThan(0);

    // Another width is written to both boxes.
    writes.length = 0;
    await fromFrame({
      upnextFrame: TOKEN,
      do: 'size',
      shown: true,
      collapsed: false,
      width: 400,
      height: 0,
      seen: 1,
    });
    expect(iframe()?.style.width).toBe('400px');
    expect(root()?.querySelector('div')?.style.width).toBe('400px');
    observer.disconnect();
    ctx.abort();
  });

  it('leaves one panel on the page: a host an unloaded copy left behind goes', () => {
    // The host of a copy of Upnext that could not clean up (its scripts were unloaded).
    document.documentElement.append(document.createElement('upnext-panel'));
    const ctx = new ContentScriptContext('crm');
    const panel = mountPanel(ctx);
    panel.request(expectIt);
    panel.request(showIt);
    expect(document.querySelectorAll('upnext-panel')).toHaveLength(1);
    expect(iframe()?.isConnected).toBe(true);
    ctx.abort();
    expect(document.querySelectorAll('upnext-panel')).toHaveLength(0);
  });

  it('goes with the detector: a newer copy starting takes the old panel and its listener away', () => {
    const old = new ContentScriptContext('crm');
    const panel = mountPanel(old);
    panel.request(showIt);
    expect(onConnect).toHaveLength(1);

    // What WXT does first when the new copy's script runs.
    const next = new ContentScriptContext('crm');

    expect(old.isInvalid).toBe(true);
    expect(document.querySelector('upnext-panel')).toBeNull();
    expect(onConnect).toEqual([]);
    // A late request of the stopped copy brings nothing back.
    panel.request(showIt);
    expect(document.querySelector('upnext-panel')).toBeNull();
    next.abort();
  });
});
