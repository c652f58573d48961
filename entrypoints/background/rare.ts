/**
 * The worker's rare work (parsing and checking packs, scripts/vite-background-rare.ts) lives in
 * a script of its own, `background-rare.js` (entrypoints/background-rare), so that a start reads
 * and compiles less. In Chrome's build the background's stubs call `rareModule`, which imports
 * that script the first time it is needed in this worker's life. `importScripts` is synchronous,
 * so the stubs keep the real functions' signatures.
 *
 * A service worker may `importScripts` only a script it imported while it was installing
 * (Chromium refuses any other with a NetworkError once installed), so `importRareOnInstall`
 * imports it in the `install` event: at the first install and at every update, each with that
 * version's script. The modules hold no state the background shares (they are pure functions of
 * their arguments), so their second copy of zod and of the pack's schemas changes no answer.
 */
import type { RareModule } from '@/scripts/vite-background-rare';

/** Where the rare script is, from the extension's root. */
export const RARE_SCRIPT = '/background-rare.js';

const KEY = Symbol.for('upnext.background-rare');

/** What the rare script provides: each module's exports, by `RareModule` name. */
export type RareModules = Readonly<Record<RareModule, Readonly<Record<string, unknown>>>>;

type WorkerGlobals = {
  [KEY]?: RareModules;
  importScripts?: (...urls: string[]) => void;
  addEventListener: (type: string, listener: () => void) => void;
};

const worker = globalThis as unknown as WorkerGlobals;

/** Called by the rare script when it runs: its modules, for `rareModule`. */
export function provideRare(modules: RareModules): void {
  worker[KEY] = modules;
}

/**
 * The exports of `module`, from the rare script (imported now if this worker has not yet).
 * Throws if the script cannot be imported (a worker that was not installed with it).
 */
export function rareModule(module: RareModule): Record<string, (...args: unknown[]) => unknown> {
  if (worker[KEY] === undefined) {
    if (worker.importScripts === undefined) {
      throw new Error(`Upnext: ${RARE_SCRIPT} is needed and cannot be imported here`);
    }
    worker.importScripts(RARE_SCRIPT);
  }
  const exports = worker[KEY]?.[module];
  if (exports === undefined) throw new Error(`Upnext: ${RARE_SCRIPT} has no ${module}`);
  return exports as Record<string, (...args: unknown[]) => unknown>;
}

/**
 * In a service worker, imports the rare script in the `install` event, so that later starts may
 * import it on demand. Called once, synchronously at the top level of the background's `main`.
 */
export function importRareOnInstall(): void {
  if (worker.importScripts === undefined) return;
  worker.addEventListener('install', () => {
    worker.importScripts?.(RARE_SCRIPT);
  });
}
