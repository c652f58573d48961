import { describe, expect, it } from 'vitest';

import { listHeightMemory } from './list-height';

function memoryStorage(initial: Record<string, string> = {}) {
  const store = new Map(Object.entries(initial));
  const writes: string[] = [];
  const storage = {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => {
      writes.push(value);
      store.set(key, value);
    },
  } as unknown as Storage;
  return { storage, store, writes };
}

describe('listHeightMemory', () => {
  it('knows nothing on a first open', () => {
    const { storage } = memoryStorage();
    expect(listHeightMemory(storage, { innerWidth: 800, innerHeight: 600 }).estimate()).toBeNull();
  });

  it('the next open at the same width: the window height less what surrounds the list', () => {
    const { storage } = memoryStorage();
    listHeightMemory(storage, { innerWidth: 800, innerHeight: 600 }).remember(290);
    // A taller window at the same width: everything around the list is as tall as before.
    const next = listHeightMemory(storage, { innerWidth: 800, innerHeight: 900 });
    expect(next.estimate()).toBe(590);
  });

  it('another width wraps the filters differently: no estimate', () => {
    const { storage } = memoryStorage();
    listHeightMemory(storage, { innerWidth: 800, innerHeight: 600 }).remember(290);
    expect(listHeightMemory(storage, { innerWidth: 1280, innerHeight: 600 }).estimate()).toBeNull();
  });

  it('a window too short for the surroundings: no estimate', () => {
    const { storage } = memoryStorage();
    listHeightMemory(storage, { innerWidth: 800, innerHeight: 600 }).remember(290);
    expect(listHeightMemory(storage, { innerWidth: 800, innerHeight: 300 }).estimate()).toBeNull();
  });

  it('writes only when what surrounds the list changed', () => {
    const { storage, writes } = memoryStorage();
    const memory = listHeightMemory(storage, { innerWidth: 800, innerHeight: 600 });
    memory.remember(290);
    memory.remember(290);
    expect(writes).toHaveLength(1);
    memory.remember(300);
    expect(writes).toHaveLength(2);
    memory.remember(0);
    expect(writes).toHaveLength(2);
  });

  it('survives garbage and a storage that throws', () => {
    for (const text of [
      '{not json',
      'null',
      '{"width":"800","around":10}',
      '{"width":800,"around":-5}',
    ]) {
      const { storage } = memoryStorage({ 'upnext.worklist.around': text });
      expect(
        listHeightMemory(storage, { innerWidth: 800, innerHeight: 600 }).estimate(),
      ).toBeNull();
    }
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    } as unknown as Storage;
    const memory = listHeightMemory(broken, { innerWidth: 800, innerHeight: 600 });
    expect(memory.estimate()).toBeNull();
    memory.remember(290);
    // Kept for this page's life even when the storage refuses it.
    expect(memory.estimate()).toBe(290);
    expect(listHeightMemory(null, { innerWidth: 800, innerHeight: 600 }).estimate()).toBeNull();
  });
});
