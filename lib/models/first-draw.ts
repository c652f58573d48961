/**
 * When a page built on a loading model is first drawn (the work list, docs/worklist.md): once,
 * together with the model's first answer (its first rows, or the failure), not as an empty shell
 * before it. An early shell's script, style, layout and paint run while the database opens, and
 * the open's answer (a task of its own) then waits behind them. If the answer is slow (a first
 * run, a busy machine), the page is drawn after `waitMs` anyway, with its loading state.
 *
 * The draw runs in a microtask after the answer: still before the browser can paint, but outside
 * the signal effect (and the batch) that saw the answer, so the view's components subscribe to
 * their signals exactly as they do when drawn from plain code.
 */
import { effect, type ReadonlySignal } from '@preact/signals';

export interface FirstDrawOptions {
  /** The model's status: anything but 'loading' is an answer worth drawing. */
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  /** Draws the page; called exactly once. */
  draw: () => void;
  /** The longest the page stays undrawn while the model loads (ms). */
  waitMs: number;
}

/**
 * Calls `draw` once: in the microtask after `status` leaves 'loading', or after `waitMs`, or at
 * once if `status` already holds an answer. Returns a cancel (nothing is drawn after it).
 */
export function drawOnFirstAnswer(options: FirstDrawOptions): () => void {
  if (options.status.peek() !== 'loading') {
    options.draw();
    return () => undefined;
  }
  let done = false;
  let stop = (): void => undefined;
  const finish = (): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    queueMicrotask(() => {
      stop();
      options.draw();
    });
  };
  const timer = setTimeout(finish, options.waitMs);
  stop = effect(() => {
    if (options.status.value !== 'loading') finish();
  });
  return () => {
    done = true;
    stop();
    clearTimeout(timer);
  };
}
