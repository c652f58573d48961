/**
 * The work list's view model (issue #9): every due step across records, filtered, sorted and
 * searched in memory; inline and bulk actions with an honest Undo.
 *
 * Undo is honest: an action is *not sent* for `undoMs` (5 s). The rows disappear from the list
 * and a notice offers Undo; Undo drops the action before anything is stored. The action is sent
 * when the timer ends, or at once by `flush()` (the page calls it on `pagehide` and when it
 * becomes hidden), so closing the tab loses nothing.
 */
import { browserTimeZone } from '../format/time';
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';

import type { CallOutcome } from '../sequence/types';
import { parseRecordKey } from '../domain/record-ref';
import type { RecordRef } from '../messaging/protocol';
import type { ConnectionRow } from '../store/types';
import {
  DEFAULT_FILTERS,
  DUE_FILTERS,
  SORT_KEYS,
  dayBounds,
  filterItems,
  formatWhen,
  prepareRows,
  sortItems,
  tagsOf,
  type DayBounds,
  type DueFilter,
  type SortKey,
  type WorkFilters,
  type WorkItem,
} from '../views/worklist-query';
import type { ActItems, WorklistSequence, WorklistSource } from './worklist-source';
import { ENTITIES, STEP_TYPES } from '../sequence/types';
import { SETTLE_MS, createClickGuard } from './click-guard';
import { latestRequest } from './latest-request';
import { markWorklist } from '../views/worklist-timeline';

type Verb = 'complete' | 'skip' | 'snooze';

export interface PendingNotice {
  id: number;
  verb: Verb;
  text: string;
  count: number;
}

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

export interface Prefs {
  load(): unknown;
  save(filters: Omit<WorkFilters, 'search'>): void;
}

interface SequenceChoice {
  id: string;
  name: string;
}

export interface WorklistModel {
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  error: ReadonlySignal<string | null>;
  filters: ReadonlySignal<WorkFilters>;
  /** What the search box shows (`filters.search` follows it keystroke by keystroke). */
  searchText: ReadonlySignal<string>;
  bounds: ReadonlySignal<DayBounds>;
  /** Rows that match the filters, in order, without those waiting to be sent. */
  visible: ReadonlySignal<WorkItem[]>;
  counts: ReadonlySignal<Record<DueFilter, number>>;
  /** Rows loaded (before filters), without those waiting to be sent. */
  loaded: ReadonlySignal<number>;
  /** False while only the first screen is loaded: counts are not known yet. */
  fullyLoaded: ReadonlySignal<boolean>;
  sequences: ReadonlySignal<SequenceChoice[]>;
  tags: ReadonlySignal<string[]>;
  selected: ReadonlySignal<ReadonlySet<string>>;
  /** Selected rows that are still visible: what a bulk action acts on. */
  selectedVisible: ReadonlySignal<WorkItem[]>;
  pending: ReadonlySignal<PendingNotice[]>;
  notices: ReadonlySignal<Notice[]>;
  load: () => Promise<void>;
  /** Reload; calls while a load runs are coalesced into one more load. */
  refresh: () => Promise<void>;
  setFilter: <K extends keyof Omit<WorkFilters, 'search'>>(key: K, value: WorkFilters[K]) => void;
  setSearch: (text: string) => void;
  resetFilters: () => void;
  toggle: (id: string) => void;
  selectAllVisible: () => void;
  clearSelection: () => void;
  complete: (ids: readonly string[], outcome?: CallOutcome) => void;
  skip: (ids: readonly string[]) => void;
  snooze: (ids: readonly string[], until: number) => void;
  undo: (pendingId: number) => void;
  /** Sends every waiting action now (page hidden or closing). */
  flush: () => void;
  dismissNotice: (id: number) => void;
  /**
   * Whether a click on a row's own button acts: not for a moment after the row moved or came
   * under the pointer (the row above was just done: a double click's second click lands here).
   */
  acceptsRowClick: (id: string) => boolean;
  /** Rows that ignore clicks for that moment (their buttons say so: `aria-disabled`). */
  settling: ReadonlySignal<ReadonlySet<string>>;
  /**
   * The view says which places of `visible` it draws (indexes, after every draw): only those
   * rows can be under the pointer, so only they are checked for the click guard. Until a view
   * says so, every place is.
   */
  rowsDrawn: (places: readonly number[]) => void;
  dispose: () => void;
  /** The model's clock (snooze choices are computed from it). */
  now: () => number;
}

export interface WorklistModelOptions {
  source: WorklistSource;
  prefs?: Prefs;
  undoMs?: number;
  now?: () => number;
  locale?: string;
}

/** The reference of a row's record (its key, `crm|entity|id`, read back). */
export function refOf(row: Pick<ConnectionRow, 'recordKey' | 'crm' | 'entity'>): RecordRef {
  return parseRecordKey(row.recordKey) ?? { crm: row.crm, entity: row.entity, id: '' };
}

function readPrefs(raw: unknown): WorkFilters {
  const out: WorkFilters = { ...DEFAULT_FILTERS };
  if (typeof raw !== 'object' || raw === null) return out;
  const value = raw as Record<string, unknown>;
  const due = value['due'];
  const sort = value['sort'];
  const entity = value['entity'];
  const stepType = value['stepType'];
  const sequenceId = value['sequenceId'];
  const tag = value['tag'];
  if (DUE_FILTERS.includes(due as DueFilter)) out.due = due as DueFilter;
  if (SORT_KEYS.includes(sort as SortKey)) out.sort = sort as SortKey;
  if ((ENTITIES as readonly unknown[]).includes(entity))
    out.entity = entity as WorkFilters['entity'];
  if ((STEP_TYPES as readonly unknown[]).includes(stepType))
    out.stepType = stepType as WorkFilters['stepType'];
  if (typeof sequenceId === 'string') out.sequenceId = sequenceId;
  if (typeof tag === 'string') out.tag = tag;
  return out;
}

/**
 * Filters remembered in the page's own localStorage (our extension origin). A save is written
 * in a task of its own right after the change (at once when the page is closed first):
 * `setItem` is synchronous storage work that a filter change's rows would otherwise wait for.
 * `load` sees a save not written yet.
 */
export function localStoragePrefs(
  storage: Storage | null,
  key = 'upnext.worklist.filters',
  page: Pick<Window, 'addEventListener'> | null = typeof window === 'undefined' ? null : window,
): Prefs {
  let unsaved: string | null = null;
  const write = (): void => {
    if (unsaved === null) return;
    const text = unsaved;
    unsaved = null;
    try {
      storage?.setItem(key, text);
    } catch {
      // Private mode or a full quota: the choice is simply not remembered.
    }
  };
  page?.addEventListener('pagehide', write);
  return {
    load() {
      try {
        const text = unsaved ?? storage?.getItem(key);
        return text ? (JSON.parse(text) as unknown) : null;
      } catch {
        return null;
      }
    },
    save(filters) {
      if (unsaved === null) setTimeout(write, 0);
      unsaved = JSON.stringify(filters);
    },
  };
}

const PAST: Record<Verb, string> = { complete: 'Completed', skip: 'Skipped', snooze: 'Snoozed' };

interface Pending {
  id: number;
  verb: Verb;
  ids: string[];
  items: ActItems;
  text: string;
  timer: ReturnType<typeof setTimeout>;
}

export function createWorklistModel(options: WorklistModelOptions): WorklistModel {
  const { source } = options;
  const undoMs = options.undoMs ?? 5000;
  const clock = options.now ?? (() => Date.now());
  const initial = readPrefs(options.prefs?.load());

  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const fullyLoaded = signal(false);
  const error = signal<string | null>(null);
  const items = signal<WorkItem[]>([]);
  const bounds = signal<DayBounds>(dayBounds(clock(), browserTimeZone()));
  const filters = signal<WorkFilters>(initial);
  const searchText = signal('');
  const summaries = signal<WorklistSequence[]>([]);
  const selected = signal<ReadonlySet<string>>(new Set());
  const pendingList = signal<Pending[]>([]);
  /** Ids sent but not yet reloaded: still hidden, so they do not flash back. */
  const inFlight = signal<ReadonlySet<string>>(new Set());
  const notices = signal<Notice[]>([]);
  const loads = latestRequest();
  let nextId = 1;
  let loading: Promise<void> | null = null;
  const queued = { again: false };

  // Sorted once per load and sort key; a filter or a keystroke only filters (worklist-query.ts).
  // The sort key is a signal of its own: changing another filter must not sort again.
  const sortKey = computed(() => filters.value.sort);
  const sorted = computed(() => sortItems(items.value, sortKey.value));
  const hidden = computed(() => {
    const set = new Set(inFlight.value);
    for (const p of pendingList.value) for (const id of p.ids) set.add(id);
    return set;
  });
  const result = computed(() =>
    filterItems(sorted.value, filters.value, bounds.value, summaries.value, hidden.value),
  );
  const visible = computed(() => result.value.items);
  const counts = computed(() => result.value.counts);

  // Rows that moved (or appeared) where the pointer may be: they ignore clicks a moment.
  const setTimer = (run: () => void, ms: number): (() => void) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  };
  const guard = createClickGuard({ setTimer });
  /** The list as last placed (null: nothing placed yet). */
  let placed: readonly WorkItem[] | null = null;
  /**
   * The list's changes within the guard's moment: which row each place held before and after,
   * and the rows already compared for it (`seen`, by id).
   */
  interface Move {
    before: readonly WorkItem[];
    after: readonly WorkItem[];
    seen: Set<string>;
  }
  const moves = new Set<Move>();
  const dropMoves = new Set<() => void>();
  /** The places the view draws (`rowsDrawn`); null (no view): every place. */
  let drawn: readonly number[] | null = null;
  /**
   * Compares the rows now at these places with what the places held before each recent change.
   * Only a drawn row can be under the pointer, so with a view only the drawn places are compared
   * (a screenful), when the list changes and as more places are drawn within the moment (a
   * scroll): a filter over 10,000 rows no longer hands the guard 10,000 ids (issue #22).
   */
  function settle(places: Iterable<number>): void {
    const rows: readonly WorkItem[] | null = placed;
    if (rows === null || moves.size === 0) return;
    const moved: string[] = [];
    for (const place of places) {
      const item = rows.at(place);
      if (item === undefined) continue;
      for (const move of moves) {
        if (move.seen.has(item.id)) continue;
        move.seen.add(item.id);
        const at = move.after === rows ? place : move.after.indexOf(item);
        // A row moved (or appeared) exactly when another row was at its place before.
        if (at >= 0 && move.before[at]?.id !== item.id) moved.push(item.id);
      }
    }
    guard.changed(moved);
  }
  const stopPlacing = effect(() => {
    const rows = visible.value;
    const before = placed;
    placed = rows;
    // The first rows of a load came under no pointer that meant something else.
    if (before === null || before.length === 0) return;
    const move: Move = { before, after: rows, seen: new Set() };
    moves.add(move);
    const cancel = setTimer(() => {
      dropMoves.delete(cancel);
      moves.delete(move);
    }, SETTLE_MS);
    dropMoves.add(cancel);
    settle(drawn ?? rows.keys());
  });
  const byId = computed(() => new Map(items.value.map((item) => [item.id, item])));

  const sequences = computed<SequenceChoice[]>(() => {
    const names = new Map<string, string>();
    for (const summary of summaries.value) names.set(summary.id, summary.name);
    for (const item of items.value)
      if (!names.has(item.row.sequenceId)) names.set(item.row.sequenceId, item.row.sequenceName);
    return [...names]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
  const tags = computed(() => tagsOf(summaries.value));
  // Nothing selected (the usual case): no pass over every visible row on each filter change.
  const noneSelected: WorkItem[] = [];
  const selectedVisible = computed(() => {
    const chosen = selected.value;
    if (chosen.size === 0) return noneSelected;
    return visible.value.filter((item) => chosen.has(item.id));
  });

  function notify(tone: Notice['tone'], text: string): void {
    const id = nextId++;
    notices.value = [...notices.value.slice(-2), { id, tone, text }];
  }

  /**
   * One load: the rows arrive page by page in due order (worklist-source.ts). Each page is
   * prepared and sorted by due time on its own as it arrives (a few milliseconds each), so the
   * pages put together are already in order and the final sort is one linear pass. On the very
   * first load, when the list is sorted by due time, the first page is shown at once: it is the
   * top of the list, whatever the filters (the counts wait for every row: `fullyLoaded`). A Tag
   * filter is the exception: which rows it keeps depends on the sequences' tags, read right after
   * the first page, so the first screen waits for them rather than showing a wrong, empty list.
   * Nothing before the first screen grows with the number of connections.
   */
  async function loadOnce(): Promise<void> {
    const latest = loads.begin();
    try {
      const parts: WorkItem[][] = [];
      let sequencesIn = false;
      let firstAt: { now: number; timeZone: string } | null = null;
      // The first screen: the pages so far, once nothing it shows can be wrong.
      const showFirst = (): void => {
        if (status.value !== 'loading' || filters.value.sort !== 'due' || firstAt === null) return;
        if (filters.value.tag !== null && !sequencesIn) return;
        const at = firstAt;
        batch(() => {
          items.value = parts.length === 1 ? parts[0] : parts.flat();
          bounds.value = dayBounds(at.now, at.timeZone);
          status.value = 'ready';
        });
        markWorklist('firstRows');
      };
      const loadedRows = await source.loadRows({
        onPage(page) {
          if (!latest()) return;
          parts.push(sortItems(prepareRows(page.rows), 'due'));
          firstAt ??= { now: page.now, timeZone: page.timeZone };
          showFirst();
        },
        onSequences(list) {
          if (!latest()) return;
          sequencesIn = true;
          summaries.value = list;
          showFirst();
        },
      });
      if (!latest()) return;
      const prepared = parts.flat();
      batch(() => {
        items.value = prepared;
        bounds.value = dayBounds(loadedRows.now, loadedRows.timeZone);
        if (loadedRows.sequences !== null) summaries.value = loadedRows.sequences;
        if (selected.value.size > 0) {
          const ids = new Set(prepared.map((item) => item.id));
          if ([...selected.value].some((id) => !ids.has(id)))
            selected.value = new Set([...selected.value].filter((id) => ids.has(id)));
        }
        error.value = null;
        status.value = 'ready';
        fullyLoaded.value = true;
      });
    } catch (failure) {
      if (!latest()) return;
      error.value = failure instanceof Error ? failure.message : String(failure);
      status.value = 'error';
    }
  }

  function refresh(): Promise<void> {
    if (loading !== null) {
      queued.again = true;
      return loading;
    }
    loading = (async () => {
      const repeat = (): boolean => queued.again;
      do {
        queued.again = false;
        await loadOnce();
      } while (repeat());
      loading = null;
    })();
    return loading;
  }

  function saveFilters(): void {
    const { due, entity, stepType, sequenceId, tag, sort } = filters.value;
    options.prefs?.save({ due, entity, stepType, sequenceId, tag, sort });
  }

  function describe(verb: Verb, chosen: WorkItem[], until?: number): string {
    const first = chosen[0];
    const when =
      until === undefined
        ? ''
        : ` until ${formatWhen(until, bounds.value.timeZone, options.locale)}`;
    if (chosen.length === 1) {
      return `${PAST[verb]} ‘${first.stepLabel}’ for ${first.row.recordName}${when}`;
    }
    return `${PAST[verb]} ${chosen.length} steps${when}`;
  }

  async function send(p: Pending): Promise<void> {
    batch(() => {
      pendingList.value = pendingList.value.filter((other) => other.id !== p.id);
      inFlight.value = new Set([...inFlight.value, ...p.ids]);
    });
    try {
      const reply = await source.act(p.items);
      if (reply.failed.length > 0) {
        const first = reply.failed[0]?.message ?? '';
        notify(
          'error',
          `${reply.failed.length} of ${p.items.length} could not be changed: ${first}`,
        );
      } else if (reply.alreadyHandled > 0) {
        notify(
          'info',
          reply.alreadyHandled === 1
            ? 'One step was already handled elsewhere; nothing changed for it.'
            : `${reply.alreadyHandled} steps were already handled elsewhere; nothing changed for them.`,
        );
      }
    } catch (failure) {
      notify(
        'error',
        `Nothing was changed: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    }
    await refresh();
    const done = new Set(p.ids);
    inFlight.value = new Set([...inFlight.value].filter((id) => !done.has(id)));
  }

  function queue(
    verb: Verb,
    chosen: WorkItem[],
    build: (item: WorkItem) => ActItems[number] | null,
    until?: number,
  ): void {
    const acted: WorkItem[] = [];
    const list: ActItems = [];
    for (const item of chosen) {
      const built = build(item);
      if (built === null) continue;
      acted.push(item);
      list.push(built);
    }
    const skipped = chosen.length - acted.length;
    if (skipped > 0) {
      notify(
        'info',
        skipped === 1
          ? 'One question step was left alone: answer it on the record.'
          : `${skipped} question steps were left alone: answer them on the record.`,
      );
    }
    if (list.length === 0) return;
    const id = nextId++;
    const pending: Pending = {
      id,
      verb,
      ids: acted.map((item) => item.id),
      items: list,
      text: describe(verb, acted, until),
      timer: setTimeout(() => void send(pending), undoMs),
    };
    batch(() => {
      pendingList.value = [...pendingList.value, pending];
      const ids = new Set(pending.ids);
      if ([...selected.value].some((s) => ids.has(s)))
        selected.value = new Set([...selected.value].filter((s) => !ids.has(s)));
    });
  }

  function pick(ids: readonly string[]): WorkItem[] {
    const map = byId.value;
    const taken = hidden.value;
    return ids.flatMap((id) => {
      const item = map.get(id);
      return item !== undefined && !taken.has(id) ? [item] : [];
    });
  }

  const stepRef = (item: WorkItem) => ({
    connectionId: item.id,
    stepId: item.row.stepId ?? '',
    revision: item.row.revision,
  });

  return {
    status,
    fullyLoaded,
    error,
    filters,
    searchText,
    bounds,
    visible,
    counts,
    loaded: computed(() => {
      const gone = hidden.value;
      let n = 0;
      for (const item of items.value) if (!gone.has(item.id)) n += 1;
      return n;
    }),
    sequences,
    tags,
    selected,
    selectedVisible,
    pending: computed(() =>
      pendingList.value.map(({ id, verb, text, ids }) => ({ id, verb, text, count: ids.length })),
    ),
    notices,
    load: refresh,
    refresh,
    setFilter(key, value) {
      filters.value = { ...filters.value, [key]: value };
      saveFilters();
    },
    setSearch(text) {
      // No wait after the keystroke: search is one pass over keys lower-cased once per load
      // (worklist-query.ts), so every keystroke shows its answer at once.
      batch(() => {
        searchText.value = text;
        filters.value = { ...filters.value, search: text };
      });
    },
    resetFilters() {
      batch(() => {
        filters.value = { ...DEFAULT_FILTERS, sort: filters.value.sort };
        searchText.value = '';
      });
      saveFilters();
    },
    toggle(id) {
      const next = new Set(selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selected.value = next;
    },
    selectAllVisible() {
      selected.value = new Set(visible.value.map((item) => item.id));
    },
    clearSelection() {
      selected.value = new Set();
    },
    complete(ids, outcome) {
      queue('complete', pick(ids), (item) => {
        if (item.needsAnswer) return null;
        return {
          record: refOf(item.row),
          action: {
            type: 'complete',
            ...stepRef(item),
            ...(item.row.stepType === 'call' && outcome !== undefined ? { outcome } : {}),
          },
        };
      });
    },
    skip(ids) {
      queue('skip', pick(ids), (item) =>
        item.needsAnswer
          ? null
          : { record: refOf(item.row), action: { type: 'skip', ...stepRef(item) } },
      );
    },
    snooze(ids, until) {
      queue(
        'snooze',
        pick(ids),
        (item) => ({
          record: refOf(item.row),
          action: { type: 'snooze', until, ...stepRef(item) },
        }),
        until,
      );
    },
    undo(pendingId) {
      const p = pendingList.value.find((other) => other.id === pendingId);
      if (p === undefined) return;
      clearTimeout(p.timer);
      pendingList.value = pendingList.value.filter((other) => other.id !== pendingId);
    },
    flush() {
      for (const p of pendingList.value) {
        clearTimeout(p.timer);
        void send(p);
      }
    },
    dismissNotice(id) {
      notices.value = notices.value.filter((notice) => notice.id !== id);
    },
    acceptsRowClick: (id) => guard.accepts(id),
    settling: guard.settling,
    rowsDrawn(places) {
      drawn = places;
      settle(places);
    },
    now: clock,
    dispose() {
      stopPlacing();
      for (const cancel of dropMoves) cancel();
      moves.clear();
      guard.dispose();
      loads.forget();
      // Nothing the seller did is lost when the view goes away.
      for (const p of pendingList.value) {
        clearTimeout(p.timer);
        void send(p);
      }
    },
  };
}

/** Whether completing these needs a call outcome first. */
export function needsOutcome(chosen: readonly WorkItem[]): boolean {
  return chosen.some((item) => item.row.stepType === 'call' && !item.needsAnswer);
}
