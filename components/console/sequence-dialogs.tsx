import { useId, useState } from 'preact/hooks';

import type { TemplateSummary } from '../../lib/models/console/types';
import type { PendingDelete } from '../../lib/models/console/sequences-model';
import { tCount } from '../../lib/i18n';
import { ModalDialog } from '../modal-dialog';
import { TemplateItemText } from './template-item';

function deleteMessage(pending: PendingDelete): string {
  const what =
    pending.ids.length === 1
      ? `“${pending.names[0] ?? ''}”`
      : tCount('sequenceCount', pending.ids.length);
  const records =
    pending.connected === 0
      ? 'No records are connected, so none will be disconnected.'
      : `${tCount('recordCount', pending.connected)} will be disconnected from ${pending.ids.length === 1 ? 'it' : 'them'}; their history stays.`;
  return `Delete ${what}? ${records} This cannot be undone.`;
}

export function DeleteDialog(props: {
  pending: PendingDelete;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { pending } = props;
  return (
    <ModalDialog
      title={
        pending.ids.length === 1
          ? 'Delete this sequence?'
          : `Delete ${pending.ids.length} sequences?`
      }
      onClose={props.onCancel}
      class="dialog--danger"
    >
      <p data-testid="delete-message">{deleteMessage(pending)}</p>
      {pending.ids.length > 1 && (
        <ul class="dialog__list">
          {pending.names.map((name, index) => (
            <li key={pending.ids[index]}>{name}</li>
          ))}
        </ul>
      )}
      <div class="actions actions--end">
        <button type="button" class="button" data-autofocus onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          class="button button--danger-solid"
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {pending.connected > 0
            ? `Delete and disconnect ${tCount('recordCount', pending.connected)}`
            : pending.ids.length === 1
              ? 'Delete sequence'
              : `Delete ${pending.ids.length} sequences`}
        </button>
      </div>
    </ModalDialog>
  );
}

export function TagsDialog(props: {
  name: string;
  tags: readonly string[];
  knownTags: readonly string[];
  busy: boolean;
  onSave: (tags: string[]) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(props.tags.join(', '));
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const tags = [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    ),
  ];
  return (
    <ModalDialog title={`Tags of “${props.name}”`} onClose={props.onCancel}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSave(tags);
        }}
      >
        <label for={inputId} class="field__label">
          Tags, separated by commas
        </label>
        <input
          id={inputId}
          class="input input--wide"
          value={text}
          list={listId}
          aria-describedby={hintId}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <datalist id={listId}>
          {props.knownTags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <p id={hintId} class="muted">
          Sellers and the list filter by tags.{' '}
          {tags.length === 0 ? 'No tags.' : `Will save: ${tags.join(', ')}.`}
        </p>
        <div class="actions actions--end">
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={props.busy}>
            Save tags
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

export function TemplatesDialog(props: {
  templates: readonly TemplateSummary[];
  busy: boolean;
  onCreate: (templateId: string) => void;
  onCancel: () => void;
}) {
  return (
    <ModalDialog title="Create a sequence from a template" onClose={props.onCancel}>
      <p class="muted">The new sequence starts as a draft: review it, then activate it.</p>
      {props.templates.length === 0 ? (
        <p>No templates are available.</p>
      ) : (
        <ul class="template-list">
          {props.templates.map((template) => (
            <li key={template.id} class="template-list__item">
              <TemplateItemText template={template} />
              <button
                type="button"
                class="button button--small"
                disabled={props.busy || template.exists}
                aria-label={
                  template.exists ? `${template.name} already exists` : `Create ${template.name}`
                }
                onClick={() => props.onCreate(template.id)}
              >
                {template.exists ? 'Already added' : 'Create'}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="actions actions--end">
        <button type="button" class="button" onClick={props.onCancel}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
