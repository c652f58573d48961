/* global chrome */
// Limit probe a (bench/probes.ts): the page asks with an `upnext-bench:probe` event; this
// content script times `runs` bare round trips to its worker, then `runs` IndexedDB
// transactions there, back to back; then both again with `idleMs` of idleness before each (as
// between a seller's clicks: the action row leaves 100 ms after each), and answers with an
// `upnext-bench:probe-result` event (JSON text: an event's detail object does not cross from
// this isolated world to the page's).
const pause = (ms) => new Promise((done) => setTimeout(done, ms));

async function roundTrips(runs, warmUp, idleMs) {
  const samples = [];
  for (let i = 0; i < warmUp + runs; i++) {
    if (idleMs > 0) await pause(idleMs);
    const t0 = performance.now();
    await chrome.runtime.sendMessage({ probe: 'empty' });
    if (i >= warmUp) samples.push(performance.now() - t0);
  }
  return samples;
}

async function transactions(runs, warmUp, idleMs, bytes) {
  const samples = [];
  for (let i = 0; i < warmUp + runs; i++) {
    if (idleMs > 0) await pause(idleMs);
    const ms = await chrome.runtime.sendMessage({ probe: 'idb', bytes });
    if (typeof ms !== 'number') throw new Error(`idb probe: ${JSON.stringify(ms)}`);
    if (i >= warmUp) samples.push(ms);
  }
  return samples;
}

document.addEventListener('upnext-bench:probe', async (event) => {
  const { runs, warmUp, bytes, idleMs } = JSON.parse(event.detail);
  try {
    const message = await roundTrips(runs, warmUp, 0);
    const idb = await transactions(runs, warmUp, 0, bytes);
    const messageIdle = await roundTrips(runs, warmUp, idleMs);
    const idbIdle = await transactions(runs, warmUp, idleMs, bytes);
    document.dispatchEvent(
      new CustomEvent('upnext-bench:probe-result', {
        detail: JSON.stringify({ message, idb, messageIdle, idbIdle }),
      }),
    );
  } catch (error) {
    document.dispatchEvent(
      new CustomEvent('upnext-bench:probe-result', {
        detail: JSON.stringify({ error: String(error) }),
      }),
    );
  }
});
