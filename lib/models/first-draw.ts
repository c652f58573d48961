/**
 * When a page built on a loading model is first drawn (the work list, docs/worklist.md): once,
 * together with the model's first answer (its first rows, or the failure), not as an empty shell
 * before it. An early shell's style, layout and paint run while the data is on its way and push
 * the first rows' own draw back. If the answer is slow (a first run, a busy machine), the page
 * is drawn after `waitMs` anyway, with its loading state.
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

/** Calls `draw` once: as soon as `status` leaves 'loading', or after `waitMs`. Returns a cancel. */
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
    stop();
    clearTimeout(timer);
    options.draw();
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
