/**
 * The zod schema of sequence packs (docs/sequence-format.md: the file, sequences, steps, custom CRMs): the *structure* only (types,
 * required and unknown keys, enums, ranges). Rules that relate several values (unique ids,
 * step references, wait placement, ...) live in `semantic-checks.ts`, so that every problem is
 * reported at once even when the structure is broken elsewhere.
 */
import { MAX_WAIT_DAYS } from '../domain/limits';
import { once } from '../once';
// zod/mini, jitless, with English messages (lib/zod-mini.ts says why).
import { z } from '../zod-mini';
import {
  ID_PATTERN,
  INSTANT_PATTERN,
  MAX_AB_SPLIT,
  MIN_AB_SPLIT,
  MAX_DESCRIPTION,
  MAX_ID_LENGTH,
  MAX_NAME,
  MAX_SEGMENTS,
  MAX_SEQUENCES,
  MAX_TAG,
  MAX_TAGS,
  MAX_WAIT_HOURS,
  TIME_PATTERN,
} from './limits';
import {
  AB_METRICS,
  AB_VERSIONS,
  CALL_OUTCOMES,
  EMAIL_EVENTS,
  ENTITIES,
  FIELD_OPS,
  LINKEDIN_ACTIONS,
  PACK_FORMAT,
  SEGMENT_STATES,
  URL_PARTS,
  WEEKDAYS,
} from './types';
import type {
  Condition,
  CrmDefinition,
  Pack,
  Segment,
  SegmentCondition,
  Sequence,
  Step,
} from './types';

/**
 * Builds every schema of the pack format. Called once, on first use (`packSchemas()`): building
 * them is most of what the service worker's script cost at start, and most starts (a message
 * from the panel, an alarm) never validate a pack.
 */
function buildPackSchemas() {
  const id = z.string().check(
    z.regex(ID_PATTERN),
    z.meta({
      description: `1 to ${MAX_ID_LENGTH} characters: lowercase letters, digits, "-" and "_", starting with a letter or digit.`,
    }),
  );
  const name = z.string().check(z.maxLength(MAX_NAME));
  const description = z.string().check(z.maxLength(MAX_DESCRIPTION));
  const fieldValue = z.union([z.string(), z.number(), z.boolean()]);

  const durationSchema = z.strictObject({
    days: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_WAIT_DAYS))),
    hours: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_WAIT_HOURS))),
  });

  const scheduleSchema = z.strictObject({
    days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1)),
    start: z.string().check(z.regex(TIME_PATTERN)),
    end: z.string().check(z.regex(TIME_PATTERN)),
    waitsInWorkingTime: z.optional(z.boolean()),
  });

  const emailConditionSchema = z.strictObject({ email: z.enum(EMAIL_EVENTS), step: id });
  const callConditionSchema = z.strictObject({
    call: z.array(z.enum(CALL_OUTCOMES)).check(z.minLength(1)),
    step: id,
  });
  const fieldConditionSchema = z.strictObject({
    field: z.string().check(z.minLength(1)),
    op: z.enum(FIELD_OPS),
    value: z.optional(z.union([fieldValue, z.array(fieldValue)])),
  });
  const repliedSuccessSchema = z.strictObject({ replied: z.literal(true) });
  const completedSuccessSchema = z.strictObject({ completed: z.literal(true) });
  const successSchema = z.union([
    repliedSuccessSchema,
    completedSuccessSchema,
    fieldConditionSchema,
  ]);

  /** The key that tells which kind of success rule an object is, and the schema of that kind. */
  const SUCCESS_KINDS = {
    replied: repliedSuccessSchema,
    completed: completedSuccessSchema,
    field: fieldConditionSchema,
  } as const;

  const stageConditionSchema = z.strictObject({
    stage: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  });
  const allConditionSchema = z.strictObject({
    get all() {
      return z.array(conditionSchema).check(z.minLength(1));
    },
  });
  const anyConditionSchema = z.strictObject({
    get any() {
      return z.array(conditionSchema).check(z.minLength(1));
    },
  });

  const conditionSchema: z.ZodMiniType<Condition> = z.union([
    emailConditionSchema,
    callConditionSchema,
    fieldConditionSchema,
    stageConditionSchema,
    allConditionSchema,
    anyConditionSchema,
  ]);

  /** The key that tells which kind of condition an object is, and the schema of that kind. */
  const CONDITION_KINDS = {
    email: emailConditionSchema,
    call: callConditionSchema,
    field: fieldConditionSchema,
    stage: stageConditionSchema,
    all: allConditionSchema,
    any: anyConditionSchema,
  } as const;

  const stepBase = { id, name: z.optional(name), description: z.optional(description) };

  const emailStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('email'),
    template: z.optional(z.strictObject({ subject: z.string(), body: z.string() })),
  });
  const callStepSchema = z.strictObject({ ...stepBase, type: z.literal('call') });
  const textStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('text'),
    template: z.optional(z.strictObject({ body: z.string() })),
  });
  const taskStepSchema = z.strictObject({ ...stepBase, type: z.literal('task') });
  const linkedinStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('linkedin'),
    action: z.enum(LINKEDIN_ACTIONS),
    template: z.optional(z.strictObject({ body: z.string() })),
  });
  const waitStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('wait'),
    ...durationSchema.shape,
  });
  const conditionStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('condition'),
    if: conditionSchema,
    within: z.optional(durationSchema),
    get yes(): z.ZodMiniArray<z.ZodMiniType<Step>> {
      return z.array(stepSchema);
    },
    get no(): z.ZodMiniArray<z.ZodMiniType<Step>> {
      return z.array(stepSchema);
    },
  });
  const updateFieldStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('update-field'),
    field: z.string().check(z.minLength(1)),
    value: fieldValue,
  });
  const emailTemplateSchema = z.strictObject({ subject: z.string(), body: z.string() });
  const textTemplateSchema = z.strictObject({ body: z.string() });

  const abEmailVersionSchema = z.strictObject({
    type: z.literal('email'),
    name: z.optional(name),
    template: z.optional(emailTemplateSchema),
  });
  const abTextVersionSchema = z.strictObject({
    type: z.literal('text'),
    name: z.optional(name),
    template: z.optional(textTemplateSchema),
  });
  const abVersionSchema = z.discriminatedUnion('type', [abEmailVersionSchema, abTextVersionSchema]);
  const AB_VERSION_SCHEMAS = {
    email: abEmailVersionSchema,
    text: abTextVersionSchema,
  } as const;

  const abEndsAtSchema = z.strictObject({
    at: z.string().check(
      z.regex(INSTANT_PATTERN),
      z.meta({
        description: 'An ISO 8601 instant with its offset, such as "2026-06-30T17:00:00+02:00".',
      }),
    ),
  });
  const abEndsWhenSchema = z.strictObject({ when: z.literal('significant') });
  const AB_ENDS_KINDS = { at: abEndsAtSchema, when: abEndsWhenSchema } as const;

  const abTestStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('ab-test'),
    a: abVersionSchema,
    b: abVersionSchema,
    split: z.optional(z.int().check(z.minimum(MIN_AB_SPLIT), z.maximum(MAX_AB_SPLIT))),
    metric: z.enum(AB_METRICS),
    ends: z.optional(z.union([abEndsAtSchema, abEndsWhenSchema])),
    default: z.enum(AB_VERSIONS),
  });

  const moveToSequenceStepSchema = z.strictObject({
    ...stepBase,
    type: z.literal('move-to-sequence'),
    sequence: id,
  });

  const STEP_SCHEMAS = {
    email: emailStepSchema,
    call: callStepSchema,
    text: textStepSchema,
    task: taskStepSchema,
    linkedin: linkedinStepSchema,
    wait: waitStepSchema,
    condition: conditionStepSchema,
    'update-field': updateFieldStepSchema,
    'ab-test': abTestStepSchema,
    'move-to-sequence': moveToSequenceStepSchema,
  } as const;

  const stepSchema = z.discriminatedUnion('type', [
    emailStepSchema,
    callStepSchema,
    textStepSchema,
    taskStepSchema,
    linkedinStepSchema,
    waitStepSchema,
    conditionStepSchema,
    updateFieldStepSchema,
    abTestStepSchema,
    moveToSequenceStepSchema,
  ]);

  const sequenceSchema = z.strictObject({
    id,
    name,
    description: z.optional(description),
    entity: z.enum(ENTITIES),
    tags: z.optional(
      z.array(z.string().check(z.minLength(1), z.maxLength(MAX_TAG))).check(z.maxLength(MAX_TAGS)),
    ),
    exitOnReply: z.optional(z.boolean()),
    schedule: z.optional(scheduleSchema),
    success: z.optional(successSchema),
    steps: z.array(stepSchema).check(z.minLength(1)),
  });

  const crmListConditionSchema = z.strictObject({
    crm: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  });
  const hostConditionSchema = z.strictObject({
    host: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  });
  const segmentAllSchema = z.strictObject({
    get all() {
      return z.array(segmentConditionSchema).check(z.minLength(1));
    },
  });
  const segmentAnySchema = z.strictObject({
    get any() {
      return z.array(segmentConditionSchema).check(z.minLength(1));
    },
  });

  const segmentConditionSchema: z.ZodMiniType<SegmentCondition> = z.union([
    fieldConditionSchema,
    crmListConditionSchema,
    hostConditionSchema,
    segmentAllSchema,
    segmentAnySchema,
  ]);

  /** The key that tells which kind of segment condition an object is, and its schema. */
  const SEGMENT_CONDITION_KINDS = {
    field: fieldConditionSchema,
    crm: crmListConditionSchema,
    host: hostConditionSchema,
    all: segmentAllSchema,
    any: segmentAnySchema,
  } as const;

  const segmentSchema = z.strictObject({
    id,
    name,
    description: z.optional(description),
    entity: z.enum(ENTITIES),
    priority: z.int().check(z.minimum(1)),
    state: z.optional(z.enum(SEGMENT_STATES)),
    sequence: id,
    allowMoveIn: z.optional(z.boolean()),
    where: segmentConditionSchema,
  });

  const crmRecordSchema = z.strictObject({
    entity: z.enum(ENTITIES),
    url: z.string().check(z.minLength(1)),
    part: z.enum(URL_PARTS),
  });

  const crmSchema = z.strictObject({
    id,
    name,
    origins: z.array(z.string()).check(z.minLength(1)),
    records: z.array(crmRecordSchema).check(z.minLength(1)),
    fields: z.optional(
      z.record(
        z.string().check(z.minLength(1)),
        z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
      ),
    ),
  });

  const packSchema = z.strictObject({
    $schema: z.optional(z.string()),
    format: z.literal(PACK_FORMAT),
    sequences: z.array(sequenceSchema).check(z.maxLength(MAX_SEQUENCES)),
    segments: z.optional(z.array(segmentSchema).check(z.maxLength(MAX_SEGMENTS))),
    crms: z.optional(z.array(crmSchema)),
  });

  return {
    durationSchema,
    scheduleSchema,
    SUCCESS_KINDS,
    CONDITION_KINDS,
    STEP_SCHEMAS,
    stepSchema,
    AB_VERSION_SCHEMAS,
    AB_ENDS_KINDS,
    sequenceSchema,
    SEGMENT_CONDITION_KINDS,
    segmentSchema,
    crmRecordSchema,
    crmSchema,
    packSchema,
  };
}

/** The pack format's schemas, by name. */
export type PackSchemas = ReturnType<typeof buildPackSchemas>;

/**
 * The pack format's zod schemas (the structure of packs, sequences, steps, conditions, segments
 * and CRM definitions, and the kind tables the error messages use), built on the first call and
 * shared after.
 */
export const packSchemas: () => PackSchemas = once(buildPackSchemas);

// Compile-time proof that the schema produces exactly the types in `types.ts` (which the
// engine and the store code against): if either side changes alone, this stops compiling.
/* eslint-disable @typescript-eslint/no-unnecessary-type-parameters -- the standard type-level equality idiom */
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T[] {
  return [];
}
assertType<Equals<z.output<PackSchemas['packSchema']>, Pack>>();
assertType<Equals<z.output<PackSchemas['sequenceSchema']>, Sequence>>();
assertType<Equals<z.output<PackSchemas['stepSchema']>, Step>>();
assertType<Equals<z.output<PackSchemas['crmSchema']>, CrmDefinition>>();
assertType<Equals<z.output<PackSchemas['segmentSchema']>, Segment>>();
/* eslint-enable @typescript-eslint/no-unnecessary-type-parameters */
