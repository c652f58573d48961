/**
 * `memo` without `preact/compat`: a component that skips rendering while its props are the same
 * (each compared with `===`). Importing `preact/compat` for its `memo` would install compat's
 * global vnode hook, which normalises the props of every element the page creates (a tenth of
 * the designer's first render for 200 steps).
 *
 * Like compat's, the wrapper renders the component as its child: the child keeps its own hooks
 * and signal subscriptions, so a signal it reads still re-renders it when the props are the same.
 */
import { h, type Component, type FunctionComponent } from 'preact';

function changed(previous: object, next: object): boolean {
  for (const key in previous) if (!(key in next)) return true;
  for (const key in next) {
    if ((previous as Record<string, unknown>)[key] !== (next as Record<string, unknown>)[key]) {
      return true;
    }
  }
  return false;
}

export function memo<P extends object>(component: FunctionComponent<P>): FunctionComponent<P> {
  function shouldComponentUpdate(this: Component<P>, next: P): boolean {
    return changed(this.props, next);
  }
  function Memo(this: Component<P>, props: P) {
    this.shouldComponentUpdate = shouldComponentUpdate;
    return h(component, props);
  }
  Memo.displayName = `Memo(${component.displayName ?? component.name})`;
  return Memo;
}
