import type { Route, Section } from '../../lib/models/console/router-model';

const ITEMS: { section: Section; label: string }[] = [
  { section: 'sequences', label: 'Sequences' },
  { section: 'segments', label: 'Segments' },
  { section: 'insights', label: 'Insights' },
  { section: 'records', label: 'Connected records' },
  { section: 'crms', label: 'CRMs' },
  { section: 'settings', label: 'Settings' },
  { section: 'data', label: 'Data' },
];

/** The console's sections as real links: the hash is the route, so reload and back work. */
export function ConsoleNav({ route }: { route: Route }) {
  const current: Section =
    route.section === 'sequence' || route.section === 'design' || route.section === 'versions'
      ? 'sequences'
      : route.section === 'sequence-insights'
        ? 'insights'
        : route.section;
  return (
    <nav class="console-nav" aria-label="Console sections">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.section}>
            <a
              href={`#${item.section}`}
              class="console-nav__link"
              aria-current={item.section === current ? 'page' : undefined}
            >
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
