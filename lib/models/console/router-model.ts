/**
 * Hash routing for the console: `#sequences`, `#sequence/<id>`, `#segments`, `#records`, `#crms`,
 * `#settings`, `#data`. The hash is the source of truth, so reload and back both work.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

const SECTIONS = ['sequences', 'segments', 'records', 'crms', 'settings', 'data'] as const;
export type Section = (typeof SECTIONS)[number];

export type Route =
  { section: Section } | { section: 'sequence'; id: string; tab: 'steps' | 'records' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  if (raw.startsWith('sequence/')) {
    const [, encodedId = '', tab] = raw.split('/');
    let id = encodedId;
    try {
      id = decodeURIComponent(encodedId);
    } catch {
      // A hand-typed malformed escape: use it as is.
    }
    if (id !== '') return { section: 'sequence', id, tab: tab === 'records' ? 'records' : 'steps' };
  }
  const section = SECTIONS.find((name) => name === raw);
  return { section: section ?? 'sequences' };
}

export function routeHash(route: Route): string {
  if (route.section === 'sequence') {
    const base = `#sequence/${encodeURIComponent(route.id)}`;
    return route.tab === 'records' ? `${base}/records` : base;
  }
  return `#${route.section}`;
}

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
