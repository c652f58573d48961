/**
 * Words the designer shows for steps and places: a step's display name, and what each add
 * control says it does ("Add a step after Intro email", "Add a step to the Yes path of
 * Replied?"), so every control names where it adds (issue #16, item 9).
 */
import { stepName, walkSteps } from '../sequence/steps';
import type { Sequence, Step } from '../sequence/types';
import { describeCondition } from '../views/condition-words';
import { itemAt, locate, type ListRef, type Place } from './tree';

/** A step's name; a condition without a name reads as its question ("Did the customer reply to “Intro email”?"). */
export function displayName(step: Step, nameOf: (id: string) => string): string {
  if (step.type === 'condition' && (step.name === undefined || step.name.trim() === '')) {
    return describeCondition(step.if, nameOf);
  }
  return stepName(step);
}

/** Every step's name (its own, or the default for its type) by id, through all branches. */
export function stepNames(sequence: Pick<Sequence, 'steps'>): Map<string, string> {
  return new Map(Array.from(walkSteps(sequence.steps), ({ step }) => [step.id, stepName(step)]));
}

/** A lookup over `names`: conditions name the steps they refer to. */
export function nameLookup(names: ReadonlyMap<string, string>): (id: string) => string {
  return (id) => names.get(id) ?? (id === '' ? 'no step chosen' : id);
}

/** Names of every step by id, for conditions that refer to earlier steps. */
export function nameIndex(sequence: Pick<Sequence, 'steps'>): (id: string) => string {
  return nameLookup(stepNames(sequence));
}

export const BRANCH_WORDS = { yes: 'Yes', no: 'No' } as const;

/** "the Yes path of Replied?" or "the sequence". */
export function listWords(
  sequence: Pick<Sequence, 'steps'>,
  list: ListRef,
  nameOf: (id: string) => string = nameIndex(sequence),
): string {
  if (list.parent === null) return 'the sequence';
  const owner = locate(sequence, list.parent);
  const name = owner === undefined ? list.parent : displayName(owner.step, nameOf);
  return `the ${BRANCH_WORDS[list.branch]} path of ${name}`;
}

/** The accessible name of the add control at `place`. */
export function addLabel(
  sequence: Pick<Sequence, 'steps'>,
  place: Place,
  nameOf: (id: string) => string = nameIndex(sequence),
): string {
  const list =
    place.list.parent === null
      ? sequence.steps
      : (() => {
          const owner = locate(sequence, place.list.parent);
          return owner?.step.type === 'condition' ? owner.step[place.list.branch] : [];
        })();
  const previous = itemAt(list, place.index - 1);
  if (previous !== undefined) {
    return `Add a step after ${displayName(previous, nameOf)}`;
  }
  if (place.list.parent === null) return 'Add a step at the start of the sequence';
  return `Add a step to ${listWords(sequence, place.list, nameOf)}`;
}
