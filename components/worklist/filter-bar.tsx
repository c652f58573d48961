import type { DueFilter, SortKey, WorkFilters } from '../../lib/views/worklist-query';
import {
  DUE_FILTERS,
  DUE_FILTER_LABELS,
  SORT_KEYS,
  SORT_LABELS,
  todoWord,
} from '../../lib/views/worklist-query';
import { ENTITIES, type Entity, type StepType } from '../../lib/sequence/types';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';

/** Step types a seller acts on (waits and commands never reach the work list). */
const ACTION_STEP_TYPES: readonly StepType[] = [
  'email',
  'call',
  'text',
  'task',
  'linkedin',
  'condition',
];

export interface FilterBarProps {
  filters: WorkFilters;
  searchText: string;
  /** Null while the list is still loading: counts are not known yet. */
  counts: Record<DueFilter, number> | null;
  sequences: { id: string; name: string }[];
  tags: string[];
  onFilter: <K extends keyof Omit<WorkFilters, 'search'>>(key: K, value: WorkFilters[K]) => void;
  onSearch: (text: string) => void;
  onReset: () => void;
}

function orNull(value: string): string | null {
  return value === '' ? null : value;
}

export function FilterBar({
  filters,
  searchText,
  counts,
  sequences,
  tags,
  onFilter,
  onSearch,
  onReset,
}: FilterBarProps) {
  const narrowed =
    filters.entity !== null ||
    filters.stepType !== null ||
    filters.sequenceId !== null ||
    filters.tag !== null ||
    searchText !== '';
  return (
    <div class="filters">
      <div class="due-tabs" role="group" aria-label="Due">
        {DUE_FILTERS.map((due) => (
          <button
            key={due}
            type="button"
            class={`due-tab due-tab--${due}`}
            aria-pressed={filters.due === due}
            onClick={() => onFilter('due', due)}
          >
            {DUE_FILTER_LABELS[due]}{' '}
            {counts !== null && <span class="count">{counts[due].toLocaleString()}</span>}
          </button>
        ))}
      </div>
      <div class="filter-row">
        <label class="field field--search">
          <span class="field__label">Search</span>
          <input
            type="search"
            placeholder="Record, sequence or step"
            value={searchText}
            onInput={(event) => onSearch(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Record type</span>
          <select
            value={filters.entity ?? ''}
            onChange={(event) =>
              onFilter('entity', orNull(event.currentTarget.value) as Entity | null)
            }
          >
            <option value="">All</option>
            {ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {t(ENTITY_WORDS.label[entity])}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Step type</span>
          <select
            value={filters.stepType ?? ''}
            onChange={(event) =>
              onFilter('stepType', orNull(event.currentTarget.value) as StepType | null)
            }
          >
            <option value="">All</option>
            {ACTION_STEP_TYPES.map((type) => (
              <option key={type} value={type}>
                {todoWord(type)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Sequence</span>
          <select
            value={filters.sequenceId ?? ''}
            onChange={(event) => onFilter('sequenceId', orNull(event.currentTarget.value))}
          >
            <option value="">All</option>
            {sequences.map((sequence) => (
              <option key={sequence.id} value={sequence.id}>
                {sequence.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Tag</span>
          <select
            value={filters.tag ?? ''}
            onChange={(event) => onFilter('tag', orNull(event.currentTarget.value))}
            disabled={tags.length === 0 && filters.tag === null}
          >
            <option value="">All</option>
            {filters.tag !== null && !tags.includes(filters.tag) && (
              <option value={filters.tag}>{filters.tag}</option>
            )}
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Sort by</span>
          <select
            value={filters.sort}
            onChange={(event) => onFilter('sort', event.currentTarget.value as SortKey)}
          >
            {SORT_KEYS.map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
        {narrowed && (
          <button type="button" class="button button--quiet filters__reset" onClick={onReset}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
