import { useState } from 'preact/hooks';

import {
  SNOOZE_CHOICES,
  SNOOZE_LABELS,
  SNOOZE_MAX_DAYS,
  customSnoozeProblem,
  formatWhen,
  parseLocalInput,
  snoozeUntil,
  toLocalInput,
} from '../../lib/views/worklist-query';
import { ModalDialog } from '../modal-dialog';

export interface SnoozeDialogProps {
  /** "‘Call’ for Ada Lovelace" or "3 steps". */
  subject: string;
  now: number;
  timeZone: string;
  onChoose: (until: number) => void;
  onCancel: () => void;
}

export function SnoozeDialog({ subject, now, timeZone, onChoose, onCancel }: SnoozeDialogProps) {
  const [custom, setCustom] = useState(() =>
    toLocalInput(snoozeUntil('tomorrow', now, timeZone), timeZone),
  );
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: Event): void {
    event.preventDefault();
    const until = parseLocalInput(custom, timeZone);
    const why = customSnoozeProblem(until, now, timeZone);
    if (why !== null || until === null) {
      setProblem(why);
      return;
    }
    onChoose(until);
  }

  return (
    <ModalDialog
      title={`Snooze ${subject}`}
      description={`Until when? Times are in ${timeZone}.`}
      onClose={onCancel}
    >
      <div class="choice-grid">
        {SNOOZE_CHOICES.map((choice) => {
          const until = snoozeUntil(choice, now, timeZone);
          return (
            <button
              key={choice}
              type="button"
              class="button choice"
              onClick={() => onChoose(until)}
            >
              <span>{SNOOZE_LABELS[choice]}</span>
              <span class="choice__hint">{formatWhen(until, timeZone)}</span>
            </button>
          );
        })}
      </div>
      <form class="snooze-custom" onSubmit={submit} noValidate>
        <label for="snooze-custom-at">Pick a time (up to {SNOOZE_MAX_DAYS} days)</label>
        <div class="snooze-custom__row">
          <input
            id="snooze-custom-at"
            type="datetime-local"
            value={custom}
            min={toLocalInput(now, timeZone)}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : 'snooze-custom-problem'}
            onInput={(event) => {
              setCustom(event.currentTarget.value);
              setProblem(null);
            }}
          />
          <button type="submit" class="button button--primary">
            Snooze
          </button>
        </div>
        {problem !== null && (
          <p id="snooze-custom-problem" class="error" role="alert">
            {problem}
          </p>
        )}
      </form>
      <div class="dialog__footer">
        <button type="button" class="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
