/**
 * The sequence pack format, as TypeScript types: the contract between the pack schema
 * (`schema.ts`, zod), the engine (`lib/engine`), the store and the UI.
 * Format: docs/sequence-format.md (upnext/v1). These are the shapes *after* parsing a
 * valid pack; optional keys stay optional (the engine applies the defaults of docs/sequence-format.md), so that an
 * export writes back exactly what was imported.
 */

export const PACK_FORMAT = 'upnext/v1';
export const SUPPORTED_FORMATS = [PACK_FORMAT] as const;

export const ENTITIES = ['lead', 'contact', 'account', 'opportunity'] as const;
export type Entity = (typeof ENTITIES)[number];

export const CALL_OUTCOMES = ['connected', 'voicemail', 'no-answer', 'wrong-number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const EMAIL_EVENTS = ['replied', 'opened', 'link-clicked'] as const;
export type EmailEvent = (typeof EMAIL_EVENTS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

export const LINKEDIN_ACTIONS = ['research', 'introduction', 'connect', 'inmail'] as const;
export type LinkedinAction = (typeof LINKEDIN_ACTIONS)[number];

export const FIELD_OPS = [
  'equals',
  'not-equals',
  'contains',
  'not-contains',
  'in',
  'is-empty',
  'is-not-empty',
  'greater-than',
  'less-than',
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

export const STEP_TYPES = [
  'email',
  'call',
  'text',
  'task',
  'linkedin',
  'wait',
  'condition',
  'update-field',
  'move-to-sequence',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** Working time: 24-hour "HH:MM" strings, `start` before `end`, unique days. */
export interface Schedule {
  days: Weekday[];
  start: string;
  end: string;
  waitsInWorkingTime?: boolean;
}

export type FieldValue = string | number | boolean;

/** `days` 0..30 and `hours` 0..23; at least one hour in total where it is a wait. */
export interface Duration {
  days?: number;
  hours?: number;
}

export type Condition =
  | { email: EmailEvent; step: string }
  | { call: CallOutcome[]; step: string }
  | { field: string; op: FieldOp; value?: FieldValue | FieldValue[] }
  | { stage: string[] }
  | { all: Condition[] }
  | { any: Condition[] };

interface StepBase {
  id: string;
  name?: string;
  description?: string;
}

interface EmailStep extends StepBase {
  type: 'email';
  template?: { subject: string; body: string };
}
interface CallStep extends StepBase {
  type: 'call';
}
interface TextStep extends StepBase {
  type: 'text';
  template?: { body: string };
}
interface TaskStep extends StepBase {
  type: 'task';
}
interface LinkedinStep extends StepBase {
  type: 'linkedin';
  action: LinkedinAction;
  template?: { body: string };
}
interface WaitStep extends StepBase, Duration {
  type: 'wait';
}
export interface ConditionStep extends StepBase {
  type: 'condition';
  if: Condition;
  within?: Duration;
  yes: Step[];
  no: Step[];
}
interface UpdateFieldStep extends StepBase {
  type: 'update-field';
  field: string;
  value: FieldValue;
}
export interface MoveToSequenceStep extends StepBase {
  type: 'move-to-sequence';
  sequence: string;
}

export type Step =
  | EmailStep
  | CallStep
  | TextStep
  | TaskStep
  | LinkedinStep
  | WaitStep
  | ConditionStep
  | UpdateFieldStep
  | MoveToSequenceStep;

export interface Sequence {
  id: string;
  name: string;
  description?: string;
  entity: Entity;
  tags?: string[];
  exitOnReply?: boolean;
  schedule?: Schedule;
  steps: Step[];
}

/**
 * The ids of the built-in CRMs (lib/crm/rules has one URL rule per id). A custom CRM must not
 * take one: its pages would be stored in that CRM's record space.
 */
export const CRM_IDS = [
  'dynamics365',
  'salesforce',
  'hubspot',
  'pipedrive',
  'zoho',
  'freshsales',
  'close',
  'copper',
  'attio',
  'insightly',
  'twenty',
  'espocrm',
  'suitecrm',
  'odoo',
  'vtiger',
  'sugarcrm',
] as const;

export const URL_PARTS = ['path', 'hash', 'search', 'href'] as const;
export type UrlPart = (typeof URL_PARTS)[number];

/** A custom CRM (docs/sequence-format.md, "Custom CRMs"). `url` is a regular expression with a named group `id`. */
export interface CrmDefinition {
  id: string;
  name: string;
  origins: string[];
  records: { entity: Entity; url: string; part: UrlPart }[];
  fields?: Record<string, string[]>;
}

export interface Pack {
  $schema?: string;
  format: typeof PACK_FORMAT;
  sequences: Sequence[];
  crms?: CrmDefinition[];
}

/** Manager-side lifecycle (docs/sequence-format.md, "Import, export and activation"). */
export const SEQUENCE_STATES = ['draft', 'active', 'inactive'] as const;
export type SequenceState = (typeof SEQUENCE_STATES)[number];

/**
 * A sequence as the store keeps it: its current definition and lifecycle. Every definition that
 * was ever activated is kept as a numbered version (connections stay on the version they
 * started with); `version` is the number of the current definition.
 */
export interface SequenceRecord {
  id: string;
  state: SequenceState;
  version: number;
  definition: Sequence;
  createdAt: number;
  updatedAt: number;
  /** `policy` sequences come from an administrator's managed pack and are read-only. */
  source: 'user' | 'template' | 'policy';
}
