/**
 * Structure edits of a sequence as pure functions (issue #16, item 4): insert, delete, move
 * (up, down, into and out of a branch, anywhere by drag and drop), duplicate, update. Every
 * function returns a new `Sequence` and never changes its input; untouched steps and lists are
 * shared with the input, so a view can skip everything that did not change and undo is a stack
 * of snapshots.
 *
 * Steps are addressed by id (ids are unique across all branches, a pack rule); a place to put a
 * step is a list (the sequence's own steps or one branch of a condition) and an index in it.
 */
import { walkSteps } from '../sequence/steps';
import type { ConditionStep, Sequence, Step } from '../sequence/types';

type Branch = 'yes' | 'no';

/** A list of steps: the sequence's own (`parent: null`) or one branch of a condition. */
export type ListRef = { parent: null } | { parent: string; branch: Branch };

/** A place between steps: before `list[index]` (`index === list.length`: at the end). */
export interface Place {
  list: ListRef;
  index: number;
}

export interface Located {
  step: Step;
  list: ListRef;
  index: number;
  /** How many conditions enclose the step (0 at the top). */
  depth: number;
}

export class TreeEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TreeEditError';
  }
}

export const TOP: ListRef = { parent: null };

/** `list[index]`, or undefined outside the list (unlike `at`, -1 is outside). */
export function itemAt<T>(list: readonly T[], index: number): T | undefined {
  return index >= 0 && index < list.length ? list[index] : undefined;
}

function sameList(a: ListRef, b: ListRef): boolean {
  if (a.parent === null || b.parent === null) return a.parent === b.parent;
  return a.parent === b.parent && a.branch === b.branch;
}

/** Finds a step by id anywhere in the tree. */
export function locate(sequence: Pick<Sequence, 'steps'>, id: string): Located | undefined {
  const visit = (steps: readonly Step[], list: ListRef, depth: number): Located | undefined => {
    for (const [index, step] of steps.entries()) {
      if (step.id === id) return { step, list, index, depth };
      if (step.type === 'condition') {
        const found =
          visit(step.yes, { parent: step.id, branch: 'yes' }, depth + 1) ??
          visit(step.no, { parent: step.id, branch: 'no' }, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return visit(sequence.steps, TOP, 0);
}

/** The steps of a list; throws when its condition does not exist. */
export function stepsOf(sequence: Pick<Sequence, 'steps'>, list: ListRef): readonly Step[] {
  if (list.parent === null) return sequence.steps;
  const owner = locate(sequence, list.parent);
  if (owner?.step.type !== 'condition') {
    throw new TreeEditError(`There is no condition '${list.parent}' in this sequence.`);
  }
  return owner.step[list.branch];
}

/** Replaces one list, copying only the conditions on the way to it. */
function withList(sequence: Sequence, list: ListRef, next: Step[]): Sequence {
  if (list.parent === null) return { ...sequence, steps: next };
  const parentId = list.parent;
  const branch = list.branch;
  return mapStep(sequence, parentId, (step) => {
    if (step.type !== 'condition') {
      throw new TreeEditError(`Step '${parentId}' is not a condition.`);
    }
    return { ...step, [branch]: next };
  });
}

/**
 * Replaces the step `id` with `update(step)`, copying the lists and conditions on the path to
 * it and sharing everything else. Throws when there is no such step.
 */
function mapStep(sequence: Sequence, id: string, update: (step: Step) => Step): Sequence {
  // The new list, or null when `id` is not in it.
  const visit = (steps: Step[]): Step[] | null => {
    for (const [index, step] of steps.entries()) {
      if (step.id === id) return replaceAt(steps, index, update(step));
      if (step.type === 'condition') {
        const yes = visit(step.yes);
        if (yes !== null) return replaceAt(steps, index, { ...step, yes });
        const no = visit(step.no);
        if (no !== null) return replaceAt(steps, index, { ...step, no });
      }
    }
    return null;
  };
  const steps = visit(sequence.steps);
  if (steps === null) throw new TreeEditError(`There is no step '${id}' in this sequence.`);
  return { ...sequence, steps };
}

function replaceAt(steps: readonly Step[], index: number, step: Step): Step[] {
  const next = steps.slice();
  next[index] = step;
  return next;
}

/** Every step id in `step` and its branches. */
function idsWithin(step: Step): string[] {
  return Array.from(walkSteps([step]), (visit) => visit.step.id);
}

/** Every step id in the sequence, in document order. */
export function allIds(sequence: Pick<Sequence, 'steps'>): string[] {
  return Array.from(walkSteps(sequence.steps), (visit) => visit.step.id);
}

/** True when `list` lies inside the step `id` (one of its branches, at any depth). */
export function isInside(sequence: Pick<Sequence, 'steps'>, list: ListRef, id: string): boolean {
  let parent = list.parent;
  while (parent !== null) {
    if (parent === id) return true;
    parent = locate(sequence, parent)?.list.parent ?? null;
  }
  return false;
}

function checkIndex(steps: readonly Step[], index: number): void {
  if (!Number.isInteger(index) || index < 0 || index > steps.length) {
    throw new TreeEditError(`There is no place ${index} in a list of ${steps.length} steps.`);
  }
}

export interface InsertOptions {
  /**
   * A condition ends its list: the steps after the place it is inserted at would never run.
   * `'into-yes'` (the default) moves them into the new condition's Yes path, as a manager
   * expects when adding a condition between two steps; `'keep'` leaves them (the validator
   * then reports them).
   */
  following?: 'into-yes' | 'keep';
}

/** Inserts `step` at `place`. Its ids must not be in the sequence yet. */
export function insertStep(
  sequence: Sequence,
  place: Place,
  step: Step,
  options: InsertOptions = {},
): Sequence {
  const taken = new Set(allIds(sequence));
  const clash = idsWithin(step).find((id) => taken.has(id));
  if (clash !== undefined) throw new TreeEditError(`Step id '${clash}' is already used.`);
  const steps = stepsOf(sequence, place.list);
  checkIndex(steps, place.index);
  const following = steps.slice(place.index);
  if (step.type === 'condition' && following.length > 0 && options.following !== 'keep') {
    const condition: ConditionStep = { ...step, yes: [...step.yes, ...following] };
    return withList(sequence, place.list, [...steps.slice(0, place.index), condition]);
  }
  return withList(sequence, place.list, [...steps.slice(0, place.index), step, ...following]);
}

/** What happens to a condition's branches when it is deleted. */
export type BranchChoice = 'delete' | 'keep-yes' | 'keep-no';

/**
 * Deletes the step `id`. A condition takes both branches with it (`'delete'`), or leaves one
 * of them in its place (`'keep-yes'`, `'keep-no'`): branches never join again, so only one
 * path can go on where the condition was.
 */
export function deleteStep(
  sequence: Sequence,
  id: string,
  branches: BranchChoice = 'delete',
): Sequence {
  const found = locate(sequence, id);
  if (found === undefined) throw new TreeEditError(`There is no step '${id}' in this sequence.`);
  const steps = stepsOf(sequence, found.list);
  const kept =
    found.step.type === 'condition' && branches !== 'delete'
      ? found.step[branches === 'keep-yes' ? 'yes' : 'no']
      : [];
  return withList(sequence, found.list, [
    ...steps.slice(0, found.index),
    ...kept,
    ...steps.slice(found.index + 1),
  ]);
}

/**
 * Moves the step `id` (with its branches) to `place`, where `place` is read in the sequence
 * *before* the move (as a drop target on screen is). A step cannot move into itself.
 */
export function moveStep(sequence: Sequence, id: string, place: Place): Sequence {
  const found = locate(sequence, id);
  if (found === undefined) throw new TreeEditError(`There is no step '${id}' in this sequence.`);
  if (isInside(sequence, place.list, id)) {
    throw new TreeEditError('A condition cannot move into one of its own paths.');
  }
  checkIndex(stepsOf(sequence, place.list), place.index);
  let index = place.index;
  if (sameList(found.list, place.list)) {
    if (index === found.index || index === found.index + 1) return sequence;
    if (index > found.index) index -= 1;
  }
  const without = deleteStep(sequence, id);
  return insertStep(without, { list: place.list, index }, found.step, { following: 'keep' });
}

/** Where `moveBy` took a step, for the announcement ("Moved into the Yes path of …"). */
type MoveKind = 'swapped' | 'into-branch' | 'out-of-branch' | 'other-branch';

export interface MoveResult {
  sequence: Sequence;
  kind: MoveKind;
  place: Place;
}

/**
 * One keyboard move (Alt+↑ / Alt+↓, or the Move up / Move down buttons), walking the places
 * in reading order: down past the next step, into the Yes path of a condition that follows, from
 * the end of a Yes path to the top of the No path; up the same way back, and from the top of a
 * Yes path out of the branch to just before its condition. Returns `null` at the ends.
 */
export function moveBy(
  sequence: Sequence,
  id: string,
  direction: 'up' | 'down',
): MoveResult | null {
  const found = locate(sequence, id);
  if (found === undefined) throw new TreeEditError(`There is no step '${id}' in this sequence.`);
  const { list, index } = found;
  const steps = stepsOf(sequence, list);
  const go = (place: Place, kind: MoveKind): MoveResult => ({
    sequence: moveStep(sequence, id, place),
    kind,
    place,
  });
  if (direction === 'down') {
    const next = itemAt(steps, index + 1);
    if (next !== undefined) {
      if (next.type === 'condition') {
        return go({ list: { parent: next.id, branch: 'yes' }, index: 0 }, 'into-branch');
      }
      return go({ list, index: index + 2 }, 'swapped');
    }
    if (list.parent !== null && list.branch === 'yes') {
      return go({ list: { parent: list.parent, branch: 'no' }, index: 0 }, 'other-branch');
    }
    return null;
  }
  const previous = itemAt(steps, index - 1);
  if (previous !== undefined) {
    if (previous.type === 'condition') {
      const no = previous.no.length;
      return go({ list: { parent: previous.id, branch: 'no' }, index: no }, 'into-branch');
    }
    return go({ list, index: index - 1 }, 'swapped');
  }
  if (list.parent === null) return null;
  if (list.branch === 'no') {
    const owner = locate(sequence, list.parent);
    const yes = owner?.step.type === 'condition' ? owner.step.yes.length : 0;
    return go({ list: { parent: list.parent, branch: 'yes' }, index: yes }, 'other-branch');
  }
  const owner = locate(sequence, list.parent);
  if (owner === undefined) return null;
  return go({ list: owner.list, index: owner.index }, 'out-of-branch');
}

/**
 * Copies the step `id` (with its branches) right after it, with fresh ids from `newId`.
 * Conditions inside the copy that refer to steps inside the copy refer to the copies.
 */
export function duplicateStep(
  sequence: Sequence,
  id: string,
  newId: (base: Step, taken: ReadonlySet<string>) => string,
): { sequence: Sequence; id: string } {
  const found = locate(sequence, id);
  if (found === undefined) throw new TreeEditError(`There is no step '${id}' in this sequence.`);
  const taken = new Set(allIds(sequence));
  const renamed = new Map<string, string>();
  for (const innerId of idsWithin(found.step)) {
    const inner = locate(sequence, innerId);
    if (inner === undefined) continue;
    const fresh = newId(inner.step, taken);
    taken.add(fresh);
    renamed.set(innerId, fresh);
  }
  const copy = renameIds(structuredClone(found.step), renamed);
  const next = insertStep(sequence, { list: found.list, index: found.index + 1 }, copy, {
    following: 'keep',
  });
  return { sequence: next, id: copy.id };
}

/** Renames step ids (and the condition references to them) inside one step. */
function renameIds(step: Step, renamed: ReadonlyMap<string, string>): Step {
  const id = renamed.get(step.id) ?? step.id;
  if (step.type !== 'condition') return { ...step, id };
  return {
    ...step,
    id,
    if: renameReferences(step.if, renamed),
    yes: step.yes.map((inner) => renameIds(inner, renamed)),
    no: step.no.map((inner) => renameIds(inner, renamed)),
  };
}

function renameReferences(
  condition: ConditionStep['if'],
  renamed: ReadonlyMap<string, string>,
): ConditionStep['if'] {
  if ('all' in condition)
    return { all: condition.all.map((inner) => renameReferences(inner, renamed)) };
  if ('any' in condition)
    return { any: condition.any.map((inner) => renameReferences(inner, renamed)) };
  if ('step' in condition) {
    const target = renamed.get(condition.step);
    return target === undefined ? condition : { ...condition, step: target };
  }
  return condition;
}

/**
 * Changes a step's id and every condition that refers to it. The new id must be free (the
 * pattern of ids is the validator's to report, so a half-typed id can still be stored).
 */
export function renameStep(sequence: Sequence, id: string, nextId: string): Sequence {
  if (id === nextId) return sequence;
  if (allIds(sequence).includes(nextId)) {
    throw new TreeEditError(`Step id '${nextId}' is already used.`);
  }
  if (locate(sequence, id) === undefined) {
    throw new TreeEditError(`There is no step '${id}' in this sequence.`);
  }
  const renamed = new Map([[id, nextId]]);
  return { ...sequence, steps: sequence.steps.map((step) => renameIds(step, renamed)) };
}

/** Replaces the step `id` with `update(step)` (the properties pane). The id must not change. */
export function updateStep(sequence: Sequence, id: string, update: (step: Step) => Step): Sequence {
  return mapStep(sequence, id, (step) => {
    const next = update(step);
    if (next.id !== step.id) throw new TreeEditError('Use renameStep to change a step id.');
    return next;
  });
}

/** The steps that come before `id` on its path: earlier in its list and in every enclosing list. */
export function stepsBefore(sequence: Pick<Sequence, 'steps'>, id: string): Step[] {
  const found = locate(sequence, id);
  if (found === undefined) return [];
  const before: Step[] = [];
  let list = found.list;
  let index = found.index;
  for (;;) {
    const steps = stepsOf(sequence, list);
    before.unshift(...steps.slice(0, index));
    if (list.parent === null) break;
    const owner = locate(sequence, list.parent);
    if (owner === undefined) break;
    list = owner.list;
    index = owner.index;
  }
  return before;
}
