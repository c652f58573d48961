/**
 * The work list's pure core: due buckets in the seller's time zone, filtering, sorting and
 * search over rows already in memory. No signals, no browser APIs, no clock:
 * `now` and the zone are passed in, so every function is table-tested (worklist-query.test.ts).
 *
 * Speed (issue #9, 10,000 connections): rows are prepared once per load (`prepareRows`: a
 * lower-case search key, the call/answer flags), sorted once per sort key (`sortItems`, cached
 * by the model), and each keystroke is one linear pass of cheap comparisons (`filterItems`).
 */
import { MAX_SNOOZE_DAYS } from '../domain/limits';
import { STEP_TYPE_TODO } from '../domain/words';
import { snoozeProblem } from '../engine/time/snooze';
import { addDaysToDate, fromZoned, toZoned, type LocalDate } from '../engine/time/zoned';
import { t } from '../i18n';
import { once } from '../once';
import type { DueFilter } from '../messaging/protocol';
import type { Entity, StepType } from '../sequence/types';
import type { ConnectionRow } from '../store/types';

export type { DueFilter, ConnectionRow };
export type SortKey = 'due' | 'name' | 'sequence' | 'type';
export type DueBucket = 'overdue' | 'today' | 'tomorrow' | 'later';

export const DUE_FILTERS: readonly DueFilter[] = ['overdue', 'today', 'tomorrow', 'week', 'all'];
export const SORT_KEYS: readonly SortKey[] = ['due', 'name', 'sequence', 'type'];

export const DUE_FILTER_LABELS: Record<DueFilter, string> = {
  overdue: 'Overdue',
  today: 'Today',
  tomorrow: 'Tomorrow',
  week: 'This week',
  all: 'All',
};

export const SORT_LABELS: Record<SortKey, string> = {
  due: 'Due time',
  name: 'Record name',
  sequence: 'Sequence',
  type: 'Step type',
};

const todoWords = new Map<StepType | null, string>();

/**
 * The word shown next to a step's icon in a seller's to-do list ("Call", "Question"; "Step" when
 * the type is unknown). Memoized: sorting 10,000 rows by type asks for it on every comparison.
 */
export function todoWord(type: StepType | null): string {
  let word = todoWords.get(type);
  if (word === undefined) {
    word = type === null ? t('stepTypeNone') : t(STEP_TYPE_TODO[type]);
    todoWords.set(type, word);
  }
  return word;
}

/** The filters and sort a seller chose. `null` means "any". */
export interface WorkFilters {
  due: DueFilter;
  entity: Entity | null;
  stepType: StepType | null;
  sequenceId: string | null;
  tag: string | null;
  search: string;
  sort: SortKey;
}

export const DEFAULT_FILTERS: WorkFilters = {
  due: 'all',
  entity: null,
  stepType: null,
  sequenceId: null,
  tag: null,
  search: '',
  sort: 'due',
};

/** A row ready for the list: the stored row plus what filtering needs, computed once. */
export interface WorkItem {
  row: ConnectionRow;
  id: string;
  dueAt: number;
  /** recordName, sequenceName and stepName, lower-cased, joined by a newline. */
  searchKey: string;
  /** The step name to show ("Call", "Intro email"). */
  stepLabel: string;
  /** A condition waiting for the seller's yes/no: answered on the record, not completed here. */
  needsAnswer: boolean;
}

/** Snoozed and the snooze has not ended yet. */
export function isSnoozed(item: WorkItem, now: number): boolean {
  return item.row.snoozedUntil !== null && item.row.snoozedUntil > now;
}

/** Midnights (UTC instants) around `now` in `timeZone`: the edges of the due buckets. */
export interface DayBounds {
  now: number;
  timeZone: string;
  /** Start of today. */
  today: number;
  /** Start of tomorrow. */
  tomorrow: number;
  /** Start of the day after tomorrow. */
  dayAfter: number;
  /** Start of the 7th day from today: "this week" is the next seven days (overdue included). */
  weekEnd: number;
}

function startOf(date: LocalDate, timeZone: string): number {
  return fromZoned({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/**
 * Calendar-day edges in the zone. Days are counted on the calendar, not as 24 hours, so a
 * 23- or 25-hour DST day still ends at midnight.
 */
export function dayBounds(now: number, timeZone: string): DayBounds {
  const date: LocalDate = toZoned(now, timeZone);
  return {
    now,
    timeZone,
    today: startOf(date, timeZone),
    tomorrow: startOf(addDaysToDate(date, 1), timeZone),
    dayAfter: startOf(addDaysToDate(date, 2), timeZone),
    weekEnd: startOf(addDaysToDate(date, 7), timeZone),
  };
}

/**
 * Overdue means due on an earlier calendar day (as the engine and the badge count it); a step
 * due at 09:00 is "today" all day, and shown as due now once 09:00 has passed.
 */
export function bucketOf(dueAt: number, bounds: DayBounds): DueBucket {
  if (dueAt < bounds.today) return 'overdue';
  if (dueAt < bounds.tomorrow) return 'today';
  if (dueAt < bounds.dayAfter) return 'tomorrow';
  return 'later';
}

export function matchesDue(dueAt: number, due: DueFilter, bounds: DayBounds): boolean {
  switch (due) {
    case 'overdue':
      return dueAt < bounds.today;
    case 'today':
      return dueAt >= bounds.today && dueAt < bounds.tomorrow;
    case 'tomorrow':
      return dueAt >= bounds.tomorrow && dueAt < bounds.dayAfter;
    case 'week':
      return dueAt < bounds.weekEnd;
    case 'all':
      return true;
  }
}

/** Rows the work list shows: active connections whose current step needs the seller. */
export function prepareRows(rows: readonly ConnectionRow[]): WorkItem[] {
  const items: WorkItem[] = [];
  for (const row of rows) {
    if (row.status !== 'active' || row.dueAt === undefined || row.stepId === null) continue;
    const stepLabel = row.stepName ?? todoWord(row.stepType);
    items.push({
      row,
      id: row.id,
      dueAt: row.dueAt,
      searchKey: `${row.recordName}\n${row.sequenceName}\n${stepLabel}`.toLowerCase(),
      stepLabel,
      needsAnswer: row.kind === 'needs-answer',
    });
  }
  return items;
}

// Made on first use (lib/once.ts): creating a collator loads ICU data (it took tens of
// milliseconds of every worker start), and the work list's first screen, sorted by due time,
// never compares names: its first task, which the database's answer waits behind, makes none.
const collator = /* @__PURE__ */ once(
  () => new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }),
);

/**
 * Due time, then connection id: exactly the order of the `byDueOrder` index (its key is [dueAt, id]; IndexedDB orders the
 * rows of one key by primary key, comparing strings by code unit as `<` does). So the first
 * screen is the index's first rows: records connected in one go share their due instant, and a
 * tie broken by name would need every one of them read before the first row could show.
 */
function byDue(a: WorkItem, b: WorkItem): number {
  return a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const comparators: Record<SortKey, (a: WorkItem, b: WorkItem) => number> = {
  due: byDue,
  name: (a, b) => collator().compare(a.row.recordName, b.row.recordName) || byDue(a, b),
  sequence: (a, b) => collator().compare(a.row.sequenceName, b.row.sequenceName) || byDue(a, b),
  type: (a, b) =>
    collator().compare(
      a.row.stepType === null ? '' : todoWord(a.row.stepType),
      b.row.stepType === null ? '' : todoWord(b.row.stepType),
    ) || byDue(a, b),
};

/** A sorted copy. Sorting is stable and total (ties broken by due time, then id). */
export function sortItems(items: readonly WorkItem[], sort: SortKey): WorkItem[] {
  return [...items].sort(comparators[sort]);
}

/** Everything except the due filter: the due counts are counted over what these leave. */
function matchesOthers(
  item: WorkItem,
  filters: WorkFilters,
  needle: string,
  tagged: ReadonlySet<string> | null,
): boolean {
  const row = item.row;
  if (filters.entity !== null && row.entity !== filters.entity) return false;
  if (filters.stepType !== null && row.stepType !== filters.stepType) return false;
  if (filters.sequenceId !== null && row.sequenceId !== filters.sequenceId) return false;
  if (tagged !== null && !tagged.has(row.sequenceId)) return false;
  if (needle !== '' && !item.searchKey.includes(needle)) return false;
  return true;
}

/** Ids of the sequences that carry `tag`, or null when no tag filter is set. */
function sequencesWithTag(
  tag: string | null,
  sequences: readonly { id: string; tags: readonly string[] }[],
): ReadonlySet<string> | null {
  if (tag === null) return null;
  return new Set(
    sequences.filter((sequence) => sequence.tags.includes(tag)).map((sequence) => sequence.id),
  );
}

export interface FilterResult {
  items: WorkItem[];
  counts: Record<DueFilter, number>;
}

/**
 * One pass over `sorted` (already in the chosen order): the rows to show, and for each due
 * filter how many rows it would show with the other filters as they are.
 */
export function filterItems(
  sorted: readonly WorkItem[],
  filters: WorkFilters,
  bounds: DayBounds,
  sequences: readonly { id: string; tags: readonly string[] }[],
  exclude: ReadonlySet<string> = new Set(),
): FilterResult {
  const needle = filters.search.trim().toLowerCase();
  const tagged = sequencesWithTag(filters.tag, sequences);
  const counts: Record<DueFilter, number> = { overdue: 0, today: 0, tomorrow: 0, week: 0, all: 0 };
  const items: WorkItem[] = [];
  for (const item of sorted) {
    if (exclude.has(item.id) || !matchesOthers(item, filters, needle, tagged)) continue;
    const due = item.dueAt;
    counts.all += 1;
    if (due < bounds.weekEnd) counts.week += 1;
    if (due < bounds.today) counts.overdue += 1;
    else if (due < bounds.tomorrow) counts.today += 1;
    else if (due < bounds.dayAfter) counts.tomorrow += 1;
    if (matchesDue(due, filters.due, bounds)) items.push(item);
  }
  return { items, counts };
}

/** Tags of the given sequences, sorted, without duplicates. */
export function tagsOf(sequences: readonly { tags: readonly string[] }[]): string[] {
  return [...new Set(sequences.flatMap((sequence) => sequence.tags))].sort((a, b) =>
    collator().compare(a, b),
  );
}

// ---------------------------------------------------------------------------------------------
// Labels

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function format(
  timeZone: string,
  locale: string | undefined,
  kind: 'time' | 'date',
): Intl.DateTimeFormat {
  const key = `${timeZone}|${locale ?? ''}|${kind}`;
  let f = timeFormats.get(key);
  if (f === undefined) {
    f =
      kind === 'time'
        ? new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' })
        : new Intl.DateTimeFormat(locale, {
            timeZone,
            weekday: 'short',
            day: 'numeric',
            month: 'short',
          });
    timeFormats.set(key, f);
  }
  return f;
}

export interface DueLabel {
  bucket: DueBucket;
  /** "Overdue", "Today", "Tomorrow" or the date ("Fri 14 Jun"). */
  day: string;
  time: string;
  /** The whole label, for screen readers and titles: "Overdue · Mon 3 Jun, 09:00". */
  text: string;
  /** Due at or before now (a "today" step whose time has passed counts). */
  dueNow: boolean;
}

export function dueLabel(dueAt: number, bounds: DayBounds, locale?: string): DueLabel {
  const bucket = bucketOf(dueAt, bounds);
  const time = format(bounds.timeZone, locale, 'time').format(dueAt);
  const date = format(bounds.timeZone, locale, 'date').format(dueAt);
  const day = bucket === 'today' ? 'Today' : bucket === 'tomorrow' ? 'Tomorrow' : date;
  const text = bucket === 'overdue' ? `Overdue · ${date}, ${time}` : `${day}, ${time}`;
  return { bucket, day, time, text, dueNow: dueAt <= bounds.now };
}

/**
 * Builds what the first due labels in `timeZone` need (the zone's day edges and the time and date
 * formats: three `Intl.DateTimeFormat`s, each far dearer to build than to use), so the first rows'
 * draw only uses them. The work list page calls it while the database answers (docs/worklist.md).
 */
export function readyDueLabels(timeZone: string, now: number): void {
  dueLabel(now, dayBounds(now, timeZone));
}

/** "Tue 4 Jun, 09:00" in the seller's zone. */
export function formatWhen(at: number, timeZone: string, locale?: string): string {
  return `${format(timeZone, locale, 'date').format(at)}, ${format(timeZone, locale, 'time').format(at)}`;
}

// ---------------------------------------------------------------------------------------------
// Snooze: the presets and the 30-day rule are the engine's (lib/engine/time/snooze.ts).

/** Why a custom snooze time is refused, in the work list's words, or null when it is fine. */
export function customSnoozeProblem(
  until: number | null,
  now: number,
  timeZone: string,
): string | null {
  switch (snoozeProblem(until, now, timeZone)) {
    case 'invalid':
      return 'Pick a date and time.';
    case 'past':
      return 'Pick a time in the future.';
    case 'too-far':
      return `A step can be snoozed at most ${MAX_SNOOZE_DAYS} days ahead.`;
    case null:
      return null;
  }
}
