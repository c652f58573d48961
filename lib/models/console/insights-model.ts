/**
 * The console's Insights (issue #18): the stats table of every sequence for a window (sortable,
 * filterable by record type and tag, exportable as CSV), and one sequence version's insights
 * (flow, step table, weekly chart, the records at a step). While the background rebuilds its
 * roll-ups, the models show its progress and ask again until it is done.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

import type { DayWindow, StatsRow, WindowChoice, WindowStats } from '../../engine/insights';
import type { StepRecordRow } from '../../engine/insights-flow';
import { DAY, HOUR } from '../../engine/time/zoned';
import type { InsightsBuild, SequenceInsightsReply } from '../../messaging/protocol';
import { nextSort, type SortDirection, type TableSort } from './table-sort';
import { errorMessage, type Download, type Transport } from './transport';
import { latestRequest } from '../latest-request';

export type InsightsSortKey =
  | 'name'
  | 'entity'
  | 'connected'
  | 'inProgress'
  | 'completed'
  | 'exited'
  | 'disconnected'
  | 'moved'
  | 'successRate'
  | 'successTrend'
  | 'medianCompleteMs'
  | 'averageCompleteMs'
  | 'stepsPerDay';

/** How often to ask again while roll-ups are rebuilt. */
const BUILD_POLL_MS = 500;

/** The UTC day of a `yyyy-mm-dd` date input value, or null. */
export function dayOfInput(value: string): number | null {
  const at = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(at) ? Math.floor(at / DAY) : null;
}

/** The `yyyy-mm-dd` of a UTC day. */
export function inputOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function sortValue(row: StatsRow, key: InsightsSortKey): string | number | null {
  if (key === 'name') return row.sequence.name.toLocaleLowerCase();
  if (key === 'entity') return row.sequence.entity;
  return row.all[key];
}

/** Sorts rows by `key`; unknown values (no rate yet) always go last. */
function sortStats(
  rows: readonly StatsRow[],
  key: InsightsSortKey,
  direction: SortDirection,
): StatsRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'string' || typeof y === 'string')
      return sign * String(x).localeCompare(String(y));
    return sign * (x - y) || a.sequence.name.localeCompare(b.sequence.name);
  });
}

/** One CSV field: quoted when needed; a leading =, +, - or @ is defused for spreadsheets. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The stats table as CSV: one line per sequence (all versions) and one per version, the same
 * numbers the table shows (rates in percent, times in hours).
 */
function statsCsv(rows: readonly StatsRow[], window: DayWindow): string {
  const header = [
    'Sequence',
    'Version',
    'Record type',
    'Tags',
    'From',
    'To',
    'Connected',
    'In progress',
    'Completed',
    'Exited on reply',
    'Disconnected',
    'Moved',
    'Successes',
    'Success rate (%)',
    'Trend (points)',
    'Median time to complete (hours)',
    'Average time to complete (hours)',
    'Steps completed per day',
  ];
  const line = (row: StatsRow, version: string, stats: WindowStats): string =>
    [
      row.sequence.name,
      version,
      row.sequence.entity,
      row.sequence.tags.join('; '),
      inputOfDay(window.from),
      inputOfDay(window.to),
      stats.connected,
      stats.inProgress,
      stats.completed,
      stats.exited,
      stats.disconnected,
      stats.moved,
      stats.successes,
      stats.successRate === null ? null : stats.successRate * 100,
      stats.successTrend,
      stats.medianCompleteMs === null ? null : stats.medianCompleteMs / HOUR,
      stats.averageCompleteMs === null ? null : stats.averageCompleteMs / HOUR,
      stats.stepsPerDay,
    ]
      .map(csvField)
      .join(',');
  const lines = [header.join(',')];
  for (const row of rows) {
    lines.push(line(row, 'all', row.all));
    for (const version of row.versions)
      lines.push(line(row, String(version.version), version.stats));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A load of insights that asks again every BUILD_POLL_MS while the background is still building
 * its roll-ups (`reply.build` not null), and drops replies that a newer load or `dispose`
 * overtook. `loading` and `error` are the model's own signals.
 */
function polledLoad<R extends { build: InsightsBuild }>(
  ask: () => Promise<R>,
  apply: (reply: R) => void,
  deps: { setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout },
) {
  const loading = signal(false);
  const error = signal<string | null>(null);
  const setTimer = deps.setTimer ?? setTimeout;
  const clearTimer = deps.clearTimer ?? clearTimeout;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const requests = latestRequest();

  const load = async (): Promise<void> => {
    const latest = requests.begin();
    if (timer !== null) clearTimer(timer);
    timer = null;
    loading.value = true;
    error.value = null;
    try {
      const reply = await ask();
      if (!latest()) return;
      apply(reply);
      if (reply.build !== null) timer = setTimer(() => void load(), BUILD_POLL_MS);
    } catch (failure) {
      if (latest()) error.value = `Insights could not be loaded: ${errorMessage(failure)}`;
    } finally {
      if (latest()) loading.value = false;
    }
  };

  return {
    loading,
    error,
    load,
    dispose: () => {
      requests.forget();
      if (timer !== null) clearTimer(timer);
    },
  };
}

export interface InsightsModel {
  choice: ReadonlySignal<WindowChoice>;
  window: ReadonlySignal<DayWindow | null>;
  build: ReadonlySignal<InsightsBuild>;
  loading: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  sort: ReadonlySignal<TableSort<InsightsSortKey>>;
  entityFilter: ReadonlySignal<string>;
  tagFilter: ReadonlySignal<string>;
  /** Record types and tags present, for the filters. */
  entities: ReadonlySignal<string[]>;
  tags: ReadonlySignal<string[]>;
  visible: ReadonlySignal<StatsRow[]>;
  load: () => Promise<void>;
  setChoice: (choice: WindowChoice) => void;
  setSort: (key: InsightsSortKey) => void;
  setEntityFilter: (entity: string) => void;
  setTagFilter: (tag: string) => void;
  exportCsv: () => void;
  dispose: () => void;
}

export function createInsightsModel(
  transport: Transport,
  deps: { download: Download; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout },
): InsightsModel {
  const choice = signal<WindowChoice>({ days: 30 });
  const rows = signal<StatsRow[]>([]);
  const window = signal<DayWindow | null>(null);
  const build = signal<InsightsBuild>(null);
  const sort = signal<TableSort<InsightsSortKey>>({
    key: 'name',
    direction: 'ascending',
  });
  const entityFilter = signal('');
  const tagFilter = signal('');

  const entities = computed(() =>
    [...new Set(rows.value.map((row) => row.sequence.entity))].sort(),
  );
  const tags = computed(() =>
    [...new Set(rows.value.flatMap((row) => row.sequence.tags))].sort((a, b) => a.localeCompare(b)),
  );
  const visible = computed(() =>
    sortStats(
      rows.value.filter(
        (row) =>
          (entityFilter.value === '' || row.sequence.entity === entityFilter.value) &&
          (tagFilter.value === '' || row.sequence.tags.includes(tagFilter.value)),
      ),
      sort.value.key,
      sort.value.direction,
    ),
  );

  const { loading, error, load, dispose } = polledLoad(
    () => transport.send('getInsights', { window: choice.value }),
    (reply) => {
      build.value = reply.build;
      window.value = reply.window;
      rows.value = reply.rows;
    },
    deps,
  );

  return {
    choice,
    window,
    build,
    loading,
    error,
    sort,
    entityFilter,
    tagFilter,
    entities,
    tags,
    visible,
    load,
    setChoice(next) {
      choice.value = next;
      void load();
    },
    setSort(key) {
      sort.value = nextSort(sort.value, key, (k) => k !== 'name' && k !== 'entity');
    },
    setEntityFilter(entity) {
      entityFilter.value = entity;
    },
    setTagFilter(tag) {
      tagFilter.value = tag;
    },
    exportCsv() {
      const range = window.value;
      if (range === null) return;
      deps.download(
        statsCsv(visible.value, range),
        `upnext-insights-${inputOfDay(range.from)}-${inputOfDay(range.to)}.csv`,
      );
    },
    dispose,
  };
}

export interface SequenceInsightsModel {
  id: string;
  choice: ReadonlySignal<WindowChoice>;
  version: ReadonlySignal<number | null>;
  reply: ReadonlySignal<SequenceInsightsReply | null>;
  loading: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  /** The step whose records are listed, and those records. */
  selectedStep: ReadonlySignal<string | null>;
  stepRecords: ReadonlySignal<StepRecordRow[] | null>;
  load: () => Promise<void>;
  /**
   * The page is shown (again): what an earlier visit read is dropped before loading, so figures
   * from before (a step done since, a version published) are never drawn as current while the
   * fresh ones are on their way. The period and a version the manager chose are kept; with no
   * version chosen, the page shows the latest (one published since the last visit, too).
   */
  show: () => Promise<void>;
  setChoice: (choice: WindowChoice) => void;
  setVersion: (version: number) => void;
  selectStep: (stepId: string | null) => Promise<void>;
  dispose: () => void;
}

export function createSequenceInsightsModel(
  transport: Transport,
  id: string,
  deps: {
    choice?: WindowChoice;
    setTimer?: typeof setTimeout;
    clearTimer?: typeof clearTimeout;
  } = {},
): SequenceInsightsModel {
  const choice = signal<WindowChoice>(deps.choice ?? { days: 90 });
  /** The version shown (the reply's), and the one the manager chose (null: the latest). */
  const version = signal<number | null>(null);
  let chosenVersion: number | null = null;
  const reply = signal<SequenceInsightsReply | null>(null);
  const selectedStep = signal<string | null>(null);
  const stepRecords = signal<StepRecordRow[] | null>(null);

  const { loading, error, load, dispose } = polledLoad(
    () =>
      transport.send('getSequenceInsights', {
        sequenceId: id,
        // Not chosen: the latest, so a version published since the last visit is what shows.
        version: chosenVersion,
        window: choice.value,
      }),
    (next) => {
      reply.value = next;
      version.value = next.version;
    },
    deps,
  );

  const selectStep = async (stepId: string | null): Promise<void> => {
    selectedStep.value = stepId;
    stepRecords.value = null;
    const chosen = version.value;
    if (stepId === null || chosen === null) return;
    try {
      const found = await transport.send('getStepRecords', {
        sequenceId: id,
        version: chosen,
        stepId,
        window: choice.value,
      });
      if (selectedStep.value === stepId) stepRecords.value = found.rows;
    } catch (failure) {
      error.value = `The records at this step could not be loaded: ${errorMessage(failure)}`;
    }
  };

  return {
    id,
    choice,
    version,
    reply,
    loading,
    error,
    selectedStep,
    stepRecords,
    load,
    show() {
      reply.value = null;
      selectedStep.value = null;
      stepRecords.value = null;
      return load();
    },
    setChoice(next) {
      choice.value = next;
      void load().then(() => selectStep(selectedStep.value));
    },
    setVersion(next) {
      chosenVersion = next;
      version.value = next;
      void load().then(() => selectStep(null));
    },
    selectStep,
    dispose,
  };
}
