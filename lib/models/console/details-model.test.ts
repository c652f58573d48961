import { describe, expect, it } from 'vitest';

import type { ConnectionRow, SequenceDetails } from '../../messaging/protocol';
import { createDetailsModel } from './details-model';
import { fakeTransport } from './transport';

// The model passes the worker's reply through; only the figures the test reads matter.
const detailsWith = (averageDurationMs: number): SequenceDetails =>
  ({ averageDurationMs }) as unknown as SequenceDetails;
const rowNamed = (id: string): ConnectionRow => ({ id }) as unknown as ConnectionRow;

/** A worker whose replies can be held back, as a busy one's are. */
function worker() {
  const state = { average: 1000, rows: ['c1'], held: false };
  const pending: (() => void)[] = [];
  const wait = async () => {
    if (state.held) await new Promise<void>((resolve) => pending.push(resolve));
  };
  const transport = fakeTransport({
    getSequence: async () => {
      await wait();
      return { sequence: detailsWith(state.average) };
    },
    getAbTests: () => ({ tests: [] }),
    listConnections: async () => {
      await wait();
      return { rows: state.rows.map(rowNamed), total: state.rows.length, now: 0 };
    },
  });
  const release = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return { state, transport, release };
}

describe("a sequence's details model", () => {
  it("shown again, never draws the earlier visit's figures or records as current", async () => {
    const { state, transport, release } = worker();
    const model = createDetailsModel(transport, 'seq');
    await model.show();
    expect(model.details.value?.averageDurationMs).toBe(1000);
    expect(model.connections.rows.value.map((row) => row.id)).toEqual(['c1']);

    // Another section, a record completed meanwhile, then this page again with a slow worker.
    state.average = 2000;
    state.rows = ['c2'];
    state.held = true;
    const shown = model.show();
    expect(model.status.value).toBe('loading');
    expect(model.details.value).toBeNull();
    expect(model.connections.status.value).toBe('loading');
    expect(model.connections.rows.value).toEqual([]);
    // Both requests are out; the worker answers them together.
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await shown;
    expect(model.status.value).toBe('ready');
    expect(model.details.value?.averageDurationMs).toBe(2000);
    expect(model.connections.rows.value.map((row) => row.id)).toEqual(['c2']);
  });

  it('an older reply that arrives after a newer one is dropped', async () => {
    let average = 1000;
    const pending: (() => void)[] = [];
    const transport = fakeTransport({
      getSequence: async () => {
        const mine = average;
        await new Promise<void>((resolve) => pending.push(resolve));
        return { sequence: detailsWith(mine) };
      },
      getAbTests: () => ({ tests: [] }),
    });
    const model = createDetailsModel(transport, 'seq');
    const first = model.load();
    average = 2000;
    const second = model.load();
    await new Promise((resolve) => setTimeout(resolve, 0));
    pending[1]?.();
    await second;
    pending[0]?.();
    await first;
    expect(model.details.value?.averageDurationMs).toBe(2000);
  });
});
