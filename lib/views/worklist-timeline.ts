/**
 * The work list page's own timeline: a performance mark at each step of its first screen, read
 * by the benchmark (bench/worklist.ts) and visible in the browser's performance panel. A mark
 * costs microseconds; nothing waits on them.
 */
export const WORKLIST_MARKS = {
  /** The early script started the read (entrypoints/worklist-read), before the page's script. */
  earlyRead: 'upnext-worklist:early-read',
  /** The page's script started (its files fetched and evaluated). */
  script: 'upnext-worklist:script',
  /** The page's read-only connection to the database is open. */
  databaseOpen: 'upnext-worklist:database-open',
  /** The first page of rows is read (the first screen's data). */
  firstRead: 'upnext-worklist:first-read',
  /** The first rows are handed to the view (drawn in the next microtask). */
  firstRows: 'upnext-worklist:first-rows',
} as const;

export type WorklistStep = keyof typeof WORKLIST_MARKS;

export function markWorklist(step: WorklistStep): void {
  performance.mark(WORKLIST_MARKS[step]);
}
