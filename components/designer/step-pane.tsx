/**
 * The properties pane of the selected step (issue #16, item 3): every property the format has
 * for its type. Changes apply as you type (each is an undoable edit, saved at once); a value the
 * validator rejects is marked at its field with the validator's message.
 */
import { useState } from 'preact/hooks';

import { locate, stepsBefore } from '../../lib/designer/tree';
import { displayName } from '../../lib/designer/labels';
import { withKey } from '../../lib/designer/objects';
import type { DesignerModel } from '../../lib/models/console/designer-model';
import { MAX_WAIT_DAYS } from '../../lib/domain/limits';
import { MAX_WAIT_HOURS } from '../../lib/sequence/limits';
import { defaultStepName, formatDuration, stepName } from '../../lib/sequence/steps';
import {
  LINKEDIN_ACTIONS,
  type ConditionStep,
  type Duration,
  type LinkedinAction,
  type Sequence,
  type Step,
} from '../../lib/sequence/types';
import { AbTestFields } from './ab-test-fields';
import { ConditionFields } from './condition-fields';
import { FieldProblems, NumberField, SelectField, TextArea, TextField } from './fields';
import { MOD } from './keys';
import { groupProblems, stepFieldPaths } from './pane-fields';
import { TemplateFields } from './template-fields';
import { ENTITY_WORDS, STEP_TYPE_SHORT } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';

const LINKEDIN_LABELS: Record<LinkedinAction, string> = {
  research: 'Research: view the profile',
  introduction: 'Get introduced',
  connect: 'Connect',
  inmail: 'Send InMail',
};

function DurationFields(props: {
  legend: string;
  value: Duration;
  disabled: boolean;
  problemsAt: (path: string) => string[];
  prefix: string;
  onChange: (value: Duration) => void;
}) {
  const { value } = props;
  const days = value.days;
  const hours = value.hours;
  const total = (days ?? 0) * 24 + (hours ?? 0);
  const groupProblems = props.problemsAt(props.prefix);
  return (
    <fieldset class="d-fieldset">
      <legend>{props.legend}</legend>
      <div class="d-row">
        <NumberField
          label="Days"
          value={days}
          min={0}
          max={MAX_WAIT_DAYS}
          unit="days"
          disabled={props.disabled}
          problems={props.problemsAt(props.prefix === '' ? 'days' : `${props.prefix}.days`)}
          onInput={(next) => props.onChange(withKey(value, 'days', next))}
        />
        <NumberField
          label="Hours"
          value={hours}
          min={0}
          max={MAX_WAIT_HOURS}
          unit="hours"
          disabled={props.disabled}
          problems={props.problemsAt(props.prefix === '' ? 'hours' : `${props.prefix}.hours`)}
          onInput={(next) => props.onChange(withKey(value, 'hours', next))}
        />
      </div>
      <p class="field__hint muted">
        {total > 0 ? `${formatDuration(days, hours)} in all. ` : ''}Up to {MAX_WAIT_DAYS} days.
      </p>
      {props.prefix !== '' && <FieldProblems problems={groupProblems} />}
    </fieldset>
  );
}

function ConditionWindow(props: {
  step: ConditionStep;
  disabled: boolean;
  problemsAt: (path: string) => string[];
  onChange: (within: Duration | undefined) => void;
}) {
  const waits = props.step.within !== undefined;
  return (
    <fieldset class="d-fieldset">
      <legend>When it is decided</legend>
      <label class="check">
        <input
          type="radio"
          name={`window-${props.step.id}`}
          checked={waits}
          disabled={props.disabled}
          onChange={() => props.onChange(props.step.within ?? { days: 3 })}
        />
        Wait for it, up to a time limit
      </label>
      {waits && (
        <div class="d-indent">
          <DurationFields
            legend="Time limit"
            value={props.step.within ?? {}}
            prefix="within"
            disabled={props.disabled}
            problemsAt={props.problemsAt}
            onChange={props.onChange}
          />
          <p class="field__hint muted">
            The record moves to the Yes path as soon as it happens within the limit, and to the No
            path when the limit passes without it.
          </p>
        </div>
      )}
      <label class="check">
        <input
          type="radio"
          name={`window-${props.step.id}`}
          checked={!waits}
          disabled={props.disabled}
          onChange={() => props.onChange(undefined)}
        />
        Decide at once, from what is known when the record gets here
      </label>
    </fieldset>
  );
}

function MoveTarget(props: {
  model: DesignerModel;
  sequence: Sequence;
  value: string;
  disabled: boolean;
  problems: string[];
  onChange: (id: string) => void;
}) {
  const known = props.model.state.value?.known ?? [];
  const same = known.filter((other) => other.entity === props.sequence.entity);
  const options = [
    ...(props.value === '' ? [{ value: '', label: 'Choose a sequence' }] : []),
    ...same.map((other) => ({
      value: other.id,
      label: `${other.name}${other.state === 'active' ? '' : ` (${other.state})`}`,
    })),
    ...(props.value !== '' && !same.some((other) => other.id === props.value)
      ? [
          {
            value: props.value,
            label: `${props.value} (not a ${t(ENTITY_WORDS.label[props.sequence.entity]).toLowerCase()} sequence here)`,
          },
        ]
      : []),
  ];
  return (
    <SelectField
      label="Move the record to"
      value={props.value}
      options={options}
      disabled={props.disabled}
      problems={props.problems}
      hint={
        same.length === 0
          ? `There is no other ${t(ENTITY_WORDS.label[props.sequence.entity]).toLowerCase()} sequence yet.`
          : 'Only sequences for the same record type. The record leaves this sequence.'
      }
      onChange={props.onChange}
    />
  );
}

function UpdateValue(props: {
  value: string | number | boolean;
  disabled: boolean;
  problems: string[];
  onChange: (value: string | number | boolean) => void;
}) {
  const kind =
    typeof props.value === 'boolean'
      ? 'boolean'
      : typeof props.value === 'number'
        ? 'number'
        : 'text';
  return (
    <div class="d-row">
      <SelectField
        label="Value type"
        value={kind}
        options={[
          { value: 'text', label: 'Text' },
          { value: 'number', label: 'Number' },
          { value: 'boolean', label: 'Yes or no' },
        ]}
        disabled={props.disabled}
        onChange={(next) =>
          props.onChange(
            next === 'boolean'
              ? true
              : next === 'number'
                ? Number(props.value) || 0
                : String(props.value),
          )
        }
      />
      {kind === 'boolean' ? (
        <SelectField
          label="Value"
          value={props.value === true ? 'yes' : 'no'}
          options={[
            { value: 'yes', label: 'Yes (true)' },
            { value: 'no', label: 'No (false)' },
          ]}
          disabled={props.disabled}
          problems={props.problems}
          onChange={(next) => props.onChange(next === 'yes')}
        />
      ) : kind === 'number' ? (
        <NumberField
          label="Value"
          value={props.value as number}
          disabled={props.disabled}
          problems={props.problems}
          onInput={(next) => props.onChange(next ?? 0)}
        />
      ) : (
        <TextField
          label="Value"
          value={String(props.value)}
          disabled={props.disabled}
          problems={props.problems}
          onInput={props.onChange}
        />
      )}
    </div>
  );
}

function StepIdField(props: {
  model: DesignerModel;
  step: Step;
  disabled: boolean;
  problems: string[];
}) {
  const [text, setText] = useState(props.step.id);
  const [refused, setRefused] = useState<string | null>(null);
  const problems = refused === null ? props.problems : [refused, ...props.problems];
  return (
    <details class="d-advanced">
      <summary>Step id</summary>
      <TextField
        label="Id"
        value={text === props.step.id || refused !== null ? text : props.step.id}
        disabled={props.disabled}
        problems={problems}
        hint="Used in exported files and by conditions that look at this step; they follow a change."
        onInput={(next) => {
          setText(next);
          setRefused(
            next === '' ? 'A step needs an id.' : props.model.renameStep(props.step.id, next),
          );
        }}
      />
    </details>
  );
}

export function StepPane({
  model,
  sequence,
  stepId,
}: {
  model: DesignerModel;
  sequence: Sequence;
  stepId: string;
}) {
  const found = locate(sequence, stepId);
  const problems = model.problems.value.byStep.get(stepId) ?? [];
  const readOnly = model.readOnly.value;
  const state = model.state.value;
  if (found === undefined) return null;
  const step = found.step;
  const grouped = groupProblems(problems, stepFieldPaths(step));
  const problemsAt = (path: string): string[] => grouped.get(path) ?? [];
  const update = (field: string, change: (step: Step) => Step) =>
    model.updateStep(stepId, field, change);
  const nameOf = model.nameOf.value;
  const title = displayName(step, nameOf);

  let specific = null;
  switch (step.type) {
    case 'email':
    case 'text':
    case 'linkedin':
      specific = (
        <>
          {step.type === 'linkedin' && (
            <SelectField
              label="LinkedIn action"
              value={step.action}
              options={LINKEDIN_ACTIONS.map((action) => ({
                value: action,
                label: LINKEDIN_LABELS[action],
              }))}
              disabled={readOnly}
              problems={problemsAt('action')}
              onChange={(action) =>
                update('LinkedIn action', (current) => ({ ...current, action }) as Step)
              }
            />
          )}
          <TemplateFields
            subject={step.type === 'email'}
            value={step.template}
            entity={sequence.entity}
            sellerName={state?.sellerName ?? ''}
            disabled={readOnly}
            problemsAt={problemsAt}
            onChange={(value, field) =>
              update(field === 'subject' ? 'subject' : 'message', (current) => {
                const empty = value.body === '' && (value.subject ?? '') === '';
                return withKey(current, 'template', empty ? undefined : value);
              })
            }
          />
        </>
      );
      break;
    case 'wait':
      specific = (
        <DurationFields
          legend="Wait time"
          value={{ days: step.days, hours: step.hours }}
          prefix=""
          disabled={readOnly}
          problemsAt={problemsAt}
          onChange={(value) =>
            update('wait time', (current) =>
              withKey(withKey(current, 'days', value.days), 'hours', value.hours),
            )
          }
        />
      );
      break;
    case 'condition':
      specific = (
        <>
          <ConditionFields
            condition={step.if}
            path="if"
            before={stepsBefore(sequence, stepId)}
            depth={0}
            disabled={readOnly}
            problemsAt={problemsAt}
            onChange={(condition) =>
              update('condition', (current) => ({ ...current, if: condition }) as Step)
            }
          />
          <ConditionWindow
            step={step}
            disabled={readOnly}
            problemsAt={problemsAt}
            onChange={(within) =>
              update('time limit', (current) => withKey(current, 'within', within))
            }
          />
          <p class="muted">
            Yes path: {tCount('stepCount', step.yes.length)}. No path:{' '}
            {tCount('stepCount', step.no.length)}. An empty path ends the sequence there.
          </p>
        </>
      );
      break;
    case 'update-field':
      specific = (
        <>
          <TextField
            label="Field"
            value={step.field}
            placeholder="leadStatus"
            disabled={readOnly}
            problems={problemsAt('field')}
            hint="The seller sets it in the CRM; the step completes when the page shows the value."
            onInput={(field) => update('field', (current) => ({ ...current, field }) as Step)}
          />
          <UpdateValue
            value={step.value}
            disabled={readOnly}
            problems={problemsAt('value')}
            onChange={(value) => update('value', (current) => ({ ...current, value }) as Step)}
          />
        </>
      );
      break;
    case 'move-to-sequence':
      specific = (
        <MoveTarget
          model={model}
          sequence={sequence}
          value={step.sequence}
          disabled={readOnly}
          problems={problemsAt('sequence')}
          onChange={(target) =>
            update('target sequence', (current) => ({ ...current, sequence: target }) as Step)
          }
        />
      );
      break;
    case 'ab-test':
      specific = (
        <AbTestFields
          step={step}
          entity={sequence.entity}
          sellerName={state?.sellerName ?? ''}
          disabled={readOnly}
          problemsAt={problemsAt}
          onChange={(next, field) =>
            update(field, (current) =>
              current.type === 'ab-test' ? { ...next, id: current.id } : current,
            )
          }
          tests={model.abTests}
        />
      );
      break;
    case 'call':
    case 'task':
      break;
  }

  const canMove = !readOnly;
  return (
    <section class="d-pane" aria-labelledby="d-pane-title" data-step-id={stepId}>
      <header class="d-pane__header">
        <div>
          <p class="d-pane__type">{t(STEP_TYPE_SHORT[step.type])} step</p>
          <h2 id="d-pane-title" class="d-pane__title" tabIndex={-1}>
            {title}
          </h2>
        </div>
        <button type="button" class="button button--small button--quiet" onClick={model.closePane}>
          Close<span class="visually-hidden"> the properties of {title}</span>
        </button>
      </header>
      {canMove && (
        <div class="d-pane__actions" role="group" aria-label={`Actions on ${title}`}>
          <button
            type="button"
            class="button button--small"
            onClick={() => model.moveBy(stepId, 'up')}
            title="Alt+↑"
          >
            Move up
          </button>
          <button
            type="button"
            class="button button--small"
            onClick={() => model.moveBy(stepId, 'down')}
            title="Alt+↓"
          >
            Move down
          </button>
          <button
            type="button"
            class="button button--small"
            onClick={() => model.duplicate(stepId)}
            title={`${MOD}+D`}
          >
            Duplicate
          </button>
          <button
            type="button"
            class="button button--small button--danger"
            onClick={() => model.askDelete(stepId)}
            title="Delete"
          >
            Delete
          </button>
        </div>
      )}
      <FieldProblems problems={problemsAt('')} />
      <TextField
        label="Name"
        value={step.name ?? ''}
        placeholder={
          step.type === 'condition'
            ? displayName({ ...step, name: undefined }, nameOf)
            : defaultStepName(step)
        }
        disabled={readOnly}
        problems={problemsAt('name')}
        hint={
          step.name === undefined
            ? `Without a name it shows as “${step.type === 'condition' ? displayName(step, nameOf) : stepName(step)}”.`
            : undefined
        }
        onInput={(name) =>
          update('name', (current) => withKey(current, 'name', name === '' ? undefined : name))
        }
      />
      <TextArea
        label={
          step.type === 'condition' || step.type === 'wait'
            ? 'Notes'
            : 'Instructions for the seller'
        }
        value={step.description ?? ''}
        rows={2}
        disabled={readOnly}
        problems={problemsAt('description')}
        onInput={(description) =>
          update('instructions', (current) =>
            withKey(current, 'description', description === '' ? undefined : description),
          )
        }
      />
      {specific}
      <StepIdField
        key={step.id}
        model={model}
        step={step}
        disabled={readOnly}
        problems={problemsAt('id')}
      />
    </section>
  );
}
