import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { LoadFailed } from '@/components/console/load-failed';

/**
 * A console view whose code is fetched the first time it is shown (a chunk of the extension's
 * own files, not remote code), so that opening one section does not load and evaluate every
 * other section's libraries: the designer does not wait for the insights charts or the CRM
 * editor's regular expression checker.
 *
 * `load` resolves to the view's component; `what` names it in the loading and failure messages
 * ("insights" → "Loading insights…"). Once loaded, the view renders synchronously for the rest
 * of the page's life. While it loads, a status line holds its place (.lazy-status in
 * style.css: its text shows only if the wait is long enough to notice); `place: 'section'`
 * makes that line reserve a section's height, so the page does not shrink and grow back.
 */
export function lazyView<P extends object>(
  load: () => Promise<ComponentType<P>>,
  what: string,
  place: 'section' | 'line',
): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const start = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (view) => (loaded = view),
      (error: unknown) => {
        // A later show asks again (the next attempt may find the file, say after an update).
        pending = null;
        throw error;
      },
    ));

  return function LazyView(props: P): JSX.Element {
    // Only to draw again once the code is here (a component in state would be called as an
    // initialiser by useState).
    const [, setReady] = useState(loaded !== null);
    const [failure, setFailure] = useState<string | null>(null);
    useEffect(() => {
      if (loaded !== null) return;
      let live = true;
      start().then(
        () => live && setReady(true),
        (error: unknown) =>
          live && setFailure(error instanceof Error ? error.message : String(error)),
      );
      return () => {
        live = false;
      };
    }, []);

    if (loaded !== null) {
      const View = loaded;
      return <View {...props} />;
    }
    if (failure !== null)
      return (
        <LoadFailed
          what={`The ${what}`}
          message={`${failure}. Reloading the console usually fixes this (Upnext may have just been updated).`}
          onRetry={() => location.reload()}
        />
      );
    return (
      <p class={`muted lazy-status lazy-status--${place}`} role="status">
        Loading {what}…
      </p>
    );
  };
}
