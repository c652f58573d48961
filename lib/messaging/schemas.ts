/**
 * zod schemas for every request in the protocol: the background parses each inbound payload
 * with these before anything else runs. Nothing from a page is trusted: strings are bounded,
 * objects are strict, and field maps are capped.
 * Background-only: keeps zod out of the content script bundle.
 */
import { z } from 'zod';

import { MAX_WINDOW_DAYS } from '../engine/insights';
import { isValidTimeZone } from '../engine/time/zoned';
import { CALL_OUTCOMES, EMAIL_EVENTS, ENTITIES, STEP_TYPES, WEEKDAYS } from '../sequence/types';
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

// zod 4 compiles validators with `new Function` unless told not to; extension CSP forbids eval
// and Mozilla's addons-linter flags it (DANGEROUS_EVAL).
z.config({ jitless: true });

/** A pack's text: one character is at least one byte, so a longer text is over the file limit. */
const MAX_PACK_TEXT = MAX_FILE_BYTES;
/** Backups hold every record and event: allow far more than a pack (V8's longest string is 2^29 − 24). */
const MAX_BACKUP_TEXT = 512 * 1024 * 1024;

const id = once(() => z.string().min(1).max(200));
const sequenceId = once(() => z.string().regex(ID_PATTERN, 'Not a sequence id.'));
const instant = once(() => z.number().int().min(0).max(8.64e15));
const note = once(() => z.string().max(MAX_NOTE));
/** Generous bounds on what a manager types; the pack rules (160, 2000) are reported by the designer. */
const MAX_NAME_TEXT = 1000;
const MAX_DESCRIPTION_TEXT = 10_000;
const empty = once(() => z.strictObject({}));

/** An insights window: the last 30/90/180/365 days, or a custom range of UTC day numbers. */
const windowDay = once(() => z.number().int().min(0).max(100_000_000));
const windowSchema = once(() =>
  z.union([
    z.strictObject({
      days: z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365)]),
    }),
    z
      .strictObject({ from: windowDay(), to: windowDay() })
      .refine(
        (range) => Math.abs(range.to - range.from) < MAX_WINDOW_DAYS,
        `A custom range can span at most ${MAX_WINDOW_DAYS} days.`,
      ),
  ]),
);

const recordRefSchema = once(() =>
  z.strictObject({
    crm: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
    entity: z.enum(ENTITIES),
    id: z.string().min(1).max(200),
  }),
);

const fieldsSchema = once(() =>
  z
    .record(z.string().min(1).max(100), z.string().max(2000))
    .refine((fields) => Object.keys(fields).length <= 100, 'Too many fields.'),
);

const stepRef = once(() => ({
  connectionId: id(),
  stepId: id(),
  revision: z.number().int().min(0),
}));

const recordActionSchema = once((): z.ZodType<RecordAction> =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('connect'), sequenceId: sequenceId() }),
    z.strictObject({ type: z.literal('disconnect'), connectionId: id() }),
    z.strictObject({
      type: z.literal('complete'),
      ...stepRef(),
      outcome: z.enum(CALL_OUTCOMES).optional(),
      note: note().optional(),
    }),
    z.strictObject({ type: z.literal('skip'), ...stepRef(), note: note().optional() }),
    z.strictObject({ type: z.literal('snooze'), ...stepRef(), until: instant() }),
    z.strictObject({ type: z.literal('skip-wait'), ...stepRef() }),
    z.strictObject({ type: z.literal('answer'), ...stepRef(), answer: z.enum(['yes', 'no']) }),
    z.strictObject({ type: z.literal('add-note'), ...stepRef(), note: note().min(1) }),
    z.strictObject({
      type: z.literal('email-event'),
      connectionId: id(),
      event: z.enum(EMAIL_EVENTS),
      stepId: id().optional(),
    }),
  ]),
);

const hhmm = once(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use 24-hour HH:MM.'));

export const settingsSchema = once(() =>
  z.strictObject({
    sellerName: z.string().max(160),
    timeZone: z
      .string()
      .max(100)
      // Current and pre-rename names are both accepted (Asia/Kolkata, Asia/Calcutta) and stored as given.
      .refine(isValidTimeZone, 'Unknown time zone.')
      .nullable(),
    away: z
      .array(
        z
          .strictObject({ start: instant(), end: instant(), label: z.string().max(160) })
          .refine(
            (period) => period.end > period.start,
            'An away period must end after it starts.',
          ),
      )
      .max(100),
    notifications: z.boolean(),
    workingHours: z
      .strictObject({ days: z.array(z.enum(WEEKDAYS)).max(7), start: hhmm(), end: hhmm() })
      .refine((hours) => hours.start < hours.end, 'Working hours must end after they start.'),
  }),
);

const ids = once(() => z.array(sequenceId()).min(1).max(1000));

/** A message read from a mailbox page: bounded everywhere (the page is not trusted). */
const address = once(() => z.string().max(254));
const mailMessageSchema = once(() =>
  z.strictObject({
    id: z.string().min(1).max(300),
    direction: z.enum(['received', 'sent']),
    from: address(),
    to: z.array(address()).max(50),
    at: instant(),
    subject: z.string().max(MAX_MAIL_SUBJECT),
  }),
);
const mailClient = once(() => z.strictObject({ client: z.enum(MAIL_CLIENTS) }));

const mailboxSchemas = {
  getMailbox: () => empty(),
  connectMailbox: () => mailClient(),
  disconnectMailbox: () => mailClient(),
  setMailboxOptions: () =>
    z.strictObject({
      completeOnSend: z.boolean().optional(),
      composeWith: z.enum(COMPOSE_APPS).optional(),
    }),
  mailboxWatch: () => empty(),
  mailboxSeen: () =>
    z.strictObject({
      report: z.strictObject({
        view: z.enum(['list', 'thread', 'other']),
        readable: z.boolean(),
        account: address().nullable(),
      }),
      messages: z.array(mailMessageSchema()).max(200),
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
  ]: () => z.ZodType<RequestOf<K>>;
};

/** A/B test steps (issue #19): the console's results and the manager's early end. */
const abTestSchemas = {
  getAbTests: () => z.strictObject({ sequenceId: sequenceId() }),
  endAbTest: () =>
    z.strictObject({
      sequenceId: sequenceId(),
      stepId: id(),
      winner: z.enum(['a', 'b']).nullable(),
    }),
} satisfies { [K in 'getAbTests' | 'endAbTest']: () => z.ZodType<RequestOf<K>> };

const requestSchemas: { [K in MessageType]: () => z.ZodType<RequestOf<K>> } = {
  ping: () => empty(),
  recordSeen: () =>
    z.strictObject({
      record: recordRefSchema(),
      url: z.string().max(4000),
      title: z.string().max(500),
      fields: fieldsSchema(),
      edit: z.boolean().optional(),
    }),
  getRecordView: () => z.strictObject({ record: recordRefSchema() }),
  actOnRecord: () => z.strictObject({ record: recordRefSchema(), action: recordActionSchema() }),
  listConnectable: () => z.strictObject({ entity: z.enum(ENTITIES) }),

  listSequences: () => empty(),
  getSequence: () => z.strictObject({ id: sequenceId() }),
  planImport: () => z.strictObject({ text: z.string().max(MAX_PACK_TEXT + 1) }),
  importPack: () => z.strictObject({ text: z.string().max(MAX_PACK_TEXT + 1) }),
  setSequenceState: () => z.strictObject({ ids: ids(), state: z.enum(['active', 'inactive']) }),
  cloneSequence: () => z.strictObject({ id: sequenceId() }),
  deleteSequences: () => z.strictObject({ ids: ids() }),
  setSequenceTags: () =>
    z.strictObject({
      id: sequenceId(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20),
    }),
  exportSequences: () => z.strictObject({ ids: z.array(sequenceId()).max(1000).nullable() }),
  listTemplates: () => empty(),
  createFromTemplate: () => z.strictObject({ templateId: sequenceId() }),
  listConnections: () =>
    z.strictObject({
      sequenceId: sequenceId().nullable(),
      status: z.enum(['active', 'ended', 'all']),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
    }),
  disconnectConnections: () => z.strictObject({ connectionIds: z.array(id()).min(1).max(10_000) }),

  createSequence: () =>
    z.strictObject({
      name: z.string().max(MAX_NAME_TEXT),
      description: z.string().max(MAX_DESCRIPTION_TEXT),
      entity: z.enum(ENTITIES),
      templateId: sequenceId().nullable(),
    }),
  getDesigner: () => z.strictObject({ id: sequenceId() }),
  saveDraft: () =>
    z.strictObject({
      id: sequenceId(),
      definition: z
        .unknown()
        .refine((value) => {
          try {
            const text = JSON.stringify(value) as string | undefined;
            return text !== undefined && text.length <= MAX_PACK_TEXT;
          } catch {
            // Cycles and other values JSON cannot hold.
            return false;
          }
        }, 'The draft is larger than a pack may be, or is not plain data.')
        .refine(isDrawable, 'The draft is not a sequence the designer can show.'),
      saves: z.number().int().min(0),
    }),
  startRevision: () => z.strictObject({ id: sequenceId() }),
  discardRevision: () => z.strictObject({ id: sequenceId() }),
  publishDraft: () => z.strictObject({ id: sequenceId(), note: note() }),
  getVersion: () => z.strictObject({ id: sequenceId(), version: z.number().int().min(1) }),
  restoreVersion: () => z.strictObject({ id: sequenceId(), version: z.number().int().min(1) }),
  getSettings: () => empty(),
  saveSettings: () => z.strictObject({ settings: settingsSchema() }),
  backupData: () => empty(),
  stageRestore: () =>
    z.strictObject({
      upload: id(),
      offset: z.number().int().min(0).max(MAX_BACKUP_TEXT),
      text: z.string().min(1).max(MAX_RESTORE_SLICE),
    }),
  restoreData: () =>
    z.union([
      z.strictObject({ text: z.string().max(MAX_BACKUP_TEXT) }),
      z.strictObject({ upload: id(), length: z.number().int().min(1).max(MAX_BACKUP_TEXT) }),
    ]),
  resetData: () => z.strictObject({ confirm: z.literal('reset') }),
  getInsights: () => z.strictObject({ window: windowSchema() }),
  getSequenceInsights: () =>
    z.strictObject({
      sequenceId: sequenceId(),
      version: z.number().int().min(1).nullable(),
      window: windowSchema(),
    }),
  getStepRecords: () =>
    z.strictObject({
      sequenceId: sequenceId(),
      version: z.number().int().min(1),
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
      ids: z.array(sequenceId()).min(1).max(1000),
    }),
  copySegment: () => z.strictObject({ id: sequenceId() }),
  deleteSegment: () => z.strictObject({ id: sequenceId() }),
  simulateSegment: () => z.strictObject({ definition: packSchemas().segmentSchema }),
  runSegments: () =>
    z.strictObject({
      entity: z.enum(ENTITIES),
      after: z.string().max(500).nullable(),
      limit: z.number().int().min(1).max(1000),
    }),
  getSegmentLog: () =>
    z.strictObject({
      recordKey: z.string().min(1).max(500).optional(),
      segmentId: sequenceId().optional(),
      limit: z.number().int().min(1).max(1000),
    }),
  listSeenFields: () => z.strictObject({ entity: z.enum(ENTITIES) }),
  listWork: () =>
    z.strictObject({
      due: z.enum(['overdue', 'today', 'tomorrow', 'week', 'all']),
      entity: z.enum(ENTITIES).optional(),
      stepType: z.enum(STEP_TYPES).optional(),
      sequenceId: sequenceId().optional(),
      tag: z.string().max(40).optional(),
      search: z.string().max(200).optional(),
      sort: z.enum(['due', 'name', 'sequence', 'type']),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(20_000),
    }),
  actOnConnections: () =>
    z.strictObject({
      items: z
        .array(z.strictObject({ record: recordRefSchema(), action: recordActionSchema() }))
        .min(1)
        .max(10_000),
    }),
  getDueCount: () => empty(),

  listCrms: () => empty(),
  saveCustomCrm: () => z.strictObject({ definition: packSchemas().crmSchema }),
  removeCustomCrm: () => z.strictObject({ id: sequenceId(), revokeAccess: z.boolean().optional() }),
  saveInstance: () => z.strictObject({ origin: z.string().min(1).max(2000), crm: z.enum(CRM_IDS) }),
  removeInstance: () =>
    z.strictObject({
      origin: z.string().min(1).max(2000),
      revokeAccess: z.boolean().optional(),
    }),
  // A test takes unfinished definitions: shapes and sizes only here; the handler reports every
  // rule the pack schema would reject as a problem instead of refusing the request.
  testCustomCrm: () =>
    z.strictObject({
      definition: z.strictObject({
        id: z.string().max(200),
        name: z.string().max(500),
        origins: z.array(z.string().max(2000)).max(50),
        records: z
          .array(
            z.strictObject({
              entity: z.enum(ENTITIES),
              url: z.string().max(2000),
              part: z.enum(URL_PARTS),
            }),
          )
          .max(50),
        fields: z
          .record(z.string().max(100), z.array(z.string().max(1000)).max(20))
          .refine((fields) => Object.keys(fields).length <= 50, 'Too many fields.')
          .optional(),
      }),
      url: z.string().min(1).max(4000),
      tabId: z.number().int().min(0).optional(),
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

const built = new Map<MessageType, z.ZodType>();

/**
 * The schema of one message type's request, built on its first message and kept: the worker
 * starts for each event, and building every message's schema at start cost more than the
 * messages most starts answer. Exactly as strict as a schema built up front.
 */
export function requestSchema<K extends MessageType>(type: K): z.ZodType<RequestOf<K>> {
  let schema = built.get(type);
  if (schema === undefined) {
    schema = requestSchemas[type]();
    built.set(type, schema);
  }
  return schema as z.ZodType<RequestOf<K>>;
}
