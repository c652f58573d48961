/**
 * A read started before a page's own script (docs/performance.md: the work list's and the
 * designer's early reads). A page loads a tiny classic script with `async`, which runs as soon
 * as it is fetched, while the page's module files are still being fetched and evaluated; it
 * starts the read the page will need, and the page's script takes it instead of starting its own.
 *
 * Whichever runs first decides, and the read is never made twice: the early script starts
 * nothing once the page's script has run (it runs late when its file came after the page's), and
 * the page gets the read at most once. The two scripts are separate bundles in one page: the
 * handover is a property of the page's global object, named by the caller.
 */

/** The page's script has run (it reads itself): the early script must not start. */
const PAGE = 'page';

type Slots = Record<string, unknown>;

/** In the early script: stores what `start` returns, unless the page's script already ran. */
export function startEarly(slot: string, start: () => unknown): void {
  const slots = globalThis as unknown as Slots;
  if (slots[slot] !== undefined) return;
  slots[slot] = start();
}

/**
 * In the page's script: what the early script stored, or null (it has not run yet, or failed to
 * load); either way it will not start one after this, and a second call returns null.
 */
export function takeEarly(slot: string): unknown {
  const slots = globalThis as unknown as Slots;
  const early = slots[slot];
  slots[slot] = PAGE;
  return early === undefined || early === PAGE ? null : early;
}
