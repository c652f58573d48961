import { useState } from 'preact/hooks';

import { MAX_SNOOZE_DAYS } from '../../lib/domain/limits';
import { SNOOZE_WORDS } from '../../lib/domain/words';
import { SNOOZE_PRESETS, snoozeUntil } from '../../lib/engine/time/snooze';
import { zoneLabel } from '../../lib/engine/time/zone-names';
import { fromLocalInput, toLocalInput } from '../../lib/format/time';
import { t } from '../../lib/i18n';
import { customSnoozeProblem, formatWhen } from '../../lib/views/worklist-query';
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
    const until = fromLocalInput(custom, timeZone);
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
      description={`Until when? Times are in ${zoneLabel(timeZone)}.`}
      onClose={onCancel}
    >
      <div class="choice-grid">
        {SNOOZE_PRESETS.map((preset) => {
          const until = snoozeUntil(preset, now, timeZone);
          return (
            <button
              key={preset}
              type="button"
              class="button choice"
              onClick={() => onChoose(until)}
            >
              <span>{t(SNOOZE_WORDS[preset])}</span>
              <span class="choice__hint">{formatWhen(until, timeZone)}</span>
            </button>
          );
        })}
      </div>
      <form class="snooze-custom" onSubmit={submit} noValidate>
        <label for="snooze-custom-at">Pick a time (up to {MAX_SNOOZE_DAYS} days)</label>
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
