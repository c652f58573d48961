/**
 * Where each of the validator's problems goes in the designer (issue #16, item 6): on the step
 * it concerns and on the field inside it, so the tree, the problem list and the properties pane
 * show the validator's own words in the right place. No validator here (see `problems.ts`), so
 * the console can use it before the validator is loaded.
 */
import { formatPath, parsePath, type PathSegment, type Problem } from '../sequence/problem';
import type { Sequence, Step } from '../sequence/types';

export interface PlacedProblem {
  message: string;
  /** The step it concerns, or null for the sequence itself (its options, or the whole). */
  stepId: string | null;
  /** Where inside the step (or the sequence): `days`, `template.subject`, `if.all[1].value`; '' for the whole. */
  field: string;
}

export interface ProblemMap {
  list: readonly PlacedProblem[];
  byStep: ReadonlyMap<string, readonly PlacedProblem[]>;
  /** Problems of the sequence itself (name, exit on reply, schedule, "has no steps", the active limit). */
  sequence: readonly PlacedProblem[];
}

/** Places one problem path (relative to the sequence) on the deepest step it goes through. */
export function placePath(
  sequence: Pick<Sequence, 'steps'>,
  path: readonly PathSegment[],
): { stepId: string | null; field: string } {
  let steps: readonly unknown[] | undefined = sequence.steps;
  let stepId: string | null = null;
  let rest = 0;
  let index = 0;
  let expectList = path[0] === 'steps';
  if (expectList) index = 1;
  while (expectList && steps !== undefined) {
    const position = path[index];
    if (typeof position !== 'number') break;
    const step = steps[position] as Step | undefined;
    if (step === undefined || typeof step !== 'object') break;
    stepId = typeof step.id === 'string' ? step.id : null;
    rest = index + 1;
    const branch = path[index + 1];
    if (step.type === 'condition' && (branch === 'yes' || branch === 'no')) {
      const next = (step as unknown as Record<string, unknown>)[branch];
      steps = Array.isArray(next) ? (next as unknown[]) : undefined;
      index += 2;
    } else {
      expectList = false;
    }
  }
  if (stepId === null) return { stepId: null, field: formatPath(path) };
  return { stepId, field: formatPath(path.slice(rest)) };
}

export function placeProblems(sequence: Sequence, problems: readonly Problem[]): ProblemMap {
  const list: PlacedProblem[] = [];
  const byStep = new Map<string, PlacedProblem[]>();
  const own: PlacedProblem[] = [];
  for (const problem of problems) {
    const { stepId, field } = placePath(sequence, parsePath(problem.path));
    const placed = { message: problem.message, stepId, field };
    list.push(placed);
    if (stepId === null) own.push(placed);
    else {
      const entry = byStep.get(stepId);
      if (entry === undefined) byStep.set(stepId, [placed]);
      else entry.push(placed);
    }
  }
  return { list, byStep, sequence: own };
}

/**
 * The field a problem is shown at: the longest of `fields` (the paths the pane has an input or
 * group for) that is the problem's field or contains it; '' (the top of the pane) when none.
 */
export function fieldFor(field: string, fields: readonly string[]): string {
  let best = '';
  for (const candidate of fields) {
    if (candidate.length <= best.length) continue;
    if (
      field === candidate ||
      field.startsWith(`${candidate}.`) ||
      field.startsWith(`${candidate}[`)
    ) {
      best = candidate;
    }
  }
  return best;
}
