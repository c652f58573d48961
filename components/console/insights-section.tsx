/** The Insights section: every sequence's figures for a window, sortable, filterable, as CSV. */
import { useId } from 'preact/hooks';

import type { WindowStats } from '../../lib/engine/insights';
import type { InsightsModel, InsightsSortKey } from '../../lib/models/console/insights-model';
import { formatPerDay, formatRate, formatTime, formatTrend } from './insights-format';
import { BuildProgress, WindowPicker } from './insights-window-picker';
import { SortableHeaders, type SortColumn } from './sortable-headers';

const COLUMNS: SortColumn<InsightsSortKey>[] = [
  { key: 'name', label: 'Sequence' },
  { key: 'entity', label: 'Record type' },
  { key: 'connected', label: 'Connected', numeric: true },
  { key: 'inProgress', label: 'In progress', numeric: true },
  { key: 'completed', label: 'Completed', numeric: true },
  { key: 'exited', label: 'Exited on reply', numeric: true },
  { key: 'disconnected', label: 'Disconnected', numeric: true },
  { key: 'moved', label: 'Moved', numeric: true },
  { key: 'successRate', label: 'Success rate', numeric: true },
  { key: 'successTrend', label: 'Trend', numeric: true },
  { key: 'medianCompleteMs', label: 'Median time to complete', numeric: true },
  { key: 'averageCompleteMs', label: 'Average time to complete', numeric: true },
  { key: 'stepsPerDay', label: 'Steps completed per day', numeric: true },
];

function StatCells({ stats }: { stats: WindowStats }) {
  return (
    <>
      <td class="num">{stats.connected}</td>
      <td class="num">{stats.inProgress}</td>
      <td class="num">{stats.completed}</td>
      <td class="num">{stats.exited}</td>
      <td class="num">{stats.disconnected}</td>
      <td class="num">{stats.moved}</td>
      <td class="num">{formatRate(stats.successRate)}</td>
      <td class="num">{formatTrend(stats.successTrend)}</td>
      <td class="num">{formatTime(stats.medianCompleteMs)}</td>
      <td class="num">{formatTime(stats.averageCompleteMs)}</td>
      <td class="num">{formatPerDay(stats.stepsPerDay)}</td>
    </>
  );
}

export function InsightsSection({ model }: { model: InsightsModel }) {
  const id = useId();
  const build = model.build.value;
  const rows = model.visible.value;
  const sort = model.sort.value;
  return (
    <section class="section" aria-labelledby="section-title">
      <header class="section__header">
        <div>
          <h1 id="section-title">Insights</h1>
          <p class="muted">
            How each sequence performs: records connected and how they ended, the success rate
            against the period before, and how long sequences take.
          </p>
        </div>
        <button
          type="button"
          class="button"
          onClick={model.exportCsv}
          disabled={build !== null || model.window.value === null}
        >
          Export CSV
        </button>
      </header>
      <div class="filters" role="search">
        <WindowPicker
          choice={model.choice.value}
          window={model.window.value}
          onChange={model.setChoice}
        />
        <div class="field">
          <label for={`${id}-entity`} class="field__label">
            Record type
          </label>
          <select
            id={`${id}-entity`}
            class="select"
            value={model.entityFilter.value}
            onChange={(event) => model.setEntityFilter(event.currentTarget.value)}
          >
            <option value="">All record types</option>
            {model.entities.value.map((entity) => (
              <option key={entity} value={entity}>
                {entity}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-tag`} class="field__label">
            Tag
          </label>
          <select
            id={`${id}-tag`}
            class="select"
            value={model.tagFilter.value}
            onChange={(event) => model.setTagFilter(event.currentTarget.value)}
          >
            <option value="">All tags</option>
            {model.tags.value.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
      </div>
      {model.error.value !== null && (
        <p class="error" role="alert">
          {model.error.value}
        </p>
      )}
      {build !== null && <BuildProgress build={build} />}
      {build === null && (
        <div class="table-wrap">
          <table class="table insights-table">
            <caption class="visually-hidden">Sequence statistics</caption>
            <thead>
              <tr>
                <SortableHeaders columns={COLUMNS} sort={sort} onSort={model.setSort} />
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS.length} class="empty">
                    No sequences match these filters.
                  </td>
                </tr>
              )}
              {rows.flatMap((row) => [
                <tr key={row.sequence.id} data-sequence={row.sequence.id}>
                  <th scope="row" class="col-name">
                    <a href={`#insights/${encodeURIComponent(row.sequence.id)}`} class="row-link">
                      {row.sequence.name}
                    </a>
                  </th>
                  <td>{row.sequence.entity}</td>
                  <StatCells stats={row.all} />
                </tr>,
                ...(row.versions.length > 1
                  ? row.versions.map((version) => (
                      <tr
                        key={`${row.sequence.id}@${version.version}`}
                        class="insights-table__version"
                        data-sequence={row.sequence.id}
                        data-version={version.version}
                      >
                        <th scope="row" class="col-name">
                          <span class="visually-hidden">{row.sequence.name}, </span>Version{' '}
                          {version.version}
                        </th>
                        <td />
                        <StatCells stats={version.stats} />
                      </tr>
                    ))
                  : []),
              ])}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
