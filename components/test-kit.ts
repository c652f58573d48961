/**
 * Setup shared by the component tests (happy-dom): a fresh element to render into for each
 * test, unmounted afterwards so effects clean up, and a way to let fake replies settle.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';

/** A new, empty `<div>` in the document to render a component into (call in `beforeEach`). */
export function mountPoint(): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  return root;
}

/** Unmounts what was rendered into `root` (running effect clean-ups) and removes it (`afterEach`). */
export function unmount(root: HTMLElement): void {
  render(null, root);
  root.remove();
}

/** Lets pending promises (fake transport replies) settle, then re-renders. */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let index = 0; index < 5; index++) await Promise.resolve();
    await new Promise((done) => setTimeout(done, 0));
  });
}
