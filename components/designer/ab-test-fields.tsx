/**
 * The properties of an A/B test step (format `ab-test`): its two versions (each a complete
 * email or text message, with the same template fields and preview as those steps), who gets
 * version A, what decides the winner, when the test ends, and the version used without a winner.
 */
import type { AbTestStep, AbTestVersion, AbVersion, Entity } from '../../lib/sequence/types';
import { AB_METRICS, AB_VERSIONS } from '../../lib/sequence/types';
import { DEFAULT_AB_SPLIT, MAX_AB_SPLIT, MIN_AB_SPLIT } from '../../lib/sequence/limits';
import type { AbTestsModel } from '../../lib/models/console/ab-tests-model';
import { AbTestCard } from '../console/ab-test-results';
import { withKey } from '../../lib/designer/objects';
import { NumberField, SelectField, TextField } from './fields';
import { TemplateFields } from './template-fields';

const METRIC_LABELS = {
  replied: 'More replies',
  opened: 'More opens',
  'link-clicked': 'More link clicks',
  success: 'More records reaching the sequence’s success',
} as const;

type Ends = 'never' | 'at' | 'significant';

export function AbTestFields(props: {
  step: AbTestStep;
  entity: Entity;
  sellerName: string;
  disabled: boolean;
  problemsAt: (path: string) => string[];
  /** `field` names the change for undo ("version A message"). */
  onChange: (step: AbTestStep, field: string) => void;
  /** The sequence's A/B tests as stored: this step's state and results, and ending it. */
  tests: AbTestsModel;
}) {
  const { step, disabled, problemsAt } = props;
  const setVersion = (version: AbVersion, next: AbTestVersion, field: string) =>
    props.onChange({ ...step, [version]: next }, `version ${version.toUpperCase()} ${field}`);
  const ends: Ends = step.ends === undefined ? 'never' : 'at' in step.ends ? 'at' : 'significant';
  // Both versions are emails, or both text messages (the format's rule): one choice for both.
  const kind = step.a.type;
  const asKind = (value: AbTestVersion, type: 'email' | 'text'): AbTestVersion =>
    value.type === type
      ? value
      : type === 'email'
        ? withKey({ type: 'email' }, 'name', value.name)
        : withKey({ type: 'text' }, 'name', value.name);
  return (
    <>
      <AbTestState step={step} tests={props.tests} />
      <SelectField
        label="The test compares"
        value={kind}
        options={[
          { value: 'email', label: 'Two emails' },
          { value: 'text', label: 'Two text messages' },
        ]}
        disabled={disabled}
        problems={[...problemsAt('a.type'), ...problemsAt('b.type')]}
        hint="Changing it clears the templates of the versions."
        onChange={(type) =>
          props.onChange({ ...step, a: asKind(step.a, type), b: asKind(step.b, type) }, 'kind')
        }
      />
      <div class="d-ab-versions">
        {AB_VERSIONS.map((version) => {
          const value = step[version];
          const letter = version.toUpperCase();
          return (
            <fieldset key={version} class="d-fieldset">
              <legend>Version {letter}</legend>
              <TextField
                label={`Version ${letter} name`}
                value={value.name ?? ''}
                disabled={disabled}
                problems={problemsAt(`${version}.name`)}
                onInput={(name) =>
                  setVersion(
                    version,
                    withKey<AbTestVersion>(value, 'name', name === '' ? undefined : name),
                    'name',
                  )
                }
              />
              <TemplateFields
                subject={value.type === 'email'}
                value={value.template}
                entity={props.entity}
                sellerName={props.sellerName}
                disabled={disabled}
                problemsAt={(path) => problemsAt(`${version}.${path}`)}
                onChange={(template, field) => {
                  const empty = template.body === '' && (template.subject ?? '') === '';
                  setVersion(
                    version,
                    withKey<AbTestVersion>(value, 'template', empty ? undefined : template),
                    field === 'subject' ? 'subject' : 'message',
                  );
                }}
              />
            </fieldset>
          );
        })}
      </div>
      <NumberField
        label="Records that get version A"
        value={step.split ?? DEFAULT_AB_SPLIT}
        min={MIN_AB_SPLIT}
        max={MAX_AB_SPLIT}
        unit="%"
        disabled={disabled}
        problems={problemsAt('split')}
        hint={`The others get version B. From ${MIN_AB_SPLIT} to ${MAX_AB_SPLIT} %.`}
        onInput={(split) =>
          props.onChange(
            withKey<AbTestStep>(step, 'split', split === DEFAULT_AB_SPLIT ? undefined : split),
            'split',
          )
        }
      />
      <SelectField
        label="The better version has"
        value={step.metric}
        options={AB_METRICS.map((metric) => ({ value: metric, label: METRIC_LABELS[metric] }))}
        disabled={disabled}
        problems={problemsAt('metric')}
        onChange={(metric) => props.onChange({ ...step, metric }, 'metric')}
      />
      <SelectField<Ends>
        label="The test ends"
        value={ends}
        options={[
          { value: 'never', label: 'When a manager ends it' },
          { value: 'significant', label: 'Once one version is clearly better' },
          { value: 'at', label: 'At a date and time' },
        ]}
        disabled={disabled}
        problems={problemsAt('ends')}
        onChange={(choice) =>
          props.onChange(
            withKey<AbTestStep>(
              step,
              'ends',
              choice === 'never'
                ? undefined
                : choice === 'significant'
                  ? { when: 'significant' as const }
                  : { at: '' },
            ),
            'end',
          )
        }
      />
      {step.ends !== undefined && 'at' in step.ends && (
        <TextField
          label="Ends at"
          value={step.ends.at}
          placeholder="2026-06-30T17:00:00Z"
          disabled={disabled}
          problems={problemsAt('ends.at')}
          hint="An instant with its offset, such as 2026-06-30T17:00:00Z."
          onInput={(at) => props.onChange({ ...step, ends: { at } }, 'end')}
        />
      )}
      <SelectField<AbVersion>
        label="Without a winner, records get"
        value={step.default}
        options={AB_VERSIONS.map((version) => ({
          value: version,
          label: `Version ${version.toUpperCase()}`,
        }))}
        disabled={disabled}
        problems={problemsAt('default')}
        onChange={(choice) => props.onChange({ ...step, default: choice }, 'default version')}
      />
    </>
  );
}

/**
 * Where this step's test stands: draft until the version holding it is activated or published;
 * then in progress or ended, with each version's numbers (the console's own card).
 */
function AbTestState({ step, tests }: { step: AbTestStep; tests: AbTestsModel }) {
  const result = tests.tests.value.find(
    (test) => test.stepId === step.id && test.state !== 'draft',
  );
  if (result === undefined) {
    return (
      <div class="d-ab-state" role="group" aria-label="Test state">
        <p>
          <span class="state state--draft">Draft</span>{' '}
          {tests.error.value === null
            ? 'The test starts when this version of the sequence is activated (or published): records then get a version by the split.'
            : `The test’s results could not be read: ${tests.error.value}`}
        </p>
      </div>
    );
  }
  return (
    <div class="d-ab-state">
      <AbTestCard test={result} model={tests} />
    </div>
  );
}
