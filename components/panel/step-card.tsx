import { t } from '@/lib/i18n';
import type { CurrentStepInfo } from '@/lib/views/record-view';

import { StepIcon } from './icons';
import { linkedinInstruction, stepTypeLabel } from './labels';
import { StepActions, type StepActionsProps } from './step-actions';
import { dueWords } from './time-context';

export type StepCardProps = Omit<StepActionsProps, 'step'> & { step: CurrentStepInfo };

function emptyFields(step: CurrentStepInfo): string[] {
  const names = [
    ...(step.email?.subject.emptyFields ?? []),
    ...(step.email?.body.emptyFields ?? []),
    ...(step.text?.emptyFields ?? []),
  ];
  return [...new Set(names)];
}

/** What the step asks of the seller, in words: instructions, template, question, problem. */
function StepDetails({ step, fields }: { step: CurrentStepInfo; fields: Record<string, string> }) {
  const empty = emptyFields(step);
  return (
    <>
      {step.description && <p class="instructions">{step.description}</p>}
      {step.field && (
        <p class="instructions">{t('setFieldTo', step.field.key, step.field.value)}</p>
      )}
      {step.linkedinAction && (
        <p class="instructions">{linkedinInstruction(step.linkedinAction)}</p>
      )}
      {step.email?.subject.text && <p class="meta">{t('emailSubject', step.email.subject.text)}</p>}
      {step.type === 'email' && !fields['email'] && <p class="meta">{t('noEmailAddress')}</p>}
      {step.type === 'call' && !fields['phone'] && <p class="meta">{t('noPhone')}</p>}
      {step.type === 'linkedin' && step.text?.text && (
        <blockquote class="template" aria-label={t('messageToSend')}>
          {step.text.text}
        </blockquote>
      )}
      {empty.length > 0 && (
        <p class="callout callout--warn">{t('emptyMergeFields', empty.join(', '))}</p>
      )}
      {step.question && (
        <div class="callout callout--question">
          <p class="callout__title">{t('question')}</p>
          <p>{step.question}</p>
        </div>
      )}
      {step.problem && (
        <div class="callout callout--problem">
          <p class="callout__title">{t('problem')}</p>
          <p>{step.problem}</p>
        </div>
      )}
    </>
  );
}

/** The current step of one sequence: what it is, when it is due, what to do, the buttons. */
export function StepCard(props: StepCardProps) {
  const { step, time, fields } = props;
  const due = dueWords(step, time);
  const typeLabel = stepTypeLabel(step.type);
  // "Phone call" needs no "Call" under it; "Introduction" does need "Email".
  const showType = !step.name.toLowerCase().includes(typeLabel.toLowerCase());
  return (
    <section
      class={`step step--${step.kind}`}
      aria-labelledby={`step-${props.connection.connectionId}`}
    >
      <div class="step__head">
        <span class={`step__icon step__icon--${step.type}`}>
          <StepIcon type={step.type} />
        </span>
        <div class="step__title">
          <h3 class="step__name" id={`step-${props.connection.connectionId}`}>
            {step.name}
          </h3>
          {showType && <p class="step__type">{typeLabel}</p>}
        </div>
      </div>
      {due.text && <p class={due.overdue ? 'due due--overdue' : 'due'}>{due.text}</p>}
      <StepDetails step={step} fields={fields} />
      <StepActions {...props} />
    </section>
  );
}
