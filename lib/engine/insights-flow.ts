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
 *
 * Everything the flow draws is a sum over connections (`FlowTally`: counts, links, and each
 * step's times for its median), so the flow of a cohort is the sum of its connections' tallies:
 * the store keeps them per sequence, version and day of connection (flow roll-ups,
 * lib/store/rollups.ts), and a window's flow reads those instead of every record.
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

/** The connection fields its part of a flow depends on. */
export type TallyConnection = Pick<Connection, 'status' | 'current' | 'steps' | 'emailEvents'>;

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

const FLOW_ENDS: readonly FlowEnd[] = ['completed', 'replied', 'disconnected', 'moved', 'active'];

/** A step's figures without the median: the part that adds up over connections. */
type StepCounts = Omit<StepFigures, 'medianMs'>;

/** One step's running tally: its counts and the times behind its median (ms, any order). */
interface StepTally {
  figures: StepCounts;
  times: number[];
  /** A/B test steps: the same per version. */
  versions?: Record<AbVersion, { figures: StepCounts; times: number[] }>;
}

/**
 * What some connections of one version add up to in its flow: everything `flowOfTally` draws,
 * as sums, so the tally of a cohort is the sum of its connections' tallies (`addFlowTally`).
 * Plain data, stored as it is (lib/store/rollups.ts).
 */
export interface FlowTally {
  connected: number;
  ends: Record<FlowEnd, number>;
  /** By step id: the steps some connection reached (a step nobody reached has no entry). */
  steps: Partial<Record<string, StepTally>>;
  /** Records per link between two flow nodes, by `${source}>${target}` (node ids have no `>`). */
  links: Partial<Record<string, number>>;
}

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
function stepLeftAt(definition: Sequence, connection: TallyConnection): string | null {
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

function visitsOf(definition: Sequence, connection: TallyConnection): Visit[] {
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

function emptyFigures(): StepCounts {
  return {
    reached: 0,
    completed: 0,
    skipped: 0,
    snoozed: 0,
    stillThere: 0,
    left: { replied: 0, disconnected: 0, moved: 0 },
    yes: 0,
    no: 0,
    // Literals (typed, so a new outcome or event must be added here): every action's tally
    // makes a few of these.
    outcomes: { connected: 0, voicemail: 0, 'no-answer': 0, 'wrong-number': 0 },
    emails: { replied: 0, opened: 0, 'link-clicked': 0 },
  };
}

function count(
  figures: StepCounts,
  times: number[],
  visit: Visit,
  connection: TallyConnection,
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

function emptyTally(step: Step): StepTally {
  const tally: StepTally = { figures: emptyFigures(), times: [] };
  if (step.type === 'ab-test')
    tally.versions = {
      a: { figures: emptyFigures(), times: [] },
      b: { figures: emptyFigures(), times: [] },
    };
  return tally;
}

export function emptyFlowTally(): FlowTally {
  return {
    connected: 0,
    ends: { completed: 0, replied: 0, disconnected: 0, moved: 0, active: 0 },
    steps: {},
    links: {},
  };
}

function linkKey(source: string, target: string): string {
  return `${source}>${target}`;
}

/** The node a visit is drawn as (an A/B test step's visits by version). */
function visitNode(step: Step, visit: Visit): string {
  return nodeId(visit.stepId, step.type === 'ab-test' ? visit.version : null);
}

/**
 * Adds to `tally` one connection's route from its visit `start` on (entered from node `from`)
 * and its end: a visit to a step `known` does not have (another version's) is not counted.
 */
function tallyRoute(
  tally: FlowTally,
  known: ReadonlyMap<string, Step>,
  connection: TallyConnection,
  visits: readonly Visit[],
  start: number,
  from: string,
): void {
  for (const visit of visits.slice(start)) {
    const step = known.get(visit.stepId);
    if (step === undefined) continue; // a step this version does not have
    const entry = (tally.steps[visit.stepId] ??= emptyTally(step));
    count(entry.figures, entry.times, visit, connection);
    if (entry.versions !== undefined && visit.version !== null) {
      const mine = entry.versions[visit.version];
      count(mine.figures, mine.times, visit, connection);
    }
    const id = visitNode(step, visit);
    const key = linkKey(from, id);
    tally.links[key] = (tally.links[key] ?? 0) + 1;
    from = id;
  }
  const end = END_OF[connection.status];
  tally.ends[end] += 1;
  const key = linkKey(from, `end:${end}`);
  tally.links[key] = (tally.links[key] ?? 0) + 1;
}

/** Adds each connection's route to `tally` (see `tallyRoute`). */
function tallyInto(
  tally: FlowTally,
  definition: Sequence,
  known: ReadonlyMap<string, Step>,
  connections: readonly TallyConnection[],
): void {
  for (const connection of connections) {
    tally.connected += 1;
    tallyRoute(tally, known, connection, visitsOf(definition, connection), 0, 'start');
  }
}

/** The email event types a connection has on `stepId`, as `count` sees them (sorted). */
function emailTypesAt(connection: TallyConnection, stepId: string): string {
  const types = new Set<string>();
  for (const event of connection.emailEvents) if (event.stepId === stepId) types.add(event.type);
  return [...types].sort().join();
}

function sameEmailEvents(a: TallyConnection, b: TallyConnection): boolean {
  return (
    a.emailEvents.length === b.emailEvents.length &&
    a.emailEvents.every((event, index) => {
      const other = b.emailEvents[index];
      return event.type === other.type && event.stepId === other.stepId;
    })
  );
}

/** Whether two visits count the same in `count` (every field it reads), emails aside. */
function sameVisit(a: Visit, b: Visit): boolean {
  if (
    a.stepId !== b.stepId ||
    a.here !== b.here ||
    a.left !== b.left ||
    a.version !== b.version ||
    a.snoozed !== b.snoozed
  )
    return false;
  const [x, y] = [a.record, b.record];
  if (x === null || y === null) return x === y;
  return (
    x.result === y.result &&
    x.at === y.at &&
    x.reachedAt === y.reachedAt &&
    x.branch === y.branch &&
    x.outcome === y.outcome
  );
}

/**
 * What one connection's change (from `before` to `after`, both of the version `definition`)
 * does to a tally: `remove` to take away and `add` to add, or null when its part of the flow
 * did not change. A route changes at its end (a step finished, the next reached, an end), so the
 * visits both routes share from the start count the same and are left out of both: this is
 * `flowTally(definition, [after])` minus `flowTally(definition, [before])` without walking the
 * whole route twice (each action pays it, bench insights-rollup-action-cost). `connected` is 0
 * in both (the connection is counted already).
 */
export function flowTallyChange(
  definition: Sequence,
  before: TallyConnection,
  after: TallyConnection,
): { remove: FlowTally; add: FlowTally } | null {
  const known = knownSteps(definition);
  const was = visitsOf(definition, before);
  const now = visitsOf(definition, after);
  const emailsSame = sameEmailEvents(before, after);
  let start = 0;
  let from = 'start';
  for (; start < was.length && start < now.length; start++) {
    const [a, b] = [was[start], now[start]];
    if (!sameVisit(a, b)) break;
    if (!emailsSame && emailTypesAt(before, a.stepId) !== emailTypesAt(after, b.stepId)) break;
    const step = known.get(a.stepId);
    if (step !== undefined) from = visitNode(step, a);
  }
  if (start === was.length && start === now.length && before.status === after.status) return null;
  const remove = emptyFlowTally();
  const add = emptyFlowTally();
  tallyRoute(remove, known, before, was, start, from);
  tallyRoute(add, known, after, now, start, from);
  return { remove, add };
}

/**
 * A step's counts as a flow roll-up row stores them: only the counts that are not zero (a
 * nested group, such as call outcomes, only when one of its counts is not zero). Most are zero
 * (a task step has no outcomes, replies or Yes / No), and each action reads and writes its
 * row, so the row stays small (bench insights-rollup-action-cost).
 */
type PackedCounts = {
  [K in keyof StepCounts]?: StepCounts[K] extends number ? number : Partial<StepCounts[K]>;
};

/** A step's tally as stored: its counts packed (`PackedCounts`), its times as they are. */
interface PackedStepTally {
  figures: PackedCounts;
  times: number[];
  versions?: Record<AbVersion, { figures: PackedCounts; times: number[] }>;
}

/** A `FlowTally` as a flow roll-up row stores it (`packFlowTally`). */
export interface PackedFlowTally extends Omit<FlowTally, 'steps'> {
  steps: Partial<Record<string, PackedStepTally>>;
}

function packCounts(counts: StepCounts): PackedCounts {
  const packed: Record<string, number | Record<string, number>> = {};
  for (const [name, value] of Object.entries(counts) as [string, number | object][]) {
    if (typeof value === 'number') {
      if (value !== 0) packed[name] = value;
      continue;
    }
    const group = Object.entries(value).filter(([, n]) => n !== 0);
    if (group.length > 0) packed[name] = Object.fromEntries(group);
  }
  return packed;
}

/** Counts from packed ones, or from a row written before rows were packed (all counts there). */
function unpackCounts(packed: PackedCounts): StepCounts {
  const counts = emptyFigures();
  for (const [name, value] of Object.entries(packed) as [keyof StepCounts, unknown][]) {
    if (typeof value === 'number') (counts as unknown as Record<string, number>)[name] = value;
    else Object.assign(counts[name] as object, value);
  }
  return counts;
}

function packStep(step: StepTally): PackedStepTally {
  const packed: PackedStepTally = { figures: packCounts(step.figures), times: [...step.times] };
  if (step.versions !== undefined) {
    const { a, b } = step.versions;
    packed.versions = {
      a: { figures: packCounts(a.figures), times: [...a.times] },
      b: { figures: packCounts(b.figures), times: [...b.times] },
    };
  }
  return packed;
}

/** `tally` as a flow roll-up row stores it: zero counts left out (`PackedCounts`). */
export function packFlowTally(tally: FlowTally): PackedFlowTally {
  const steps: Partial<Record<string, PackedStepTally>> = {};
  for (const [stepId, step] of Object.entries(tally.steps))
    if (step !== undefined) steps[stepId] = packStep(step);
  return { connected: tally.connected, ends: { ...tally.ends }, steps, links: { ...tally.links } };
}

/** Sets a packed count: a count that comes to zero is left out. */
function setCount(into: Record<string, unknown>, name: string, value: number): void {
  if (value === 0) Reflect.deleteProperty(into, name);
  else into[name] = value;
}

/** `into` plus (`sign` 1) or minus (-1) `add`, in place, keeping only counts that are not zero. */
function addPackedCounts(into: PackedCounts, add: StepCounts, sign: 1 | -1): void {
  const counts = into as Record<string, number | Record<string, number | undefined> | undefined>;
  for (const [name, value] of Object.entries(add) as [string, number | Record<string, number>][]) {
    const held = counts[name];
    if (typeof value === 'number') {
      if (value !== 0) setCount(counts, name, (typeof held === 'number' ? held : 0) + sign * value);
      continue;
    }
    const group = typeof held === 'object' ? held : {};
    for (const [key, n] of Object.entries(value))
      if (n !== 0) setCount(group, key, (group[key] ?? 0) + sign * n);
    if (Object.keys(group).length > 0) counts[name] = group;
    else Reflect.deleteProperty(counts, name);
  }
}

/**
 * The counts a tally and a stored row keep alike (connections, ends, links), plus (`sign` 1) or
 * minus (-1) `add`'s, in place; a link no record follows any more is dropped. One home for both
 * `addFlowTally` and `addToPackedFlowTally`, which differ only in how they keep steps.
 */
function addRouteCounts(
  into: Omit<FlowTally, 'steps'>,
  add: Omit<FlowTally, 'steps'>,
  sign: 1 | -1,
): void {
  into.connected += sign * add.connected;
  for (const end of FLOW_ENDS) into.ends[end] += sign * add.ends[end];
  for (const [key, value = 0] of Object.entries(add.links)) {
    const next = (into.links[key] ?? 0) + sign * value;
    if (next <= 0) Reflect.deleteProperty(into.links, key);
    else into.links[key] = next;
  }
}

/**
 * A stored row's tally (`PackedFlowTally`) plus (`sign` 1) or minus (-1) `add`, in place, and
 * still packed: only the steps and links `add` has are touched, so an action that changes two
 * steps of a long flow costs two steps (bench insights-rollup-action-cost). The same sum as
 * `addFlowTally` on the unpacked tally. A row stored before rows were packed works too (its
 * zero counts stay until they change). Returns `into`.
 */
export function addToPackedFlowTally(
  into: PackedFlowTally,
  add: FlowTally,
  sign: 1 | -1 = 1,
): PackedFlowTally {
  for (const [stepId, step] of Object.entries(add.steps)) {
    if (step === undefined) continue;
    const mine = into.steps[stepId];
    if (mine === undefined) {
      if (sign === 1) into.steps[stepId] = packStep(step);
      continue;
    }
    addPackedCounts(mine.figures, step.figures, sign);
    addTimes(mine.times, step.times, sign);
    if (step.versions !== undefined) {
      mine.versions ??= { a: { figures: {}, times: [] }, b: { figures: {}, times: [] } };
      for (const version of ['a', 'b'] as const) {
        addPackedCounts(mine.versions[version].figures, step.versions[version].figures, sign);
        addTimes(mine.versions[version].times, step.versions[version].times, sign);
      }
    }
    if ((mine.figures.reached ?? 0) <= 0) Reflect.deleteProperty(into.steps, stepId);
  }
  addRouteCounts(into, add, sign);
  return into;
}

/**
 * The tally a stored flow roll-up row holds (`packFlowTally`; a row stored before rows were
 * packed reads the same). The result shares nothing with `packed`, so it can be changed.
 */
export function unpackFlowTally(packed: PackedFlowTally): FlowTally {
  const steps: FlowTally['steps'] = {};
  for (const [stepId, step] of Object.entries(packed.steps)) {
    if (step === undefined) continue;
    const tally: StepTally = { figures: unpackCounts(step.figures), times: [...step.times] };
    if (step.versions !== undefined) {
      const { a, b } = step.versions;
      tally.versions = {
        a: { figures: unpackCounts(a.figures), times: [...a.times] },
        b: { figures: unpackCounts(b.figures), times: [...b.times] },
      };
    }
    steps[stepId] = tally;
  }
  return {
    connected: packed.connected,
    ends: { ...packed.ends },
    steps,
    links: { ...packed.links },
  };
}

function knownSteps(definition: Sequence): Map<string, Step> {
  return new Map(stepOrder(definition).map(({ step }) => [step.id, step]));
}

/** The tally of `connections` (of the version `definition`), added to `into` (default: none). */
export function flowTally(
  definition: Sequence,
  connections: readonly TallyConnection[],
  into: FlowTally = emptyFlowTally(),
): FlowTally {
  tallyInto(into, definition, knownSteps(definition), connections);
  return into;
}

function addCounts(into: StepCounts, add: StepCounts, sign: 1 | -1): void {
  into.reached += sign * add.reached;
  into.completed += sign * add.completed;
  into.skipped += sign * add.skipped;
  into.snoozed += sign * add.snoozed;
  into.stillThere += sign * add.stillThere;
  into.yes += sign * add.yes;
  into.no += sign * add.no;
  for (const reason of ['replied', 'disconnected', 'moved'] as const)
    into.left[reason] += sign * add.left[reason];
  for (const outcome of CALL_OUTCOMES) into.outcomes[outcome] += sign * add.outcomes[outcome];
  for (const event of EMAIL_EVENTS) into.emails[event] += sign * add.emails[event];
}

/** Adds (`sign` 1) or takes away (-1: one equal value per value) `add`'s times. */
function addTimes(into: number[], add: readonly number[], sign: 1 | -1): void {
  if (sign === 1) {
    into.push(...add);
    return;
  }
  for (const value of add) {
    const index = into.lastIndexOf(value);
    if (index !== -1) into.splice(index, 1);
  }
}

/** `into` plus (`sign` 1) or minus (-1) `add`, in place (an A/B test step's versions too). */
function addStepTally(into: StepTally, add: StepTally, sign: 1 | -1): void {
  addCounts(into.figures, add.figures, sign);
  addTimes(into.times, add.times, sign);
  if (add.versions === undefined) return;
  into.versions ??= {
    a: { figures: emptyFigures(), times: [] },
    b: { figures: emptyFigures(), times: [] },
  };
  for (const version of ['a', 'b'] as const) {
    addCounts(into.versions[version].figures, add.versions[version].figures, sign);
    addTimes(into.versions[version].times, add.versions[version].times, sign);
  }
}

/**
 * `into` plus (`sign` 1) or minus (-1) `add`, in place. A step nobody reached any more and a
 * link no record follows any more are dropped, so a tally kept by adding and taking away equals
 * the one summed afresh. Returns `into`.
 */
export function addFlowTally(into: FlowTally, add: FlowTally, sign: 1 | -1 = 1): FlowTally {
  for (const [stepId, step] of Object.entries(add.steps)) {
    if (step === undefined) continue;
    const mine = into.steps[stepId];
    if (mine === undefined) {
      if (sign === 1) into.steps[stepId] = structuredClone(step);
      continue;
    }
    addStepTally(mine, step, sign);
    if (mine.figures.reached <= 0) Reflect.deleteProperty(into.steps, stepId);
  }
  addRouteCounts(into, add, sign);
  return into;
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

/**
 * The flow and step table of one version (`definition`) from its tally. Nodes go Connected, the
 * steps in table order (an A/B test step's versions after it), then the ends; links in the
 * order of their source, then target.
 */
export function flowOfTally(definition: Sequence, tally: FlowTally): SequenceFlow {
  const order = stepOrder(definition);
  const known: FlowNode[] = [{ id: 'start', label: 'Connected', kind: 'start' }];
  for (const { step } of order) {
    const name = stepName(step);
    known.push({ id: nodeId(step.id, null), label: name, kind: 'step' });
    if (step.type === 'ab-test')
      for (const version of ['a', 'b'] as const)
        known.push({
          id: nodeId(step.id, version),
          label: `${name} · version ${version.toUpperCase()}`,
          kind: 'step',
        });
  }
  for (const end of FLOW_ENDS)
    known.push({ id: `end:${end}`, label: END_LABELS[end], kind: 'end' });
  const rank = new Map(known.map((node, index) => [node.id, index]));
  const links: FlowLink[] = Object.entries(tally.links)
    .flatMap(([key, value = 0]) => {
      const split = key.indexOf('>');
      return value > 0
        ? [{ source: key.slice(0, split), target: key.slice(split + 1), value }]
        : [];
    })
    .sort(
      (a, b) =>
        (rank.get(a.source) ?? Infinity) - (rank.get(b.source) ?? Infinity) ||
        (rank.get(a.target) ?? Infinity) - (rank.get(b.target) ?? Infinity),
    );
  const used = new Set(links.flatMap((link) => [link.source, link.target]));
  return {
    connected: tally.connected,
    ends: { ...tally.ends },
    steps: order.map((entry) =>
      flowStepOf(entry, tally.steps[entry.step.id] ?? emptyTally(entry.step)),
    ),
    nodes: known.filter((node) => node.kind === 'start' || used.has(node.id)),
    links,
  };
}

/** The flow and step table of one version (`definition`) over `connections` (of that version). */
export function sequenceFlow(
  definition: Sequence,
  connections: readonly TallyConnection[],
): SequenceFlow {
  return flowOfTally(definition, flowTally(definition, connections));
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
    /** The version's connections' tally (`flowTally`), counted on its own steps. */
    tally: FlowTally;
  }[],
): AllVersionsStep[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const rows: { entry: OrderedStep; tally: StepTally; inVersions: number[] }[] = [];
  const byId = new Map<string, (typeof rows)[number]>();
  for (const { version, definition, tally } of newestFirst) {
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
    // This version's figures, on its own steps, added to each step's row by id.
    for (const { step } of order) {
      const row = byId.get(step.id);
      const mine = tally.steps[step.id];
      if (row !== undefined && mine !== undefined) addStepTally(row.tally, mine, 1);
    }
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
