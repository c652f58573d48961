/**
 * The condition of a condition step (issue #16, item 3): email events with the step they are
 * about, call outcomes, field values with every operator, stages, and "all" / "any" groups of
 * conditions, nested as the format allows. Each field shows the validator's message for it.
 */
import { useId } from 'preact/hooks';

import {
  CONDITION_KINDS,
  conditionKind,
  defaultCondition,
  type ConditionKind,
} from '../../lib/designer/catalog';
import { MERGE_FIELDS } from '../../lib/designer/sample-record';
import { stepName } from '../../lib/sequence/steps';
import {
  CALL_OUTCOMES,
  EMAIL_EVENTS,
  FIELD_OPS,
  ORDER_FIELD_OPS,
  RELATIVE_DAY_FIELD_OPS,
  VALUELESS_FIELD_OPS,
  type CallOutcome,
  type Condition,
  type FieldValue,
  type Step,
} from '../../lib/sequence/types';
import { FieldProblems, ListField, SelectField, TextField } from './fields';

const KIND_LABELS: Record<ConditionKind, string> = {
  email: 'Email event',
  call: 'Call outcome',
  field: 'Field value',
  stage: 'Stage',
  all: 'All of several conditions',
  any: 'Any of several conditions',
};

const EVENT_LABELS: Record<(typeof EMAIL_EVENTS)[number], string> = {
  replied: 'Replied to',
  opened: 'Opened',
  'link-clicked': 'Clicked a link in',
};

const OUTCOME_LABELS: Record<CallOutcome, string> = {
  connected: 'Connected',
  voicemail: 'Left a voicemail',
  'no-answer': 'No answer',
  'wrong-number': 'Wrong number',
};

/** Operator words; an operator a newer format adds shows as written until it gets words here. */
const OP_LABELS: Partial<Record<string, string>> = {
  equals: 'equals',
  'not-equals': 'does not equal',
  contains: 'contains',
  'not-contains': 'does not contain',
  'begins-with': 'begins with',
  'ends-with': 'ends with',
  in: 'is one of',
  'is-empty': 'is empty',
  'is-not-empty': 'has a value',
  'greater-than': 'is more than',
  'less-than': 'is less than',
  'greater-or-equal': 'is at least',
  'less-or-equal': 'is at most',
  between: 'is between',
  'in-last-days': 'is in the last … days',
  'in-next-days': 'is in the next … days',
};

const NO_VALUE = new Set<string>(VALUELESS_FIELD_OPS);
const LIST_VALUE = new Set(['in']);
const PAIR_VALUE = new Set(['between']);
/** Operators that compare numbers (or dates): a typed number is stored as a number. */
const NUMERIC = new Set<string>([...ORDER_FIELD_OPS, 'between', ...RELATIVE_DAY_FIELD_OPS]);

/** A number when the operator compares numbers and the text is one; the text otherwise. */
function typedValue(text: string, op: string): FieldValue {
  return NUMERIC.has(op) && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
}

const asText = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

export interface ConditionFieldsProps {
  condition: Condition;
  /** The problem path of this condition (`if`, `if.all[1]`). */
  path: string;
  /** Steps before the condition on its path (email and call conditions pick from these). */
  before: readonly Step[];
  depth: number;
  disabled: boolean;
  problemsAt: (path: string) => string[];
  onChange: (condition: Condition) => void;
  onRemove?: () => void;
}

function StepPicker(props: {
  label: string;
  type: 'email' | 'call';
  value: string;
  before: readonly Step[];
  disabled: boolean;
  problems: string[];
  onChange: (id: string) => void;
}) {
  const candidates = props.before.filter((step) => step.type === props.type);
  const options = [
    ...(props.value === ''
      ? [
          {
            value: '',
            label:
              candidates.length === 0
                ? `No earlier ${props.type === 'email' ? 'email' : 'call'} step on this path`
                : 'Choose a step',
          },
        ]
      : []),
    ...candidates.map((step) => ({ value: step.id, label: stepName(step) })),
    ...(props.value !== '' && !candidates.some((step) => step.id === props.value)
      ? [{ value: props.value, label: `${props.value} (not an earlier ${props.type} step)` }]
      : []),
  ];
  return (
    <SelectField
      label={props.label}
      value={props.value}
      options={options}
      disabled={props.disabled}
      problems={props.problems}
      onChange={props.onChange}
    />
  );
}

export function ConditionFields(props: ConditionFieldsProps) {
  const { condition, path, disabled, problemsAt } = props;
  const kind = conditionKind(condition);
  const groupId = useId();
  const nested = props.depth > 0;
  const at = (key: string) => problemsAt(`${path}.${key}`);

  let body = null;
  if ('email' in condition) {
    body = (
      <>
        <SelectField
          label="The customer"
          value={condition.email}
          options={EMAIL_EVENTS.map((event) => ({ value: event, label: EVENT_LABELS[event] }))}
          disabled={disabled}
          problems={at('email')}
          onChange={(email) => props.onChange({ ...condition, email })}
        />
        <StepPicker
          label="Email step"
          type="email"
          value={condition.step}
          before={props.before}
          disabled={disabled}
          problems={at('step')}
          onChange={(step) => props.onChange({ ...condition, step })}
        />
      </>
    );
  } else if ('call' in condition) {
    body = (
      <>
        <StepPicker
          label="Call step"
          type="call"
          value={condition.step}
          before={props.before}
          disabled={disabled}
          problems={at('step')}
          onChange={(step) => props.onChange({ ...condition, step })}
        />
        <fieldset
          class="d-fieldset d-fieldset--inline"
          aria-describedby={at('call').length > 0 ? `${groupId}-call` : undefined}
        >
          <legend>Yes when the call outcome was</legend>
          {CALL_OUTCOMES.map((outcome) => (
            <label key={outcome} class="check">
              <input
                type="checkbox"
                checked={condition.call.includes(outcome)}
                disabled={disabled}
                onChange={(event) => {
                  const chosen = event.currentTarget.checked
                    ? [...condition.call, outcome]
                    : condition.call.filter((item) => item !== outcome);
                  props.onChange({
                    ...condition,
                    call: CALL_OUTCOMES.filter((item) => chosen.includes(item)),
                  });
                }}
              />
              {OUTCOME_LABELS[outcome]}
            </label>
          ))}
          <FieldProblems id={`${groupId}-call`} problems={at('call')} />
        </fieldset>
      </>
    );
  } else if ('field' in condition) {
    const op = condition.op;
    const ops = [...new Set<string>([...FIELD_OPS, op])];
    body = (
      <>
        <TextField
          label="Field"
          value={condition.field}
          placeholder="leadGrade, jobTitle, country…"
          disabled={disabled}
          problems={at('field')}
          hint={`A field Upnext reads from the record, such as ${MERGE_FIELDS.slice(3, 6)
            .map((field) => field.key)
            .join(', ')} or any custom field key.`}
          onInput={(field) => props.onChange({ ...condition, field })}
        />
        <SelectField
          label="Operator"
          value={op}
          options={ops.map((value) => ({ value, label: OP_LABELS[value] ?? value }))}
          disabled={disabled}
          problems={at('op')}
          onChange={(next) => {
            const { value, ...rest } = condition;
            const changed = { ...rest, op: next as typeof op };
            if (NO_VALUE.has(next)) props.onChange(changed);
            else if (LIST_VALUE.has(next)) {
              props.onChange({
                ...changed,
                value: Array.isArray(value)
                  ? value
                  : value === undefined || value === ''
                    ? []
                    : [value],
              });
            } else if (PAIR_VALUE.has(next)) {
              props.onChange({
                ...changed,
                value: Array.isArray(value) && value.length === 2 ? value : ['', ''],
              });
            } else {
              const single = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
              props.onChange({
                ...changed,
                value: typeof single === 'string' ? typedValue(single, next) : single,
              });
            }
          }}
        />
        {LIST_VALUE.has(op) ? (
          <ListField
            label="Values, one per line"
            separator="line"
            value={Array.isArray(condition.value) ? condition.value.map(String) : []}
            disabled={disabled}
            problems={at('value')}
            onChange={(values) => props.onChange({ ...condition, value: values })}
          />
        ) : PAIR_VALUE.has(op) ? (
          <div class="d-row">
            {[0, 1].map((index) => {
              const pair = Array.isArray(condition.value) ? condition.value : ['', ''];
              return (
                <TextField
                  key={index}
                  label={index === 0 ? 'From' : 'To'}
                  value={asText(pair[index])}
                  disabled={disabled}
                  problems={index === 0 ? at('value') : []}
                  onInput={(text) => {
                    const next = [...pair];
                    next[index] = typedValue(text, op);
                    props.onChange({ ...condition, value: next });
                  }}
                />
              );
            })}
          </div>
        ) : NO_VALUE.has(op) ? (
          <FieldProblems problems={at('value')} />
        ) : (
          <TextField
            label="Value"
            value={asText(condition.value)}
            disabled={disabled}
            problems={at('value')}
            hint={NUMERIC.has(op) ? 'A number, or a date such as 2025-01-31.' : undefined}
            onInput={(text) => props.onChange({ ...condition, value: typedValue(text, op) })}
          />
        )}
      </>
    );
  } else if ('stage' in condition) {
    body = (
      <ListField
        label="Yes when the stage is one of (one per line)"
        separator="line"
        value={condition.stage}
        placeholder={'Qualify\nDevelop'}
        disabled={disabled}
        problems={at('stage')}
        onChange={(stage) => props.onChange({ stage })}
      />
    );
  } else {
    const key = 'all' in condition ? 'all' : 'any';
    const list = 'all' in condition ? condition.all : condition.any;
    const set = (next: Condition[]) =>
      props.onChange(key === 'all' ? { all: next } : { any: next });
    body = (
      <div class="d-condition-group">
        <FieldProblems problems={at(key)} />
        <ol class="d-condition-list">
          {list.map((inner, index) => (
            <li key={index}>
              <ConditionFields
                condition={inner}
                path={`${path}.${key}[${index}]`}
                before={props.before}
                depth={props.depth + 1}
                disabled={disabled}
                problemsAt={problemsAt}
                onChange={(next) => set(list.map((item, at2) => (at2 === index ? next : item)))}
                onRemove={() => set(list.filter((_, at2) => at2 !== index))}
              />
            </li>
          ))}
        </ol>
        {!disabled && (
          <button
            type="button"
            class="button button--small"
            onClick={() => set([...list, defaultCondition('email', props.before)])}
          >
            Add a condition {key === 'all' ? '(all must hold)' : '(any may hold)'}
          </button>
        )}
      </div>
    );
  }

  return (
    <fieldset class={`d-fieldset d-condition${nested ? ' d-condition--nested' : ''}`}>
      <legend>{nested ? 'Condition' : 'Yes when'}</legend>
      <FieldProblems problems={problemsAt(path)} />
      <div class="d-condition__head">
        <SelectField
          label="Kind"
          value={kind}
          options={CONDITION_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
          disabled={disabled}
          onChange={(next) => props.onChange(defaultCondition(next, props.before))}
        />
        {props.onRemove !== undefined && !disabled && (
          <button
            type="button"
            class="button button--small button--quiet button--danger"
            onClick={props.onRemove}
          >
            Remove this condition
          </button>
        )}
      </div>
      {body}
    </fieldset>
  );
}
