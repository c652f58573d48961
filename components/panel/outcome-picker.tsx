import { useEffect, useId, useRef, useState } from 'preact/hooks';

import { t } from '@/lib/i18n';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/sequence/types';

import { outcomeLabel } from './labels';
import { MAX_NOTE } from '../../lib/domain/limits';

export interface OutcomePickerProps {
  busy: boolean;
  onSubmit: (outcome: CallOutcome, note: string) => void;
  onCancel: () => void;
}

/** Completing a call asks how it went first (conditions branch on it), plus an optional note. */
export function OutcomePicker({ busy, onSubmit, onCancel }: OutcomePickerProps) {
  const id = useId();
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);
  const [note, setNote] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy || outcome === null) return;
        onSubmit(outcome, note.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <fieldset class="outcomes">
        <legend class="field-label">{t('outcomeQuestion')}</legend>
        {CALL_OUTCOMES.map((value, index) => (
          <label key={value} class="choice">
            <input
              ref={index === 0 ? first : undefined}
              type="radio"
              name={`${id}-outcome`}
              value={value}
              checked={outcome === value}
              onChange={() => setOutcome(value)}
            />
            <span>{outcomeLabel(value)}</span>
          </label>
        ))}
      </fieldset>
      <label class="field-label" for={`${id}-note`}>
        {t('noteOptional')}
      </label>
      <textarea
        id={`${id}-note`}
        class="textarea"
        rows={2}
        maxLength={MAX_NOTE}
        value={note}
        onInput={(event) => setNote(event.currentTarget.value)}
      />
      <div class="row">
        <button
          type="submit"
          class="button button--primary"
          aria-disabled={busy || outcome === null ? 'true' : undefined}
        >
          {busy ? t('working') : t('completeCall')}
        </button>
        <button type="button" class="button button--quiet" onClick={() => onCancel()}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
