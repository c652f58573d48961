/**
 * The console's Segments section model (issue #17) against a fake background that keeps its
 * segments like the real one: lists per kind in priority order, reorder by keyboard and drag,
 * activation notices, the builder's rows and groups, save problems, Simulate results and Run now
 * with its progress.
 */
import { describe, expect, it } from 'vitest';

import type { SegmentRunBatch, SegmentSummary, SimulationResult } from '../../messaging/protocol';
import { MessageError } from '../../messaging/result';
import type { Entity, Segment } from '../../sequence/types';
import {
  countRows,
  draftToSegment,
  idFromName,
  newGroup,
  newRow,
  segmentToDraft,
  type SegmentDraft,
} from './segment-draft';
import { createSegmentsModel } from './segments-model';
import { fakeTransport, type Handlers } from './transport';

const segment = (id: string, entity: Entity, priority: number): Segment => ({
  id,
  name: `Segment ${id}`,
  entity,
  priority,
  state: 'inactive',
  sequence: 'outreach',
  where: { field: 'jobTitle', op: 'contains', value: 'VP' },
});

const summary = (definition: Segment): SegmentSummary => ({
  id: definition.id,
  definition,
  state: definition.state ?? 'inactive',
  sequenceName: 'Outreach',
  problems: [],
  members: 0,
  updatedAt: 1,
});

/** A background that stores segments and reorders them as `reorderSegments` does. */
function backend(initial: Segment[], extra: Handlers = {}) {
  let stored = initial.map((s) => ({ ...s }));
  const list = () =>
    [...stored]
      .sort((a, b) => a.entity.localeCompare(b.entity) || a.priority - b.priority)
      .map(summary);
  const transport = fakeTransport({
    listSegments: () => ({ segments: list() }),
    listSequences: () => ({ sequences: [] }),
    getSegmentLog: () => ({ rows: [] }),
    listSeenFields: ({ entity }) => ({
      fields: [{ key: entity === 'lead' ? 'jobTitle' : 'title', records: 3, values: ['VP Sales'] }],
    }),
    reorderSegments: ({ entity, ids }) => {
      stored = stored.map((s) =>
        s.entity === entity && ids.includes(s.id) ? { ...s, priority: ids.indexOf(s.id) + 1 } : s,
      );
      return { segments: list() };
    },
    setSegmentState: ({ id, state }) => {
      stored = stored.map((s) => (s.id === id ? { ...s, state } : s));
      return { segments: list() };
    },
    ...extra,
  });
  return { transport, sent: (type: string) => transport.calls.filter((c) => c.type === type) };
}

const names = (model: ReturnType<typeof createSegmentsModel>) =>
  model.byEntity.value.map(({ entity, segments }) => [entity, segments.map((s) => s.id)]);

describe('the segments list', () => {
  it('groups segments by kind of record, best priority first, and leaves out kinds without any', async () => {
    const { transport } = backend([
      segment('c2', 'contact', 2),
      segment('l2', 'lead', 2),
      segment('c1', 'contact', 1),
      segment('l1', 'lead', 1),
    ]);
    const model = createSegmentsModel(transport);
    await model.load();
    expect(model.loaded.value).toBe(true);
    expect(names(model)).toEqual([
      ['lead', ['l1', 'l2']],
      ['contact', ['c1', 'c2']],
    ]);
  });

  it('moves a segment up or down by keyboard, and does nothing past either end', async () => {
    const { transport, sent } = backend([
      segment('a', 'lead', 1),
      segment('b', 'lead', 2),
      segment('c', 'lead', 3),
    ]);
    const model = createSegmentsModel(transport);
    await model.load();
    await model.move('b', -1);
    expect(names(model)).toEqual([['lead', ['b', 'a', 'c']]]);
    expect(model.notice.value).toEqual({
      kind: 'success',
      text: 'The new order is saved: priorities follow it.',
    });
    await model.move('c', 1);
    await model.move('b', -1);
    expect(sent('reorderSegments')).toHaveLength(1);
    await model.move('a', 1);
    expect(names(model)).toEqual([['lead', ['b', 'c', 'a']]]);
  });

  it('drops a dragged segment where another one is, never across kinds', async () => {
    const { transport, sent } = backend([
      segment('a', 'lead', 1),
      segment('b', 'lead', 2),
      segment('c', 'lead', 3),
      segment('x', 'contact', 1),
    ]);
    const model = createSegmentsModel(transport);
    await model.load();
    await model.moveTo('c', 'a');
    expect(names(model)).toEqual([
      ['lead', ['c', 'a', 'b']],
      ['contact', ['x']],
    ]);
    await model.moveTo('x', 'a');
    await model.moveTo('a', 'a');
    expect(sent('reorderSegments')).toHaveLength(1);
  });

  it('says what activation means, and why the background refused it', async () => {
    const { transport } = backend([segment('a', 'lead', 1), segment('b', 'lead', 2)], {
      setSegmentState: ({ id }) => {
        if (id === 'b') {
          throw new MessageError({
            code: 'rejected',
            message: "The sequence 'outreach' is not active",
          });
        }
        return { segments: [summary({ ...segment('a', 'lead', 1), state: 'active' })] };
      },
    });
    const model = createSegmentsModel(transport);
    await model.load();
    await model.setState('a', 'active');
    expect(model.notice.value?.kind).toBe('success');
    expect(model.notice.value?.text).toContain('Use Run now for records seen before');
    await model.setState('b', 'active');
    expect(model.notice.value).toEqual({
      kind: 'error',
      text: "The sequence 'outreach' is not active",
    });
    expect(model.busy.value).toBe(false);
  });

  it('asks before deleting, and says the records stay connected', async () => {
    const { transport, sent } = backend([segment('a', 'lead', 1)], {
      deleteSegment: () => ({ segments: [] }),
    });
    const model = createSegmentsModel(transport);
    await model.load();
    model.askDelete('a');
    expect(model.pendingDelete.value?.id).toBe('a');
    model.cancelDelete();
    await model.confirmDelete();
    expect(sent('deleteSegment')).toHaveLength(0);
    model.askDelete('a');
    await model.confirmDelete();
    expect(model.segments.value).toEqual([]);
    expect(model.notice.value?.text).toBe(
      '“Segment a” is deleted. Its records stay connected to their sequences.',
    );
  });
});

describe('the condition builder', () => {
  const draft = (over: Partial<SegmentDraft>): SegmentDraft => ({
    storedId: null,
    name: '  VP leads (EMEA)  ',
    description: '',
    entity: 'lead',
    sequence: 'outreach',
    priority: 1,
    allowMoveIn: false,
    state: 'inactive',
    where: newGroup('all', []),
    ...over,
  });

  it('turns rows and nested groups into the pack’s criteria: lists, numbers and valueless ops', () => {
    const row = (over: Partial<ReturnType<typeof newRow>>) => ({ ...newRow(), ...over });
    const where = newGroup('all', [
      row({ field: ' jobTitle ', op: 'contains', value: ' VP ' }),
      row({ field: 'country', op: 'in', value: 'DE, AT,, FR ' }),
      row({ field: 'employees', op: 'greater-than', value: '50' }),
      row({ field: 'revenue', op: 'between', value: '10, 20' }),
      row({ field: 'email', op: 'is-not-empty', value: 'ignored' }),
      newGroup('any', [
        row({ type: 'crm', value: 'dynamics365, salesforce' }),
        row({ type: 'host', value: '*.example.com' }),
      ]),
    ]);
    const result = draftToSegment(draft({ where, allowMoveIn: true, description: ' For Q3 ' }));
    expect(result).toEqual({
      id: 'vp-leads-emea',
      name: 'VP leads (EMEA)',
      description: 'For Q3',
      entity: 'lead',
      priority: 1,
      state: 'inactive',
      sequence: 'outreach',
      allowMoveIn: true,
      where: {
        all: [
          { field: 'jobTitle', op: 'contains', value: 'VP' },
          { field: 'country', op: 'in', value: ['DE', 'AT', 'FR'] },
          { field: 'employees', op: 'greater-than', value: 50 },
          { field: 'revenue', op: 'between', value: [10, 20] },
          { field: 'email', op: 'is-not-empty' },
          { any: [{ crm: ['dynamics365', 'salesforce'] }, { host: ['*.example.com'] }] },
        ],
      },
    });
    expect(countRows(where)).toBe(7);
    // A stored segment opens in the builder and saves back unchanged, under its own id.
    const reopened = segmentToDraft({ ...result, id: 'kept-id' });
    expect(reopened.storedId).toBe('kept-id');
    expect(draftToSegment(reopened)).toEqual({ ...result, id: 'kept-id' });
  });

  it('gives a new segment a readable id from its name', () => {
    expect(idFromName('VP leads')).toBe('vp-leads');
    expect(idFromName('Équipe Nord – 2026')).toBe('equipe-nord-2026');
    expect(idFromName('***')).toBe('segment-');
    expect(idFromName('x'.repeat(80))).toHaveLength(64);
  });

  it('opens a new segment last in its kind, with the fields seen for that kind', async () => {
    const { transport } = backend([segment('a', 'contact', 1)]);
    const model = createSegmentsModel(transport);
    await model.load();
    model.openNew('contact');
    expect(model.editor.value).toMatchObject({ entity: 'contact', priority: 2, storedId: null });
    await expect.poll(() => model.fields.value.map((f) => f.key)).toEqual(['title']);
    model.updateDraft({ ...model.editor.value!, entity: 'lead' });
    await expect.poll(() => model.fields.value.map((f) => f.key)).toEqual(['jobTitle']);
  });

  it('keeps the builder open with the located problems when the background refuses a save', async () => {
    const problem = { path: 'where.all[0].op', line: null, column: null, message: 'Unknown op' };
    let refuse = true;
    const { transport } = backend([], {
      saveSegment: ({ definition }) => {
        if (refuse) {
          throw new MessageError({
            code: 'invalid-pack',
            message: 'The segment has problems; it was not saved.',
            details: [problem],
          });
        }
        return { segments: [summary(definition)] };
      },
    });
    const model = createSegmentsModel(transport);
    await model.load();
    model.openNew('lead');
    model.updateDraft({ ...model.editor.value!, name: 'VP leads', sequence: 'outreach' });
    await model.save();
    expect(model.editor.value?.name).toBe('VP leads');
    expect(model.editorProblems.value).toEqual([problem]);
    refuse = false;
    await model.save();
    expect(model.editor.value).toBeNull();
    expect(model.segments.value.map((s) => s.id)).toEqual(['vp-leads']);
    expect(model.notice.value).toEqual({ kind: 'success', text: '“VP leads” is saved.' });
  });
});

describe('simulate and run now', () => {
  const SIMULATION: SimulationResult = {
    total: 3,
    matching: 2,
    wouldEnter: 1,
    held: 1,
    records: [{ key: 'k1', name: 'Ada', url: 'https://crm/1', heldBy: null }],
    heldRecords: [
      {
        key: 'k2',
        name: 'Bob',
        url: 'https://crm/2',
        heldBy: { id: 'better', name: 'Better', why: 'higher-priority' },
      },
    ],
  };

  it('simulates the draft as written, and forgets the result when the kind of record changes', async () => {
    const { transport, sent } = backend([], { simulateSegment: () => SIMULATION });
    const model = createSegmentsModel(transport);
    await model.load();
    model.openNew('lead');
    const draft = model.editor.value!;
    model.updateDraft({
      ...draft,
      name: 'VP leads',
      where: newGroup('all', [{ ...newRow(), field: 'jobTitle', value: 'VP' }]),
    });
    await model.simulate();
    expect(sent('simulateSegment').at(-1)?.payload).toMatchObject({
      definition: {
        id: 'vp-leads',
        where: { all: [{ field: 'jobTitle', op: 'contains', value: 'VP' }] },
      },
    });
    expect(model.simulation.value).toEqual(SIMULATION);
    expect(model.simulating.value).toBe(false);
    model.updateDraft({ ...model.editor.value!, entity: 'contact' });
    expect(model.simulation.value).toBeNull();
  });

  it('runs now batch after batch, adding up progress, then shows the summary and the new log', async () => {
    const batches: SegmentRunBatch[] = [
      {
        total: 450,
        processed: 200,
        next: 'k200',
        counts: { matched: 5, 'no-match': 195, kept: 0, moved: 0, connected: 5, failed: 0 },
      },
      {
        total: 450,
        processed: 200,
        next: 'k400',
        counts: { matched: 1, 'no-match': 198, kept: 1, moved: 0, connected: 1, failed: 0 },
      },
      {
        total: 450,
        processed: 50,
        next: null,
        counts: { matched: 0, 'no-match': 49, kept: 0, moved: 1, connected: 1, failed: 1 },
      },
    ];
    const seen: (typeof model.run.value)[] = [];
    const { transport, sent } = backend([segment('a', 'lead', 1)], {
      runSegments: () => {
        seen.push(model.run.value);
        return batches.shift()!;
      },
    });
    const model = createSegmentsModel(transport);
    await model.load();
    const logsBefore = sent('getSegmentLog').length;
    await model.runNow('lead');
    expect(sent('runSegments').map((c) => c.payload)).toEqual([
      { entity: 'lead', after: null, limit: 1000 },
      { entity: 'lead', after: 'k200', limit: 1000 },
      { entity: 'lead', after: 'k400', limit: 1000 },
    ]);
    // Progress the bar showed before each batch.
    expect(seen.map((run) => [run?.done, run?.total])).toEqual([
      [0, 0],
      [200, 450],
      [400, 450],
    ]);
    expect(model.run.value).toEqual({
      entity: 'lead',
      done: 450,
      total: 450,
      finished: true,
      counts: { matched: 6, 'no-match': 442, kept: 1, moved: 1, connected: 7, failed: 1 },
    });
    expect(sent('getSegmentLog').length).toBe(logsBefore + 1);
    expect(model.busy.value).toBe(false);
  });

  it('stops Run now on an error and says it', async () => {
    const { transport } = backend([], {
      runSegments: () => {
        throw new MessageError({ code: 'internal', message: 'The database is full.' });
      },
    });
    const model = createSegmentsModel(transport);
    await model.load();
    await model.runNow('lead');
    expect(model.run.value).toBeNull();
    expect(model.notice.value).toEqual({ kind: 'error', text: 'The database is full.' });
  });
});
