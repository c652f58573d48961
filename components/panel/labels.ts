/**
 * The panel's words for the protocol's union values. Message keys may hold only letters, digits
 * and `_` (browser i18n rule), so hyphenated values are mapped explicitly. Entities, step types
 * and snooze choices are named in `lib/domain/words.ts`, shared with the work list and console.
 */
import { ENTITY_WORDS, SNOOZE_WORDS, STEP_TYPE_LABEL } from '@/lib/domain/words';
import type { MessageKey } from '@/lib/i18n';
import { t } from '@/lib/i18n';
import type {
  CallOutcome,
  EmailEvent,
  Entity,
  LinkedinAction,
  StepType,
} from '@/lib/sequence/types';
import type { ConnectionView, HistoryItem } from '@/lib/views/record-view';
import type { SnoozePreset } from '@/lib/engine/time/snooze';

export const stepTypeLabel = (type: StepType): string => t(STEP_TYPE_LABEL[type]);

const OUTCOME: Record<CallOutcome, MessageKey> = {
  connected: 'outcome_connected',
  voicemail: 'outcome_voicemail',
  'no-answer': 'outcome_no_answer',
  'wrong-number': 'outcome_wrong_number',
};
export const outcomeLabel = (outcome: CallOutcome): string => t(OUTCOME[outcome]);

const EVENT: Record<EmailEvent, MessageKey> = {
  replied: 'event_replied',
  opened: 'event_opened',
  'link-clicked': 'event_link_clicked',
};
export const eventLabel = (event: EmailEvent): string => t(EVENT[event]);

const EVENT_BUTTON: Record<EmailEvent, MessageKey> = {
  replied: 'eventReplied',
  opened: 'eventOpened',
  'link-clicked': 'eventClicked',
};
export const eventButtonLabel = (event: EmailEvent): string => t(EVENT_BUTTON[event]);

export const entityLabel = (entity: Entity): string => t(ENTITY_WORDS.label[entity]);
export const entityPlural = (entity: Entity): string => t(ENTITY_WORDS.plural[entity]);

const LINKEDIN: Record<LinkedinAction, MessageKey> = {
  research: 'linkedin_research',
  introduction: 'linkedin_introduction',
  connect: 'linkedin_connect',
  inmail: 'linkedin_inmail',
};
export const linkedinInstruction = (action: LinkedinAction): string => t(LINKEDIN[action]);

export const snoozeLabel = (preset: SnoozePreset): string => t(SNOOZE_WORDS[preset]);

const RESULT: Record<NonNullable<HistoryItem['result']>, MessageKey> = {
  completed: 'result_completed',
  skipped: 'result_skipped',
  auto: 'result_auto',
};
export const resultLabel = (result: NonNullable<HistoryItem['result']>): string =>
  t(RESULT[result]);

const STATUS: Record<ConnectionView['status'], MessageKey> = {
  active: 'status_active',
  completed: 'status_completed',
  exited: 'status_exited',
  moved: 'status_moved',
  disconnected: 'status_disconnected',
};
export const statusLabel = (status: ConnectionView['status']): string => t(STATUS[status]);
