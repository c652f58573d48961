/**
 * An email, text or LinkedIn template in the properties pane (issue #16, item 3): subject and
 * message with merge fields (`{{firstName}}`, inserted at the cursor) and a live preview on a
 * sample record of the sequence's type.
 */
import { useRef } from 'preact/hooks';

import { MERGE_FIELDS, SAMPLE_RECORDS, SAMPLE_SELLER } from '../../lib/designer/sample-record';
import { renderTemplate } from '../../lib/sequence/template';
import type { Entity } from '../../lib/sequence/types';
import { TextArea, TextField } from './fields';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';

export interface TemplateValue {
  subject?: string;
  body: string;
}

export function TemplateFields(props: {
  /** Shows the Subject field (email). */
  subject: boolean;
  value: TemplateValue | undefined;
  entity: Entity;
  sellerName: string;
  disabled: boolean;
  problemsAt: (path: string) => string[];
  onChange: (value: TemplateValue, field: 'subject' | 'body') => void;
}) {
  const subjectRef = useRef<HTMLInputElement | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  const last = useRef<'subject' | 'body'>('body');
  const subject = props.value?.subject ?? '';
  const body = props.value?.body ?? '';
  const change = (field: 'subject' | 'body', text: string) => {
    const next = field === 'subject' ? { subject: text, body } : { subject, body: text };
    props.onChange(props.subject ? next : { body: next.body }, field);
  };

  const insert = (key: string) => {
    const field = props.subject ? last.current : 'body';
    const element = field === 'subject' ? subjectRef.current : bodyRef.current;
    const current = field === 'subject' ? subject : body;
    const token = `{{${key}}}`;
    const start = element?.selectionStart ?? current.length;
    const end = element?.selectionEnd ?? current.length;
    change(field, `${current.slice(0, start)}${token}${current.slice(end)}`);
    // Back to the field, with the cursor after the merge field, once it shows the new text.
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const fields = { ...SAMPLE_RECORDS[props.entity], owner: props.sellerName || SAMPLE_SELLER };
  const seller = { name: props.sellerName || SAMPLE_SELLER };
  const renderedSubject = renderTemplate(subject, fields, seller);
  const renderedBody = renderTemplate(body, fields, seller);
  const empty = [...new Set([...renderedSubject.emptyFields, ...renderedBody.emptyFields])];
  const sample = SAMPLE_RECORDS[props.entity]['name'] ?? '';
  return (
    <fieldset class="d-fieldset">
      <legend>Template</legend>
      {props.problemsAt('template').length > 0 && (
        <ul class="d-field__problems">
          {props.problemsAt('template').map((message) => (
            <li key={message} class="field__error">
              {message}
            </li>
          ))}
        </ul>
      )}
      {props.subject && (
        <TextField
          label="Subject"
          value={subject}
          disabled={props.disabled}
          problems={props.problemsAt('template.subject')}
          inputRef={(element) => {
            subjectRef.current = element;
          }}
          onFocus={() => {
            last.current = 'subject';
          }}
          onInput={(text) => change('subject', text)}
        />
      )}
      <TextArea
        label="Message"
        rows={6}
        value={body}
        disabled={props.disabled}
        problems={props.problemsAt('template.body')}
        hint="Leave it empty to let the seller write it."
        inputRef={(element) => {
          bodyRef.current = element;
        }}
        onFocus={() => {
          last.current = 'body';
        }}
        onInput={(text) => change('body', text)}
      />
      {!props.disabled && (
        <div class="d-merge" role="group" aria-label="Insert a merge field">
          <span class="field__label">Insert a merge field</span>
          <div class="d-merge__list">
            {MERGE_FIELDS.map((field) => (
              <button
                key={field.key}
                type="button"
                class="button button--small"
                aria-label={`Insert ${field.label} ({{${field.key}}})`}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => insert(field.key)}
              >
                {field.label}
              </button>
            ))}
          </div>
        </div>
      )}
      <section class="d-preview" aria-label="Preview">
        <p class="d-preview__title">
          Preview for {sample}{' '}
          <span class="muted">(a sample {t(ENTITY_WORDS.label[props.entity]).toLowerCase()})</span>
        </p>
        {props.subject && (
          <p class="d-preview__subject">
            <strong>{renderedSubject.text === '' ? '(no subject)' : renderedSubject.text}</strong>
          </p>
        )}
        <p class="d-preview__body">
          {renderedBody.text === '' ? '(no message)' : renderedBody.text}
        </p>
        {empty.length > 0 && (
          <p class="muted d-preview__empty">
            Empty for this record: {empty.map((key) => `{{${key}}}`).join(', ')}. Sellers see which
            fields were empty.
          </p>
        )}
      </section>
    </fieldset>
  );
}
