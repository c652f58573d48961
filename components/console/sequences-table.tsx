import type { SequenceSummary } from '../../lib/models/console/types';
import type { SortKey } from '../../lib/models/console/sequences-model';
import type { TableSort } from '../../lib/models/console/table-sort';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';
import { formatDate, formatDateTime, STATE_LABELS } from './format';
import { SortableHeaders, type SortColumn } from './sortable-headers';

export interface SequencesTableProps {
  rows: readonly SequenceSummary[];
  selected: ReadonlySet<string>;
  sort: TableSort<SortKey>;
  busy: boolean;
  onSort: (key: SortKey) => void;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onSetState: (id: string, state: 'active' | 'inactive') => void;
  onClone: (id: string) => void;
  onTags: (id: string) => void;
  onExport: (id: string) => void;
  onDelete: (id: string) => void;
}

const COLUMNS: SortColumn<SortKey>[] = [
  { key: 'name', label: 'Name' },
  { key: 'entity', label: 'Record type' },
  { key: 'state', label: 'State' },
  { key: 'tags', label: 'Tags' },
  { key: 'steps', label: 'Steps', numeric: true },
  { key: 'connected', label: 'Connected', numeric: true },
  { key: 'updatedAt', label: 'Last changed' },
];

const LOCKED_HINT_ID = 'locked-hint';

/** The sequences, one row each, with sortable headers and per-row actions. */
export function SequencesTable(props: SequencesTableProps) {
  const { rows, selected, sort, busy } = props;
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  return (
    <div class="table-wrap">
      <p id={LOCKED_HINT_ID} hidden>
        Active sequences cannot be changed: deactivate it first.
      </p>
      <table class="table sequences-table">
        <caption class="visually-hidden">Sequences</caption>
        <thead>
          <tr>
            <th scope="col" class="col-check">
              <input
                type="checkbox"
                aria-label="Select all shown sequences"
                checked={allSelected}
                onChange={props.onToggleAll}
              />
            </th>
            <SortableHeaders columns={COLUMNS} sort={sort} onSort={props.onSort} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const active = row.state === 'active';
            const locked = active
              ? { 'aria-disabled': 'true' as const, 'aria-describedby': LOCKED_HINT_ID }
              : {};
            return (
              <tr key={row.id} class={selected.has(row.id) ? 'is-selected' : undefined}>
                <td class="col-check">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.name}`}
                    checked={selected.has(row.id)}
                    onChange={() => props.onToggle(row.id)}
                  />
                </td>
                <td class="col-name">
                  <a href={`#sequence/${encodeURIComponent(row.id)}`} class="row-link">
                    {row.name}
                  </a>
                  {row.description !== null && row.description !== '' && (
                    <span class="muted row-description">{row.description}</span>
                  )}
                  <div class="row-actions">
                    {row.source !== 'policy' && (
                      <a
                        class="button button--small"
                        href={`#sequence/${encodeURIComponent(row.id)}/design`}
                        aria-label={`${active ? 'Edit' : 'Open in the designer'} ${row.name}`}
                      >
                        {active
                          ? row.revising === true
                            ? 'Edit (revision open)'
                            : 'Edit'
                          : 'Design'}
                      </a>
                    )}
                    <button
                      type="button"
                      class={`button button--small${active ? '' : ' button--primary'}`}
                      disabled={busy}
                      aria-label={`${active ? 'Deactivate' : 'Activate'} ${row.name}`}
                      onClick={() => props.onSetState(row.id, active ? 'inactive' : 'active')}
                    >
                      {active ? 'Deactivate' : 'Activate'}
                    </button>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={busy}
                      aria-label={`Clone ${row.name}`}
                      onClick={() => props.onClone(row.id)}
                    >
                      Clone
                    </button>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={busy}
                      aria-label={`Edit tags of ${row.name}`}
                      onClick={() => props.onTags(row.id)}
                      {...locked}
                    >
                      Tags
                    </button>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={busy}
                      aria-label={`Export ${row.name}`}
                      onClick={() => props.onExport(row.id)}
                    >
                      Export
                    </button>
                    <button
                      type="button"
                      class="button button--small button--danger"
                      disabled={busy}
                      aria-label={`Delete ${row.name}`}
                      onClick={() => props.onDelete(row.id)}
                      {...locked}
                    >
                      Delete
                    </button>
                  </div>
                </td>
                <td>{t(ENTITY_WORDS.label[row.entity])}</td>
                <td>
                  <span class={`state state--${row.state}`}>{STATE_LABELS[row.state]}</span>
                  <span class="muted version"> v{row.version}</span>
                  {row.edited && <span class="muted version"> · edited</span>}
                  {row.revising === true && <span class="muted version"> · revision open</span>}
                </td>
                <td>
                  <ul class="tags" aria-label={row.tags.length === 0 ? 'No tags' : 'Tags'}>
                    {row.tags.map((tag) => (
                      <li key={tag} class="tag">
                        {tag}
                      </li>
                    ))}
                  </ul>
                </td>
                <td class="num">{row.steps}</td>
                <td class="num">{row.connected.toLocaleString()}</td>
                <td>
                  <time
                    dateTime={new Date(row.updatedAt).toISOString()}
                    title={formatDateTime(row.updatedAt)}
                  >
                    {formatDate(row.updatedAt)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
