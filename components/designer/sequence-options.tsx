/**
 * Sequence options (issue #16, item 5): every sequence-level setting of the format: name,
 * description, record type, tags, exit on reply, the success rule (#18.2) and working hours. Like the step pane, changes
 * apply as you type and the validator's messages show at their fields.
 */
import { withKey } from '../../lib/designer/objects';
import {
  SUCCESS_CHOICES,
  successChoice,
  successField,
  successRuleFor,
} from '../../lib/designer/success-rule';
import type { DesignerModel } from '../../lib/models/console/designer-model';
import { ENTITIES, WEEKDAYS, type Schedule, type Sequence } from '../../lib/sequence/types';
import { CheckField, FieldProblems, ListField, SelectField, TextArea, TextField } from './fields';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';

type Weekday = Schedule['days'][number];

const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The options' fields as problem paths; other sequence problems show at the top. */
const OPTION_FIELDS = [
  'name',
  'description',
  'entity',
  'tags',
  'exitOnReply',
  'schedule',
  'schedule.days',
  'schedule.start',
  'schedule.end',
  'success',
  'success.field',
  'success.value',
];

export function SequenceOptions({ model, sequence }: { model: DesignerModel; sequence: Sequence }) {
  const readOnly = model.readOnly.value;
  const problems = model.problems.value.sequence;
  const at = (field: string): string[] =>
    problems
      .filter((problem) => {
        // The step count and "no steps" show on "Sequence starts here".
        if (field === '')
          return (
            problem.field !== 'steps' &&
            !OPTION_FIELDS.some(
              (known) =>
                problem.field === known ||
                problem.field.startsWith(`${known}[`) ||
                problem.field.startsWith(`${known}.`),
            )
          );
        if (field === 'tags' || field === 'schedule.days')
          return problem.field === field || problem.field.startsWith(`${field}[`);
        return problem.field === field;
      })
      .map((problem) => problem.message);
  const set = (field: string, key: keyof Sequence, value: unknown) =>
    model.updateSequence(field, (current) => withKey(current, key, value));
  const schedule = sequence.schedule;
  const setSchedule = (next: Schedule | undefined) => set('working hours', 'schedule', next);
  const suggested = model.state.value?.workingHours ?? {
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '17:00',
  };

  return (
    <section class="d-pane" aria-labelledby="d-pane-title">
      <header class="d-pane__header">
        <div>
          <p class="d-pane__type">Sequence options</p>
          <h2 id="d-pane-title" class="d-pane__title" tabIndex={-1}>
            {sequence.name.trim() === '' ? 'Unnamed sequence' : sequence.name}
          </h2>
        </div>
        <button type="button" class="button button--small button--quiet" onClick={model.closePane}>
          Close<span class="visually-hidden"> the sequence options</span>
        </button>
      </header>
      <FieldProblems problems={at('')} />
      <TextField
        label="Name"
        value={sequence.name}
        disabled={readOnly}
        problems={at('name')}
        onInput={(name) => set('name', 'name', name)}
      />
      <TextArea
        label="Description"
        value={sequence.description ?? ''}
        rows={3}
        disabled={readOnly}
        problems={at('description')}
        hint="Sellers see it when they pick a sequence for a record."
        onInput={(description) =>
          set('description', 'description', description === '' ? undefined : description)
        }
      />
      <SelectField
        label="Record type"
        value={sequence.entity}
        options={ENTITIES.map((entity) => ({
          value: entity,
          label: t(ENTITY_WORDS.label[entity]),
        }))}
        disabled={readOnly}
        problems={at('entity')}
        hint="Records of this type can be connected. Moves to other sequences need the same type."
        onChange={(entity) => set('record type', 'entity', entity)}
      />
      <ListField
        label="Tags, separated by commas"
        separator="comma"
        value={sequence.tags ?? []}
        disabled={readOnly}
        problems={at('tags')}
        hint="Sellers and the list filter by tags."
        onChange={(tags) => set('tags', 'tags', tags.length === 0 ? undefined : tags)}
      />
      <CheckField
        label="Exit the sequence when the customer replies"
        checked={sequence.exitOnReply === true}
        disabled={readOnly}
        problems={at('exitOnReply')}
        hint="A reply to any email of the sequence ends it for that record. Needs an email step."
        onChange={(checked) => set('exit on reply', 'exitOnReply', checked ? true : undefined)}
      />
      <fieldset class="d-fieldset">
        <legend>Success</legend>
        <SelectField
          label="A record counts as a success when"
          value={successChoice(sequence.success)}
          options={SUCCESS_CHOICES}
          disabled={readOnly}
          problems={at('success')}
          hint="Insights show the success rate with it; A/B tests can pick their winner with it."
          onChange={(choice) => set('success', 'success', successRuleFor(choice, sequence.success))}
        />
        {successField(sequence.success) !== null && (
          <div class="d-indent">
            {successField(sequence.success)?.op === 'equals' ? (
              <>
                <TextField
                  label="Field"
                  value={successField(sequence.success)?.field ?? ''}
                  disabled={readOnly}
                  problems={at('success.field')}
                  hint="A captured field, for example leadStatus or stage."
                  onInput={(field) =>
                    set('success field', 'success', { ...successField(sequence.success), field })
                  }
                />
                <TextField
                  label="Value"
                  value={String(successField(sequence.success)?.value ?? '')}
                  disabled={readOnly}
                  problems={at('success.value')}
                  hint="For example Qualified or Closed won."
                  onInput={(value) =>
                    set('success value', 'success', { ...successField(sequence.success), value })
                  }
                />
              </>
            ) : (
              <p class="muted">
                This rule uses the “{successField(sequence.success)?.op}” test on{' '}
                {successField(sequence.success)?.field}: change it in the JSON view.
              </p>
            )}
          </div>
        )}
      </fieldset>
      <fieldset class="d-fieldset">
        <legend>Working hours</legend>
        <CheckField
          label="Steps for the seller fall due only in working hours"
          checked={schedule !== undefined}
          disabled={readOnly}
          problems={at('schedule')}
          hint="A step due outside them becomes due at the start of the next working slot. Waits, conditions and commands run at any hour."
          onChange={(checked) =>
            setSchedule(
              checked
                ? { days: [...suggested.days], start: suggested.start, end: suggested.end }
                : undefined,
            )
          }
        />
        {schedule !== undefined && (
          <div class="d-indent">
            <fieldset class="d-fieldset d-fieldset--inline">
              <legend>Working days</legend>
              <div class="day-picker">
                {WEEKDAYS.map((day) => (
                  <label key={day} class="check">
                    <input
                      type="checkbox"
                      checked={schedule.days.includes(day)}
                      disabled={readOnly}
                      onChange={(event) => {
                        const chosen = event.currentTarget.checked
                          ? [...schedule.days, day]
                          : schedule.days.filter((item) => item !== day);
                        setSchedule({
                          ...schedule,
                          days: WEEKDAYS.filter((item) => chosen.includes(item)),
                        });
                      }}
                    />
                    {DAY_LABELS[day]}
                  </label>
                ))}
              </div>
              <FieldProblems problems={at('schedule.days')} />
            </fieldset>
            <div class="d-row">
              <TimeField
                label="Start"
                value={schedule.start}
                disabled={readOnly}
                problems={at('schedule.start')}
                onInput={(start) => setSchedule({ ...schedule, start })}
              />
              <TimeField
                label="End"
                value={schedule.end}
                disabled={readOnly}
                problems={at('schedule.end')}
                onInput={(end) => setSchedule({ ...schedule, end })}
              />
            </div>
            <CheckField
              label="Waits count working time only"
              checked={schedule.waitsInWorkingTime === true}
              disabled={readOnly}
              hint="A 2-day wait then means 2 working days, and hours mean working hours."
              onChange={(checked) => {
                const next: Schedule = { ...schedule };
                if (checked) next.waitsInWorkingTime = true;
                else delete next.waitsInWorkingTime;
                setSchedule(next);
              }}
            />
          </div>
        )}
      </fieldset>
      {/* Extension point: `success` (what counts as success in insights) joins here when the format has it. */}
    </section>
  );
}

function TimeField(props: {
  label: string;
  value: string;
  disabled: boolean;
  problems: string[];
  onInput: (value: string) => void;
}) {
  return (
    <TextField
      label={props.label}
      value={props.value}
      placeholder="09:00"
      disabled={props.disabled}
      problems={props.problems}
      hint="24-hour, like 09:00"
      onInput={props.onInput}
    />
  );
}
