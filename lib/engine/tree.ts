/**
 * Navigation in a sequence's step tree. A position is a path of list indexes and branch names
 * (`[2, 'yes', 0]` is the first step of the yes branch of the third step). Branches do not
 * rejoin: the end of any branch is the end of the sequence (docs/sequence-format.md, "Steps": a
 * condition ends its list, and an empty branch ends the sequence), so a condition is the last
 * step its list can reach.
 */
import type { Step } from '../sequence/types';
import type { PathSegment } from './types';

/** The step list that `prefix` (a path without its last index) points into. */
function listAt(steps: Step[], prefix: readonly PathSegment[]): Step[] | undefined {
  let list: Step[] = steps;
  for (let i = 0; i < prefix.length; i += 2) {
    const index = prefix.at(i);
    const branch = prefix.at(i + 1);
    if (typeof index !== 'number') return undefined;
    const step = list.at(index);
    if (step?.type !== 'condition' || (branch !== 'yes' && branch !== 'no')) return undefined;
    list = step[branch];
  }
  return list;
}

export function stepAt(steps: Step[], path: readonly PathSegment[]): Step | undefined {
  const index = path[path.length - 1];
  if (typeof index !== 'number') return undefined;
  return listAt(steps, path.slice(0, -1))?.[index];
}

/** The step after `path` in its list, or null at the end of the list (the end of the sequence). */
export function nextPath(steps: Step[], path: readonly PathSegment[]): PathSegment[] | null {
  const index = path[path.length - 1];
  if (typeof index !== 'number') return null;
  const prefix = path.slice(0, -1);
  const list = listAt(steps, prefix);
  return list !== undefined && index + 1 < list.length ? [...prefix, index + 1] : null;
}

/** The first step of a condition's branch, or null when that branch is empty (the end). */
export function branchPath(
  steps: Step[],
  conditionPath: readonly PathSegment[],
  branch: 'yes' | 'no',
): PathSegment[] | null {
  const step = stepAt(steps, conditionPath);
  if (step?.type !== 'condition' || step[branch].length === 0) return null;
  return [...conditionPath, branch, 0];
}

/** Where step `stepId` sits (step ids are unique in a sequence, through all branches). */
export function findPath(
  steps: Step[],
  stepId: string,
  prefix: PathSegment[] = [],
): PathSegment[] | null {
  for (const [i, step] of steps.entries()) {
    if (step.id === stepId) return [...prefix, i];
    if (step.type === 'condition') {
      const inYes = findPath(step.yes, stepId, [...prefix, i, 'yes']);
      if (inYes !== null) return inYes;
      const inNo = findPath(step.no, stepId, [...prefix, i, 'no']);
      if (inNo !== null) return inNo;
    }
  }
  return null;
}

/** Every step in the tree, depth first. */
export function allSteps(steps: Step[]): Step[] {
  const out: Step[] = [];
  for (const step of steps) {
    out.push(step);
    if (step.type === 'condition') out.push(...allSteps(step.yes), ...allSteps(step.no));
  }
  return out;
}
