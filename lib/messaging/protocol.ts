/**
 * The one typed protocol between the extension's contexts (content script, extension pages,
 * background). Request and reply types only: no zod here, so the content script can import it
 * without carrying the schema library. The background validates every request against
 * `schemas.ts`, which is type-checked against this map.
 *
 * Names are verb-first (house style): `getRecordView`, `actOnRecord`, `importPack`.
 */
import type { RecordRef } from '../domain/record-ref';
import type { EmailEvent, CallOutcome, Entity, StepType } from '../sequence/types';
import type { PlanSummary } from '../sequence/plan';
import type { Problem } from '../sequence/problem';
import type { AheadItem, RecordView } from '../views/record-view';
import type { ConnectionRow, SegmentLogDoc, SequenceSummary, StepStatsDoc } from '../store/types';
import type { SeenField, SegmentSummary, SimulationResult } from '../store/segments-repo';
import type { Settings } from '../store/settings';
import type { DayWindow, StatsRow, WeekPoint, WindowChoice } from '../engine/insights';
import type { AllVersionsStep, SequenceFlow, StepRecordRow } from '../engine/insights-flow';
import type { DesignerState, VersionInfo } from '../store/designer-repo';
import type {
  ComposeApp,
  MailboxPageReport,
  MailboxState,
  MailClientId,
  MailMessage,
} from '../mailbox/types';

export type { ConnectionRow, SequenceSummary, Settings, DesignerState };
export type { SeenField, SegmentLogDoc, SegmentSummary, SimulationResult };

/** One batch of "Run now" (issue #17): how far it got, and what the evaluations found. */
export interface SegmentRunBatch {
  /** Records of that kind when the run started this batch. */
  total: number;
  /** Records evaluated in this batch. */
  processed: number;
  /** Where the next batch starts (a record key), or null when the run is done. */
  next: string | null;
  /** This batch's evaluations by result, and how many were connected or moved. */
  counts: Record<'matched' | 'no-match' | 'kept' | 'moved' | 'connected' | 'failed', number>;
}

export type { RecordRef };

/**
 * What a content script saw on a CRM record page. `fields` is one full read of the page, taken
 * once the page showed this record; `{}` means nothing could be read (the stored fields stay).
 * `edit`: the page is the record's edit form, whose inputs may be half-edited.
 */
export interface RecordSighting {
  record: RecordRef;
  url: string;
  title: string;
  fields: Record<string, string>;
  edit?: boolean;
}

interface PingReply {
  version: string;
  /** Milliseconds since the service worker started: lets tests see a restart. */
  uptimeMs: number;
  startedAt: number;
}

/**
 * What a seller does on a record. Every action on a step names the connection, the step and
 * the revision the seller saw, so a repeat (double click, second tab, retry) changes nothing.
 */
export type StepRef = { connectionId: string; stepId: string; revision: number };
export type RecordAction =
  | { type: 'connect'; sequenceId: string }
  | { type: 'disconnect'; connectionId: string }
  | ({ type: 'complete'; outcome?: CallOutcome; note?: string } & StepRef)
  | ({ type: 'skip'; note?: string } & StepRef)
  | ({ type: 'snooze'; until: number } & StepRef)
  | ({ type: 'skip-wait' } & StepRef)
  | ({ type: 'answer'; answer: 'yes' | 'no' } & StepRef)
  | ({ type: 'add-note'; note: string } & StepRef)
  | { type: 'email-event'; connectionId: string; event: EmailEvent; stepId?: string };

export interface ActionReply {
  /** `already-handled`: the step was handled elsewhere (another tab, a double click); nothing changed. */
  outcome: 'applied' | 'already-handled';
  message: string | null;
  view: RecordView;
}

/** An active sequence a record can be connected to, with a preview of its steps. */
export interface SequenceOption {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  steps: number;
  preview: AheadItem[];
}

export interface SequenceDetails {
  summary: SequenceSummary;
  definition: import('../sequence/types').Sequence;
  versions: { version: number; createdAt: number }[];
  stats: StepStatsDoc[];
  /** Average time from connect to end, over connections that ended, in ms; null if none yet. */
  averageDurationMs: number | null;
}

interface ActivationResult {
  id: string;
  ok: boolean;
  problems: Problem[];
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string | null;
  entity: Entity;
  steps: number;
  /** A sequence with this id already exists. */
  exists: boolean;
}

export type DueFilter = 'overdue' | 'today' | 'tomorrow' | 'week' | 'all';

export interface WorkQuery {
  due: DueFilter;
  entity?: Entity;
  stepType?: StepType;
  sequenceId?: string;
  tag?: string;
  search?: string;
  sort: 'due' | 'name' | 'sequence' | 'type';
  offset: number;
  limit: number;
}

export interface WorkReply {
  rows: ConnectionRow[];
  total: number;
  counts: Record<DueFilter, number>;
  now: number;
}

interface Protocol {
  ping: { request: Record<string, never>; reply: PingReply };

  // Panel (content scripts).
  recordSeen: { request: RecordSighting; reply: { view: RecordView } };
  getRecordView: { request: { record: RecordRef }; reply: { view: RecordView | null } };
  actOnRecord: { request: { record: RecordRef; action: RecordAction }; reply: ActionReply };
  listConnectable: { request: { entity: Entity }; reply: { sequences: SequenceOption[] } };

  // Console (extension pages).
  listSequences: { request: Record<string, never>; reply: { sequences: SequenceSummary[] } };
  getSequence: { request: { id: string }; reply: { sequence: SequenceDetails | null } };
  planImport: { request: { text: string }; reply: { plan: PlanSummary } };
  importPack: { request: { text: string }; reply: { plan: PlanSummary } };
  setSequenceState: {
    request: { ids: string[]; state: 'active' | 'inactive' };
    reply: { results: ActivationResult[] };
  };
  cloneSequence: { request: { id: string }; reply: { sequence: SequenceSummary } };
  deleteSequences: { request: { ids: string[] }; reply: { deleted: number; disconnected: number } };
  setSequenceTags: {
    request: { id: string; tags: string[] };
    reply: { sequence: SequenceSummary };
  };
  exportSequences: { request: { ids: string[] | null }; reply: { text: string; fileName: string } };
  listTemplates: { request: Record<string, never>; reply: { templates: TemplateSummary[] } };
  createFromTemplate: { request: { templateId: string }; reply: { sequence: SequenceSummary } };
  listConnections: {
    request: {
      sequenceId: string | null;
      status: 'active' | 'ended' | 'all';
      offset: number;
      limit: number;
    };
    reply: { rows: ConnectionRow[]; total: number; now: number };
  };
  disconnectConnections: { request: { connectionIds: string[] }; reply: { disconnected: number } };

  // The sequence designer (issue #16).
  /** A new draft, blank (`templateId: null`) or from a built-in template; its id comes from the name. */
  createSequence: {
    request: {
      name: string;
      description: string;
      entity: Entity;
      templateId: string | null;
    };
    reply: { id: string };
  };
  getDesigner: { request: { id: string }; reply: { state: DesignerState | null } };
  /** Saves the draft as the manager works; `saves` is the count last seen (a stale one fails with `conflict`). */
  saveDraft: {
    request: { id: string; definition: import('../sequence/types').Sequence; saves: number };
    reply: { saves: number; updatedAt: number };
  };
  startRevision: { request: { id: string }; reply: { state: DesignerState } };
  discardRevision: { request: { id: string }; reply: { state: DesignerState } };
  /** Activate (a draft) or Publish (a revision), with "what changed". */
  publishDraft: {
    request: { id: string; note: string };
    reply: { result: ActivationResult; state: DesignerState };
  };
  getVersion: {
    request: { id: string; version: number };
    reply: { version: (VersionInfo & { definition: import('../sequence/types').Sequence }) | null };
  };
  restoreVersion: { request: { id: string; version: number }; reply: { state: DesignerState } };
  getSettings: { request: Record<string, never>; reply: { settings: Settings } };
  saveSettings: { request: { settings: Settings }; reply: { settings: Settings } };
  backupData: { request: Record<string, never>; reply: { text: string; fileName: string } };
  /** A backup too large for one message goes over in slices first (`restoreData` with `upload`). */
  stageRestore: {
    request: { upload: string; offset: number; text: string };
    reply: { received: number };
  };
  restoreData: {
    request: { text: string } | { upload: string; length: number };
    reply: { sequences: number; records: number; events: number };
  };
  resetData: { request: { confirm: 'reset' }; reply: Record<string, never> };

  // Segments (issue #17).
  listSegments: { request: Record<string, never>; reply: { segments: SegmentSummary[] } };
  saveSegment: {
    request: { definition: import('../sequence/types').Segment; create: boolean };
    reply: { segments: SegmentSummary[] };
  };
  setSegmentState: {
    request: { id: string; state: 'active' | 'inactive' };
    reply: { segments: SegmentSummary[] };
  };
  reorderSegments: {
    request: { entity: Entity; ids: string[] };
    reply: { segments: SegmentSummary[] };
  };
  copySegment: { request: { id: string }; reply: { segments: SegmentSummary[]; id: string } };
  deleteSegment: { request: { id: string }; reply: { segments: SegmentSummary[] } };
  simulateSegment: {
    request: { definition: import('../sequence/types').Segment };
    reply: SimulationResult;
  };
  /** "Run now": evaluates up to `limit` records of `entity` from `after` (a record key; null: the start). */
  runSegments: {
    request: { entity: Entity; after: string | null; limit: number };
    reply: SegmentRunBatch;
  };
  /** The why log, newest first: one record's, one segment's, or the latest of all. */
  getSegmentLog: {
    request: { recordKey?: string; segmentId?: string; limit: number };
    reply: { rows: SegmentLogDoc[] };
  };
  listSeenFields: { request: { entity: Entity }; reply: { fields: SeenField[] } };

  // Work list and popup.
  listWork: { request: WorkQuery; reply: WorkReply };
  actOnConnections: {
    request: { items: { record: RecordRef; action: RecordAction }[] };
    reply: {
      applied: number;
      alreadyHandled: number;
      failed: { connectionId: string; message: string }[];
    };
  };
  getDueCount: { request: Record<string, never>; reply: { due: number; next: ConnectionRow[] } };

  // Custom CRMs and self-hosted instances (console). The page asks for host permission (a user
  // gesture) before it saves; the background never requests permissions.
  listCrms: { request: Record<string, never>; reply: import('../crm/custom-registry').CrmList };
  saveCustomCrm: {
    request: { definition: import('../sequence/types').CrmDefinition };
    reply: {
      crm: import('../crm/custom-registry').CustomCrmView;
      /** Match patterns still to be granted before Upnext runs there. */
      missing: string[];
    };
  };
  /** `revokeAccess` (default true): also drop host permissions no other CRM or instance uses. */
  removeCustomCrm: { request: { id: string; revokeAccess?: boolean }; reply: { removed: boolean } };
  saveInstance: {
    request: { origin: string; crm: import('../crm/rules/types').CrmId };
    reply: { instance: import('../crm/custom-registry').InstanceView; missing: string[] };
  };
  removeInstance: {
    request: { origin: string; revokeAccess?: boolean };
    reply: { removed: boolean };
  };
  // The seller's mailbox (issue #20). The console asks for host access (a user gesture) before
  // `connectMailbox`; the background never requests permissions.
  getMailbox: {
    request: Record<string, never>;
    reply: MailboxInfo;
  };
  connectMailbox: { request: { client: MailClientId }; reply: MailboxInfo };
  /** Unregisters the script, forgets what the client's messages left, gives host access back. */
  disconnectMailbox: {
    request: { client: MailClientId };
    reply: MailboxInfo & { accessRemoved: boolean };
  };
  setMailboxOptions: {
    request: { completeOnSend?: boolean; composeWith?: ComposeApp };
    reply: MailboxInfo;
  };
  /** Mailbox content script: the addresses worth reporting (records with an active connection). */
  mailboxWatch: { request: Record<string, never>; reply: { addresses: string[] } };
  /** Mailbox content script: what a read of the page found. Untrusted: checked and re-matched. */
  mailboxSeen: {
    request: { report: MailboxPageReport; messages: MailMessage[] };
    reply: { recorded: number };
  };

  // A/B test steps (issue #19): each version's numbers, and the manager ending a test by hand.
  getAbTests: {
    request: { sequenceId: string };
    reply: { tests: import('../store/ab-tests').AbTestResult[] };
  };
  /** `winner` null: end without a winner, so every new record gets the step's `default`. */
  endAbTest: {
    request: { sequenceId: string; stepId: string; winner: 'a' | 'b' | null };
    reply: { tests: import('../store/ab-tests').AbTestResult[] };
  };

  /** Tests a (possibly unfinished) definition on a URL, and reads its fields in `tabId` if allowed. */
  // Insights (issue #18): the stats table and one sequence version's flow, for a window of days.
  getInsights: {
    request: { window: WindowChoice };
    reply: InsightsReply;
  };
  getSequenceInsights: {
    request: { sequenceId: string; version: number | null; window: WindowChoice };
    reply: SequenceInsightsReply;
  };
  /** The records that reached a step of a version (clicking a step in insights). */
  getStepRecords: {
    request: { sequenceId: string; version: number; stepId: string; window: WindowChoice };
    reply: { rows: StepRecordRow[] };
  };

  testCustomCrm: {
    request: {
      definition: import('../sequence/types').CrmDefinition;
      url: string;
      tabId?: number;
    };
    reply: import('../crm/custom-registry').CrmTestResult;
  };
}

/** Roll-ups being rebuilt from the stored history: how far (records). Null when ready. */
export type InsightsBuild = { done: number; total: number } | null;

interface InsightsReply {
  build: InsightsBuild;
  window: DayWindow;
  rows: StatsRow[];
}

export interface SequenceInsightsReply {
  build: InsightsBuild;
  window: DayWindow;
  sequence: { id: string; name: string; entity: Entity; versions: number[] };
  /** The version drawn (null: the sequence was never activated). */
  version: number | null;
  stats: StatsRow;
  flow: SequenceFlow;
  /** The step table of all versions together (empty when the sequence has one version). */
  allSteps: AllVersionsStep[];
  weeks: WeekPoint[];
}

/** The mailbox as the console shows it: what is stored, and which clients the browser lets Upnext read. */
export interface MailboxInfo {
  state: MailboxState;
  granted: Record<MailClientId, boolean>;
}

export type MessageType = keyof Protocol;
export type RequestOf<K extends MessageType> = Protocol[K]['request'];
export type ReplyOf<K extends MessageType> = Protocol[K]['reply'];

/** The wire format of a request. `upnext` marks our messages apart from anything else. */
export interface Envelope<K extends MessageType = MessageType> {
  upnext: 1;
  type: K;
  payload: RequestOf<K>;
}

/**
 * Keyboard shortcuts (the `commands` API) forwarded to the panel of the CRM tab they were pressed
 * on: every extension page hears the broadcast, only the panel frame in tab `tabId` acts.
 */
export type ShortcutCommand = 'complete-step' | 'skip-step' | 'snooze-step';

/** Messages the background pushes to panels and pages (live updates, shortcuts). */
export type Broadcast =
  | { upnext: 1; type: 'recordChanged'; recordKey: string; changes?: number }
  | { upnext: 1; type: 'dataChanged' }
  | { upnext: 1; type: 'shortcut'; command: ShortcutCommand; tabId: number };
