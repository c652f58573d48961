/**
 * The Segments section (issue #17): the list per kind of record in priority order (reordered by
 * drag or keyboard), activation with the reason when refused, copy and delete, the condition
 * builder with fields and values seen, "Simulate results", "Run now" with progress and a
 * summary, and the why log per segment or per record.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';

import type {
  SeenField,
  SegmentLogDoc,
  SegmentRunBatch,
  SegmentSummary,
  SequenceSummary,
  SimulationResult,
} from '../../messaging/protocol';
import type { Problem } from '../../sequence/problem';
import { ENTITIES, type Entity } from '../../sequence/types';
import { draftToSegment, newDraft, segmentToDraft, type SegmentDraft } from './segment-draft';
import { errorMessage, problemsOf, type Transport } from './transport';
import type { Notice } from './notice';

/**
 * Records "Run now" evaluates per message (the most `runSegments` takes): each batch is one
 * transaction in the background, so larger batches commit less often; 10 progress steps over
 * 10,000 records, each well under a second.
 */
export const RUN_BATCH = 1000;
const LOG_LIMIT = 200;

/** What the builder lists after a failed save or simulation: the located problems, or the message. */
function builderProblemsOf(error: unknown): Problem[] {
  const problems = problemsOf(error);
  return problems.length > 0
    ? problems
    : [{ path: '', line: null, column: null, message: errorMessage(error) }];
}

interface RunProgress {
  entity: Entity;
  done: number;
  total: number;
  finished: boolean;
  counts: SegmentRunBatch['counts'];
}

export interface SegmentsModel {
  segments: ReadonlySignal<SegmentSummary[]>;
  /** Segments per kind of record, in priority order; only kinds that have segments. */
  byEntity: ReadonlySignal<{ entity: Entity; segments: SegmentSummary[] }[]>;
  sequences: ReadonlySignal<SequenceSummary[]>;
  loaded: ReadonlySignal<boolean>;
  busy: ReadonlySignal<boolean>;
  notice: ReadonlySignal<Notice | null>;
  editor: ReadonlySignal<SegmentDraft | null>;
  editorProblems: ReadonlySignal<Problem[]>;
  fields: ReadonlySignal<SeenField[]>;
  simulation: ReadonlySignal<SimulationResult | null>;
  simulating: ReadonlySignal<boolean>;
  run: ReadonlySignal<RunProgress | null>;
  log: ReadonlySignal<SegmentLogDoc[]>;
  logFilter: ReadonlySignal<{ segmentId: string | null; recordKey: string | null }>;
  pendingDelete: ReadonlySignal<SegmentSummary | null>;

  load: () => Promise<void>;
  dismissNotice: () => void;
  setState: (id: string, state: 'active' | 'inactive') => Promise<void>;
  /** Moves a segment one place up (-1) or down (+1) among its kind. */
  move: (id: string, by: -1 | 1) => Promise<void>;
  /** Puts `id` where `beforeId` is (drag and drop). */
  moveTo: (id: string, beforeId: string) => Promise<void>;
  copy: (id: string) => Promise<void>;
  askDelete: (id: string) => void;
  cancelDelete: () => void;
  confirmDelete: () => Promise<void>;
  openNew: (entity?: Entity) => void;
  openEdit: (id: string) => void;
  closeEditor: () => void;
  updateDraft: (draft: SegmentDraft) => void;
  save: () => Promise<void>;
  simulate: () => Promise<void>;
  runNow: (entity: Entity) => Promise<void>;
  showLog: (filter: { segmentId?: string | null; recordKey?: string | null }) => Promise<void>;
}

export function createSegmentsModel(transport: Transport): SegmentsModel {
  const segments = signal<SegmentSummary[]>([]);
  const sequences = signal<SequenceSummary[]>([]);
  const loaded = signal(false);
  const busy = signal(false);
  const notice = signal<Notice | null>(null);
  const editor = signal<SegmentDraft | null>(null);
  const editorProblems = signal<Problem[]>([]);
  const fields = signal<SeenField[]>([]);
  const simulation = signal<SimulationResult | null>(null);
  const simulating = signal(false);
  const run = signal<RunProgress | null>(null);
  const log = signal<SegmentLogDoc[]>([]);
  const logFilter = signal<{ segmentId: string | null; recordKey: string | null }>({
    segmentId: null,
    recordKey: null,
  });
  const pendingDelete = signal<SegmentSummary | null>(null);

  const byEntity = computed(() =>
    ENTITIES.flatMap((entity) => {
      const ofKind = segments.value.filter((s) => s.definition.entity === entity);
      return ofKind.length === 0 ? [] : [{ entity, segments: ofKind }];
    }),
  );

  const act = async (work: () => Promise<void>, success?: string): Promise<void> => {
    busy.value = true;
    try {
      await work();
      if (success !== undefined) notice.value = { kind: 'success', text: success };
    } catch (error) {
      notice.value = { kind: 'error', text: errorMessage(error) };
    } finally {
      busy.value = false;
    }
  };

  const loadLog = async (): Promise<void> => {
    const filter = logFilter.value;
    const query = {
      limit: LOG_LIMIT,
      ...(filter.segmentId === null ? {} : { segmentId: filter.segmentId }),
      ...(filter.recordKey === null ? {} : { recordKey: filter.recordKey }),
    };
    log.value = (await transport.send('getSegmentLog', query)).rows;
  };

  const loadFields = async (entity: Entity): Promise<void> => {
    try {
      fields.value = (await transport.send('listSeenFields', { entity })).fields;
    } catch {
      fields.value = [];
    }
  };

  const reorder = async (entity: Entity, ids: string[]): Promise<void> =>
    act(async () => {
      segments.value = (await transport.send('reorderSegments', { entity, ids })).segments;
    }, 'The new order is saved: priorities follow it.');

  const idsOf = (entity: Entity): string[] =>
    segments.value.filter((s) => s.definition.entity === entity).map((s) => s.id);

  const entityOf = (id: string): Entity | undefined =>
    segments.value.find((s) => s.id === id)?.definition.entity;

  return {
    segments,
    byEntity,
    sequences,
    loaded,
    busy,
    notice,
    editor,
    editorProblems,
    fields,
    simulation,
    simulating,
    run,
    log,
    logFilter,
    pendingDelete,

    async load() {
      try {
        const [list, seqs] = await Promise.all([
          transport.send('listSegments', {}),
          transport.send('listSequences', {}),
        ]);
        batch(() => {
          segments.value = list.segments;
          sequences.value = seqs.sequences;
          loaded.value = true;
        });
        await loadLog();
      } catch (error) {
        notice.value = { kind: 'error', text: errorMessage(error) };
      }
    },
    dismissNotice() {
      notice.value = null;
    },
    async setState(id, state) {
      const name = segments.value.find((s) => s.id === id)?.definition.name ?? id;
      await act(
        async () => {
          segments.value = (await transport.send('setSegmentState', { id, state })).segments;
        },
        state === 'active'
          ? `“${name}” is active: records it matches connect themselves when Upnext next sees them. Use Run now for records seen before.`
          : `“${name}” is inactive: it connects nobody. Records in it stay connected.`,
      );
    },
    async move(id, by) {
      const entity = entityOf(id);
      if (entity === undefined) return;
      const ids = idsOf(entity);
      const from = ids.indexOf(id);
      const to = from + by;
      if (from < 0 || to < 0 || to >= ids.length) return;
      ids.splice(from, 1);
      ids.splice(to, 0, id);
      await reorder(entity, ids);
    },
    async moveTo(id, beforeId) {
      const entity = entityOf(id);
      if (entity === undefined || entity !== entityOf(beforeId) || id === beforeId) return;
      const ids = idsOf(entity).filter((other) => other !== id);
      ids.splice(ids.indexOf(beforeId), 0, id);
      await reorder(entity, ids);
    },
    async copy(id) {
      await act(async () => {
        const reply = await transport.send('copySegment', { id });
        segments.value = reply.segments;
      }, 'Copied. The copy is inactive and last in priority.');
    },
    askDelete(id) {
      pendingDelete.value = segments.value.find((s) => s.id === id) ?? null;
    },
    cancelDelete() {
      pendingDelete.value = null;
    },
    async confirmDelete() {
      const pending = pendingDelete.value;
      if (pending === null) return;
      await act(async () => {
        segments.value = (await transport.send('deleteSegment', { id: pending.id })).segments;
        pendingDelete.value = null;
      }, `“${pending.definition.name}” is deleted. Its records stay connected to their sequences.`);
    },
    openNew(entity = 'lead') {
      const priority = idsOf(entity).length + 1;
      batch(() => {
        editor.value = newDraft(entity, priority);
        editorProblems.value = [];
        simulation.value = null;
      });
      void loadFields(entity);
    },
    openEdit(id) {
      const summary = segments.value.find((s) => s.id === id);
      if (summary === undefined) return;
      batch(() => {
        editor.value = segmentToDraft(summary.definition);
        editorProblems.value = [];
        simulation.value = null;
      });
      void loadFields(summary.definition.entity);
    },
    closeEditor() {
      editor.value = null;
      simulation.value = null;
    },
    updateDraft(draft) {
      const before = editor.value;
      editor.value = draft;
      if (before !== null && before.entity !== draft.entity) {
        simulation.value = null;
        void loadFields(draft.entity);
      }
    },
    async save() {
      const draft = editor.value;
      if (draft === null) return;
      busy.value = true;
      try {
        const reply = await transport.send('saveSegment', {
          definition: draftToSegment(draft),
          create: draft.storedId === null,
        });
        batch(() => {
          segments.value = reply.segments;
          editor.value = null;
          simulation.value = null;
          notice.value = { kind: 'success', text: `“${draft.name.trim()}” is saved.` };
        });
      } catch (error) {
        editorProblems.value = builderProblemsOf(error);
      } finally {
        busy.value = false;
      }
    },
    async simulate() {
      const draft = editor.value;
      if (draft === null) return;
      simulating.value = true;
      const definition = draftToSegment(draft);
      try {
        simulation.value = await transport.send('simulateSegment', {
          definition: { ...definition, id: definition.id || 'simulation' },
        });
        editorProblems.value = [];
      } catch (error) {
        editorProblems.value = builderProblemsOf(error);
      } finally {
        simulating.value = false;
      }
    },
    async runNow(entity) {
      const progress: RunProgress = {
        entity,
        done: 0,
        total: 0,
        finished: false,
        counts: { matched: 0, 'no-match': 0, kept: 0, moved: 0, connected: 0, failed: 0 },
      };
      run.value = { ...progress, counts: { ...progress.counts } };
      busy.value = true;
      try {
        let after: string | null = null;
        do {
          const reply: SegmentRunBatch = await transport.send('runSegments', {
            entity,
            after,
            limit: RUN_BATCH,
          });
          for (const [name, count] of Object.entries(reply.counts) as [
            keyof RunProgress['counts'],
            number,
          ][])
            progress.counts[name] += count;
          progress.total = reply.total;
          progress.done += reply.processed;
          after = reply.next;
          run.value = { ...progress, counts: { ...progress.counts } };
        } while (after !== null);
        run.value = { ...progress, finished: true, counts: { ...progress.counts } };
        const list = await transport.send('listSegments', {});
        segments.value = list.segments;
        await loadLog();
      } catch (error) {
        notice.value = { kind: 'error', text: errorMessage(error) };
        run.value = null;
      } finally {
        busy.value = false;
      }
    },
    async showLog(filter) {
      logFilter.value = {
        segmentId: filter.segmentId ?? null,
        recordKey: filter.recordKey ?? null,
      };
      try {
        await loadLog();
      } catch (error) {
        notice.value = { kind: 'error', text: errorMessage(error) };
      }
    },
  };
}
