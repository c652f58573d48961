/**
 * The Sequences section: the list with search, filters and sort; selection; and the lifecycle
 * actions (docs/sequence-format.md, "Import, export and activation") on one sequence or many. Only inactive (or draft) sequences can be
 * changed; an active one must be deactivated first, so those actions say why they are off.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';

import { tCount } from '../../i18n';
import type { SequenceSummary, TemplateSummary } from '../../messaging/protocol';
import type { Problem } from '../../sequence/problem';
import type { Entity, SequenceState } from '../../sequence/types';
import { nextSort, type TableSort } from './table-sort';
import { errorMessage, type Download, type Transport } from './transport';
import type { Notice } from './notice';

export type SortKey = 'name' | 'entity' | 'state' | 'tags' | 'steps' | 'connected' | 'updatedAt';
type LoadStatus = 'loading' | 'ready' | 'error';

interface ActivationReport {
  id: string;
  name: string;
  ok: boolean;
  problems: Problem[];
}

export interface PendingDelete {
  ids: string[];
  names: string[];
  /** Records that will be disconnected (reason `sequence-deleted`). */
  connected: number;
}

const LOCKED_REASON = 'Active sequences cannot be changed. Deactivate it first.';

export interface SequencesModel {
  status: ReadonlySignal<LoadStatus>;
  error: ReadonlySignal<string | null>;
  sequences: ReadonlySignal<SequenceSummary[]>;
  query: ReadonlySignal<string>;
  stateFilter: ReadonlySignal<SequenceState | 'all'>;
  entityFilter: ReadonlySignal<Entity | 'all'>;
  tagFilter: ReadonlySignal<string>;
  sort: ReadonlySignal<TableSort<SortKey>>;
  visible: ReadonlySignal<SequenceSummary[]>;
  allTags: ReadonlySignal<string[]>;
  selected: ReadonlySignal<ReadonlySet<string>>;
  selectedSequences: ReadonlySignal<SequenceSummary[]>;
  busy: ReadonlySignal<boolean>;
  notice: ReadonlySignal<Notice | null>;
  activation: ReadonlySignal<ActivationReport[]>;
  pendingDelete: ReadonlySignal<PendingDelete | null>;
  templates: ReadonlySignal<TemplateSummary[] | null>;
  tagEditor: ReadonlySignal<{ id: string; name: string; tags: string[] } | null>;

  load: () => Promise<void>;
  setQuery: (query: string) => void;
  setStateFilter: (state: SequenceState | 'all') => void;
  setEntityFilter: (entity: Entity | 'all') => void;
  setTagFilter: (tag: string) => void;
  clearFilters: () => void;
  sortBy: (key: SortKey) => void;
  toggle: (id: string) => void;
  /** Selects every visible sequence, or clears the selection when all of them are selected. */
  toggleAll: () => void;
  clearSelection: () => void;
  setState: (ids: string[], state: 'active' | 'inactive') => Promise<void>;
  dismissActivation: () => void;
  clone: (id: string) => Promise<SequenceSummary | null>;
  askDelete: (ids: string[]) => void;
  cancelDelete: () => void;
  confirmDelete: () => Promise<void>;
  exportSequences: (ids: string[] | null) => Promise<void>;
  openTemplates: () => Promise<void>;
  closeTemplates: () => void;
  createFromTemplate: (templateId: string) => Promise<SequenceSummary | null>;
  editTags: (id: string) => void;
  closeTags: () => void;
  saveTags: (tags: string[]) => Promise<boolean>;
  dismissNotice: () => void;
}

const STATE_ORDER: Record<SequenceState, number> = { active: 0, inactive: 1, draft: 2 };

function compare(a: SequenceSummary, b: SequenceSummary, key: SortKey): number {
  switch (key) {
    case 'name':
    case 'entity':
      return a[key].localeCompare(b[key], undefined, { sensitivity: 'base' });
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    case 'tags':
      return a.tags.join(', ').localeCompare(b.tags.join(', '), undefined, { sensitivity: 'base' });
    case 'steps':
    case 'connected':
    case 'updatedAt':
      return a[key] - b[key];
  }
}

/** Splits "a, b,  c" into unique trimmed tags. */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    ),
  ];
}

export function createSequencesModel(
  transport: Transport,
  deps: { download: Download },
): SequencesModel {
  const status = signal<LoadStatus>('loading');
  const error = signal<string | null>(null);
  const sequences = signal<SequenceSummary[]>([]);
  const query = signal('');
  const stateFilter = signal<SequenceState | 'all'>('all');
  const entityFilter = signal<Entity | 'all'>('all');
  const tagFilter = signal('');
  const sort = signal<TableSort<SortKey>>({
    key: 'updatedAt',
    direction: 'descending',
  });
  const selected = signal<ReadonlySet<string>>(new Set());
  const busy = signal(false);
  const notice = signal<Notice | null>(null);
  const activation = signal<ActivationReport[]>([]);
  const pendingDelete = signal<PendingDelete | null>(null);
  const templates = signal<TemplateSummary[] | null>(null);
  const tagEditor = signal<{ id: string; name: string; tags: string[] } | null>(null);

  const visible = computed(() => {
    const words = query.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const rows = sequences.value.filter((row) => {
      if (stateFilter.value !== 'all' && row.state !== stateFilter.value) return false;
      if (entityFilter.value !== 'all' && row.entity !== entityFilter.value) return false;
      if (tagFilter.value !== '' && !row.tags.includes(tagFilter.value)) return false;
      if (words.length === 0) return true;
      const haystack = `${row.name} ${row.description ?? ''}`.toLocaleLowerCase();
      return words.every((word) => haystack.includes(word));
    });
    const { key, direction } = sort.value;
    const sign = direction === 'ascending' ? 1 : -1;
    return rows.sort((a, b) => sign * compare(a, b, key) || a.name.localeCompare(b.name));
  });

  const byId = computed(() => new Map(sequences.value.map((row) => [row.id, row])));
  const nameOf = (id: string): string => byId.value.get(id)?.name ?? id;

  async function load(): Promise<void> {
    try {
      const reply = await transport.send('listSequences', {});
      batch(() => {
        sequences.value = reply.sequences;
        const known = new Set(reply.sequences.map((row) => row.id));
        selected.value = new Set([...selected.value].filter((id) => known.has(id)));
        error.value = null;
        status.value = 'ready';
      });
    } catch (failure) {
      error.value = errorMessage(failure);
      status.value = 'error';
    }
  }

  /** Runs one action with the busy flag, reporting a failure as a notice. */
  async function run<T>(action: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    notice.value = null;
    try {
      return await action();
    } catch (failure) {
      notice.value = { kind: 'error', text: errorMessage(failure) };
      return null;
    } finally {
      busy.value = false;
    }
  }

  return {
    status,
    error,
    sequences,
    query,
    stateFilter,
    entityFilter,
    tagFilter,
    sort,
    visible,
    allTags: computed(() =>
      [...new Set(sequences.value.flatMap((row) => row.tags))].sort((a, b) => a.localeCompare(b)),
    ),
    selected,
    selectedSequences: computed(() => sequences.value.filter((row) => selected.value.has(row.id))),
    busy,
    notice,
    activation,
    pendingDelete,
    templates,
    tagEditor,
    load,
    setQuery(next) {
      query.value = next;
    },
    setStateFilter(next) {
      stateFilter.value = next;
    },
    setEntityFilter(next) {
      entityFilter.value = next;
    },
    setTagFilter(next) {
      tagFilter.value = next;
    },
    clearFilters() {
      batch(() => {
        query.value = '';
        stateFilter.value = 'all';
        entityFilter.value = 'all';
        tagFilter.value = '';
      });
    },
    sortBy(key) {
      sort.value = nextSort(sort.value, key, (k) => k === 'updatedAt' || k === 'connected');
    },
    toggle(id) {
      const next = new Set(selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selected.value = next;
    },
    toggleAll() {
      const ids = visible.value.map((row) => row.id);
      const all = ids.length > 0 && ids.every((id) => selected.value.has(id));
      selected.value = all ? new Set() : new Set(ids);
    },
    clearSelection() {
      selected.value = new Set();
    },
    async setState(ids, state) {
      if (ids.length === 0) return;
      await run(async () => {
        const reply = await transport.send('setSequenceState', { ids, state });
        const reports = reply.results.map((result) => ({
          id: result.id,
          name: nameOf(result.id),
          ok: result.ok,
          problems: result.problems,
        }));
        const done = reports.filter((report) => report.ok).length;
        const failed = reports.filter((report) => !report.ok);
        activation.value = failed;
        const verb = state === 'active' ? 'Activated' : 'Deactivated';
        notice.value =
          failed.length === 0
            ? { kind: 'success', text: `${verb} ${tCount('sequenceCount', done)}.` }
            : {
                kind: 'error',
                text:
                  done === 0
                    ? `Nothing was ${state === 'active' ? 'activated' : 'deactivated'}: see the problems below.`
                    : `${verb} ${tCount('sequenceCount', done)}; ${tCount('sequenceCount', failed.length)} could not be ${state === 'active' ? 'activated' : 'deactivated'}.`,
              };
        await load();
      });
    },
    dismissActivation() {
      activation.value = [];
    },
    async clone(id) {
      return run(async () => {
        const reply = await transport.send('cloneSequence', { id });
        notice.value = {
          kind: 'success',
          text: `Cloned “${nameOf(id)}” as “${reply.sequence.name}” (draft).`,
        };
        await load();
        return reply.sequence;
      });
    },
    askDelete(ids) {
      const rows = ids.map((id) => byId.value.get(id)).filter((row) => row !== undefined);
      const deletable = rows.filter((row) => row.state !== 'active');
      if (deletable.length === 0) {
        notice.value = { kind: 'error', text: LOCKED_REASON };
        return;
      }
      pendingDelete.value = {
        ids: deletable.map((row) => row.id),
        names: deletable.map((row) => row.name),
        connected: deletable.reduce((sum, row) => sum + row.connected, 0),
      };
    },
    cancelDelete() {
      pendingDelete.value = null;
    },
    async confirmDelete() {
      const pending = pendingDelete.value;
      if (pending === null) return;
      await run(async () => {
        const reply = await transport.send('deleteSequences', { ids: pending.ids });
        pendingDelete.value = null;
        notice.value = {
          kind: 'success',
          text: `Deleted ${tCount('sequenceCount', reply.deleted)}; ${tCount('recordsWereCount', reply.disconnected)} disconnected.`,
        };
        await load();
      });
    },
    async exportSequences(ids) {
      await run(async () => {
        const reply = await transport.send('exportSequences', { ids });
        deps.download(reply.text, reply.fileName);
        const count = ids === null ? 'all sequences' : tCount('sequenceCount', ids.length);
        notice.value = { kind: 'success', text: `Exported ${count} to ${reply.fileName}.` };
      });
    },
    async openTemplates() {
      await run(async () => {
        const reply = await transport.send('listTemplates', {});
        templates.value = reply.templates;
      });
    },
    closeTemplates() {
      templates.value = null;
    },
    async createFromTemplate(templateId) {
      return run(async () => {
        const reply = await transport.send('createFromTemplate', { templateId });
        templates.value = null;
        notice.value = {
          kind: 'success',
          text: `Created “${reply.sequence.name}” from a template. Review it, then activate it.`,
        };
        await load();
        return reply.sequence;
      });
    },
    editTags(id) {
      const row = byId.value.get(id);
      if (row === undefined) return;
      if (row.state === 'active') {
        notice.value = { kind: 'error', text: LOCKED_REASON };
        return;
      }
      tagEditor.value = { id, name: row.name, tags: row.tags };
    },
    closeTags() {
      tagEditor.value = null;
    },
    async saveTags(tags) {
      const editor = tagEditor.value;
      if (editor === null) return false;
      const saved = await run(async () => {
        await transport.send('setSequenceTags', { id: editor.id, tags });
        tagEditor.value = null;
        notice.value = { kind: 'success', text: `Saved the tags of “${editor.name}”.` };
        await load();
        return true;
      });
      return saved === true;
    },
    dismissNotice() {
      notice.value = null;
    },
  };
}
