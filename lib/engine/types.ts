/**
 * Engine state, commands, results and events. Everything here is plain
 * JSON-serializable data: it is stored in IndexedDB and sent in extension messages.
 * Instants are UTC milliseconds. Design notes: docs/engine.md.
 */
import type {
  AbVersion,
  CallOutcome,
  EmailEvent,
  FieldValue,
  Schedule,
  Sequence,
  StepType,
} from '../sequence/types';
import type { RecordRef } from '../domain/record-ref';
import type { AwayPeriod } from './time/away';

/** A record in a CRM: the unit of engine state. */
export type { RecordRef };

/** A captured field: `null` means "read from the page and empty"; a missing key, unknown. */
export type RecordFieldValue = FieldValue | null;

export interface RecordState {
  record: RecordRef;
  /** The record's latest known fields, shared by all its connections. */
  fields: Record<string, RecordFieldValue>;
  fieldsUpdatedAt: number | null;
  /** Every connection ever made, ended ones included (their history stays). */
  connections: Connection[];
}

export type ConnectionStatus = 'active' | 'completed' | 'exited' | 'moved' | 'disconnected';
export type EndReason = 'replied' | 'moved' | 'manual' | 'sequence-deleted';

/** Where a step sits: indexes into step lists and the branch taken, e.g. `[2, 'yes', 0]`. */
export type PathSegment = number | 'yes' | 'no';

export interface StepProblem {
  code: 'target-missing' | 'target-inactive' | 'target-wrong-entity';
  message: string;
}

/** The step a connection is on, and its running state. */
export interface CurrentStep {
  stepId: string;
  type: StepType;
  path: PathSegment[];
  /** When the connection reached this step. */
  reachedAt: number;
  /**
   * When the seller should act: for steps the seller acts on, `reachedAt` moved into working
   * time (and out of away periods known then); for waits, when they end; for a running
   * condition window, when it closes; for a condition that needs an answer, when it started to.
   */
  dueAt: number;
  snoozedUntil: number | null;
  snoozeCount: number;
  waitEndsAt: number | null;
  windowClosesAt: number | null;
  needsAnswer: boolean;
  /** A move-to-sequence that could not move yet (target not active): the seller must act. */
  problem: StepProblem | null;
  /** A/B test steps only: the version the record got, and why. */
  ab?: AbAssignment;
}

/**
 * The version of an A/B test step a record got: by the `split` while the test ran, or, after it
 * ended, the `winner` or the step's `default`. Only `split` assignments count in the test's
 * statistics.
 */
export interface AbAssignment {
  version: AbVersion;
  by: 'split' | 'winner' | 'default';
}

/** An A/B test that has ended, and its winner (null: ended without one, so `default` is used). */
export interface AbTestEnd {
  winner: AbVersion | null;
}

type StepResult = 'completed' | 'skipped' | 'auto';
export type DecidedBy =
  'at-once' | 'event' | 'fields' | 'window-closed' | 'answer' | 'skip-wait' | 'skipped-step';

/** One step the connection went through, appended when the step is finished. */
export interface StepRecord {
  stepId: string;
  type: StepType;
  reachedAt: number;
  dueAt: number;
  at: number;
  result: StepResult;
  outcome?: CallOutcome;
  note?: string;
  snoozeCount?: number;
  /** Conditions: the branch taken and what decided it. */
  branch?: 'yes' | 'no';
  decidedBy?: DecidedBy;
  /** A/B test steps: the version the record got. */
  ab?: AbAssignment;
  /** Email steps completed because the seller's mailbox showed the email sent: its subject. */
  subject?: string;
}

export interface EmailEventRecord {
  type: EmailEvent;
  /** When it happened (as reported, never later than when it was recorded). */
  at: number;
  /** When the engine recorded it. */
  recordedAt: number;
  /** The email step it relates to; null when the connection had sent no email yet. */
  stepId: string | null;
}

export interface Connection {
  id: string;
  sequenceId: string;
  version: number;
  /** Copied from the version at connect time (versions never change), so queries need no lookup. */
  sequenceName: string;
  schedule: Schedule | null;
  exitOnReply: boolean;
  status: ConnectionStatus;
  reason: EndReason | null;
  /** For status `moved`: the target sequence and the connection made (or already there). */
  movedTo: { sequenceId: string; connectionId: string } | null;
  /** Incremented on every change of this connection. */
  revision: number;
  connectedAt: number;
  /** The instant of the latest change: history never goes back before it. */
  updatedAt: number;
  endedAt: number | null;
  current: CurrentStep | null;
  emailEvents: EmailEventRecord[];
  steps: StepRecord[];
  /** Notes the seller added to a step while it was current ("Add note"), oldest first. */
  notes?: NoteRecord[];
  /** The segment that connected the record (spec section 8); absent when connected by hand or a move step. */
  segment?: string;
  /** For status `moved` by a segment (not by a move-to-sequence step): that segment. */
  movedBySegment?: string;
  /**
   * For a connection the seller disconnected (reason `manual`): the record's fields at that
   * moment, so that a segment restarts it only after one of its condition fields changed.
   */
  fieldsAtEnd?: Record<string, RecordFieldValue>;
}

interface NoteRecord {
  stepId: string;
  at: number;
  text: string;
}

/** What the engine needs from the outside world; it reads no clock and makes no ids itself. */
export interface SequenceVersion {
  version: number;
  definition: Sequence;
  active: boolean;
}

export interface EngineContext {
  now: number;
  /** The seller's IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  away?: AwayPeriod[];
  newId: () => string;
  /** A version of a sequence; without `version`, the current one. */
  sequences: (id: string, version?: number) => SequenceVersion | undefined;
  seller?: { name?: string };
  /**
   * Whether the A/B test of step `stepId` of sequence `sequenceId` has ended, and its winner;
   * undefined while it runs. The engine keeps no test state: the background passes what the
   * manager decided or the statistics found (see `decideAbTest`).
   */
  abTestEnded?: (sequenceId: string, stepId: string) => AbTestEnd | undefined;
}

/** Fields every command on a step carries: the step it acts on and optionally the revision seen. */
export interface StepTarget {
  connectionId: string;
  stepId: string;
  revision?: number;
}

export type Command =
  | {
      type: 'connect';
      sequenceId: string;
      connectionId?: string;
      /** The segment that routes the record (recorded on the connection and its event). */
      segment?: string;
    }
  | {
      /**
       * A segment moves the record (spec section 8): it leaves this connection's sequence
       * (status `moved`) and is connected to `sequenceId` (unless already there), at once.
       */
      type: 'move';
      connectionId: string;
      sequenceId: string;
      segment: string;
      targetConnectionId?: string;
    }
  | { type: 'disconnect'; connectionId: string; reason: 'manual' | 'sequence-deleted' }
  | ({ type: 'complete'; outcome?: CallOutcome; note?: string } & StepTarget)
  | ({ type: 'skip'; note?: string } & StepTarget)
  | ({ type: 'snooze'; until: number } & StepTarget)
  | ({ type: 'skip-wait' } & StepTarget)
  | ({ type: 'answer-condition'; answer: 'yes' | 'no' } & StepTarget)
  | ({ type: 'add-note'; note: string } & StepTarget)
  | {
      type: 'record-email-event';
      connectionId: string;
      event: EmailEvent;
      /** When it happened; default now; never later than now. */
      at?: number;
      /** The email step it relates to; default the latest completed email step. */
      stepId?: string;
    }
  | {
      /**
       * The seller's mailbox shows an email sent to the record while `stepId` (an email step) was
       * current: the step completes by itself (`auto`), at the time it was sent.
       */
      type: 'record-sent-email';
      connectionId: string;
      stepId: string;
      /** When it was sent; default now; never later than now, never before the step was reached. */
      at?: number;
      subject?: string;
    }
  | { type: 'record-fields'; values: Record<string, RecordFieldValue> }
  | { type: 'tick' };

export type EngineEventType =
  | 'connected'
  | 'step-completed'
  | 'step-skipped'
  | 'step-auto-completed'
  | 'step-snoozed'
  | 'wait-skipped'
  | 'wait-ended'
  | 'condition-decided'
  | 'email-event'
  | 'fields-recorded'
  | 'needs-answer'
  | 'answered'
  | 'note-added'
  | 'move-blocked'
  | 'moved'
  | 'exited'
  | 'completed'
  | 'disconnected';

/** An entry for the history log. `fields-recorded` concerns the record, not one connection. */
export interface EngineEvent {
  id: string;
  at: number;
  type: EngineEventType;
  connectionId: string | null;
  sequenceId: string | null;
  version: number | null;
  stepId?: string;
  data: Record<string, unknown>;
}

export type RejectCode =
  | 'invalid-time-zone'
  | 'unknown-sequence'
  | 'sequence-inactive'
  | 'wrong-entity'
  | 'already-connected'
  | 'unknown-connection'
  | 'unknown-step'
  | 'not-current'
  | 'outcome-required'
  | 'outcome-not-allowed'
  | 'not-a-wait'
  | 'not-actionable'
  | 'no-answer-needed'
  | 'snooze-in-past'
  | 'snooze-too-far'
  | 'not-an-email-step'
  | 'sent-before-step'
  | 'invalid-fields'
  | 'empty-note';

export type ApplyResult =
  | { kind: 'applied'; state: RecordState; events: EngineEvent[] }
  | { kind: 'already-handled'; message: string }
  | { kind: 'rejected'; code: RejectCode; message: string };
