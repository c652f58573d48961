/**
 * One sequence version's insights (issue #18.3, #18.4, #19.5): how records went through its
 * steps and branches, from the connections' own step histories (kept forever, so any window of
 * the last year works). Pure: the caller passes the version's definition and its connections.
 *
 * Per step: reached, completed, skipped, snoozed (at least once), still there, left there (by
 * reason), a condition's Yes / No, the median time from reaching a step to finishing it, call
 * outcomes and email events (records with at least one). An A/B test step also gets the same
 * figures per version. The flow (Sankey) follows each record's route: Connected → the steps it
 * reached, in order → how it ended (completed, replied, disconnected, moved) or "In progress".
 */
import { stepName } from '../sequence/steps';
import {
  CALL_OUTCOMES,
  EMAIL_EVENTS,
  type AbVersion,
  type CallOutcome,
  type EmailEvent,
  type Sequence,
  type Step,
  type StepType,
} from '../sequence/types';
import { median } from './insights';
import { branchPath, findPath, nextPath, stepAt } from './tree';
import type { Connection, StepRecord } from './types';

export type FlowConnection = Pick<
  Connection,
  'id' | 'status' | 'reason' | 'connectedAt' | 'endedAt' | 'current' | 'steps' | 'emailEvents'
> & { recordKey: string; recordName: string };

type LeftReason = 'replied' | 'disconnected' | 'moved';

export interface StepFigures {
  reached: number;
  completed: number;
  skipped: number;
  snoozed: number;
  stillThere: number;
  left: Record<LeftReason, number>;
  yes: number;
  no: number;
  /** Median time from reaching the step to finishing it (completed or passed), ms. */
  medianMs: number | null;
  outcomes: Record<CallOutcome, number>;
  /** Records with at least one such event on this step. */
  emails: Record<EmailEvent, number>;
}

export interface FlowStep {
  stepId: string;
  name: string;
  type: StepType;
  /** 0 top level, 1 inside a branch... */
  depth: number;
  /** The branch this step sits in: its condition's name and `yes` / `no`; null at the top. */
  branch: { condition: string; answer: 'yes' | 'no' } | null;
  figures: StepFigures;
  /** A/B test steps: each version's figures (records whose version is known). */
  versions?: Record<AbVersion, StepFigures>;
}

type FlowEnd = 'completed' | LeftReason | 'active';

export interface FlowNode {
  id: string;
  label: string;
  kind: 'start' | 'step' | 'end';
}

export interface FlowLink {
  source: string;
  target: string;
  value: number;
}

export interface SequenceFlow {
  connected: number;
  ends: Record<FlowEnd, number>;
  steps: FlowStep[];
  nodes: FlowNode[];
  links: FlowLink[];
}

/** Where one connection went: each step it reached with its history record (if finished). */
interface Visit {
  stepId: string;
  record: StepRecord | null;
  here: boolean;
  left: LeftReason | null;
  version: AbVersion | null;
  snoozed: boolean;
}

const END_OF: Record<Connection['status'], FlowEnd> = {
  active: 'active',
  completed: 'completed',
  exited: 'replied',
  disconnected: 'disconnected',
  moved: 'moved',
};

const END_LABELS: Record<FlowEnd, string> = {
  completed: 'Completed',
  replied: 'Left: replied',
  disconnected: 'Left: disconnected',
  moved: 'Left: moved',
  active: 'In progress',
};

/**
 * The step a connection that left early was on: the engine clears `current` when a connection
 * ends, so it is the step after the last one finished (the branch taken after a condition), or
 * the first step when none was. Null for a path that was finished.
 */
function stepLeftAt(definition: Sequence, connection: FlowConnection): string | null {
  const last = connection.steps.at(-1);
  if (last === undefined) return definition.steps[0]?.id ?? null;
  const path = findPath(definition.steps, last.stepId);
  if (path === null) return null;
  const next =
    last.type === 'condition' && last.branch !== undefined
      ? branchPath(definition.steps, path, last.branch)
      : nextPath(definition.steps, path);
  return next === null ? null : (stepAt(definition.steps, next)?.id ?? null);
}

function visitsOf(definition: Sequence, connection: FlowConnection): Visit[] {
  const visits: Visit[] = connection.steps.map((record) => ({
    stepId: record.stepId,
    record,
    here: false,
    left: null,
    version: record.ab?.version ?? null,
    snoozed: (record.snoozeCount ?? 0) > 0,
  }));
  const end = END_OF[connection.status];
  if (connection.current !== null) {
    visits.push({
      stepId: connection.current.stepId,
      record: null,
      here: connection.status === 'active',
      left: null,
      version: connection.current.ab?.version ?? null,
      snoozed: connection.current.snoozeCount > 0,
    });
  } else if (end === 'replied' || end === 'disconnected' || end === 'moved') {
    const at = stepLeftAt(definition, connection);
    const last = visits.at(-1);
    if (at !== null && !visits.some((visit) => visit.stepId === at)) {
      visits.push({
        stepId: at,
        record: null,
        here: false,
        left: end,
        version: null,
        snoozed: false,
      });
    } else if (last !== undefined) {
      // Left on the step that ended its path (a move-to-sequence step): it is counted there.
      last.left = end;
    }
  }
  return visits;
}

function emptyFigures(): StepFigures {
  return {
    reached: 0,
    completed: 0,
    skipped: 0,
    snoozed: 0,
    stillThere: 0,
    left: { replied: 0, disconnected: 0, moved: 0 },
    yes: 0,
    no: 0,
    medianMs: null,
    outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>,
    emails: Object.fromEntries(EMAIL_EVENTS.map((e) => [e, 0])) as Record<EmailEvent, number>,
  };
}

function count(
  figures: StepFigures,
  times: number[],
  visit: Visit,
  connection: FlowConnection,
): void {
  figures.reached += 1;
  if (visit.snoozed) figures.snoozed += 1;
  if (visit.here) figures.stillThere += 1;
  if (visit.left !== null) figures.left[visit.left] += 1;
  const record = visit.record;
  if (record !== null) {
    if (record.result === 'skipped') figures.skipped += 1;
    else {
      figures.completed += 1;
      times.push(Math.max(0, record.at - record.reachedAt));
    }
    if (record.branch === 'yes') figures.yes += 1;
    if (record.branch === 'no') figures.no += 1;
    if (record.outcome !== undefined) figures.outcomes[record.outcome] += 1;
  }
  const seen = new Set<EmailEvent>();
  for (const event of connection.emailEvents)
    if (event.stepId === visit.stepId) seen.add(event.type);
  for (const type of seen) figures.emails[type] += 1;
}

/** A flow node's id for a step (a version of an A/B step gets its own node). */
function nodeId(stepId: string, version: AbVersion | null): string {
  return version === null ? `step:${stepId}` : `step:${stepId}:${version}`;
}

/** A step of a definition in table order (depth first, Yes branch before No). */
interface OrderedStep {
  step: Step;
  depth: number;
  branch: FlowStep['branch'];
}

function stepOrder(definition: Sequence): OrderedStep[] {
  const order: OrderedStep[] = [];
  const walk = (steps: readonly Step[], depth: number, branch: FlowStep['branch']): void => {
    for (const step of steps) {
      order.push({ step, depth, branch });
      if (step.type === 'condition') {
        walk(step.yes, depth + 1, { condition: stepName(step), answer: 'yes' });
        walk(step.no, depth + 1, { condition: stepName(step), answer: 'no' });
      }
    }
  };
  walk(definition.steps, 0, null);
  return order;
}

/** One step's running tally: its figures and the times behind its median (ms). */
interface StepTally {
  figures: StepFigures;
  times: number[];
  /** A/B test steps: the same per version. */
  versions?: Record<AbVersion, { figures: StepFigures; times: number[] }>;
}

function emptyTally(step: Step): StepTally {
  const tally: StepTally = { figures: emptyFigures(), times: [] };
  if (step.type === 'ab-test')
    tally.versions = {
      a: { figures: emptyFigures(), times: [] },
      b: { figures: emptyFigures(), times: [] },
    };
  return tally;
}

/**
 * Counts each connection's visits into `tallies` (by step id; visits to a step the map does not
 * have are ignored) and calls `onVisit` with each counted visit's flow node, in route order.
 */
function tallyVisits(
  definition: Sequence,
  connections: readonly FlowConnection[],
  tallies: ReadonlyMap<string, StepTally>,
  onVisit?: (connection: FlowConnection, visit: Visit, version: AbVersion | null) => void,
): void {
  for (const connection of connections) {
    for (const visit of visitsOf(definition, connection)) {
      const tally = tallies.get(visit.stepId);
      if (tally === undefined) continue; // a step this version does not have
      count(tally.figures, tally.times, visit, connection);
      const version = tally.versions === undefined ? null : visit.version;
      if (tally.versions !== undefined && version !== null) {
        const mine = tally.versions[version];
        count(mine.figures, mine.times, visit, connection);
      }
      onVisit?.(connection, visit, version);
    }
  }
}

/** A flow step's figures from its tally (the median computed now). */
function flowStepOf({ step, depth, branch }: OrderedStep, tally: StepTally): FlowStep {
  const flowStep: FlowStep = {
    stepId: step.id,
    name: stepName(step),
    type: step.type,
    depth,
    branch,
    figures: { ...tally.figures, medianMs: median(tally.times) },
  };
  if (tally.versions !== undefined) {
    const { a, b } = tally.versions;
    flowStep.versions = {
      a: { ...a.figures, medianMs: median(a.times) },
      b: { ...b.figures, medianMs: median(b.times) },
    };
  }
  return flowStep;
}

/** The flow and step table of one version (`definition`) over `connections` (of that version). */
export function sequenceFlow(
  definition: Sequence,
  connections: readonly FlowConnection[],
): SequenceFlow {
  const order = stepOrder(definition);
  const tallies = new Map(order.map(({ step }) => [step.id, emptyTally(step)]));

  const ends: Record<FlowEnd, number> = {
    completed: 0,
    replied: 0,
    disconnected: 0,
    moved: 0,
    active: 0,
  };
  const links = new Map<string, FlowLink>();
  const link = (source: string, target: string): void => {
    const key = `${source}\u0000${target}`;
    const found = links.get(key);
    if (found === undefined) links.set(key, { source, target, value: 1 });
    else found.value += 1;
  };
  const labels = new Map<string, FlowNode>([
    ['start', { id: 'start', label: 'Connected', kind: 'start' }],
  ]);
  const names = new Map(order.map(({ step }) => [step.id, stepName(step)]));

  // Each connection's route: Connected → the steps it reached → how it ended.
  const from = new Map<FlowConnection, string>();
  tallyVisits(definition, connections, tallies, (connection, visit, version) => {
    const id = nodeId(visit.stepId, version);
    if (!labels.has(id)) {
      const name = names.get(visit.stepId) ?? visit.stepId;
      labels.set(id, {
        id,
        label: version === null ? name : `${name} · version ${version.toUpperCase()}`,
        kind: 'step',
      });
    }
    link(from.get(connection) ?? 'start', id);
    from.set(connection, id);
  });
  for (const connection of connections) {
    const end = END_OF[connection.status];
    ends[end] += 1;
    const endId = `end:${end}`;
    labels.set(endId, { id: endId, label: END_LABELS[end], kind: 'end' });
    link(from.get(connection) ?? 'start', endId);
  }

  return {
    connected: connections.length,
    ends,
    steps: order.map((entry) =>
      flowStepOf(entry, tallies.get(entry.step.id) ?? emptyTally(entry.step)),
    ),
    nodes: [...labels.values()],
    links: [...links.values()],
  };
}

/** A row of the all-versions step table: a step's figures summed over every version that has it. */
export interface AllVersionsStep extends FlowStep {
  /** The versions whose definition has this step (ascending). */
  inVersions: number[];
  /** True when some version being summed does not have this step. */
  partial: boolean;
}

/**
 * The step table of all versions together (issue #18.4): each version's connections are
 * followed on that version's own steps, and the figures are added up by step id, so a step kept
 * from one version to the next adds up across them, and its median is over every version's times.
 * Name, type and place come from the newest version that has the step; a step that only older
 * versions have sits after the step it followed there. `partial` marks steps some versions lack.
 */
export function allVersionsSteps(
  versions: readonly {
    version: number;
    definition: Sequence;
    connections: readonly FlowConnection[];
  }[],
): AllVersionsStep[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const rows: { entry: OrderedStep; tally: StepTally; inVersions: number[] }[] = [];
  const byId = new Map<string, (typeof rows)[number]>();
  for (const { version, definition, connections } of newestFirst) {
    const order = stepOrder(definition);
    // Where a step new to the table goes: after the previous step of this version's order.
    let after = -1;
    for (const entry of order) {
      const found = byId.get(entry.step.id);
      if (found === undefined) {
        const row = { entry, tally: emptyTally(entry.step), inVersions: [version] };
        rows.splice(after + 1, 0, row);
        byId.set(entry.step.id, row);
        after += 1;
      } else {
        found.inVersions.unshift(version);
        if (found.tally.versions === undefined && entry.step.type === 'ab-test')
          found.tally.versions = emptyTally(entry.step).versions;
        after = rows.indexOf(found);
      }
    }
    tallyVisits(
      definition,
      connections,
      new Map(
        order.flatMap(({ step }) => {
          const row = byId.get(step.id);
          return row === undefined ? [] : [[step.id, row.tally] as const];
        }),
      ),
    );
  }
  return rows.map(({ entry, tally, inVersions }) => ({
    ...flowStepOf(entry, tally),
    inVersions,
    partial: inVersions.length < versions.length,
  }));
}

/** How one record stands at a step: what the step table's "records" list shows. */
export interface StepRecordRow {
  recordKey: string;
  recordName: string;
  connectionId: string;
  outcome: 'completed' | 'skipped' | 'here' | LeftReason | 'yes' | 'no' | 'passed';
  version: AbVersion | null;
  /** When it finished or left the step; null while it is there. */
  at: number | null;
}

/** The records that reached `stepId`, and how each stands there (clicking a step). */
export function recordsAtStep(
  definition: Sequence,
  connections: readonly FlowConnection[],
  stepId: string,
): StepRecordRow[] {
  const rows: StepRecordRow[] = [];
  for (const connection of connections) {
    const visit = visitsOf(definition, connection).find((candidate) => candidate.stepId === stepId);
    if (visit === undefined) continue;
    const record = visit.record;
    let outcome: StepRecordRow['outcome'];
    if (visit.left !== null) outcome = visit.left;
    else if (visit.here) outcome = 'here';
    else if (record?.branch !== undefined) outcome = record.branch;
    else if (record?.result === 'skipped') outcome = 'skipped';
    else if (record?.type === 'wait') outcome = 'passed';
    else outcome = 'completed';
    rows.push({
      recordKey: connection.recordKey,
      recordName: connection.recordName,
      connectionId: connection.id,
      outcome,
      version: visit.version,
      at: record?.at ?? (visit.left === null ? null : connection.endedAt),
    });
  }
  return rows.sort((a, b) => a.recordName.localeCompare(b.recordName));
}
