/**
 * zod schemas for every request in the protocol: the background parses each inbound payload
 * with these before anything else runs. Nothing from a page is trusted: strings are bounded,
 * objects are strict, and field maps are capped.
 * Background-only: keeps zod out of the content script bundle.
 */

import { MAX_WINDOW_DAYS } from '../engine/insights';
import { isValidTimeZone } from '../engine/time/zoned';
import { CALL_OUTCOMES, EMAIL_EVENTS, ENTITIES, STEP_TYPES, WEEKDAYS } from '../sequence/types';
import type { Sequence } from '../sequence/types';
import type { MessageType, RecordAction, RequestOf } from './protocol';
// Custom CRM messages (issue #6): the pack schema for one CRM, URL parts and built-in CRM ids.
import { CRM_IDS } from '../sequence/types';
import { packSchemas } from '../sequence/schema';
// Segments (issue #17): a segment is checked in full by the pack's own rules when saved.
import { URL_PARTS } from '../sequence/types';
// The designer (issue #16): a draft may break rules of the format while it is edited, but must
// have the shape the designer draws.
import { isDrawable } from '../designer/drawable';
// The seller's mailbox (issue #20).
import { COMPOSE_APPS, MAIL_CLIENTS } from '../mailbox/types';
import { MAX_MAIL_SUBJECT, MAX_RESTORE_SLICE } from '../domain/limits';
import { MAX_NOTE } from '../domain/limits';
import { ID_PATTERN, MAX_FILE_BYTES } from '../sequence/limits';
import { once } from '../once';
// zod/mini, jitless, with English messages (lib/zod-mini.ts says why).
import { z } from '../zod-mini';

/** A pack's text: one character is at least one byte, so a longer text is over the file limit. */
const MAX_PACK_TEXT = MAX_FILE_BYTES;
/** Backups hold every record and event: allow far more than a pack (V8's longest string is 2^29 − 24). */
const MAX_BACKUP_TEXT = 512 * 1024 * 1024;

const id = once(() => z.string().check(z.minLength(1), z.maxLength(200)));
const sequenceId = once(() => z.string().check(z.regex(ID_PATTERN, 'Not a sequence id.')));
const instant = once(() => z.int().check(z.minimum(0), z.maximum(8.64e15)));
const note = once(() => z.string().check(z.maxLength(MAX_NOTE)));
/** Generous bounds on what a manager types; the pack rules (160, 2000) are reported by the designer. */
const MAX_NAME_TEXT = 1000;
const MAX_DESCRIPTION_TEXT = 10_000;
const empty = once(() => z.strictObject({}));

/** An insights window: the last 30/90/180/365 days, or a custom range of UTC day numbers. */
const windowDay = once(() => z.int().check(z.minimum(0), z.maximum(100_000_000)));
const windowSchema = once(() =>
  z.union([
    z.strictObject({
      days: z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365)]),
    }),
    z
      .strictObject({ from: windowDay(), to: windowDay() })
      .check(
        z.refine(
          (range) => Math.abs(range.to - range.from) < MAX_WINDOW_DAYS,
          `A custom range can span at most ${MAX_WINDOW_DAYS} days.`,
        ),
      ),
  ]),
);

const recordRefSchema = once(() =>
  z.strictObject({
    crm: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)),
    entity: z.enum(ENTITIES),
    id: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
);

const fieldsSchema = once(() =>
  z
    .record(z.string().check(z.minLength(1), z.maxLength(100)), z.string().check(z.maxLength(2000)))
    .check(z.refine((fields) => Object.keys(fields).length <= 100, 'Too many fields.')),
);

const stepRef = once(() => ({
  connectionId: id(),
  stepId: id(),
  revision: z.int().check(z.minimum(0)),
}));

const recordActionSchema = once((): z.ZodMiniType<RecordAction> =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('connect'), sequenceId: sequenceId() }),
    z.strictObject({ type: z.literal('disconnect'), connectionId: id() }),
    z.strictObject({
      type: z.literal('complete'),
      ...stepRef(),
      outcome: z.optional(z.enum(CALL_OUTCOMES)),
      note: z.optional(note()),
    }),
    z.strictObject({ type: z.literal('skip'), ...stepRef(), note: z.optional(note()) }),
    z.strictObject({ type: z.literal('snooze'), ...stepRef(), until: instant() }),
    z.strictObject({ type: z.literal('skip-wait'), ...stepRef() }),
    z.strictObject({ type: z.literal('answer'), ...stepRef(), answer: z.enum(['yes', 'no']) }),
    z.strictObject({
      type: z.literal('add-note'),
      ...stepRef(),
      note: note().check(z.minLength(1)),
    }),
    z.strictObject({
      type: z.literal('email-event'),
      connectionId: id(),
      event: z.enum(EMAIL_EVENTS),
      stepId: z.optional(id()),
    }),
  ]),
);

const hhmm = once(() =>
  z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:MM.')),
);

export const settingsSchema = once(() =>
  z.strictObject({
    sellerName: z.string().check(z.maxLength(160)),
    timeZone: z.nullable(
      z.string().check(
        z.maxLength(100),
        // Current and pre-rename names are both accepted (Asia/Kolkata, Asia/Calcutta) and stored as given.
        z.refine(isValidTimeZone, 'Unknown time zone.'),
      ),
    ),
    away: z
      .array(
        z
          .strictObject({
            start: instant(),
            end: instant(),
            label: z.string().check(z.maxLength(160)),
          })
          .check(
            z.refine(
              (period) => period.end > period.start,
              'An away period must end after it starts.',
            ),
          ),
      )
      .check(z.maxLength(100)),
    notifications: z.boolean(),
    workingHours: z
      .strictObject({
        days: z.array(z.enum(WEEKDAYS)).check(z.maxLength(7)),
        start: hhmm(),
        end: hhmm(),
      })
      .check(
        z.refine((hours) => hours.start < hours.end, 'Working hours must end after they start.'),
      ),
  }),
);

const ids = once(() => z.array(sequenceId()).check(z.minLength(1), z.maxLength(1000)));

/** A message read from a mailbox page: bounded everywhere (the page is not trusted). */
const address = once(() => z.string().check(z.maxLength(254)));
const mailMessageSchema = once(() =>
  z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(300)),
    direction: z.enum(['received', 'sent']),
    from: address(),
    to: z.array(address()).check(z.maxLength(50)),
    at: instant(),
    subject: z.string().check(z.maxLength(MAX_MAIL_SUBJECT)),
  }),
);
const mailClient = once(() => z.strictObject({ client: z.enum(MAIL_CLIENTS) }));

const mailboxSchemas = {
  getMailbox: () => empty(),
  connectMailbox: () => mailClient(),
  disconnectMailbox: () => mailClient(),
  setMailboxOptions: () =>
    z.strictObject({
      completeOnSend: z.optional(z.boolean()),
      composeWith: z.optional(z.enum(COMPOSE_APPS)),
    }),
  mailboxWatch: () => empty(),
  mailboxSeen: () =>
    z.strictObject({
      report: z.strictObject({
        view: z.enum(['list', 'thread', 'other']),
        readable: z.boolean(),
        account: z.nullable(address()),
      }),
      messages: z.array(mailMessageSchema()).check(z.maxLength(200)),
    }),
} satisfies {
  [
    K in
      | 'getMailbox'
      | 'connectMailbox'
      | 'disconnectMailbox'
      | 'setMailboxOptions'
      | 'mailboxWatch'
      | 'mailboxSeen'
  ]: () => z.ZodMiniType<RequestOf<K>>;
};

/** A/B test steps (issue #19): the console's results and the manager's early end. */
const abTestSchemas = {
  getAbTests: () => z.strictObject({ sequenceId: sequenceId() }),
  endAbTest: () =>
    z.strictObject({
      sequenceId: sequenceId(),
      stepId: id(),
      winner: z.nullable(z.enum(['a', 'b'])),
    }),
} satisfies { [K in 'getAbTests' | 'endAbTest']: () => z.ZodMiniType<RequestOf<K>> };

const requestSchemas: { [K in MessageType]: () => z.ZodMiniType<RequestOf<K>> } = {
  ping: () => empty(),
  recordSeen: () =>
    z.strictObject({
      record: recordRefSchema(),
      url: z.string().check(z.maxLength(4000)),
      title: z.string().check(z.maxLength(500)),
      fields: fieldsSchema(),
      edit: z.optional(z.boolean()),
    }),
  getRecordView: () => z.strictObject({ record: recordRefSchema() }),
  actOnRecord: () => z.strictObject({ record: recordRefSchema(), action: recordActionSchema() }),
  listConnectable: () => z.strictObject({ entity: z.enum(ENTITIES) }),

  listSequences: () => empty(),
  getSequence: () => z.strictObject({ id: sequenceId() }),
  planImport: () => z.strictObject({ text: z.string().check(z.maxLength(MAX_PACK_TEXT + 1)) }),
  importPack: () => z.strictObject({ text: z.string().check(z.maxLength(MAX_PACK_TEXT + 1)) }),
  setSequenceState: () => z.strictObject({ ids: ids(), state: z.enum(['active', 'inactive']) }),
  cloneSequence: () => z.strictObject({ id: sequenceId() }),
  deleteSequences: () => z.strictObject({ ids: ids() }),
  setSequenceTags: () =>
    z.strictObject({
      id: sequenceId(),
      tags: z
        .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)))
        .check(z.maxLength(20)),
    }),
  exportSequences: () =>
    z.strictObject({ ids: z.nullable(z.array(sequenceId()).check(z.maxLength(1000))) }),
  listTemplates: () => empty(),
  createFromTemplate: () => z.strictObject({ templateId: sequenceId() }),
  listConnections: () =>
    z.strictObject({
      sequenceId: z.nullable(sequenceId()),
      status: z.enum(['active', 'ended', 'all']),
      offset: z.int().check(z.minimum(0)),
      limit: z.int().check(z.minimum(1), z.maximum(1000)),
    }),
  disconnectConnections: () =>
    z.strictObject({ connectionIds: z.array(id()).check(z.minLength(1), z.maxLength(10_000)) }),

  createSequence: () =>
    z.strictObject({
      name: z.string().check(z.maxLength(MAX_NAME_TEXT)),
      description: z.string().check(z.maxLength(MAX_DESCRIPTION_TEXT)),
      entity: z.enum(ENTITIES),
      templateId: z.nullable(sequenceId()),
    }),
  getDesigner: () => z.strictObject({ id: sequenceId() }),
  saveDraft: () =>
    z.strictObject({
      id: sequenceId(),
      // Any value, typed as a sequence once the last check (the designer's) has passed.
      definition: z.custom<Sequence>().check(
        z.refine((value) => {
          try {
            const text = JSON.stringify(value) as string | undefined;
            return text !== undefined && text.length <= MAX_PACK_TEXT;
          } catch {
            // Cycles and other values JSON cannot hold.
            return false;
          }
        }, 'The draft is larger than a pack may be, or is not plain data.'),
        z.refine(isDrawable, 'The draft is not a sequence the designer can show.'),
      ),
      saves: z.int().check(z.minimum(0)),
    }),
  startRevision: () => z.strictObject({ id: sequenceId() }),
  discardRevision: () => z.strictObject({ id: sequenceId() }),
  publishDraft: () => z.strictObject({ id: sequenceId(), note: note() }),
  getVersion: () => z.strictObject({ id: sequenceId(), version: z.int().check(z.minimum(1)) }),
  restoreVersion: () => z.strictObject({ id: sequenceId(), version: z.int().check(z.minimum(1)) }),
  getSettings: () => empty(),
  saveSettings: () => z.strictObject({ settings: settingsSchema() }),
  backupData: () => empty(),
  stageRestore: () =>
    z.strictObject({
      upload: id(),
      offset: z.int().check(z.minimum(0), z.maximum(MAX_BACKUP_TEXT)),
      text: z.string().check(z.minLength(1), z.maxLength(MAX_RESTORE_SLICE)),
    }),
  restoreData: () =>
    z.union([
      z.strictObject({ text: z.string().check(z.maxLength(MAX_BACKUP_TEXT)) }),
      z.strictObject({
        upload: id(),
        length: z.int().check(z.minimum(1), z.maximum(MAX_BACKUP_TEXT)),
      }),
    ]),
  resetData: () => z.strictObject({ confirm: z.literal('reset') }),
  getInsights: () => z.strictObject({ window: windowSchema() }),
  getSequenceInsights: () =>
    z.strictObject({
      sequenceId: sequenceId(),
      version: z.nullable(z.int().check(z.minimum(1))),
      window: windowSchema(),
    }),
  getStepRecords: () =>
    z.strictObject({
      sequenceId: sequenceId(),
      version: z.int().check(z.minimum(1)),
      stepId: id(),
      window: windowSchema(),
    }),

  listSegments: () => empty(),
  saveSegment: () =>
    z.strictObject({ definition: packSchemas().segmentSchema, create: z.boolean() }),
  setSegmentState: () =>
    z.strictObject({ id: sequenceId(), state: z.enum(['active', 'inactive']) }),
  reorderSegments: () =>
    z.strictObject({
      entity: z.enum(ENTITIES),
      ids: z.array(sequenceId()).check(z.minLength(1), z.maxLength(1000)),
    }),
  copySegment: () => z.strictObject({ id: sequenceId() }),
  deleteSegment: () => z.strictObject({ id: sequenceId() }),
  simulateSegment: () => z.strictObject({ definition: packSchemas().segmentSchema }),
  runSegments: () =>
    z.strictObject({
      entity: z.enum(ENTITIES),
      after: z.nullable(z.string().check(z.maxLength(500))),
      limit: z.int().check(z.minimum(1), z.maximum(1000)),
    }),
  getSegmentLog: () =>
    z.strictObject({
      recordKey: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
      segmentId: z.optional(sequenceId()),
      limit: z.int().check(z.minimum(1), z.maximum(1000)),
    }),
  listSeenFields: () => z.strictObject({ entity: z.enum(ENTITIES) }),
  listWork: () =>
    z.strictObject({
      due: z.enum(['overdue', 'today', 'tomorrow', 'week', 'all']),
      entity: z.optional(z.enum(ENTITIES)),
      stepType: z.optional(z.enum(STEP_TYPES)),
      sequenceId: z.optional(sequenceId()),
      tag: z.optional(z.string().check(z.maxLength(40))),
      search: z.optional(z.string().check(z.maxLength(200))),
      sort: z.enum(['due', 'name', 'sequence', 'type']),
      offset: z.int().check(z.minimum(0)),
      limit: z.int().check(z.minimum(1), z.maximum(20_000)),
    }),
  actOnConnections: () =>
    z.strictObject({
      items: z
        .array(z.strictObject({ record: recordRefSchema(), action: recordActionSchema() }))
        .check(z.minLength(1), z.maxLength(10_000)),
    }),
  getDueCount: () => empty(),

  listCrms: () => empty(),
  saveCustomCrm: () => z.strictObject({ definition: packSchemas().crmSchema }),
  removeCustomCrm: () =>
    z.strictObject({ id: sequenceId(), revokeAccess: z.optional(z.boolean()) }),
  saveInstance: () =>
    z.strictObject({
      origin: z.string().check(z.minLength(1), z.maxLength(2000)),
      crm: z.enum(CRM_IDS),
    }),
  removeInstance: () =>
    z.strictObject({
      origin: z.string().check(z.minLength(1), z.maxLength(2000)),
      revokeAccess: z.optional(z.boolean()),
    }),
  // A test takes unfinished definitions: shapes and sizes only here; the handler reports every
  // rule the pack schema would reject as a problem instead of refusing the request.
  testCustomCrm: () =>
    z.strictObject({
      definition: z.strictObject({
        id: z.string().check(z.maxLength(200)),
        name: z.string().check(z.maxLength(500)),
        origins: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(50)),
        records: z
          .array(
            z.strictObject({
              entity: z.enum(ENTITIES),
              url: z.string().check(z.maxLength(2000)),
              part: z.enum(URL_PARTS),
            }),
          )
          .check(z.maxLength(50)),
        fields: z.optional(
          z
            .record(
              z.string().check(z.maxLength(100)),
              z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(20)),
            )
            .check(z.refine((fields) => Object.keys(fields).length <= 50, 'Too many fields.')),
        ),
      }),
      url: z.string().check(z.minLength(1), z.maxLength(4000)),
      tabId: z.optional(z.int().check(z.minimum(0))),
    }),
  ...mailboxSchemas,
  ...abTestSchemas,
};

/** Every message type of the protocol. */
const MESSAGE_TYPES = Object.keys(requestSchemas) as [MessageType, ...MessageType[]];

/** The outer shape of every request: ours (`upnext: 1`), a known type, any payload. */
export const envelopeSchema = once(() =>
  z.strictObject({
    upnext: z.literal(1),
    type: z.enum(MESSAGE_TYPES),
    payload: z.unknown(),
  }),
);

const built = new Map<MessageType, z.ZodMiniType>();

/**
 * The schema of one message type's request, built on its first message and kept: the worker
 * starts for each event, and building every message's schema at start cost more than the
 * messages most starts answer. Exactly as strict as a schema built up front.
 */
export function requestSchema<K extends MessageType>(type: K): z.ZodMiniType<RequestOf<K>> {
  let schema = built.get(type);
  if (schema === undefined) {
    schema = requestSchemas[type]();
    built.set(type, schema);
  }
  return schema as z.ZodMiniType<RequestOf<K>>;
}
