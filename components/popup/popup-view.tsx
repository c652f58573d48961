import type { DayBounds } from '../../lib/views/worklist-query';
import { dueLabel, todoWord } from '../../lib/views/worklist-query';
import type { ConnectionRow } from '../../lib/views/worklist-query';
import { StepIcon } from '../worklist/step-icon';

export interface PopupViewProps {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Steps due now: the same number as the toolbar badge. */
  due: number;
  next: ConnectionRow[];
  bounds: DayBounds;
  onOpenWorklist: () => void;
  onOpenConsole: () => void;
}

/** The toolbar popup: how much is due, what comes next, and the way to the work list. */
export function PopupView({
  status,
  error,
  due,
  next,
  bounds,
  onOpenWorklist,
  onOpenConsole,
}: PopupViewProps) {
  return (
    <main class="popup">
      <header class="popup__header">
        <h1>Upnext</h1>
      </header>
      {status === 'error' ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : (
        <p class="popup__due" aria-live="polite">
          {status === 'loading' ? (
            <span class="muted">Counting…</span>
          ) : (
            <>
              <span class={`popup__count${due > 0 ? ' popup__count--due' : ''}`}>
                {due.toLocaleString()}
              </span>{' '}
              {due === 1 ? 'step is due now' : 'steps are due now'}
            </>
          )}
        </p>
      )}
      {status === 'ready' && next.length > 0 && (
        <section aria-labelledby="popup-next">
          <h2 id="popup-next" class="popup__subhead">
            Up next
          </h2>
          <ol class="popup__list">
            {next.map((row) => {
              const label = row.dueAt === undefined ? null : dueLabel(row.dueAt, bounds);
              const type = todoWord(row.stepType);
              return (
                <li key={row.id} class="popup__item">
                  <StepIcon type={row.stepType} />
                  <div class="popup__item-main">
                    <a href={row.url} target="_blank" rel="noopener noreferrer" class="popup__name">
                      {row.recordName}
                    </a>
                    <span class="popup__step">{row.stepName ?? type}</span>
                  </div>
                  {label !== null && (
                    <span class={`popup__when popup__when--${label.bucket}`} title={label.text}>
                      {label.bucket === 'overdue'
                        ? 'Overdue'
                        : label.day === 'Today'
                          ? label.time
                          : `${label.day} ${label.time}`}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {status === 'ready' && next.length === 0 && (
        <p class="muted">Nothing else is waiting for you.</p>
      )}
      <nav aria-label="Upnext pages" class="popup__nav">
        <button type="button" class="button button--primary" onClick={onOpenWorklist}>
          Open work list
        </button>
        <button type="button" class="button" onClick={onOpenConsole}>
          Open console
        </button>
      </nav>
    </main>
  );
}
