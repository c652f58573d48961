import { useState } from 'preact/hooks';

import { zoneLabel } from '../../lib/engine/time/zone-names';
import type { WorklistModel } from '../../lib/models/worklist-model';
import { needsOutcome } from '../../lib/models/worklist-model';
import type { WorkItem } from '../../lib/views/worklist-query';
import type { CallOutcome } from '../../lib/sequence/types';
import { BulkBar } from './bulk-bar';
import { FilterBar } from './filter-bar';
import { Notices } from './notices';
import { OutcomeDialog } from './outcome-dialog';
import { SnoozeDialog } from './snooze-dialog';
import { VirtualList } from './virtual-list';
import { WorkRow, subjectOf } from './work-row';

/** Must match `.wrow { height }` in worklist.css. */
const ROW_HEIGHT = 56;

type Dialog = { kind: 'outcome' | 'snooze'; items: WorkItem[] } | null;

export interface WorklistViewProps {
  model: WorklistModel;
  /** Height used before the list is measured (tests). */
  fallbackHeight?: number;
}

function subjectOfAll(items: WorkItem[], what: string): string {
  if (items.length === 1) return `‘${items[0].stepLabel}’ for ${items[0].row.recordName}`;
  return `${items.length} ${what}`;
}

/** The seller's work list: every step that needs them, across records. */
export function WorklistView({ model, fallbackHeight }: WorklistViewProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const filters = model.filters.value;
  const visible = model.visible.value;
  const counts = model.counts.value;
  const bounds = model.bounds.value;
  const selected = model.selected.value;
  const settling = model.settling.value;
  const status = model.status.value;

  function complete(items: WorkItem[]): void {
    if (needsOutcome(items)) setDialog({ kind: 'outcome', items });
    else model.complete(items.map((item) => item.id));
  }
  function finishOutcome(outcome: CallOutcome): void {
    if (dialog === null) return;
    model.complete(
      dialog.items.map((item) => item.id),
      outcome,
    );
    setDialog(null);
  }
  function finishSnooze(until: number): void {
    if (dialog === null) return;
    model.snooze(
      dialog.items.map((item) => item.id),
      until,
    );
    setDialog(null);
  }

  const calls = dialog?.items.filter((item) => item.row.stepType === 'call') ?? [];
  const overdue = counts.overdue;

  return (
    <main class="worklist">
      <header class="worklist__header">
        <div>
          <h1>Work list</h1>
          <p class="muted worklist__summary">
            {status === 'ready' && !model.fullyLoaded.value ? (
              <span role="status">Loading every step…</span>
            ) : status === 'ready' ? (
              <>
                {model.loaded.value.toLocaleString()} steps need you
                {overdue > 0 && (
                  <>
                    {' · '}
                    <span class="summary-overdue">{overdue.toLocaleString()} overdue</span>
                  </>
                )}
                {` · times in ${zoneLabel(bounds.timeZone)}`}
              </>
            ) : (
              ' '
            )}
          </p>
        </div>
        <button type="button" class="button" onClick={() => void model.refresh()}>
          Refresh
        </button>
      </header>

      <FilterBar
        filters={filters}
        searchText={model.searchText.value}
        counts={model.fullyLoaded.value ? counts : null}
        sequences={model.sequences.value}
        tags={model.tags.value}
        onFilter={model.setFilter}
        onSearch={model.setSearch}
        onReset={model.resetFilters}
      />

      <BulkBar
        shown={visible.length}
        selected={model.selectedVisible.value}
        onSelectAll={model.selectAllVisible}
        onClear={model.clearSelection}
        onComplete={complete}
        onSkip={(items) => model.skip(items.map((item) => item.id))}
        onSnooze={(items) => setDialog({ kind: 'snooze', items })}
      />

      {status === 'error' && (
        <div class="worklist__error" role="alert">
          <p class="error">{model.error.value}</p>
          <button type="button" class="button" onClick={() => void model.refresh()}>
            Try again
          </button>
        </div>
      )}

      <VirtualList
        label="Steps that need you"
        items={visible}
        rowHeight={ROW_HEIGHT}
        fallbackHeight={fallbackHeight}
        keyOf={(item) => item.id}
        onDrawn={model.rowsDrawn}
        header={
          <div role="row" aria-rowindex={1} class="wrow wrow--head">
            <span role="columnheader" class="wrow__check">
              <span class="visually-hidden">Select</span>
            </span>
            <span role="columnheader">Record</span>
            <span role="columnheader">Step</span>
            <span role="columnheader">Sequence</span>
            <span role="columnheader">Due</span>
            <span role="columnheader" class="wrow__actions-head">
              Actions
            </span>
          </div>
        }
        empty={
          <div class="worklist__empty">
            {status === 'loading' || (status === 'ready' && !model.fullyLoaded.value) ? (
              // Only the first page is in: "no match" would not be true yet.
              <p class="muted">Loading your steps…</p>
            ) : model.loaded.value === 0 ? (
              <p>
                Nothing needs you right now. Steps appear here when a record in one of your
                sequences is due.
              </p>
            ) : (
              <>
                <p>No steps match these filters.</p>
                <button type="button" class="button" onClick={model.resetFilters}>
                  Clear filters
                </button>
              </>
            )}
          </div>
        }
        renderRow={(item, _index, rowProps) => (
          <WorkRow
            item={item}
            bounds={bounds}
            selected={selected.has(item.id)}
            rowProps={rowProps}
            onToggle={model.toggle}
            settling={settling.has(item.id)}
            onComplete={(one) => {
              if (model.acceptsRowClick(one.id)) complete([one]);
            }}
            onSkip={(one) => {
              if (model.acceptsRowClick(one.id)) model.skip([one.id]);
            }}
            onSnooze={(one) => {
              if (model.acceptsRowClick(one.id)) setDialog({ kind: 'snooze', items: [one] });
            }}
          />
        )}
      />

      <Notices
        pending={model.pending.value}
        notices={model.notices.value}
        onUndo={model.undo}
        onDismiss={model.dismissNotice}
      />

      {dialog?.kind === 'outcome' && (
        <OutcomeDialog
          subject={calls.length === 1 ? subjectOf(calls[0]) : `${calls.length} calls`}
          onChoose={finishOutcome}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'snooze' && (
        <SnoozeDialog
          subject={subjectOfAll(dialog.items, 'steps')}
          now={model.now()}
          timeZone={bounds.timeZone}
          onChoose={finishSnooze}
          onCancel={() => setDialog(null)}
        />
      )}
    </main>
  );
}
