/**
 * Live validation in the designer (issue #16, item 6): the activation check of `lib/sequence`
 * (the same rules and messages as `upnext validate` and Activate), placed on steps and fields.
 */
import { checkActivation, type ActivationContext } from '../sequence/activation';
import type { Sequence } from '../sequence/types';
import { placeProblems, type ProblemMap } from './problem-places';

/** The problems of `sequence` as Activate would report them, placed on steps and fields. */
export function checkDraft(sequence: Sequence, context: ActivationContext): ProblemMap {
  return placeProblems(sequence, checkActivation(sequence, context));
}
