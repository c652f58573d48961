/**
 * New sequence (issue #16, item 1): Blank or a template, then name, description and record
 * type (Lead by default); Next opens the designer on the new draft.
 */
import { useEffect, useId, useRef } from 'preact/hooks';

import type { NewSequenceModel } from '../../lib/models/console/new-sequence-model';
import { ENTITIES, type Entity } from '../../lib/sequence/types';
import { ModalDialog } from '../modal-dialog';
import { SelectField, TextArea, TextField } from './fields';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';
import { TemplateItemText } from '../console/template-item';

/** Moves focus into a step of the dialog when it appears (the button that led there is gone). */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T | null>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

function PropertiesStep({ model }: { model: NewSequenceModel }) {
  const form = model.form.value;
  const name = useFocusOnMount<HTMLInputElement>();
  const chosen = model.templates.value?.find((template) => template.id === model.templateId.value);
  return (
    <form
      method="dialog"
      onSubmit={(event) => {
        event.preventDefault();
        void model.next();
      }}
    >
      <p class="muted">
        {chosen === undefined ? 'A blank sequence.' : `From the template “${chosen.name}”.`}
      </p>
      <TextField
        label="Name"
        value={form.name}
        inputRef={(element) => {
          name.current = element;
        }}
        problems={model.nameError.value === null ? [] : [model.nameError.value]}
        onInput={(value) => model.setForm({ name: value })}
      />
      <TextArea
        label="Description (optional)"
        value={form.description}
        rows={3}
        hint="Sellers see it when they pick a sequence for a record."
        onInput={(description) => model.setForm({ description })}
      />
      <SelectField
        label="Record type"
        value={form.entity}
        options={ENTITIES.map((entity: Entity) => ({
          value: entity,
          label: t(ENTITY_WORDS.label[entity]),
        }))}
        hint="Only records of this type can be connected to the sequence."
        onChange={(entity) => model.setForm({ entity })}
      />
      {model.error.value !== null && (
        <p class="notice notice--error" role="alert">
          {model.error.value}
        </p>
      )}
      <div class="actions actions--end">
        <button type="button" class="button" onClick={model.back}>
          Back
        </button>
        <button type="submit" class="button button--primary" disabled={model.busy.value}>
          Next
        </button>
      </div>
    </form>
  );
}

function ChooseStep({ model, listId }: { model: NewSequenceModel; listId: string }) {
  const templates = model.templates.value;
  const blank = useFocusOnMount<HTMLButtonElement>();
  return (
    <>
      <p class="muted" id={listId}>
        Start from scratch, or from a template you can change.
      </p>
      <ul class="template-list" aria-describedby={listId}>
        <li class="template-list__item">
          <div>
            <strong>Blank sequence</strong>
            <p class="muted template-list__description">No steps yet: add them in the designer.</p>
          </div>
          <button
            type="button"
            class="button button--small button--primary"
            data-autofocus
            ref={blank}
            onClick={() => model.choose(null)}
          >
            Choose<span class="visually-hidden"> Blank sequence</span>
          </button>
        </li>
        {templates === null && (
          <li class="muted" role="status">
            Loading the templates…
          </li>
        )}
        {templates?.map((template) => (
          <li key={template.id} class="template-list__item">
            <TemplateItemText template={template} />
            <button
              type="button"
              class="button button--small"
              onClick={() => model.choose(template.id)}
            >
              Choose<span class="visually-hidden"> {template.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {model.error.value !== null && (
        <p class="notice notice--error" role="alert">
          {model.error.value}
        </p>
      )}
      <div class="actions actions--end">
        <button type="button" class="button" onClick={model.close}>
          Cancel
        </button>
      </div>
    </>
  );
}

export function NewSequenceDialog({ model }: { model: NewSequenceModel }) {
  const listId = useId();
  if (!model.open.value) return null;
  return (
    <ModalDialog title="New sequence" onClose={model.close} class="d-new">
      {model.step.value === 'choose' ? (
        <ChooseStep model={model} listId={listId} />
      ) : (
        <PropertiesStep model={model} />
      )}
    </ModalDialog>
  );
}
