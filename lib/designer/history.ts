/**
 * Undo and redo for the designer (issue #16, item 4): a stack of immutable snapshots, each with
 * the edit that led away from it. Pure: the caller passes the time of each edit, so typing in
 * one field can merge into one undo step without this module reading a clock.
 */

/** What an edit was, for announcing undo and redo and for putting focus back. */
export interface Edit {
  /** "Delete “Intro email”", "Change Subject". */
  label: string;
  /** The step the edit was about (focus goes there after undo or redo), or null. */
  focus: string | null;
  /**
   * Edits with the same key in quick succession (typing in one field) merge into one undo step.
   * Structure edits have no key.
   */
  key?: string;
}

interface Entry<T> {
  value: T;
  edit: Edit;
}

export interface History<T> {
  /** Older values, oldest first; each with the edit that was made on it. */
  readonly past: readonly Entry<T>[];
  readonly present: T;
  /** Undone values, the next one to redo last; each with the edit that produces it. */
  readonly future: readonly Entry<T>[];
  /** The last edit's merge key and time, in ms. */
  readonly last: { key: string; at: number } | null;
}

/** At least 100 levels (the floor); snapshots share their unchanged steps, so this is cheap. */
const HISTORY_LIMIT = 200;
/** Keystrokes in one field closer than this merge into one undo step. */
const MERGE_WINDOW_MS = 1000;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], last: null };
}

/** Records `next` as the new present; clears what could be redone. */
export function record<T>(history: History<T>, next: T, edit: Edit, at: number): History<T> {
  if (Object.is(next, history.present)) return history;
  const merge =
    edit.key !== undefined &&
    history.last !== null &&
    history.last.key === edit.key &&
    at - history.last.at <= MERGE_WINDOW_MS &&
    history.past.length > 0 &&
    history.future.length === 0;
  const last = edit.key === undefined ? null : { key: edit.key, at };
  if (merge) return { past: history.past, present: next, future: [], last };
  const past = [...history.past, { value: history.present, edit }];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: next, future: [], last };
}

/** Goes back one edit; `null` when there is nothing to undo. */
export function undo<T>(history: History<T>): { history: History<T>; edit: Edit } | null {
  const entry = history.past.at(-1);
  if (entry === undefined) return null;
  return {
    history: {
      past: history.past.slice(0, -1),
      present: entry.value,
      future: [...history.future, { value: history.present, edit: entry.edit }],
      last: null,
    },
    edit: entry.edit,
  };
}

/** Goes forward one undone edit; `null` when there is nothing to redo. */
export function redo<T>(history: History<T>): { history: History<T>; edit: Edit } | null {
  const entry = history.future.at(-1);
  if (entry === undefined) return null;
  return {
    history: {
      past: [...history.past, { value: history.present, edit: entry.edit }],
      present: entry.value,
      future: history.future.slice(0, -1),
      last: null,
    },
    edit: entry.edit,
  };
}
