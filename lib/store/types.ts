/**
 * What the store keeps. The engine's `RecordState` is the source of truth for a record's
 * sequences; `ConnectionRow`s are a projection of it, rewritten in the same transaction, so the
 * work list, badge and console can query by due time, sequence or record through indexes
 * instead of scanning every record.
 */
import type { RecordRef, RecordState } from '../engine/types';
import type { SegmentDecision } from '../engine/segments';
import type { Entity, Segment, Sequence, SequenceRecord, StepType } from '../sequence/types';

export interface RecordDoc {
  /** `crm|entity|id` */
  key: string;
  ref: RecordRef;
  /** Last URL the record was seen at, to open it from the work list or a notification. */
  url: string;
  title: string;
  /** Display name: the captured name, else the page title. */
  name: string;
  /** Raw strings captured from the CRM page (merge fields). */
  captured: Record<string, string>;
  firstSeenAt: number;
  lastSeenAt: number;
  state: RecordState;
  /** The next instant this record changes by itself (a wait ends, a snooze expires...). */
  wakeAt?: number;
  updatedAt: number;
  /**
   * How many stored changes this record has seen: live-update broadcasts carry it, so a panel
   * whose view is already this fresh (it made the change itself) does not fetch it again.
   */
  changes?: number;
  /** The segment the record is in (issue #17); absent when it is in none. Indexed: members. */
  segment?: string;
  /** The latest segment evaluation of this record, for the panel's About (the full log: `segmentLog`). */
  segmentWhy?: SegmentWhy;
}

type ConnectionKind = 'action' | 'waiting' | 'needs-answer' | 'snoozed';

export interface ConnectionRow {
  id: string;
  recordKey: string;
  recordName: string;
  url: string;
  crm: string;
  entity: Entity;
  sequenceId: string;
  sequenceName: string;
  version: number;
  /** The connection's revision: actions name it, so a stale row changes nothing. */
  revision: number;
  status: RecordState['connections'][number]['status'];
  reason: RecordState['connections'][number]['reason'];
  stepId: string | null;
  stepType: StepType | null;
  stepName: string | null;
  kind: ConnectionKind | null;
  /** When the current step needs the seller (set only while it does): indexed for the work list and badge. */
  dueAt?: number;
  /**
   * The sequence, only while the connection is active (`connectionIndexFields`): indexed
   * (`byActive`), so the index holds exactly the active connections, by sequence.
   */
  activeSequenceId?: string;
  snoozedUntil: number | null;
  connectedAt: number;
  endedAt: number | null;
  stepsDone: number;
  updatedAt: number;
}

export interface VersionDoc {
  id: string;
  version: number;
  definition: Sequence;
  createdAt: number;
  /** What changed, as the manager wrote it when publishing (issue #16); absent on older versions. */
  note?: string;
}

export interface EventDoc {
  id: string;
  at: number;
  recordKey: string;
  connectionId: string | null;
  sequenceId: string | null;
  version: number | null;
  stepId: string | null;
  type: string;
  data: Record<string, unknown>;
  /**
   * The record key again, only on `fields-recorded` events (`eventIndexFields`): indexed
   * (`byCaptures`), so a record's captures are one read without indexing every event.
   */
  capturesOf?: string;
}

/** Per-step totals, kept forever while old events are compacted away (retention policy). */
export interface StepStatsDoc {
  sequenceId: string;
  stepId: string;
  reached: number;
  completed: number;
  skipped: number;
  snoozed: number;
  auto: number;
}

/**
 * A sequence as stored: the manager's working copy plus lifecycle. `version` is the latest
 * activated version (0: never activated); `edited` says the working copy differs from it, so
 * the next activation makes a new version. Definitions that connections run on live in `versions`.
 */
export interface SequenceDoc extends SequenceRecord {
  edited: boolean;
  /**
   * An active sequence being edited in the designer: the draft of its next version. Records keep
   * running on their versions; Publish makes this the next version (issue #16, item 7).
   */
  revision?: RevisionDoc;
  /** How many times the designer saved this sequence's draft: a save names the count it saw, so a second tab cannot silently overwrite the first. */
  saves?: number;
}

/** The draft of an active sequence's next version (see `SequenceDoc.revision`). */
interface RevisionDoc {
  definition: Sequence;
  /** The version it started from. */
  baseVersion: number;
  /** The older version it was restored from, if it was. */
  restoredFrom?: number;
  createdAt: number;
  updatedAt: number;
}

/** A sequence as the console lists it (the protocol's `SequenceSummary`). */
export interface SequenceSummary {
  id: string;
  name: string;
  description: string | null;
  entity: Entity;
  state: SequenceRecord['state'];
  tags: string[];
  steps: number;
  version: number;
  connected: number;
  createdAt: number;
  updatedAt: number;
  source: SequenceRecord['source'];
  edited: boolean;
  /** Present (true) while an active sequence has a revision open in the designer. */
  revising?: boolean;
}

/**
 * A mailbox message already applied to a record (issue #20): what makes it count once. Only
 * the message's id, direction, time and subject are kept, never its body.
 */
export interface MailSeenDoc {
  /** `{client}:{messageId}|{recordKey}` */
  key: string;
  client: string;
  messageId: string;
  recordKey: string;
  direction: 'received' | 'sent';
  at: number;
  subject: string;
  seenAt: number;
}

/** A segment as stored (issue #17): the definition (with its state and priority) and its place. */
export interface SegmentDoc {
  id: string;
  definition: Segment;
  /** Position among the stored segments: breaks priority ties like the order in a pack. */
  order: number;
  createdAt: number;
  updatedAt: number;
}

/** What triggered an evaluation: first sight of the record, a change of fields, or "Run now". */
export type SegmentTriggerKind = 'first-sight' | 'field-change' | 'manual';

/**
 * What happened with the connection a decision asked for: `connected` / `moved` (done),
 * `none` (nothing to do), `failed` (the engine refused: the sequence is missing or inactive…).
 */
export type SegmentConnectOutcome = 'connected' | 'moved' | 'none' | 'failed';

/** The short form of an evaluation kept on the record, for the panel's About. */
export interface SegmentWhy {
  at: number;
  trigger: SegmentTriggerKind;
  result: SegmentDecision['result'];
  segment: string | null;
  segmentName: string | null;
  sequence: string | null;
  why: string;
  connect: {
    outcome: SegmentConnectOutcome;
    reason: SegmentDecision['connect']['reason'];
    words: string;
  };
}

/**
 * One evaluation of one record: an entry of the why log as the console reads it
 * (lib/store/segment-log.ts; stored inside a `SegmentLogRow`).
 */
export interface SegmentLogDoc extends SegmentWhy {
  /** The entry's id: its row's key and its place in the row (unique; opaque). */
  id: string;
  recordKey: string;
  recordName: string;
  url: string;
  entity: Entity;
  /** For a field change: the keys that changed (and that active segments use). */
  changed: string[];
  previous: string | null;
  /** Active segments that matched, best first. */
  matches: string[];
}

/** An evaluation as a why-log row stores it: its row holds its id and its instant. */
export type SegmentLogEntry = Omit<SegmentLogDoc, 'id' | 'at'>;

/**
 * A row of the why log (version 14): the evaluations one transaction wrote at one instant, in
 * the order they were made (a capture's one, or up to `SEGMENT_LOG_ROW_ENTRIES` of a "Run now"
 * batch). Its key ends with how many it holds, so retention counts evaluations from the keys
 * alone (lib/store/segment-log.ts).
 */
export interface SegmentLogRow {
  /** `segmentLogRowKey`: the instant (base 36, fixed width), a unique part, the entry count. */
  id: string;
  at: number;
  /** The entries' record keys, once each: the `byRecord` index (multiEntry). */
  records: string[];
  /** The segments the entries put or kept records in, once each: `bySegment` (multiEntry). */
  segments: string[];
  entries: SegmentLogEntry[];
}
