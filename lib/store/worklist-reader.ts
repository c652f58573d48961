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
import { DUE_ORDER, dueAfterRow } from './due-order';
import { openReadOnly } from './read-only';

export { DatabaseMissing } from './read-only';
import { readSetting } from './settings';
import type { ConnectionRow } from './types';

export interface WorklistRead {
  /** By due time (the index order). */
  rows: ConnectionRow[];
  /** The seller's chosen time zone; null: the browser's. */
  timeZone: string | null;
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
}

/**
 * Every work-list row, by due time then connection id, and the seller's time zone. Throws
 * `DatabaseMissing` on a first run, and whatever IndexedDB throws otherwise: the caller then
 * asks the background (`listWork`).
 *
 * The first page is exactly the first `firstPage` rows of the index, whatever they share: ten
 * thousand records connected in one go are all due at the same instant, and the first screen
 * must not wait for all of them. Every later page is the next `pageSize` rows after the last
 * row handed over (the index's key is [dueAt, id], lib/store/due-order.ts), so no read is ever
 * larger than a page, however many rows share a due instant.
 */
export async function readWorklistRows(options: ReadOptions = {}): Promise<WorklistRead> {
  const db = await openReadOnly(options.name);
  try {
    const tx = db.transaction(['connections', 'settings'], 'readonly');
    const index = tx.objectStore('connections').index(DUE_ORDER);
    const settings = readSetting(tx.objectStore('settings'), 'settings');
    const pages: ConnectionRow[][] = [];
    const firstSize = Math.max(1, options.firstPage ?? FIRST_PAGE);
    const size = Math.max(1, options.pageSize ?? PAGE_SIZE);
    const first = await index.getAll(null, firstSize);
    const zone = (await settings)?.timeZone;
    const timeZone = typeof zone === 'string' && zone !== '' ? zone : null;
    let page = first;
    let full = firstSize;
    while (page.length > 0) {
      pages.push(page);
      options.onPage?.({ rows: page, timeZone });
      const last = page.at(-1);
      // A short page is the end of the index (every row in it carries `dueAt`).
      if (page.length < full || last?.dueAt === undefined) break;
      page = await index.getAll(dueAfterRow({ dueAt: last.dueAt, id: last.id }), size);
      full = size;
    }
    if (pages.length === 0) options.onPage?.({ rows: [], timeZone });
    return { rows: pages.flat(), timeZone };
  } finally {
    db.close();
  }
}

/**
 * Starts reading at once and keeps the pages until someone asks: the work list page calls this
 * before it builds its model (time zones, preferences, the first render), so the database's
 * answer is on its way while the page does that work. The first call of the returned function
 * gets the pages read so far, then the rest as they come, and the whole read; every later call
 * (a refresh) reads afresh.
 */
export function prefetchWorklistRows(
  options: Omit<ReadOptions, 'onPage'> = {},
): (onPage: (page: WorklistRead) => void) => Promise<WorklistRead> {
  const early: WorklistRead[] = [];
  let listener: ((page: WorklistRead) => void) | null = null;
  const first = readWorklistRows({
    ...options,
    onPage: (page) => {
      if (listener === null) early.push(page);
      else listener(page);
    },
  });
  // Whoever takes the read gets its failure; until then it is not unhandled.
  first.catch(() => undefined);
  let taken = false;
  return (onPage) => {
    if (taken) return readWorklistRows({ ...options, onPage });
    taken = true;
    for (const page of early.splice(0)) onPage(page);
    listener = onPage;
    return first;
  };
}
