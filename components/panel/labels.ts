/**
 * Words for the protocol's union values. Message keys may hold only letters, digits and `_`
 * (browser i18n rule), so hyphenated values are mapped explicitly here.
 */
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
import type { SnoozePreset } from '@/lib/format/time';

const STEP_TYPE: Record<StepType, MessageKey> = {
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
};
export const stepTypeLabel = (type: StepType): string => t(STEP_TYPE[type]);

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

const ENTITY: Record<Entity, MessageKey> = {
  lead: 'entity_lead',
  contact: 'entity_contact',
  account: 'entity_account',
  opportunity: 'entity_opportunity',
};
export const entityLabel = (entity: Entity): string => t(ENTITY[entity]);

const ENTITY_PLURAL: Record<Entity, MessageKey> = {
  lead: 'entityPlural_lead',
  contact: 'entityPlural_contact',
  account: 'entityPlural_account',
  opportunity: 'entityPlural_opportunity',
};
export const entityPlural = (entity: Entity): string => t(ENTITY_PLURAL[entity]);

const LINKEDIN: Record<LinkedinAction, MessageKey> = {
  research: 'linkedin_research',
  introduction: 'linkedin_introduction',
  connect: 'linkedin_connect',
  inmail: 'linkedin_inmail',
};
export const linkedinInstruction = (action: LinkedinAction): string => t(LINKEDIN[action]);

const SNOOZE: Record<SnoozePreset, MessageKey> = {
  hour: 'snooze_hour',
  'four-hours': 'snooze_four_hours',
  tomorrow: 'snooze_tomorrow',
  'next-week': 'snooze_next_week',
};
export const snoozeLabel = (preset: SnoozePreset): string => t(SNOOZE[preset]);

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
