/**
 * Hash routing for the console (the addresses: route.ts). The hash is the source of truth, so
 * reload and back both work.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

import { parseRoute, routeHash, type Route } from './route';

export type { Route, Section } from './route';

export interface RouterModel {
  route: ReadonlySignal<Route>;
  /** Action: go to a route (pushes a history entry). */
  go: (route: Route) => void;
  dispose: () => void;
}

export function createRouterModel(win: Window = window): RouterModel {
  const route = signal<Route>(parseRoute(win.location.hash));
  const onChange = (): void => {
    route.value = parseRoute(win.location.hash);
  };
  win.addEventListener('hashchange', onChange);
  return {
    route,
    go(next) {
      const hash = routeHash(next);
      if (win.location.hash === hash) route.value = next;
      else win.location.hash = hash;
    },
    dispose() {
      win.removeEventListener('hashchange', onChange);
    },
  };
}
