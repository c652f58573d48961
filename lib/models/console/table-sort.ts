/**
 * Sorting a console table by a clicked column header: the state a sortable table keeps and the
 * rule for what a click does. The header that shows it is `components/console/sortable-headers.tsx`.
 */

export type SortDirection = 'ascending' | 'descending';

/** The column a table is sorted by, and which way. */
export interface TableSort<K extends string> {
  key: K;
  direction: SortDirection;
}

/**
 * The sort after a click on `key`'s header: the sorted column flips its direction; another column
 * starts descending when `descendingFirst(key)` (counts, rates, dates: biggest or newest first),
 * ascending otherwise (names, A to Z).
 */
export function nextSort<K extends string>(
  current: TableSort<K>,
  key: K,
  descendingFirst: (key: K) => boolean,
): TableSort<K> {
  if (current.key === key)
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: descendingFirst(key) ? 'descending' : 'ascending' };
}
