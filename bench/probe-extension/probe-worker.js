/* global chrome */
// Limit probes a and b (bench/probes.ts): an empty message handler, and one IndexedDB
// read-write transaction that reads and writes one record of a given size.
let opening = null;

function database() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open('probe', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('rows', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

async function transactionMs(bytes) {
  const db = await database();
  const payload = 'x'.repeat(bytes);
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const tx = db.transaction('rows', 'readwrite');
    const rows = tx.objectStore('rows');
    const read = rows.get('record');
    read.onsuccess = () => rows.put({ id: 'record', payload, seen: (read.result?.seen ?? 0) + 1 });
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  return performance.now() - t0;
}

chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.probe === 'empty') {
    sendResponse(0);
    return undefined;
  }
  if (message?.probe === 'idb') {
    transactionMs(message.bytes).then(sendResponse, (error) =>
      sendResponse({ error: String(error) }),
    );
    return true;
  }
  return undefined;
});
