/**
 * "Add an action" (issue #16, item 2): every step, condition and command of the pack format,
 * in the four groups Dynamics 365 managers know (Steps, Conditions, Commands, LinkedIn), and
 * the step each one adds. A new format step type is one more entry here (and its fields in the
 * properties pane).
 */
import type { Condition, EmailEvent, LinkedinAction, Step } from '../sequence/types';

export type ActionGroup = 'steps' | 'conditions' | 'commands' | 'linkedin';

export const ACTION_GROUPS: readonly { group: ActionGroup; label: string }[] = [
  { group: 'steps', label: 'Steps' },
  { group: 'conditions', label: 'Conditions' },
  { group: 'commands', label: 'Commands' },
  { group: 'linkedin', label: 'LinkedIn' },
];

/** What a new step needs from where it goes. */
interface ActionContext {
  /** A free step id. */
  id: string;
  /** The steps before the place on the same path (latest last): conditions refer to them. */
  before: readonly Step[];
}

export interface ActionItem {
  key: string;
  group: ActionGroup;
  label: string;
  /** One line under the label. */
  hint: string;
  /** The step's type, for the new id (`email-1`). */
  type: Step['type'];
  action?: LinkedinAction;
  make: (context: ActionContext) => Step;
}

/** The latest earlier step of `type`, or '' (the validator then says the condition lacks one). */
function latest(before: readonly Step[], type: 'email' | 'call'): string {
  return before.findLast((step) => step.type === type)?.id ?? '';
}

/** The default window of an email condition (Dynamics 365 suggests a time limit; 3 days is common). */
const EMAIL_WINDOW = { days: 3 } as const;

function emailCondition(event: EmailEvent, before: readonly Step[]): Condition {
  return { email: event, step: latest(before, 'email') };
}

export const CONDITION_KINDS = ['email', 'call', 'field', 'stage', 'all', 'any'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Which kind a condition is (its one key among the kinds). */
export function conditionKind(condition: Condition): ConditionKind {
  if ('email' in condition) return 'email';
  if ('call' in condition) return 'call';
  if ('field' in condition) return 'field';
  if ('stage' in condition) return 'stage';
  if ('all' in condition) return 'all';
  return 'any';
}

/** A new condition of `kind`, referring to the latest fitting step before it. */
export function defaultCondition(kind: ConditionKind, before: readonly Step[]): Condition {
  switch (kind) {
    case 'email':
      return emailCondition('replied', before);
    case 'call':
      return { call: ['connected'], step: latest(before, 'call') };
    case 'field':
      return { field: '', op: 'equals', value: '' };
    case 'stage':
      return { stage: [] };
    case 'all':
      return { all: [emailCondition('opened', before), emailCondition('link-clicked', before)] };
    case 'any':
      return { any: [emailCondition('opened', before), emailCondition('replied', before)] };
  }
}

const emailItem = (key: string, event: EmailEvent, label: string, hint: string): ActionItem => ({
  key,
  group: 'conditions',
  label,
  hint,
  type: 'condition',
  make: ({ id, before }) => ({
    id,
    type: 'condition',
    if: emailCondition(event, before),
    within: { ...EMAIL_WINDOW },
    yes: [],
    no: [],
  }),
});

const linkedinItem = (action: LinkedinAction, label: string, hint: string): ActionItem => ({
  key: `linkedin-${action}`,
  group: 'linkedin',
  label,
  hint,
  type: 'linkedin',
  action,
  make: ({ id }) => ({ id, type: 'linkedin', action }),
});

export const ACTIONS: readonly ActionItem[] = [
  {
    key: 'email',
    group: 'steps',
    label: 'Send an email',
    hint: 'Opens the seller’s mail program with your template',
    type: 'email',
    make: ({ id }) => ({ id, type: 'email' }),
  },
  {
    key: 'ab-test',
    group: 'steps',
    label: 'A/B test an email',
    hint: 'Two versions; each record gets one, and the better one wins',
    type: 'ab-test',
    make: ({ id }) => ({
      id,
      type: 'ab-test',
      a: { type: 'email' },
      b: { type: 'email' },
      metric: 'replied',
      default: 'a',
    }),
  },
  {
    key: 'call',
    group: 'steps',
    label: 'Make a phone call',
    hint: 'Calls the record’s phone; the seller records the outcome',
    type: 'call',
    make: ({ id }) => ({ id, type: 'call' }),
  },
  {
    key: 'text',
    group: 'steps',
    label: 'Send a text message',
    hint: 'Opens a text message with your template',
    type: 'text',
    make: ({ id }) => ({ id, type: 'text' }),
  },
  {
    key: 'task',
    group: 'steps',
    label: 'Complete a task',
    hint: 'Anything else the seller does by hand',
    type: 'task',
    make: ({ id }) => ({ id, type: 'task' }),
  },
  {
    key: 'wait',
    group: 'steps',
    label: 'Set wait time',
    hint: 'Up to 30 days before the next step is due',
    type: 'wait',
    make: ({ id }) => ({ id, type: 'wait', days: 1 }),
  },
  emailItem(
    'email-opened',
    'opened',
    'Email opened',
    'Yes when the customer opens an earlier email',
  ),
  emailItem(
    'email-replied',
    'replied',
    'Email replied',
    'Yes when the customer replies to an earlier email',
  ),
  emailItem(
    'link-clicked',
    'link-clicked',
    'Link clicked',
    'Yes when the customer clicks a link in an earlier email',
  ),
  {
    key: 'call-outcome',
    group: 'conditions',
    label: 'Call outcome',
    hint: 'Yes when an earlier call had one of the outcomes you pick',
    type: 'condition',
    make: ({ id, before }) => ({
      id,
      type: 'condition',
      if: defaultCondition('call', before),
      yes: [],
      no: [],
    }),
  },
  {
    key: 'field-value',
    group: 'conditions',
    label: 'Field value',
    hint: 'Yes when a field of the record has a value, such as Lead grade equals A',
    type: 'condition',
    make: ({ id, before }) => ({
      id,
      type: 'condition',
      if: defaultCondition('field', before),
      yes: [],
      no: [],
    }),
  },
  {
    key: 'stage',
    group: 'conditions',
    label: 'Stage',
    hint: 'Yes when the record is in one of the stages you list',
    type: 'condition',
    make: ({ id, before }) => ({
      id,
      type: 'condition',
      if: defaultCondition('stage', before),
      yes: [],
      no: [],
    }),
  },
  {
    key: 'all',
    group: 'conditions',
    label: 'All of several conditions',
    hint: 'Yes when every condition you add holds',
    type: 'condition',
    make: ({ id, before }) => ({
      id,
      type: 'condition',
      if: defaultCondition('all', before),
      within: { ...EMAIL_WINDOW },
      yes: [],
      no: [],
    }),
  },
  {
    key: 'any',
    group: 'conditions',
    label: 'Any of several conditions',
    hint: 'Yes when at least one condition you add holds',
    type: 'condition',
    make: ({ id, before }) => ({
      id,
      type: 'condition',
      if: defaultCondition('any', before),
      within: { ...EMAIL_WINDOW },
      yes: [],
      no: [],
    }),
  },
  {
    key: 'update-field',
    group: 'commands',
    label: 'Update a field',
    hint: 'Asks the seller to set a field, and completes when the CRM shows it',
    type: 'update-field',
    make: ({ id }) => ({ id, type: 'update-field', field: '', value: '' }),
  },
  {
    key: 'move-to-sequence',
    group: 'commands',
    label: 'Move to another sequence',
    hint: 'The record leaves this sequence and joins another of the same record type',
    type: 'move-to-sequence',
    make: ({ id }) => ({ id, type: 'move-to-sequence', sequence: '' }),
  },
  linkedinItem('research', 'Research', 'View the person’s LinkedIn profile'),
  linkedinItem('introduction', 'Get introduced', 'Find someone who can introduce the seller'),
  linkedinItem('connect', 'Connect', 'Send a connection request'),
  linkedinItem('inmail', 'Send InMail', 'Send a LinkedIn message'),
];

export function actionByKey(key: string): ActionItem | undefined {
  return ACTIONS.find((item) => item.key === key);
}
