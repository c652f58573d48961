import { useEffect, useId, useRef, useState } from 'preact/hooks';

import { t } from '@/lib/i18n';
import { MAX_NOTE } from '../../lib/domain/limits';

export interface NoteFormProps {
  label: string;
  submitLabel: string;
  /** A note is required (Add note) or optional (Skip). */
  required: boolean;
  busy: boolean;
  onSubmit: (note: string) => void;
  onCancel: () => void;
}

/** A small inline form with one note field; opened by the seller, so it takes focus. */
export function NoteForm({
  label,
  submitLabel,
  required,
  busy,
  onSubmit,
  onCancel,
}: NoteFormProps) {
  const id = useId();
  const [note, setNote] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const empty = note.trim() === '';
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy || (required && empty)) return;
        onSubmit(note.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <label class="field-label" for={id}>
        {label}
      </label>
      <textarea
        id={id}
        ref={field}
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
          aria-disabled={busy || (required && empty) ? 'true' : undefined}
        >
          {busy ? t('working') : submitLabel}
        </button>
        <button type="button" class="button button--quiet" onClick={() => onCancel()}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
