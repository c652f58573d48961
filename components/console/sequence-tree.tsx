import { STEP_TYPE_SHORT } from '../../lib/domain/words';
import { t } from '../../lib/i18n';
import { stepName } from '../../lib/sequence/steps';
import type { Step } from '../../lib/sequence/types';
import type { StepStatsDoc } from '../../lib/models/console/types';
import { abTestSummary, conditionText } from './format';

export interface SequenceTreeProps {
  steps: readonly Step[];
  stats: readonly StepStatsDoc[];
  /** Name of any step by id (conditions refer to earlier steps). */
  nameOf: (stepId: string) => string;
}

function StepStats({ stats }: { stats: StepStatsDoc | undefined }) {
  if (stats === undefined) return null;
  return (
    <dl class="step__stats" aria-label="Step counts">
      <div>
        <dt>Reached</dt>
        <dd>{stats.reached.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Completed</dt>
        <dd>{stats.completed.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Skipped</dt>
        <dd>{stats.skipped.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Snoozed</dt>
        <dd>{stats.snoozed.toLocaleString()}</dd>
      </div>
    </dl>
  );
}

function StepList({
  steps,
  statsById,
  nameOf,
  label,
}: {
  steps: readonly Step[];
  statsById: ReadonlyMap<string, StepStatsDoc>;
  nameOf: (stepId: string) => string;
  label?: string;
}) {
  if (steps.length === 0) {
    return <p class="tree__end muted">The sequence ends here.</p>;
  }
  return (
    <ol class="tree__list" aria-label={label}>
      {steps.map((step) => (
        <StepItem key={step.id} step={step} statsById={statsById} nameOf={nameOf} />
      ))}
    </ol>
  );
}

function StepItem({
  step,
  statsById,
  nameOf,
}: {
  step: Step;
  statsById: ReadonlyMap<string, StepStatsDoc>;
  nameOf: (stepId: string) => string;
}) {
  const stats = statsById.get(step.id);
  if (step.type === 'condition') {
    const question = conditionText(step.if, step.within, nameOf);
    return (
      <li class="step step--condition" data-step-id={step.id}>
        <div class="step__card">
          <span class="step__type">Condition</span>
          <span class="step__name">{question}</span>
          {step.name !== undefined && step.name.trim() !== '' && (
            <span class="muted step__sub">{step.name}</span>
          )}
          {step.within === undefined && (
            <span class="muted step__sub">Decided at once from what is known.</span>
          )}
          <StepStats stats={stats} />
        </div>
        <div class="branches">
          <div class="branch branch--yes">
            <p class="branch__label">→ Yes</p>
            <StepList
              steps={step.yes}
              statsById={statsById}
              nameOf={nameOf}
              label={`Yes: ${question}`}
            />
          </div>
          <div class="branch branch--no">
            <p class="branch__label">→ No</p>
            <StepList
              steps={step.no}
              statsById={statsById}
              nameOf={nameOf}
              label={`No: ${question}`}
            />
          </div>
        </div>
      </li>
    );
  }
  return (
    <li class={`step step--${step.type}`} data-step-id={step.id}>
      <div class="step__card">
        <span class="step__type">{t(STEP_TYPE_SHORT[step.type])}</span>
        <span class="step__name">{stepName(step)}</span>
        {step.description !== undefined && <span class="muted step__sub">{step.description}</span>}
        {step.type === 'ab-test' && <span class="muted step__sub">{abTestSummary(step)}</span>}
        {step.type !== 'wait' && <StepStats stats={stats} />}
      </div>
    </li>
  );
}

/** The steps as a tree: a condition's Yes and No branches side by side (stacked on narrow screens). */
export function SequenceTree({ steps, stats, nameOf }: SequenceTreeProps) {
  const statsById = new Map(stats.map((item) => [item.stepId, item]));
  return (
    <div class="tree">
      <p class="tree__start">Sequence starts here</p>
      <StepList steps={steps} statsById={statsById} nameOf={nameOf} label="Steps" />
    </div>
  );
}
