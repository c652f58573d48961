/** Helpers over the steps of a sequence, through every branch. */
import { plural } from '../domain/plural';
import type { AbTestStep, AbVersion, EmailStep, Sequence, Step, TextStep } from './types';

export interface StepVisit {
  step: Step;
  /** Path from the sequence: `['steps', 3, 'yes', 0]`. */
  path: (string | number)[];
  /** 0 for top-level steps, 1 inside a condition's branch, ... */
  depth: number;
}

/** Every step in document order (a condition, then its `yes` branch, then its `no` branch). */
export function* walkSteps(
  steps: readonly Step[],
  path: (string | number)[] = ['steps'],
  depth = 0,
): Generator<StepVisit> {
  for (const [index, step] of steps.entries()) {
    const stepPath = [...path, index];
    yield { step, path: stepPath, depth };
    if (step.type === 'condition') {
      yield* walkSteps(step.yes, [...stepPath, 'yes'], depth + 1);
      yield* walkSteps(step.no, [...stepPath, 'no'], depth + 1);
    }
  }
}

export function findStep(sequence: Pick<Sequence, 'steps'>, stepId: string): Step | undefined {
  for (const { step } of walkSteps(sequence.steps)) if (step.id === stepId) return step;
  return undefined;
}

/** Steps counted through all branches, condition steps included (the 200-step limit). */
export function countSteps(sequence: Pick<Sequence, 'steps'>): number {
  return [...walkSteps(sequence.steps)].length;
}

/**
 * Whether a step sends an email: an email step, or an A/B test of emails (both versions of an
 * A/B test are the same channel, so version A tells). The one rule for "is this an email".
 */
export function isEmailStep(step: { type: string; a?: { type: string } }): boolean {
  return step.type === 'email' || (step.type === 'ab-test' && step.a?.type === 'email');
}

/** "2 days", "3 hours", "1 day 4 hours". */
export function formatDuration(days = 0, hours = 0): string {
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0 || days === 0) parts.push(plural(hours, 'hour'));
  return parts.join(' ');
}

const LINKEDIN_WORDS = {
  research: 'research',
  introduction: 'introduction',
  connect: 'connect',
  inmail: 'InMail',
} as const;

/** The name shown for a step without `name`: "Email", "Phone call", "Wait 2 days", ... */
export function defaultStepName(step: Step): string {
  switch (step.type) {
    case 'email':
      return 'Email';
    case 'call':
      return 'Phone call';
    case 'text':
      return 'Text message';
    case 'task':
      return 'Task';
    case 'linkedin':
      return `LinkedIn: ${LINKEDIN_WORDS[step.action]}`;
    case 'wait':
      return `Wait ${formatDuration(step.days, step.hours)}`;
    case 'condition':
      return 'Condition';
    case 'update-field':
      return `Set ${step.field} to ${String(step.value)}`;
    case 'ab-test':
      return step.a.type === 'email' ? 'A/B test: email' : 'A/B test: text message';
    case 'move-to-sequence':
      return `Move to sequence ${step.sequence}`;
  }
}

/** `step.name` when set (and not blank), else the default name. */
export function stepName(step: Step): string {
  return step.name !== undefined && step.name.trim() !== '' ? step.name : defaultStepName(step);
}

/**
 * One version of an A/B test step as the email or text step the seller does: the version's name
 * and template, the A/B step's id and description. Without a name on the version or the step,
 * the default name of its type ("Email", "Text message").
 */
function abVersionStep(step: AbTestStep, version: AbVersion): EmailStep | TextStep {
  const chosen = step[version];
  const name = chosen.name ?? step.name;
  const common = {
    id: step.id,
    ...(name === undefined ? {} : { name }),
    ...(step.description === undefined ? {} : { description: step.description }),
  };
  return chosen.type === 'email'
    ? { ...common, type: 'email', ...(chosen.template ? { template: chosen.template } : {}) }
    : { ...common, type: 'text', ...(chosen.template ? { template: chosen.template } : {}) };
}

/**
 * A step as a seller sees it (the panel, the work list): an A/B test step is the version the
 * record got, or, before it got one, a plain step of its channel with no template. Sellers never
 * see the test itself. Every other step is itself.
 */
export function sellerStep(step: Step, version?: AbVersion): Step {
  if (step.type !== 'ab-test') return step;
  if (version !== undefined) return abVersionStep(step, version);
  return {
    id: step.id,
    type: step.a.type,
    ...(step.name === undefined ? {} : { name: step.name }),
    ...(step.description === undefined ? {} : { description: step.description }),
  };
}
