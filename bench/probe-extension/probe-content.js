/* global chrome */
// Limit probe a (bench/probes.ts): the page asks with an `upnext-bench:probe` event; this
// content script times `runs` bare round trips to its worker, then `runs` IndexedDB
// transactions there, and answers with an `upnext-bench:probe-result` event (JSON text: an
// event's detail object does not cross from this isolated world to the page's).
document.addEventListener('upnext-bench:probe', async (event) => {
  const { runs, warmUp, bytes } = JSON.parse(event.detail);
  const message = [];
  const idb = [];
  try {
    for (let i = 0; i < warmUp + runs; i++) {
      const t0 = performance.now();
      await chrome.runtime.sendMessage({ probe: 'empty' });
      if (i >= warmUp) message.push(performance.now() - t0);
    }
    for (let i = 0; i < warmUp + runs; i++) {
      const ms = await chrome.runtime.sendMessage({ probe: 'idb', bytes });
      if (typeof ms !== 'number') throw new Error(`idb probe: ${JSON.stringify(ms)}`);
      if (i >= warmUp) idb.push(ms);
    }
    document.dispatchEvent(
      new CustomEvent('upnext-bench:probe-result', { detail: JSON.stringify({ message, idb }) }),
    );
  } catch (error) {
    document.dispatchEvent(
      new CustomEvent('upnext-bench:probe-result', {
        detail: JSON.stringify({ error: String(error) }),
      }),
    );
  }
});
