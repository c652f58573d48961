/**
 * The dry run of an import (docs/sequence-format.md, "Import, export and activation"): what a valid pack would create, update (as a new
 * version) and leave unchanged. Pure: the store applies the plan in one transaction.
 */
import { sameJson } from './canonical';
import { countSteps } from './steps';
import { segmentActivationProblems, type SegmentTarget } from './segment-activation';
import type {
  CrmDefinition,
  Pack,
  Segment,
  SegmentState,
  Sequence,
  SequenceRecord,
  SequenceState,
} from './types';

type SequencePlan =
  | { action: 'create'; id: string; name: string; definition: Sequence; steps: number }
  | {
      action: 'update';
      id: string;
      name: string;
      definition: Sequence;
      steps: number;
      /** The stored state; the update keeps it. */
      state: SequenceState;
      /**
       * Active now: the new definition becomes a new version, and records already running stay
       * on the version they started with.
       */
      active: boolean;
      currentVersion: number;
      /** Managed by policy (read-only): the import cannot change it. */
      readOnly: boolean;
    }
  | { action: 'unchanged'; id: string; name: string };

type CrmPlan =
  | {
      action: 'create' | 'update';
      id: string;
      name: string;
      definition: CrmDefinition;
      origins: string[];
    }
  | { action: 'unchanged'; id: string; name: string };

type SegmentPlan =
  | {
      action: 'create' | 'update';
      id: string;
      name: string;
      definition: Segment;
      /** The state the pack asks for (`inactive` when it says none). */
      state: SegmentState;
      /**
       * For a segment the pack wants active: why it cannot be active after this import (its
       * sequence is missing there, for another kind of record, a draft or inactive); empty
       * when it can.
       */
      activationProblems: string[];
    }
  | { action: 'unchanged'; id: string; name: string };

export interface ImportPlan {
  sequences: SequencePlan[];
  segments: SegmentPlan[];
  crms: CrmPlan[];
  counts: { create: number; update: number; unchanged: number };
  /** Origins of created or updated custom CRMs: the import asks permission for these. */
  origins: string[];
}

/** A plan item without its definition. */
type Shown<T> = T extends unknown ? Omit<T, 'definition'> : never;

/**
 * What a page is shown of a plan: all of it but the definitions, which the page has in the
 * file it sent. A 250-sequence pack's definitions are about 1 MB that a reply would copy twice
 * (the background serialises it, the page parses it) for a list of names and counts.
 */
export interface PlanSummary {
  sequences: Shown<SequencePlan>[];
  segments: Shown<SegmentPlan>[];
  crms: Shown<CrmPlan>[];
  counts: ImportPlan['counts'];
  origins: string[];
}

export function planSummary(plan: ImportPlan): PlanSummary {
  const shown = <T extends object>(item: T): Shown<T> => {
    const copy = { ...item } as Record<string, unknown>;
    delete copy['definition'];
    return copy as Shown<T>;
  };
  return {
    sequences: plan.sequences.map(shown),
    segments: plan.segments.map(shown),
    crms: plan.crms.map(shown),
    counts: plan.counts,
    origins: plan.origins,
  };
}

export function planImport(
  existing: readonly SequenceRecord[],
  pack: Pack,
  existingCrms: readonly CrmDefinition[] = [],
  existingSegments: readonly Segment[] = [],
): ImportPlan {
  const stored = new Map(existing.map((record) => [record.id, record]));
  const sequences = pack.sequences.map((definition): SequencePlan => {
    const record = stored.get(definition.id);
    const base = { id: definition.id, name: definition.name };
    if (record === undefined) {
      return { ...base, action: 'create', definition, steps: countSteps(definition) };
    }
    if (sameJson(record.definition, definition)) return { ...base, action: 'unchanged' };
    return {
      ...base,
      action: 'update',
      definition,
      steps: countSteps(definition),
      state: record.state,
      active: record.state === 'active',
      currentVersion: record.version,
      readOnly: record.source === 'policy',
    };
  });
  // Sequences as the import leaves them: stored ones keep their state, new ones are drafts.
  const after = new Map<string, SegmentTarget>(
    existing.map((record) => [
      record.id,
      { name: record.definition.name, entity: record.definition.entity, state: record.state },
    ]),
  );
  for (const definition of pack.sequences) {
    const state = stored.get(definition.id)?.state ?? 'draft';
    after.set(definition.id, { name: definition.name, entity: definition.entity, state });
  }
  const storedSegments = new Map(existingSegments.map((segment) => [segment.id, segment]));
  const segments = (pack.segments ?? []).map((definition): SegmentPlan => {
    const current = storedSegments.get(definition.id);
    const base = { id: definition.id, name: definition.name };
    if (current !== undefined && sameJson(current, definition)) {
      return { ...base, action: 'unchanged' };
    }
    const state = definition.state ?? 'inactive';
    return {
      ...base,
      action: current === undefined ? 'create' : 'update',
      definition,
      state,
      activationProblems:
        state === 'active' ? segmentActivationProblems(definition, (id) => after.get(id)) : [],
    };
  });
  const storedCrms = new Map(existingCrms.map((crm) => [crm.id, crm]));
  const crms = (pack.crms ?? []).map((definition): CrmPlan => {
    const current = storedCrms.get(definition.id);
    const base = { id: definition.id, name: definition.name };
    if (current !== undefined && sameJson(current, definition))
      return { ...base, action: 'unchanged' };
    return {
      ...base,
      action: current === undefined ? 'create' : 'update',
      definition,
      origins: definition.origins,
    };
  });
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const item of [...sequences, ...segments, ...crms]) counts[item.action]++;
  const origins = [
    ...new Set(crms.flatMap((crm) => (crm.action === 'unchanged' ? [] : crm.origins))),
  ];
  return { sequences, segments, crms, counts, origins };
}
