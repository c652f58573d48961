import type { TableSort } from '../../lib/models/console/table-sort';

/** A column of a sortable table: its sort key, its heading, and whether it holds numbers. */
export interface SortColumn<K extends string> {
  key: K;
  label: string;
  numeric?: boolean;
}

export interface SortableHeadersProps<K extends string> {
  columns: readonly SortColumn<K>[];
  sort: TableSort<K>;
  onSort: (key: K) => void;
}

/**
 * One `<th>` per column, each a button that sorts by it; `aria-sort` tells screen readers which
 * column is sorted and which way, the arrow shows it.
 */
export function SortableHeaders<K extends string>({
  columns,
  sort,
  onSort,
}: SortableHeadersProps<K>) {
  return (
    <>
      {columns.map((column) => {
        const sorted = sort.key === column.key;
        return (
          <th
            key={column.key}
            scope="col"
            aria-sort={sorted ? sort.direction : 'none'}
            class={column.numeric === true ? 'num' : undefined}
          >
            <button type="button" class="sort-button" onClick={() => onSort(column.key)}>
              {column.label}
              <span aria-hidden="true" class="sort-button__arrow">
                {sorted ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
              </span>
            </button>
          </th>
        );
      })}
    </>
  );
}
