/**
 * The work list's fast read (docs/worklist.md): an extension page reads the background's
 * database directly, read-only. The `connections` store's `byDueOrder` index holds exactly the rows
 * whose current step needs the seller (lib/store/projection.ts), so reading that index is the
 * whole work list: no serialization through the service worker.
 *
 * Read in pages, in one read-only transaction (one consistent snapshot): each page is one
 * `getAll` whose result arrives as a task of its own, so a page of rows is never more than a few
 * milliseconds of main-thread work, the first screen can be drawn from the first page, and a
 * navigation or a keystroke never waits for 100,000 rows to be deserialized at once.
 *
 * Read-only by construction (lib/store/read-only.ts). Only the background writes
 * (lib/store/db.ts).
 */
import { startEarly, takeEarly } from '../early-start';
import { DUE_ORDER, dueAfterRow } from './due-order';
import { openReadOnly } from './read-only';

export { DatabaseMissing } from './read-only';
import { readSetting } from './settings';
import type { ConnectionRow, SequenceDoc } from './types';
import { markWorklist } from '../views/worklist-timeline';

/**
 * A sequence as the work list's filters need it (its choice in Sequence, its tags in Tag). No
 * connection counts: counting is a read over every connection, and the work list shows none.
 */
export interface WorklistSequence {
  id: string;
  name: string;
  tags: string[];
}

function worklistSequence(doc: SequenceDoc): WorklistSequence {
  return { id: doc.id, name: doc.definition.name, tags: doc.definition.tags ?? [] };
}

interface WorklistRead {
  /** By due time (the index order). */
  rows: ConnectionRow[];
  /** The seller's chosen time zone; null: the browser's. */
  timeZone: string | null;
}

/** The whole read: every row, the zone, and every sequence (read in the same snapshot). */
export interface WorklistReadAll extends WorklistRead {
  sequences: WorklistSequence[];
}

/** Rows in the first page: a screenful and then some, drawn before the rest is read. */
const FIRST_PAGE = 60;
/** Rows in each later page: a few milliseconds to deserialize and prepare. */
const PAGE_SIZE = 2_500;

export interface ReadOptions {
  /** The database's name (tests); default the background's. */
  name?: string;
  firstPage?: number;
  pageSize?: number;
  /**
   * Called with each page as it arrives. Pages follow one another in the index's order (due
   * time, then connection id: the work list's own order, lib/views/worklist-query.ts), so every
   * row of a page comes before every row of the next one (a page can be sorted on its own).
   */
  onPage?: (page: WorklistRead) => void;
  /**
   * Called once with every sequence, right after the first page was handed over and before the
   * second page: the filters' choices follow the first screen instead of holding it up.
   */
  onSequences?: (sequences: WorklistSequence[]) => void;
}

/**
 * Every work-list row, by due time then connection id, the seller's time zone, and every
 * sequence's name and tags (an O(sequences) read: nothing here counts connections). Throws
 * `DatabaseMissing` on a first run, and whatever IndexedDB throws otherwise: the caller then
 * asks the background (`listWork`).
 *
 * The first page is exactly the first `firstPage` rows of the index, whatever they share: ten
 * thousand records connected in one go are all due at the same instant, and the first screen
 * must not wait for all of them. Every later page is the next `pageSize` rows after the last
 * row handed over (the index's key is [dueAt, id], lib/store/due-order.ts), so no read is ever
 * larger than a page, however many rows share a due instant.
 */
export async function readWorklistRows(options: ReadOptions = {}): Promise<WorklistReadAll> {
  const db = await openReadOnly(options.name);
  markWorklist('databaseOpen');
  try {
    const tx = db.transaction(['connections', 'settings', 'sequences'], 'readonly');
    const index = tx.objectStore('connections').index(DUE_ORDER);
    const settings = readSetting(tx.objectStore('settings'), 'settings');
    const pages: ConnectionRow[][] = [];
    const firstSize = Math.max(1, options.firstPage ?? FIRST_PAGE);
    const size = Math.max(1, options.pageSize ?? PAGE_SIZE);
    const first = await index.getAll(null, firstSize);
    markWorklist('firstRead');
    const zone = (await settings)?.timeZone;
    const timeZone = typeof zone === 'string' && zone !== '' ? zone : null;
    // Asked for after the first page (requests of a transaction are answered in order), so the
    // first rows never wait behind the sequences' definitions.
    const sequencesRead = tx.objectStore('sequences').getAll();
    let sequences: Promise<WorklistSequence[]> | null = null;
    const takeSequences = (): Promise<WorklistSequence[]> =>
      (sequences ??= sequencesRead.then((docs) => {
        const list = docs.map(worklistSequence);
        options.onSequences?.(list);
        return list;
      }));
    let page = first;
    let full = firstSize;
    while (page.length > 0) {
      pages.push(page);
      options.onPage?.({ rows: page, timeZone });
      const last = page.at(-1);
      // A short page is the end of the index (every row in it carries `dueAt`).
      if (page.length < full || last?.dueAt === undefined) break;
      const next = index.getAll(dueAfterRow({ dueAt: last.dueAt, id: last.id }), size);
      await takeSequences();
      page = await next;
      full = size;
    }
    if (pages.length === 0) options.onPage?.({ rows: [], timeZone });
    return { rows: pages.flat(), timeZone, sequences: await takeSequences() };
  } finally {
    db.close();
  }
}

/** The read `prefetchWorklistRows` started: take its pages (first call) or read afresh. */
type PrefetchedRows = (
  onPage: (page: WorklistRead) => void,
  onSequences?: (sequences: WorklistSequence[]) => void,
) => Promise<WorklistReadAll>;

/**
 * Starts reading at once and keeps the pages until someone asks: the work list page calls this
 * before it builds its model (time zones, preferences, the first render), so the database's
 * answer is on its way while the page does that work. The first call of the returned function
 * gets the pages read so far, then the rest as they come, and the whole read; every later call
 * (a refresh) reads afresh.
 */
export function prefetchWorklistRows(
  options: Omit<ReadOptions, 'onPage' | 'onSequences'> = {},
): PrefetchedRows {
  const early: WorklistRead[] = [];
  let earlySequences: WorklistSequence[] | null = null;
  let listener: ((page: WorklistRead) => void) | null = null;
  let sequencesListener: ((sequences: WorklistSequence[]) => void) | null = null;
  const first = readWorklistRows({
    ...options,
    onPage: (page) => {
      if (listener === null) early.push(page);
      else listener(page);
    },
    onSequences: (sequences) => {
      if (sequencesListener === null) earlySequences = sequences;
      else sequencesListener(sequences);
    },
  });
  // Whoever takes the read gets its failure; until then it is not unhandled.
  first.catch(() => undefined);
  let taken = false;
  return (onPage, onSequences) => {
    if (taken) return readWorklistRows({ ...options, onPage, onSequences });
    taken = true;
    for (const page of early.splice(0)) onPage(page);
    if (earlySequences !== null) onSequences?.(earlySequences);
    listener = onPage;
    sequencesListener = onSequences ?? (() => undefined);
    return first;
  };
}

// ---------------------------------------------------------------------------------------------
// The read before the page's script (docs/worklist.md, "The read before the page's script").
// worklist.html runs a tiny classic script (entrypoints/worklist-read, `async`) as soon as it is
// fetched, while the page's module files are still being fetched and evaluated; it starts this
// same prefetch, so the database's open and the first page are on their way tens of
// milliseconds earlier. The page's script takes that read if it started, or starts its own
// (the handover: lib/early-start.ts).

const SLOT = '__upnextWorklistRead';

/** In the early script: starts the read, unless the page's script is already running. */
export function startEarlyRead(): void {
  startEarly(SLOT, () => {
    markWorklist('earlyRead');
    return prefetchWorklistRows();
  });
}

/**
 * In the page's script: the read the early script started, or null (it has not run yet, or
 * failed to load); either way it will not start one after this.
 */
export function takeEarlyRead(): PrefetchedRows | null {
  const early = takeEarly(SLOT);
  return typeof early === 'function' ? (early as PrefetchedRows) : null;
}
