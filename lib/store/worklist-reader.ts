/**
 * The work list's fast read (docs/worklist.md): an extension page reads the background's
 * database directly, read-only. The `connections` store's `byDue` index holds exactly the rows
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
   * Called with each page as it arrives. Pages follow one another in due order and never split
   * a group of rows due at the same instant, so every row of a page is due no later than every
   * row of the next one (a page can be sorted on its own).
   */
  onPage?: (page: WorklistRead) => void;
}

/**
 * Every work-list row, by due time, and the seller's time zone. Throws `DatabaseMissing` on a
 * first run, and whatever IndexedDB throws otherwise: the caller then asks the background
 * (`listWork`).
 */
export async function readWorklistRows(options: ReadOptions = {}): Promise<WorklistRead> {
  const db = await openReadOnly(options.name);
  try {
    const tx = db.transaction(['connections', 'settings'], 'readonly');
    const index = tx.objectStore('connections').index('byDue');
    const settings = readSetting(tx.objectStore('settings'), 'settings');
    const pages: ConnectionRow[][] = [];
    let timeZone: string | null | undefined;
    let after: number | null = null;
    let size = Math.max(1, options.firstPage ?? FIRST_PAGE);
    for (;;) {
      const rows = await index.getAll(
        after === null ? null : IDBKeyRange.lowerBound(after, true),
        size,
      );
      if (timeZone === undefined) {
        const zone = (await settings)?.timeZone;
        timeZone = typeof zone === 'string' && zone !== '' ? zone : null;
      }
      const last = rows.length === size ? rows[rows.length - 1]?.dueAt : undefined;
      let page = rows;
      if (last !== undefined) {
        // The page may end inside a group due at the same instant: take that group whole.
        let cut = rows.length;
        while (cut > 0 && rows[cut - 1]?.dueAt === last) cut -= 1;
        page = rows.slice(0, cut).concat(await index.getAll(IDBKeyRange.only(last)));
        after = last;
      }
      pages.push(page);
      options.onPage?.({ rows: page, timeZone });
      if (last === undefined) break;
      size = Math.max(1, options.pageSize ?? PAGE_SIZE);
    }
    return { rows: pages.flat(), timeZone };
  } finally {
    db.close();
  }
}
