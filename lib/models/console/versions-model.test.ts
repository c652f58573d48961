import { describe, expect, it } from 'vitest';

import type { DesignerState } from '../../messaging/protocol';
import type { Sequence } from '../../sequence/types';
import { createVersionsModel } from './versions-model';
import { fakeTransport } from './transport';

// The model passes the worker's state through; the test reads which one it shows.
const stateNamed = (name: string): DesignerState =>
  ({
    definition: { id: 'seq', name, steps: [] } as unknown as Sequence,
  }) as unknown as DesignerState;

describe("a sequence's versions model", () => {
  it("shown again, never draws the earlier visit's versions or comparison as current", async () => {
    let name = 'First';
    const pending: (() => void)[] = [];
    let held = false;
    const transport = fakeTransport({
      getDesigner: async () => {
        const reply = { state: stateNamed(name) };
        if (held) await new Promise<void>((resolve) => pending.push(resolve));
        return reply;
      },
      getVersion: () => ({
        version: {
          version: 1,
          createdAt: 0,
          note: null,
          steps: 0,
          name: 'v1',
          definition: { id: 'seq', name: 'v1', steps: [] } as unknown as Sequence,
        },
      }),
    });
    const model = createVersionsModel(transport, 'seq');
    await model.show();
    await model.compare(1, 'draft');
    expect(model.state.value?.definition.name).toBe('First');
    expect(model.comparison.value).not.toBeNull();

    // Published meanwhile; the page is shown again while the worker is slow.
    name = 'Second';
    held = true;
    const shown = model.show();
    expect(model.status.value).toBe('loading');
    expect(model.state.value).toBeNull();
    expect(model.comparison.value).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const resolve of pending.splice(0)) resolve();
    await shown;
    expect(model.status.value).toBe('ready');
    expect(model.state.value?.definition.name).toBe('Second');
  });
});
