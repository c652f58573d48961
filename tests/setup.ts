// Every unit test gets an in-memory IndexedDB (globalThis.indexedDB, IDBKeyRange, ...).
import 'fake-indexeddb/auto';
