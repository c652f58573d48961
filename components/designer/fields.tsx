/**
 * Form fields of the designer's panes, each with its label and, when the validator found a
 * problem there, the validator's message under it (`aria-invalid`, `aria-describedby`).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';

export interface FieldProps {
  label: string;
  /** The validator's messages for this field. */
  problems?: readonly string[];
  hint?: ComponentChildren;
  disabled?: boolean;
}

/** The messages under a field or a group of fields. */
export function FieldProblems({ id, problems }: { id?: string; problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul class="d-field__problems" id={id}>
      {problems.map((message) => (
        <li key={message} class="field__error">
          {message}
        </li>
      ))}
    </ul>
  );
}

interface Wiring {
  id: string;
  /** Spread on the control. */
  control: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; disabled?: boolean };
  /** Hint and problems, after the control. */
  after: ComponentChildren;
}

/** Ids and the hint and problem lines shared by every field kind. */
function useWiring(props: FieldProps): Wiring {
  const id = useId();
  const problems = props.problems ?? [];
  const hintId = props.hint === undefined ? null : `${id}-hint`;
  const problemId = problems.length === 0 ? null : `${id}-problems`;
  const ids = [hintId, problemId].filter((item) => item !== null);
  return {
    id,
    control: {
      id,
      ...(problems.length > 0 ? { 'aria-invalid': true as const } : {}),
      ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}),
      ...(props.disabled === true ? { disabled: true } : {}),
    },
    after: (
      <>
        {hintId !== null && (
          <p id={hintId} class="field__hint muted">
            {props.hint}
          </p>
        )}
        {problemId !== null && <FieldProblems id={problemId} problems={problems} />}
      </>
    ),
  };
}

/** A field's box: its label above the control, then the hint and the problems. */
function Labelled(props: {
  wiring: Wiring;
  label: string;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={props.class === undefined ? 'd-field' : `d-field ${props.class}`}>
      <label for={props.wiring.id} class="field__label">
        {props.label}
      </label>
      {props.children}
      {props.wiring.after}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    placeholder?: string;
    onInput: (value: string) => void;
    inputRef?: (element: HTMLInputElement | null) => void;
    onFocus?: (event: FocusEvent) => void;
  },
) {
  const wiring = useWiring(props);
  return (
    <Labelled wiring={wiring} label={props.label}>
      <input
        {...wiring.control}
        ref={props.inputRef}
        class="input d-field__control"
        value={props.value}
        placeholder={props.placeholder}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onFocus={props.onFocus}
      />
    </Labelled>
  );
}

export function TextArea(
  props: FieldProps & {
    value: string;
    rows?: number;
    placeholder?: string;
    onInput: (value: string) => void;
    inputRef?: (element: HTMLTextAreaElement | null) => void;
    onFocus?: (event: FocusEvent) => void;
  },
) {
  const wiring = useWiring(props);
  return (
    <Labelled wiring={wiring} label={props.label}>
      <textarea
        {...wiring.control}
        ref={props.inputRef}
        class="textarea d-field__control"
        rows={props.rows ?? 3}
        value={props.value}
        placeholder={props.placeholder}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onFocus={props.onFocus}
      />
    </Labelled>
  );
}

/**
 * A whole number. An emptied box stores nothing (`undefined`); a number outside the allowed
 * range is stored as typed, so the validator's message can say what is wrong with it.
 */
export function NumberField(
  props: FieldProps & {
    value: number | undefined;
    min?: number;
    max?: number;
    unit?: string;
    onInput: (value: number | undefined) => void;
  },
) {
  const wiring = useWiring(props);
  return (
    <Labelled wiring={wiring} label={props.label} class="d-field--number">
      <span class="d-field__with-unit">
        <input
          {...wiring.control}
          type="number"
          inputMode="numeric"
          class="input d-field__control d-field__number"
          value={props.value ?? ''}
          min={props.min}
          max={props.max}
          step={1}
          onInput={(event) => {
            const text = event.currentTarget.value;
            const number = text.trim() === '' ? undefined : Number(text);
            props.onInput(number !== undefined && Number.isFinite(number) ? number : undefined);
          }}
        />
        {props.unit !== undefined && <span class="muted">{props.unit}</span>}
      </span>
    </Labelled>
  );
}

export function SelectField<T extends string>(
  props: FieldProps & {
    value: T;
    options: readonly { value: T; label: string }[];
    onChange: (value: T) => void;
  },
) {
  const wiring = useWiring(props);
  return (
    <Labelled wiring={wiring} label={props.label}>
      <select
        {...wiring.control}
        class="select d-field__control"
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value as T)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function CheckField(
  props: FieldProps & { checked: boolean; onChange: (checked: boolean) => void },
) {
  const wiring = useWiring(props);
  return (
    <div class="d-field d-field--check">
      <span class="check">
        <input
          {...wiring.control}
          type="checkbox"
          checked={props.checked}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        <label for={wiring.id}>{props.label}</label>
      </span>
      {wiring.after}
    </div>
  );
}

/**
 * A list typed as text, one item per line (or separated by commas): the text stays as typed
 * while the list is stored, and follows the list when it changes from elsewhere (undo).
 */
export function ListField(
  props: FieldProps & {
    value: readonly string[];
    separator: 'line' | 'comma';
    placeholder?: string;
    onChange: (value: string[]) => void;
  },
) {
  const split = (text: string): string[] =>
    text
      .split(props.separator === 'line' ? /\r?\n/ : ',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const join = (items: readonly string[]): string =>
    items.join(props.separator === 'line' ? '\n' : ', ');
  const [text, setText] = useState(join(props.value));
  const same = split(text).join('\u0000') === props.value.join('\u0000');
  useEffect(() => {
    if (!same) setText(join(props.value));
    // Only when the stored list changes from outside this field.
  }, [props.value.join('\u0000')]);
  const wiring = useWiring(props);
  const Control = props.separator === 'line' ? 'textarea' : 'input';
  return (
    <Labelled wiring={wiring} label={props.label}>
      <Control
        {...wiring.control}
        class={props.separator === 'line' ? 'textarea d-field__control' : 'input d-field__control'}
        rows={props.separator === 'line' ? 3 : undefined}
        value={text}
        placeholder={props.placeholder}
        onInput={(event: Event) => {
          const next = (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
          setText(next);
          props.onChange(split(next));
        }}
      />
    </Labelled>
  );
}
