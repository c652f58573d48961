/**
 * The designer's questions, each a native modal `<dialog>`: what to do with a condition's paths
 * when it is deleted, "what changed" before Publish or Activate, and confirmations for
 * Discard revision and Restore.
 */
import { useId, useState } from 'preact/hooks';

import type { BranchChoice } from '../../lib/designer/tree';
import type { PendingDelete, PublishDialog } from '../../lib/models/console/designer-model';
import { ModalDialog } from '../modal-dialog';
import { MOD } from './keys';
import { tCount } from '../../lib/i18n';
import { MAX_NOTE } from '../../lib/domain/limits';

export function DeleteConditionDialog(props: {
  pending: PendingDelete;
  onDelete: (choice: BranchChoice) => void;
  onCancel: () => void;
}) {
  const { pending } = props;
  const [choice, setChoice] = useState<BranchChoice>('delete');
  const name = useId();
  const options: { value: BranchChoice; label: string; disabled: boolean }[] = [
    {
      value: 'delete',
      label: `Delete the condition and both paths (${tCount('stepCount', pending.yes + pending.no)})`,
      disabled: false,
    },
    {
      value: 'keep-yes',
      label: `Delete the condition, keep the Yes path (${tCount('stepCount', pending.yes)}) in its place`,
      disabled: pending.yes === 0,
    },
    {
      value: 'keep-no',
      label: `Delete the condition, keep the No path (${tCount('stepCount', pending.no)}) in its place`,
      disabled: pending.no === 0,
    },
  ];
  return (
    <ModalDialog
      title={`Delete “${pending.name}”?`}
      onClose={props.onCancel}
      class="dialog--danger"
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          props.onDelete(choice);
        }}
      >
        <fieldset class="d-fieldset">
          <legend>
            This condition has steps on its paths. Paths never join again, so at most one can stay.
          </legend>
          {options.map((option) => (
            <label key={option.value} class="check d-choice">
              <input
                type="radio"
                name={name}
                value={option.value}
                checked={choice === option.value}
                disabled={option.disabled}
                {...(option.value === 'delete' ? { 'data-autofocus': true } : {})}
                onChange={() => setChoice(option.value)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        <p class="muted">You can undo this ({MOD}+Z).</p>
        <div class="actions actions--end">
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" class="button button--danger-solid">
            Delete
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

export function PublishDialogView(props: {
  dialog: PublishDialog;
  busy: boolean;
  baseVersion: number;
  onPublish: (note: string) => void;
  onCancel: () => void;
}) {
  const { dialog } = props;
  const [note, setNote] = useState(dialog.note);
  const noteId = useId();
  const hintId = useId();
  const publish = dialog.kind === 'publish';
  return (
    <ModalDialog
      title={
        publish
          ? `Publish version ${dialog.nextVersion}?`
          : `Activate version ${dialog.nextVersion}?`
      }
      onClose={props.onCancel}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          props.onPublish(note);
        }}
      >
        {dialog.warning !== null && (
          <p class="notice notice--error" role="alert">
            {dialog.warning}
          </p>
        )}
        <p>
          {publish
            ? `Records connected from now on get version ${dialog.nextVersion}. Records already in the sequence stay on the version they started with (version ${props.baseVersion} or older).`
            : 'Sellers can connect records to it as soon as it is active.'}
        </p>
        <label for={noteId} class="field__label">
          What changed?
        </label>
        <textarea
          id={noteId}
          class="textarea"
          rows={3}
          maxLength={MAX_NOTE}
          value={note}
          aria-describedby={hintId}
          data-autofocus
          onInput={(event) => setNote(event.currentTarget.value)}
        />
        <p id={hintId} class="field__hint muted">
          Shown in the version history. Optional, but it helps whoever looks at the history later.
        </p>
        <div class="actions actions--end">
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={props.busy}>
            {publish ? `Publish version ${dialog.nextVersion}` : 'Activate'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirm: string;
  cancel: string;
  danger?: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalDialog
      title={props.title}
      onClose={props.onCancel}
      class={props.danger === true ? 'dialog--danger' : undefined}
    >
      <p>{props.message}</p>
      <div class="actions actions--end">
        <button type="button" class="button" data-autofocus onClick={props.onCancel}>
          {props.cancel}
        </button>
        <button
          type="button"
          class={props.danger === true ? 'button button--danger-solid' : 'button button--primary'}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirm}
        </button>
      </div>
    </ModalDialog>
  );
}
