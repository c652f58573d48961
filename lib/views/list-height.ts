/**
 * How tall the work list's scrolling rows area will be, known before the page is laid out
 * (docs/worklist.md, "Where the first screen's time goes"). The list draws only the rows in
 * view; before the first layout it cannot measure, so without this it draws a window's height
 * of rows (twice the rows a 600 px window shows, the rest cut right after the first layout).
 *
 * What is kept is the height of everything around the list (header, Due buttons, filters, the
 * bar above the rows) at a window width: that does not change with the window's height, and the
 * filters wrap differently at another width, so another width is no estimate at all.
 */
export interface ListHeightMemory {
  /** The rows area's height in px for this window, or null when nothing fits (first open). */
  estimate(): number | null;
  /** The rows area as measured (px): kept for the next page open at this window width. */
  remember(listHeight: number): void;
}

interface Window {
  innerWidth: number;
  innerHeight: number;
}

interface Kept {
  width: number;
  around: number;
}

function readKept(text: string | null | undefined): Kept | null {
  if (typeof text !== 'string') return null;
  try {
    const value = JSON.parse(text) as Partial<Kept> | null;
    const { width, around } = value ?? {};
    if (typeof width !== 'number' || typeof around !== 'number') return null;
    if (!Number.isFinite(width) || !Number.isFinite(around) || around < 0) return null;
    return { width, around };
  } catch {
    return null;
  }
}

/** Kept in the page's localStorage (our extension origin); a failing storage keeps nothing. */
export function listHeightMemory(
  storage: Storage | null,
  view: Window,
  key = 'upnext.worklist.around',
): ListHeightMemory {
  let kept: Kept | null = null;
  try {
    kept = readKept(storage?.getItem(key));
  } catch {
    kept = null;
  }
  return {
    estimate() {
      if (kept === null || kept.width !== view.innerWidth) return null;
      const height = view.innerHeight - kept.around;
      return height > 0 ? height : null;
    },
    remember(listHeight) {
      if (!(listHeight > 0)) return;
      const next: Kept = { width: view.innerWidth, around: view.innerHeight - listHeight };
      if (next.around < 0) return;
      if (kept !== null && kept.width === next.width && kept.around === next.around) return;
      kept = next;
      try {
        storage?.setItem(key, JSON.stringify(next));
      } catch {
        // Private mode or a full quota: the next open draws a window's height of rows.
      }
    },
  };
}
