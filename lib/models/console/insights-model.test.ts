import { describe, expect, it, vi } from 'vitest';

import type { StatsRow, WindowStats } from '../../engine/insights';
import { emptyFlowTally, flowOfTally } from '../../engine/insights-flow';
import type { SequenceInsightsReply } from '../../messaging/protocol';
import { createInsightsModel, createSequenceInsightsModel } from './insights-model';
import { windowStats } from './test-fixtures';
import { fakeTransport } from './transport';

const stats = windowStats;
const row = (id: string, entity: string, tags: string[], over: Partial<WindowStats>): StatsRow => ({
  sequence: { id, name: id, entity, tags, state: 'active' },
  all: stats(over),
  versions: [{ version: 1, stats: stats(over) }],
});
const ROWS = [
  row('Alpha', 'lead', ['events'], { connected: 5, successRate: 0.5 }),
  row('=Beta, "quoted"', 'contact', ['nurture'], { connected: 9, successRate: null }),
  row('Gamma', 'lead', ['nurture'], {
    connected: 2,
    successRate: 0.9,
    medianCompleteMs: 7_200_000,
  }),
];

async function loaded() {
  const files: { text: string; name: string }[] = [];
  const transport = fakeTransport({
    getInsights: () => ({ build: null, window: { from: 20_000, to: 20_029 }, rows: ROWS }),
  });
  const model = createInsightsModel(transport, {
    download: (text, name) => files.push({ text, name }),
  });
  await model.load();
  return { model, files, transport };
}

describe('the insights model', () => {
  it('sorts by a column, again for the other direction; unknown rates go last', async () => {
    const { model } = await loaded();
    model.setSort('successRate');
    expect(model.visible.value.map((r) => r.sequence.id)).toEqual([
      'Gamma',
      'Alpha',
      '=Beta, "quoted"',
    ]);
    model.setSort('successRate');
    expect(model.visible.value.map((r) => r.sequence.id)).toEqual([
      'Alpha',
      'Gamma',
      '=Beta, "quoted"',
    ]);
  });

  it('filters by record type and tag', async () => {
    const { model } = await loaded();
    model.setEntityFilter('lead');
    model.setTagFilter('nurture');
    expect(model.visible.value.map((r) => r.sequence.id)).toEqual(['Gamma']);
    expect(model.tags.value).toEqual(['events', 'nurture']);
  });

  it('exports what is shown as CSV, quoted and safe for spreadsheets', async () => {
    const { model, files } = await loaded();
    model.setEntityFilter('contact');
    model.exportCsv();
    expect(files[0]?.name).toBe('upnext-insights-2024-10-04-2024-11-02.csv');
    const lines = files[0]?.text.split('\r\n') ?? [];
    expect(lines[1]).toBe(
      `"'=Beta, ""quoted""",all,contact,nurture,2024-10-04,2024-11-02,9,0,0,0,0,0,0,,,,,0`,
    );
    expect(lines).toHaveLength(4); // header, all, version 1, final newline
  });

  it('asks for the period chosen', async () => {
    const { model, transport } = await loaded();
    model.setChoice({ days: 365 });
    expect(transport.calls.at(-1)).toEqual({
      type: 'getInsights',
      payload: { window: { days: 365 } },
    });
  });
});

describe("one sequence's insights model", () => {
  const replyOf = (connected: number, versions = [1, 2], shown = 2): SequenceInsightsReply => ({
    build: null,
    window: { from: 20_000, to: 20_089 },
    sequence: { id: 'seq', name: 'Seq', entity: 'lead', versions },
    version: shown,
    stats: row('seq', 'lead', [], { connected }),
    flow: flowOfTally({ id: 'seq', name: 'Seq', entity: 'lead', steps: [] }, emptyFlowTally()),
    allSteps: [],
    weeks: [],
  });

  it("shown again, drops the earlier visit's figures until the fresh ones arrive; keeps the period", async () => {
    let connected = 3;
    let release: () => void = () => undefined;
    let held = false;
    const transport = fakeTransport({
      getSequenceInsights: async () => {
        if (held) await new Promise<void>((resolve) => (release = resolve));
        return replyOf(connected);
      },
      getStepRecords: () => ({ rows: [] }),
    });
    const model = createSequenceInsightsModel(transport, 'seq');
    await model.show();
    expect(model.reply.value?.stats.all.connected).toBe(3);
    model.setChoice({ days: 365 });
    await Promise.resolve();

    // Another section, a step done meanwhile, then this page again.
    connected = 4;
    held = true;
    const shown = model.show();
    expect(model.reply.value).toBeNull();
    expect(model.loading.value).toBe(true);
    release();
    await shown;
    expect(model.reply.value?.stats.all.connected).toBe(4);
    // No version chosen: the latest is asked for (the background answers which one it is).
    expect(transport.calls.at(-1)).toEqual({
      type: 'getSequenceInsights',
      payload: { sequenceId: 'seq', version: null, window: { days: 365 } },
    });
  });

  it('shown again, shows a version published since when none was chosen, and keeps one that was', async () => {
    let versions = [1, 2];
    const transport = fakeTransport({
      getSequenceInsights: ({ version }) => replyOf(3, versions, version ?? versions.at(-1)),
      getStepRecords: () => ({ rows: [] }),
    });
    const model = createSequenceInsightsModel(transport, 'seq');
    await model.show();
    expect(model.version.value).toBe(2);

    // Version 3 is published while the manager is elsewhere: coming back shows it.
    versions = [1, 2, 3];
    await model.show();
    expect(model.version.value).toBe(3);

    // The manager chooses version 1; version 4 is published; coming back keeps version 1.
    model.setVersion(1);
    await vi.waitFor(() => expect(model.reply.value?.version).toBe(1));
    versions = [1, 2, 3, 4];
    await model.show();
    expect(model.version.value).toBe(1);
    expect(transport.calls.at(-1)?.payload).toMatchObject({ version: 1 });
  });
});
