// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { flush, mountPoint, unmount } from '@/components/test-kit';

import { lazyView } from './lazy-view';

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

function Greeting({ name }: { name: string }) {
  return <h1>Hello {name}</h1>;
}

/** A loader the test settles by hand, counting how often the code was asked for. */
function controlledLoader() {
  const calls: { resolve: (view: typeof Greeting) => void; reject: (error: Error) => void }[] = [];
  const load = () =>
    new Promise<typeof Greeting>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

describe('lazyView', () => {
  it('says what is loading in a status line, then shows the view with its props', async () => {
    const { load, calls } = controlledLoader();
    const View = lazyView(load, 'insights', 'section');
    await act(() => render(<View name="Ada" />, root));
    const status = root.querySelector('[role="status"]');
    expect(status?.textContent).toBe('Loading insights…');
    expect(status?.classList.contains('lazy-status--section')).toBe(true);

    calls[0]?.resolve(Greeting);
    await flush();
    expect(root.querySelector('[role="status"]')).toBeNull();
    expect(root.querySelector('h1')?.textContent).toBe('Hello Ada');
  });

  it('loads the code once: a second show renders at once, with no status line', async () => {
    const { load, calls } = controlledLoader();
    const View = lazyView(load, 'insights', 'section');
    await act(() => render(<View name="Ada" />, root));
    calls[0]?.resolve(Greeting);
    await flush();
    await act(() => render(null, root));

    await act(() => render(<View name="Grace" />, root));
    expect(root.querySelector('h1')?.textContent).toBe('Hello Grace');
    expect(calls).toHaveLength(1);
  });

  it('says plainly when the code cannot be loaded, and a later show asks for it again', async () => {
    const { load, calls } = controlledLoader();
    const View = lazyView(load, 'CRMs', 'line');
    await act(() => render(<View name="Ada" />, root));
    calls[0]?.reject(new Error('Failed to fetch dynamically imported module'));
    await flush();
    const alert = root.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('The CRMs could not be loaded.');
    expect(alert?.textContent).toContain('Failed to fetch dynamically imported module');
    expect(root.querySelector('button')?.textContent).toBe('Try again');

    await act(() => render(null, root));
    await act(() => render(<View name="Ada" />, root));
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(Greeting);
    await flush();
    expect(root.querySelector('h1')?.textContent).toBe('Hello Ada');
  });
});
