import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';
import type { DayBounds, WorkItem } from '../../lib/views/worklist-query';
import { dueLabel, formatWhen, isSnoozed, todoWord } from '../../lib/views/worklist-query';
import { StepIcon } from './step-icon';
import type { RowProps } from './virtual-list';

export interface WorkRowProps {
  item: WorkItem;
  bounds: DayBounds;
  selected: boolean;
  /** The row just moved under the pointer: its buttons ignore clicks for a moment. */
  settling?: boolean;
  rowProps: RowProps;
  onToggle: (id: string) => void;
  onComplete: (item: WorkItem) => void;
  onSkip: (item: WorkItem) => void;
  onSnooze: (item: WorkItem) => void;
}

/** "Call for Ada Lovelace": the object of every action's accessible name. */
export function subjectOf(item: WorkItem): string {
  return `${item.stepLabel} for ${item.row.recordName}`;
}

export function WorkRow({
  item,
  bounds,
  selected,
  settling = false,
  rowProps,
  onToggle,
  onComplete,
  onSkip,
  onSnooze,
}: WorkRowProps) {
  const { row } = item;
  const due = dueLabel(item.dueAt, bounds);
  const snoozed = isSnoozed(item, bounds.now);
  const subject = subjectOf(item);
  const typeWord = todoWord(row.stepType);
  return (
    <div
      role="row"
      class={`wrow${selected ? ' wrow--selected' : ''}${due.bucket === 'overdue' ? ' wrow--overdue' : ''}`}
      data-id={item.id}
      {...rowProps}
    >
      <div role="cell" class="wrow__check">
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select ${subject}`}
          onChange={() => onToggle(item.id)}
        />
      </div>
      <div role="cell" class="wrow__record">
        <a
          class="wrow__name"
          href={row.url}
          target="_blank"
          rel="noopener noreferrer"
          title={`Open ${row.recordName} in the CRM`}
        >
          {row.recordName}
        </a>
        <span class="wrow__sub muted">{t(ENTITY_WORDS.label[row.entity])}</span>
      </div>
      <div role="cell" class="wrow__step">
        <span class={`step-type step-type--${row.stepType ?? 'none'}`}>
          <StepIcon type={row.stepType} />
          {typeWord}
        </span>
        <span class="wrow__step-name" title={item.stepLabel}>
          {item.stepLabel === typeWord ? '' : item.stepLabel}
        </span>
      </div>
      <div role="cell" class="wrow__sequence" title={row.sequenceName}>
        {row.sequenceName}
      </div>
      <div role="cell" class="wrow__due">
        <span class={`due due--${due.bucket}${due.dueNow ? ' due--now' : ''}`} title={due.text}>
          <strong>{due.bucket === 'overdue' ? 'Overdue' : due.day}</strong>
          {snoozed && row.snoozedUntil !== null && (
            <span
              class="snoozed"
              title={`Snoozed until ${formatWhen(row.snoozedUntil, bounds.timeZone)}`}
            >
              {' · Snoozed'}
            </span>
          )}
        </span>
        <span class="due__when">
          {due.bucket === 'overdue' ? `${due.day}, ${due.time}` : due.time}
        </span>
      </div>
      <div role="cell" class="wrow__actions">
        {item.needsAnswer ? (
          <a
            class="button button--small"
            href={row.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Answer ${subject} on the record`}
          >
            Answer on record
          </a>
        ) : (
          <>
            <button
              type="button"
              class="button button--small button--primary"
              aria-label={`Complete ${subject}`}
              aria-disabled={settling ? 'true' : undefined}
              onClick={() => onComplete(item)}
            >
              Complete
            </button>
            <button
              type="button"
              class="button button--small"
              aria-label={`Skip ${subject}`}
              aria-disabled={settling ? 'true' : undefined}
              onClick={() => onSkip(item)}
            >
              Skip
            </button>
          </>
        )}
        <button
          type="button"
          class="button button--small"
          aria-label={`Snooze ${subject}`}
          aria-disabled={settling ? 'true' : undefined}
          onClick={() => onSnooze(item)}
        >
          Snooze
        </button>
      </div>
    </div>
  );
}
