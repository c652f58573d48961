/**
 * What the panel shows for one record, computed in the background from the engine state and
 * the sequence definitions (the panel never sees definitions it does not need). Pure: no
 * browser APIs; the caller passes the clock and lookups.
 */
import {
  currentSteps,
  history,
  isSentEmail,
  pathAhead,
  progress,
  type AheadStep,
} from '../engine/queries';
import type { AwayPeriod } from '../engine/time/away';
import type { Connection, RecordRef, RecordState, SequenceVersion } from '../engine/types';
import { countSteps, sellerStep, stepName, walkSteps } from '../sequence/steps';
import { renderTemplate } from '../sequence/template';
import { describeCondition } from './condition-words';
import type {
  AbVersion,
  CallOutcome,
  EmailEvent,
  LinkedinAction,
  Sequence,
  Step,
  StepType,
} from '../sequence/types';

interface RenderedText {
  text: string;
  emptyFields: string[];
}

export interface CurrentStepInfo {
  stepId: string;
  type: StepType;
  name: string;
  description: string | null;
  kind: 'action' | 'waiting' | 'needs-answer' | 'snoozed';
  dueAt: number;
  isDue: boolean;
  overdue: boolean;
  reachedAt: number;
  waitEndsAt: number | null;
  windowClosesAt: number | null;
  snoozedUntil: number | null;
  snoozeCount: number;
  /** A condition that needs the seller: the question in words. */
  question: string | null;
  /** A move that could not happen yet, in words. */
  problem: string | null;
  email: { subject: RenderedText; body: RenderedText } | null;
  text: RenderedText | null;
  linkedinAction: LinkedinAction | null;
  field: { key: string; value: string } | null;
}

export interface AheadItem {
  stepId: string;
  type: StepType;
  name: string;
  depth: number;
  /** For steps inside a condition's branch: which branch. */
  branch: 'yes' | 'no' | null;
  /** The branch cannot be known yet: the step may or may not come. */
  tentative: boolean;
}

export interface HistoryItem {
  at: number;
  kind: 'connected' | 'step' | 'email-event' | 'ended';
  stepId: string | null;
  name: string;
  type: StepType | null;
  result: 'completed' | 'skipped' | 'auto' | null;
  outcome: CallOutcome | null;
  note: string | null;
  /** An email step the mailbox completed: the subject of the email it saw go out. */
  subject: string | null;
  branch: 'yes' | 'no' | null;
  event: EmailEvent | null;
  status: Connection['status'] | null;
}

export interface ConnectionView {
  connectionId: string;
  sequenceId: string;
  sequenceName: string;
  description: string | null;
  version: number;
  revision: number;
  status: Connection['status'];
  reason: Connection['reason'];
  connectedAt: number;
  endedAt: number | null;
  exitOnReply: boolean;
  current: CurrentStepInfo | null;
  ahead: AheadItem[];
  history: HistoryItem[];
  progress: { done: number; total: number; ratio: number };
  totalSteps: number;
  /** Email steps already completed (for "Customer replied" etc.). */
  sentEmails: { stepId: string; name: string }[];
  /**
   * A/B test steps this record got a version of (done or current), for "About this sequence"
   * only: the seller otherwise sees the version as a plain email or text step.
   */
  abTests: { stepId: string; name: string; version: AbVersion }[];
  /** The segment that connected the record (issue #17), and why, for the panel's About. */
  routedBy?: RoutedBy;
}

/** Why a record is (or is not) in a segment: the latest evaluation of its segments. */
export interface SegmentWhyView {
  at: number;
  trigger: 'first-sight' | 'field-change' | 'manual';
  result: 'matched' | 'no-match' | 'kept' | 'moved';
  segment: string | null;
  segmentName: string | null;
  why: string;
  connect: { words: string };
}

interface RoutedBy {
  segment: string;
  /** Null when the segment no longer exists or was not evaluated since. */
  segmentName: string | null;
  /** The latest evaluation, when it concerned this segment. */
  latest: SegmentWhyView | null;
}

export interface RecordView {
  key: string;
  record: RecordRef;
  name: string;
  url: string;
  captured: Record<string, string>;
  active: ConnectionView[];
  /** Ended connections, newest first. */
  ended: ConnectionView[];
  now: number;
  /** The seller's time zone: due times and snooze choices are shown and computed in it. */
  timeZone: string;
  /** The record's stored change count when this view was built (see RecordDoc.changes). */
  changes: number;
  /** The latest evaluation of its segments (issue #17); absent when none ran. */
  segmentWhy?: SegmentWhyView;
}

export interface RecordViewContext {
  now: number;
  timeZone: string;
  away: AwayPeriod[];
  sequences: (id: string, version?: number) => SequenceVersion | undefined;
  seller: { name?: string };
}

const render = (
  text: string,
  fields: Record<string, string>,
  seller: { name?: string },
): RenderedText => renderTemplate(text, fields, seller);

function flattenAhead(
  nodes: AheadStep[],
  depth: number,
  branch: 'yes' | 'no' | null,
  tentative: boolean,
  out: AheadItem[],
): void {
  for (const node of nodes) {
    if (!node.current) {
      // An A/B test step ahead shows as a step of its channel: the version comes when reached.
      const seen = sellerStep(node.step);
      out.push({
        stepId: node.step.id,
        type: seen.type,
        name: stepName(seen),
        depth,
        branch,
        tentative,
      });
    }
    const branches = node.branches;
    if (branches) {
      const unknown = branches.known === null;
      if (branches.yes) flattenAhead(branches.yes, depth + 1, 'yes', tentative || unknown, out);
      if (branches.no) flattenAhead(branches.no, depth + 1, 'no', tentative || unknown, out);
    }
  }
}

/** The steps of a sequence not connected yet, flattened for a preview (connect picker). */
export function previewSteps(definition: Sequence): AheadItem[] {
  const out: AheadItem[] = [];
  flattenAhead(pathAhead(null, definition), 0, null, false, out);
  return out;
}

export function buildRecordView(
  doc: {
    key: string;
    ref: RecordRef;
    name: string;
    url: string;
    captured: Record<string, string>;
    state: RecordState;
    changes?: number;
    segmentWhy?: SegmentWhyView;
  },
  ctx: RecordViewContext,
): RecordView {
  const currents = new Map(currentSteps(doc.state, ctx).map((view) => [view.connectionId, view]));
  const fields: Record<string, string> = { ...doc.captured };
  fields['name'] ??= doc.name;

  const views = doc.state.connections.map((connection): ConnectionView => {
    const definition = ctx.sequences(connection.sequenceId, connection.version)?.definition;
    const steps = definition?.steps ?? [];
    // Names as the seller knows the steps: an A/B test step by the version this record got.
    // Every history entry names its step, so the steps and the versions are looked up by id
    // (first match, as a walk and a search of the history would find them), not searched for
    // each entry: the view is built on every action and read, and the history grows.
    const byId = stepsById(steps);
    const firstRecord = new Map<string, Connection['steps'][number]>();
    for (const record of connection.steps)
      if (!firstRecord.has(record.stepId)) firstRecord.set(record.stepId, record);
    const abVersion = (id: string) =>
      firstRecord.get(id)?.ab?.version ??
      (connection.current?.stepId === id ? connection.current.ab?.version : undefined);
    const sellerStepOf = (id: string): Step | undefined => {
      const step = byId.get(id);
      return step ? sellerStep(step, abVersion(id)) : undefined;
    };
    const nameOf = (id: string) => {
      const step = sellerStepOf(id);
      return step ? stepName(step) : id;
    };
    const cur = currents.get(connection.id);
    let current: CurrentStepInfo | null = null;
    if (cur) {
      const step = cur.step;
      current = {
        stepId: cur.stepId,
        type: step?.type ?? 'task',
        name: step ? stepName(step) : cur.stepId,
        description: step?.description ?? null,
        kind: cur.kind,
        dueAt: cur.dueAt,
        isDue: cur.isDue,
        overdue: cur.overdue,
        reachedAt: cur.reachedAt,
        waitEndsAt: cur.waitEndsAt,
        windowClosesAt: cur.windowClosesAt,
        snoozedUntil: cur.snoozedUntil,
        snoozeCount: cur.snoozeCount,
        question:
          step?.type === 'condition' && cur.kind === 'needs-answer'
            ? describeCondition(step.if, nameOf)
            : null,
        problem: cur.problem?.message ?? null,
        email:
          step?.type === 'email' && step.template
            ? {
                subject: render(step.template.subject, fields, ctx.seller),
                body: render(step.template.body, fields, ctx.seller),
              }
            : null,
        text:
          (step?.type === 'text' || step?.type === 'linkedin') && step.template
            ? render(step.template.body, fields, ctx.seller)
            : null,
        linkedinAction: step?.type === 'linkedin' ? step.action : null,
        field:
          step?.type === 'update-field' ? { key: step.field, value: String(step.value) } : null,
      };
    }
    const ahead: AheadItem[] = [];
    if (definition && connection.status === 'active') {
      flattenAhead(
        pathAhead(connection, definition, doc.state.fields, {
          now: ctx.now,
          timeZone: ctx.timeZone,
        }),
        0,
        null,
        false,
        ahead,
      );
    }
    const historyItems = history(connection).map((entry): HistoryItem => {
      const base: HistoryItem = {
        at: entry.at,
        kind: entry.kind,
        stepId: null,
        name: '',
        type: null,
        result: null,
        outcome: null,
        note: null,
        subject: null,
        branch: null,
        event: null,
        status: null,
      };
      switch (entry.kind) {
        case 'connected':
          return { ...base, name: 'Connected' };
        case 'ended':
          return { ...base, name: 'Ended', status: entry.status };
        case 'email-event':
          return {
            ...base,
            stepId: entry.stepId,
            name: entry.stepId ? nameOf(entry.stepId) : 'Email',
            event: entry.type,
          };
        case 'step':
          return {
            ...base,
            stepId: entry.stepId,
            name: nameOf(entry.stepId),
            type: sellerStepOf(entry.stepId)?.type ?? entry.type,
            result: entry.result,
            outcome: entry.outcome ?? null,
            note: entry.note ?? null,
            subject: entry.subject ?? null,
            branch: entry.branch ?? null,
          };
      }
    });
    return {
      connectionId: connection.id,
      sequenceId: connection.sequenceId,
      sequenceName: connection.sequenceName,
      description: definition?.description ?? null,
      version: connection.version,
      revision: connection.revision,
      status: connection.status,
      reason: connection.reason,
      connectedAt: connection.connectedAt,
      endedAt: connection.endedAt,
      exitOnReply: connection.exitOnReply,
      current,
      ahead,
      history: historyItems,
      progress: definition
        ? progress(connection, definition, doc.state.fields)
        : { done: connection.steps.length, total: connection.steps.length, ratio: 1 },
      totalSteps: countSteps({ steps }),
      sentEmails: connection.steps
        .filter((step) => isSentEmail(step, definition))
        .map((step) => ({ stepId: step.stepId, name: nameOf(step.stepId) })),
      abTests: [...connection.steps, ...(connection.current ? [connection.current] : [])].flatMap(
        (step) =>
          step.ab === undefined
            ? []
            : [{ stepId: step.stepId, name: nameOf(step.stepId), version: step.ab.version }],
      ),
      ...(connection.segment === undefined
        ? {}
        : { routedBy: routedBy(connection.segment, doc.segmentWhy) }),
    };
  });

  return {
    key: doc.key,
    record: doc.ref,
    name: doc.name,
    url: doc.url,
    captured: doc.captured,
    active: views.filter((view) => view.status === 'active'),
    ended: views
      .filter((view) => view.status !== 'active')
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0)),
    now: ctx.now,
    timeZone: ctx.timeZone,
    changes: doc.changes ?? 0,
    ...(doc.segmentWhy === undefined ? {} : { segmentWhy: doc.segmentWhy }),
  };
}

/** A definition's steps by id, in every branch; the first of a repeated id, as `findStep`. */
function stepsById(steps: readonly Step[]): Map<string, Step> {
  const byId = new Map<string, Step>();
  for (const { step } of walkSteps(steps)) if (!byId.has(step.id)) byId.set(step.id, step);
  return byId;
}

function routedBy(segment: string, latest: SegmentWhyView | undefined): RoutedBy {
  const about = latest?.segment === segment ? latest : null;
  return { segment, segmentName: about?.segmentName ?? null, latest: about };
}
