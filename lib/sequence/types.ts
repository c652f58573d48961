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
  'begins-with',
  'ends-with',
  'in',
  'is-empty',
  'is-not-empty',
  'greater-than',
  'less-than',
  'greater-or-equal',
  'less-or-equal',
  'between',
  'in-last-days',
  'in-next-days',
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

/** Ops that take no `value`. */
export const VALUELESS_FIELD_OPS = ['is-empty', 'is-not-empty'] as const;
/** Ops that order values: numbers, or ISO dates. */
export const ORDER_FIELD_OPS = [
  'greater-than',
  'less-than',
  'greater-or-equal',
  'less-or-equal',
] as const;
/** Ops that count calendar days from now in the seller's zone; `value` is a whole number of days. */
export const RELATIVE_DAY_FIELD_OPS = ['in-last-days', 'in-next-days'] as const;

export const STEP_TYPES = [
  'email',
  'call',
  'text',
  'task',
  'linkedin',
  'wait',
  'condition',
  'update-field',
  'ab-test',
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

/** A test on one record field (spec section 3, "Field ops"); shared by sequences and segments. */
export interface FieldCondition {
  field: string;
  op: FieldOp;
  value?: FieldValue | FieldValue[];
}

export type Condition =
  | { email: EmailEvent; step: string }
  | { call: CallOutcome[]; step: string }
  | FieldCondition
  | { stage: string[] }
  | { all: Condition[] }
  | { any: Condition[] };

/**
 * What counts as success for a sequence in insights (spec section 2): the customer replied, the
 * record reached the end of a path (the default), or a field condition held while connected.
 */
export type SuccessRule = { replied: true } | { completed: true } | FieldCondition;

/** The rule used when a sequence has no `success`. */
export const DEFAULT_SUCCESS: SuccessRule = { completed: true };

interface StepBase {
  id: string;
  name?: string;
  description?: string;
}

export interface EmailStep extends StepBase {
  type: 'email';
  template?: { subject: string; body: string };
}
interface CallStep extends StepBase {
  type: 'call';
}
export interface TextStep extends StepBase {
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
/** The two versions of an A/B test step. */
export const AB_VERSIONS = ['a', 'b'] as const;
export type AbVersion = (typeof AB_VERSIONS)[number];

/** What an A/B test compares: an email event, or the sequence's success rule. */
export const AB_METRICS = ['replied', 'opened', 'link-clicked', 'success'] as const;
export type AbMetric = (typeof AB_METRICS)[number];

/** One version of an A/B test step: a complete email or text message. */
export type AbTestVersion =
  | { type: 'email'; name?: string; template?: { subject: string; body: string } }
  | { type: 'text'; name?: string; template?: { body: string } };

/** When an A/B test ends by itself: at an instant, or once one version is clearly better. */
type AbTestEnds = { at: string } | { when: 'significant' };

/**
 * Two versions of an email or text step (spec section 3, `ab-test`). A record gets version `a`
 * when its hash modulo 100 is below `split` (default 50); once the test has ended, the winner,
 * or `default` without one.
 */
export interface AbTestStep extends StepBase {
  type: 'ab-test';
  a: AbTestVersion;
  b: AbTestVersion;
  split?: number;
  metric: AbMetric;
  ends?: AbTestEnds;
  default: AbVersion;
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
  | AbTestStep
  | MoveToSequenceStep;

/** Steps a seller acts on (they get working-time due dates and the Complete/Skip/Snooze buttons). */
export const MANUAL_STEP_TYPES = [
  'email',
  'call',
  'text',
  'task',
  'linkedin',
  'update-field',
  'ab-test',
] as const;

export interface Sequence {
  id: string;
  name: string;
  description?: string;
  entity: Entity;
  tags?: string[];
  exitOnReply?: boolean;
  schedule?: Schedule;
  success?: SuccessRule;
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

/** A segment's lifecycle: only active segments route records (spec section 8). */
export const SEGMENT_STATES = ['active', 'inactive'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

/**
 * A segment's criteria: field conditions (every field op), the record's CRM or page host, and
 * `all` / `any` groups. Email, call and stage conditions are for sequences only.
 */
export type SegmentCondition =
  | FieldCondition
  | { crm: string[] }
  | { host: string[] }
  | { all: SegmentCondition[] }
  | { any: SegmentCondition[] };

/**
 * Routes records of one `entity` to one sequence when they match `where` (spec section 8). The
 * best `priority` (1 is the highest; ties: the order of the segments) among active segments wins.
 */
export interface Segment {
  id: string;
  name: string;
  description?: string;
  entity: Entity;
  priority: number;
  /** Default `inactive`. */
  state?: SegmentState;
  /** The target sequence's id (same entity). */
  sequence: string;
  /** Default false: a record already in another segment stays there. */
  allowMoveIn?: boolean;
  where: SegmentCondition;
}

export interface Pack {
  $schema?: string;
  format: typeof PACK_FORMAT;
  sequences: Sequence[];
  segments?: Segment[];
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
