/**
 * New sequence (issue #16, item 1): choose Blank or a template, then name, description and
 * record type (Lead by default); Next creates the draft and opens the designer on it.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';

import type { TemplateSummary } from '../../messaging/protocol';
import { MAX_NAME } from '../../sequence/limits';
import type { Entity } from '../../sequence/types';
import { errorMessage, type Transport } from './transport';

interface NewSequenceForm {
  name: string;
  description: string;
  entity: Entity;
}

export interface NewSequenceModel {
  open: ReadonlySignal<boolean>;
  step: ReadonlySignal<'choose' | 'properties'>;
  templates: ReadonlySignal<TemplateSummary[] | null>;
  /** null: Blank sequence. */
  templateId: ReadonlySignal<string | null>;
  form: ReadonlySignal<NewSequenceForm>;
  /** The message shown at the name field, once the manager tried to go on. */
  nameError: ReadonlySignal<string | null>;
  busy: ReadonlySignal<boolean>;
  error: ReadonlySignal<string | null>;
  start: () => Promise<void>;
  choose: (templateId: string | null) => void;
  back: () => void;
  setForm: (patch: Partial<NewSequenceForm>) => void;
  next: () => Promise<string | null>;
  close: () => void;
}

export function createNewSequenceModel(
  transport: Transport,
  deps: { onCreated: (id: string) => void },
): NewSequenceModel {
  const open = signal(false);
  const step = signal<'choose' | 'properties'>('choose');
  const templates = signal<TemplateSummary[] | null>(null);
  const templateId = signal<string | null>(null);
  const form = signal<NewSequenceForm>({ name: '', description: '', entity: 'lead' });
  const nameError = signal<string | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);

  const check = (name: string): string | null =>
    name.trim() === ''
      ? 'Give the sequence a name.'
      : name.trim().length > MAX_NAME
        ? `The name is ${name.trim().length} characters long; the limit is ${MAX_NAME}.`
        : null;

  return {
    open,
    step,
    templates,
    templateId,
    form,
    nameError,
    busy,
    error,
    async start() {
      batch(() => {
        open.value = true;
        step.value = 'choose';
        templateId.value = null;
        form.value = { name: '', description: '', entity: 'lead' };
        nameError.value = null;
        error.value = null;
      });
      try {
        templates.value = (await transport.send('listTemplates', {})).templates;
      } catch (failure) {
        templates.value = [];
        error.value = errorMessage(failure);
      }
    },
    choose(id) {
      const template = templates.value?.find((item) => item.id === id);
      batch(() => {
        templateId.value = id;
        form.value =
          template === undefined
            ? { name: '', description: '', entity: 'lead' }
            : {
                name: template.name,
                description: template.description ?? '',
                entity: template.entity,
              };
        step.value = 'properties';
        nameError.value = null;
      });
    },
    back() {
      step.value = 'choose';
    },
    setForm(patch) {
      form.value = { ...form.value, ...patch };
      if (nameError.value !== null && patch.name !== undefined) nameError.value = check(patch.name);
    },
    async next() {
      const problem = check(form.value.name);
      nameError.value = problem;
      if (problem !== null) return null;
      busy.value = true;
      error.value = null;
      try {
        const reply = await transport.send('createSequence', {
          name: form.value.name.trim(),
          description: form.value.description,
          entity: form.value.entity,
          templateId: templateId.value,
        });
        open.value = false;
        deps.onCreated(reply.id);
        return reply.id;
      } catch (failure) {
        error.value = errorMessage(failure);
        return null;
      } finally {
        busy.value = false;
      }
    },
    close() {
      open.value = false;
    },
  };
}
