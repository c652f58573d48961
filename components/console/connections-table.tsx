import { useId } from 'preact/hooks';

import type {
  ConnectionsModel,
  ConnectionStatusFilter,
} from '../../lib/models/console/connections-model';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';
import { daysBetween, formatDate } from './format';
import { LoadFailed } from './load-failed';

export interface ConnectionsViewProps {
  model: ConnectionsModel;
  /** Show the sequence column (the all-records section). */
  showSequence: boolean;
  /** Total steps of the sequence, for "3 of 7" progress; null when rows span sequences. */
  totalSteps?: number | null;
}

const STATUS_WORDS: Record<string, string> = {
  active: 'In progress',
  completed: 'Completed',
  disconnected: 'Disconnected',
  moved: 'Moved',
  exited: 'Exited',
};

const statusWord = (status: string): string =>
  STATUS_WORDS[status] ?? status.charAt(0).toUpperCase() + status.slice(1);

/** Connected records: filter, page, select and disconnect. */
export function ConnectionsView({ model, showSequence, totalSteps = null }: ConnectionsViewProps) {
  const filterId = useId();
  const rows = model.rows.value;
  const selected = model.selected.value;
  const now = model.now.value;
  const busy = model.busy.value;
  const activeRows = rows.filter((row) => row.status === 'active');
  const allSelected = activeRows.length > 0 && activeRows.every((row) => selected.has(row.id));
  const from = model.total.value === 0 ? 0 : model.offset.value + 1;
  const to = model.offset.value + rows.length;

  return (
    <div class="connections">
      <div class="filters">
        <div class="field">
          <label for={filterId} class="field__label">
            Show
          </label>
          <select
            id={filterId}
            class="select"
            value={model.filter.value}
            onChange={(event) =>
              void model.setFilter(event.currentTarget.value as ConnectionStatusFilter)
            }
          >
            <option value="active">In progress</option>
            <option value="ended">Ended</option>
            <option value="all">All</option>
          </select>
        </div>
        {selected.size > 0 && (
          <div class="bulk-bar bulk-bar--inline" role="region" aria-label="Selected records">
            <strong>{tCount('recordCount', selected.size)} selected</strong>
            <button
              type="button"
              class="button button--small button--danger"
              disabled={busy}
              onClick={() => void model.disconnect([...selected])}
            >
              Disconnect selected
            </button>
          </div>
        )}
      </div>
      <div aria-live="polite" class="live">
        {model.notice.value !== null && (
          <p class="notice notice--success" role="status">
            {model.notice.value}
          </p>
        )}
      </div>
      {model.status.value === 'loading' && (
        <p class="muted" role="status">
          Loading records…
        </p>
      )}
      {model.status.value === 'error' && (
        <LoadFailed
          what="The records"
          message={model.error.value}
          onRetry={() => void model.load()}
        />
      )}
      {model.status.value === 'ready' && rows.length === 0 && (
        <p class="empty">
          {model.filter.value === 'active'
            ? 'No records are in progress. Sellers connect records from the Upnext panel on a CRM record page.'
            : 'No records here.'}
        </p>
      )}
      {model.status.value === 'ready' && rows.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">Connected records</caption>
              <thead>
                <tr>
                  <th scope="col" class="col-check">
                    <input
                      type="checkbox"
                      aria-label="Select all records in progress on this page"
                      checked={allSelected}
                      disabled={activeRows.length === 0}
                      onChange={model.toggleAll}
                    />
                  </th>
                  <th scope="col">Record</th>
                  {showSequence && <th scope="col">Sequence</th>}
                  <th scope="col">Status</th>
                  <th scope="col">Current step</th>
                  <th scope="col">Progress</th>
                  <th scope="col" class="num">
                    Days in sequence
                  </th>
                  <th scope="col">Connected</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const active = row.status === 'active';
                  const days = daysBetween(row.connectedAt, row.endedAt ?? now);
                  return (
                    <tr key={row.id} class={selected.has(row.id) ? 'is-selected' : undefined}>
                      <td class="col-check">
                        <input
                          type="checkbox"
                          aria-label={`Select ${row.recordName}`}
                          checked={selected.has(row.id)}
                          disabled={!active}
                          onChange={() => model.toggle(row.id)}
                        />
                      </td>
                      <td>
                        <a href={row.url} target="_blank" rel="noopener noreferrer">
                          {row.recordName}
                          <span class="visually-hidden"> (opens in a new tab)</span>
                        </a>
                        <span class="muted row-description">
                          {t(ENTITY_WORDS.label[row.entity])} · {row.crm}
                        </span>
                      </td>
                      {showSequence && (
                        <td>
                          <a href={`#sequence/${encodeURIComponent(row.sequenceId)}`}>
                            {row.sequenceName}
                          </a>
                          <span class="muted row-description">version {row.version}</span>
                        </td>
                      )}
                      <td>
                        <span class={`state state--${active ? 'active' : 'inactive'}`}>
                          {statusWord(row.status)}
                        </span>
                        {!showSequence && (
                          // Which version it runs: after a publish, older records stay on theirs.
                          <span class="muted row-description">on version {row.version}</span>
                        )}
                        {row.kind === 'snoozed' && row.snoozedUntil !== null && (
                          <span class="muted row-description">
                            Snoozed until {formatDate(row.snoozedUntil)}
                          </span>
                        )}
                      </td>
                      <td>{row.stepName ?? <span class="muted">—</span>}</td>
                      <td>
                        {totalSteps !== null && totalSteps > 0 ? (
                          <span class="progress-cell">
                            <progress
                              max={totalSteps}
                              value={Math.min(row.stepsDone, totalSteps)}
                              aria-label={`${row.recordName}: ${row.stepsDone} of ${totalSteps} steps done`}
                            />
                            <span>
                              {row.stepsDone} of {totalSteps}
                            </span>
                          </span>
                        ) : (
                          tCount('stepCount', row.stepsDone) + ' done'
                        )}
                      </td>
                      <td class="num">{days}</td>
                      <td>{formatDate(row.connectedAt)}</td>
                      <td>
                        {active && (
                          <button
                            type="button"
                            class="button button--small"
                            disabled={busy}
                            aria-label={`Disconnect ${row.recordName}`}
                            onClick={() => void model.disconnect([row.id])}
                          >
                            Disconnect
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <span class="muted">
              {from}–{to} of {model.total.value.toLocaleString()}
            </span>
            <button
              type="button"
              class="button button--small"
              disabled={!model.hasPrevious.value}
              onClick={() => void model.previous()}
            >
              Previous
            </button>
            <button
              type="button"
              class="button button--small"
              disabled={!model.hasNext.value}
              onClick={() => void model.next()}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
