// Every unit test gets an in-memory IndexedDB (globalThis.indexedDB, IDBKeyRange, ...).
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// @webext-core/fake-browser implements no ports: its `runtime.onConnect` throws on
// `addListener`. The service worker serves the panel's request port and the detector's mount
// takes its frame's port there, so every test that starts either gets an in-memory event that
// keeps its listeners (a test that needs to open a port fires them itself, as
// lib/panel-mount.test.ts does).
{
  type Listener = (...args: never[]) => unknown;
  const listeners = new Set<Listener>();
  Object.assign(fakeBrowser.runtime.onConnect, {
    addListener: (listener: Listener) => void listeners.add(listener),
    removeListener: (listener: Listener) => void listeners.delete(listener),
    hasListener: (listener: Listener) => listeners.has(listener),
    hasListeners: () => listeners.size > 0,
  });
}
