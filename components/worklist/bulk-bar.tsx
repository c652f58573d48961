import { useEffect, useRef } from 'preact/hooks';

import type { WorkItem } from '../../lib/views/worklist-query';

export interface BulkBarProps {
  /** Rows matching the filters. */
  shown: number;
  selected: WorkItem[];
  onSelectAll: () => void;
  onClear: () => void;
  onComplete: (items: WorkItem[]) => void;
  onSkip: (items: WorkItem[]) => void;
  onSnooze: (items: WorkItem[]) => void;
}

export function BulkBar({
  shown,
  selected,
  onSelectAll,
  onClear,
  onComplete,
  onSkip,
  onSnooze,
}: BulkBarProps) {
  const box = useRef<HTMLInputElement>(null);
  const all = shown > 0 && selected.length === shown;
  const some = selected.length > 0 && !all;
  useEffect(() => {
    if (box.current !== null) box.current.indeterminate = some;
  }, [some]);
  const n = selected.length;
  return (
    <div class="bulk" aria-label="Selection" role="region">
      <label class="bulk__all">
        <input
          ref={box}
          type="checkbox"
          checked={all}
          disabled={shown === 0}
          onChange={() => (all ? onClear() : onSelectAll())}
        />
        Select all {shown.toLocaleString()} shown
      </label>
      {n > 0 && (
        <div class="bulk__actions">
          <span class="bulk__count">{n.toLocaleString()} selected</span>
          <button
            type="button"
            class="button button--small button--primary"
            onClick={() => onComplete(selected)}
          >
            Complete {n}
          </button>
          <button type="button" class="button button--small" onClick={() => onSkip(selected)}>
            Skip {n}
          </button>
          <button type="button" class="button button--small" onClick={() => onSnooze(selected)}>
            Snooze {n}
          </button>
          <button type="button" class="button button--small button--quiet" onClick={onClear}>
            Clear selection
          </button>
        </div>
      )}
    </div>
  );
}
