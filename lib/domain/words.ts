/**
 * Upnext's vocabulary in words: which message (`public/_locales`, read with `t()` from
 * `lib/i18n.ts`) names each entity, step type and snooze choice, and the English words that pure
 * code with no UI language uses (pack problems, printed by the CLI and the console import).
 * Where the wording of one thing legitimately differs by purpose, each purpose is a named variant
 * here. (The name an unnamed step gets, "Wait 2 days", "Set Status to Won", is built from the
 * step's own values by `defaultStepName` in `lib/sequence/steps.ts`.) Pure data: importable by
 * the engine, the pack format and content scripts alike.
 */
import type { SnoozePreset } from '../engine/time/snooze';
import type { MessageKey } from '../i18n';
import type { Entity, StepType } from '../sequence/types';

export const ENTITY_WORDS = {
  /** A record's type as a label: "Lead", "Opportunity". */
  label: {
    lead: 'entity_lead',
    contact: 'entity_contact',
    account: 'entity_account',
    opportunity: 'entity_opportunity',
  },
  /** The records of a type inside a sentence: "leads", "opportunities". */
  plural: {
    lead: 'entityPlural_lead',
    contact: 'entityPlural_contact',
    account: 'entityPlural_account',
    opportunity: 'entityPlural_opportunity',
  },
} as const satisfies Record<string, Record<Entity, MessageKey>>;

// Step types, one map per purpose (separate exports, so a bundle carries only the ones it uses).

/** The panel: the type under a step's name ("Text message", "Move to another sequence"). */
export const STEP_TYPE_LABEL = {
  email: 'stepType_email',
  call: 'stepType_call',
  text: 'stepType_text',
  task: 'stepType_task',
  linkedin: 'stepType_linkedin',
  wait: 'stepType_wait',
  condition: 'stepType_condition',
  'update-field': 'stepType_update_field',
  'ab-test': 'stepType_ab_test',
  'move-to-sequence': 'stepType_move_to_sequence',
} as const satisfies Record<StepType, MessageKey>;

/** Compact places: the console's sequence outline ("Text", "Update field", "Move"). */
export const STEP_TYPE_SHORT = {
  email: 'stepTypeShort_email',
  call: 'stepTypeShort_call',
  text: 'stepTypeShort_text',
  task: 'stepTypeShort_task',
  linkedin: 'stepTypeShort_linkedin',
  wait: 'stepTypeShort_wait',
  condition: 'stepTypeShort_condition',
  'update-field': 'stepTypeShort_update_field',
  'ab-test': 'stepTypeShort_ab_test',
  'move-to-sequence': 'stepTypeShort_move_to_sequence',
} as const satisfies Record<StepType, MessageKey>;

/**
 * A seller's to-do list (the work list, the popup): the compact words, except that a condition
 * there is a question waiting for the seller's yes or no ("Question").
 */
export const STEP_TYPE_TODO = {
  ...STEP_TYPE_SHORT,
  condition: 'stepTypeTodo_condition',
} as const satisfies Record<StepType, MessageKey>;

export const SNOOZE_WORDS = {
  hour: 'snooze_hour',
  'four-hours': 'snooze_four_hours',
  tomorrow: 'snooze_tomorrow',
  'next-week': 'snooze_next_week',
} as const satisfies Record<SnoozePreset, MessageKey>;

/**
 * English, inside a sentence of a pack problem ("step 'w2' is a wait"): the validator's messages
 * are English wherever they appear (CLI, console import), so these do not go through `t()`.
 */
export const STEP_TYPE_IN_SENTENCE: Readonly<Record<StepType, string>> = {
  email: 'an email step',
  call: 'a phone call step',
  text: 'a text message step',
  task: 'a task step',
  linkedin: 'a LinkedIn step',
  wait: 'a wait',
  condition: 'a condition',
  'update-field': 'an update-field step',
  'ab-test': 'an A/B test step',
  'move-to-sequence': 'a move-to-sequence step',
};

/** English plural of an entity inside a sentence of a pack problem ("for leads"). */
export const ENTITY_PLURAL_IN_SENTENCE: Readonly<Record<Entity, string>> = {
  lead: 'leads',
  contact: 'contacts',
  account: 'accounts',
  opportunity: 'opportunities',
};
