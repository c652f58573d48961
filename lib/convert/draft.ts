/**
 * What every converter produces: a draft of each sequence in Upnext terms, still carrying the
 * source's delays (in milliseconds, before each step) and its notes (what did not carry over,
 * with the input path). `build.ts` turns drafts into valid Upnext sequences: waits of the
 * right length, step ids, condition references and the format's limits, in one place.
 */
import type { PathSegment } from './read';
import type { Condition, EmailEvent, Schedule, Step } from '../sequence/types';

/** A note about the input: what was not carried over, or was carried over differently. */
export interface Note {
  path: PathSegment[];
  message: string;
}

/** A delay as the tool wrote it, already in milliseconds. */
export interface SourceDelay {
  ms: number;
  path: PathSegment[];
}

/** Steps a seller acts on, or that act by themselves, without an id yet. */
type WithoutId<S> = S extends Step ? Omit<S, 'id'> : never;
export type ActionStep = WithoutId<Exclude<Step, { type: 'wait' } | { type: 'condition' }>>;

interface DraftBase {
  /** Where the step is in the input. */
  path: PathSegment[];
  /** Other input paths that belong to this step (its template, its variants). */
  related?: PathSegment[][];
  /** Time to wait after the previous step on the same path, before this one. */
  delay?: SourceDelay;
  notes: Note[];
}

export interface DraftAction extends DraftBase {
  kind: 'action';
  step: ActionStep;
}

/** A step that is only a delay (lemlist's `delay` steps): it adds to the next step's wait. */
interface DraftDelay extends DraftBase {
  kind: 'delay';
}

/**
 * What a branch tests, in the source's terms:
 * - `email`: the customer opened, clicked or replied to an email; `step` is that email's draft
 *   when the source says which, otherwise the nearest email before the condition on its path;
 * - `question`: something Upnext cannot observe (a LinkedIn invitation accepted, a custom
 *   rule): it becomes a condition on a field no CRM page has, so the seller answers yes or no;
 * - `condition`: an Upnext condition that needs no step reference (field or stage tests).
 */
export type DraftTest =
  | { kind: 'email'; event: EmailEvent; step?: DraftAction }
  | { kind: 'question'; field: string; question: string }
  | { kind: 'condition'; condition: Condition };

export interface DraftBranch extends DraftBase {
  kind: 'branch';
  test: DraftTest;
  /** How long the condition waits for the event (email tests). */
  within?: SourceDelay;
  name?: string;
  description?: string;
  yes: DraftStep[];
  no: DraftStep[];
}

export type DraftStep = DraftAction | DraftDelay | DraftBranch;

export interface DraftSequence {
  /** The tool's id of the sequence (becomes part of the Upnext id), when it has one. */
  sourceId?: string;
  name?: string;
  description?: string;
  tags?: string[];
  exitOnReply?: boolean;
  schedule?: Schedule;
  path: PathSegment[];
  related?: PathSegment[][];
  steps: DraftStep[];
  notes: Note[];
}

export function action(
  step: ActionStep,
  path: PathSegment[],
  extra: Partial<Omit<DraftAction, 'kind' | 'step' | 'path'>> = {},
): DraftAction {
  return { kind: 'action', step, path, notes: [], ...extra };
}

export function note(path: PathSegment[], message: string): Note {
  return { path, message };
}
