/**
 * The console's addresses (router-model.ts holds the signal that follows them): `#sequences`,
 * `#sequence/<id>`, `#segments`, `#records`, `#crms`, `#settings`, `#data`; the designer
 * (issue #16): `#sequence/<id>/design`, its versions `#sequence/<id>/versions` (one, read only:
 * `/versions/<n>`), and a comparison `#sequence/<id>/compare/<from>/<to>` (a version number or
 * `draft`). Plain functions with no imports: the designer's early script
 * (designer-early-read.ts) reads the address with them before the console's modules are loaded.
 */
const SECTIONS = [
  'sequences',
  'segments',
  'insights',
  'records',
  'crms',
  'settings',
  'data',
] as const;
export type Section = (typeof SECTIONS)[number];

/** A version number, or the draft of the next one. */
type VersionRef = number | 'draft';

export type Route =
  | { section: Section }
  | { section: 'sequence'; id: string; tab: 'steps' | 'records' }
  /** One sequence's insights: `#insights/<id>`. */
  | { section: 'sequence-insights'; id: string }
  /** The designer on the draft (`version: null`), or one stored version, read only. */
  | { section: 'design'; id: string; version: number | null }
  | { section: 'versions'; id: string; compare: { from: VersionRef; to: VersionRef } | null };

function versionRef(text: string | undefined): VersionRef | null {
  if (text === 'draft') return 'draft';
  if (text === undefined || !/^[1-9]\d{0,5}$/.test(text)) return null;
  return Number(text);
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  if (raw.startsWith('sequence/')) {
    const [, encodedId = '', tab, first, second] = raw.split('/');
    let id = encodedId;
    try {
      id = decodeURIComponent(encodedId);
    } catch {
      // A hand-typed malformed escape: use it as is.
    }
    if (id !== '') {
      if (tab === 'design') return { section: 'design', id, version: null };
      if (tab === 'versions') {
        const version = versionRef(first);
        return typeof version === 'number'
          ? { section: 'design', id, version }
          : { section: 'versions', id, compare: null };
      }
      if (tab === 'compare') {
        const from = versionRef(first);
        const to = versionRef(second);
        return {
          section: 'versions',
          id,
          compare: from === null || to === null ? null : { from, to },
        };
      }
      return { section: 'sequence', id, tab: tab === 'records' ? 'records' : 'steps' };
    }
  }
  if (raw.startsWith('insights/')) {
    const encodedId = raw.slice('insights/'.length);
    let id = encodedId;
    try {
      id = decodeURIComponent(encodedId);
    } catch {
      // A hand-typed malformed escape: use it as is.
    }
    if (id !== '') return { section: 'sequence-insights', id };
  }
  const section = SECTIONS.find((name) => name === raw);
  return { section: section ?? 'sequences' };
}

export function routeHash(route: Route): string {
  if (route.section === 'sequence-insights') return `#insights/${encodeURIComponent(route.id)}`;
  if (route.section === 'sequence') {
    const base = `#sequence/${encodeURIComponent(route.id)}`;
    return route.tab === 'records' ? `${base}/records` : base;
  }
  if (route.section === 'design') {
    const base = `#sequence/${encodeURIComponent(route.id)}`;
    return route.version === null ? `${base}/design` : `${base}/versions/${route.version}`;
  }
  if (route.section === 'versions') {
    const base = `#sequence/${encodeURIComponent(route.id)}`;
    return route.compare === null
      ? `${base}/versions`
      : `${base}/compare/${route.compare.from}/${route.compare.to}`;
  }
  return `#${route.section}`;
}
