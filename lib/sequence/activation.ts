/**
 * Activation check (docs/sequence-format.md, "Import, export and activation"): every pack rule for one sequence, plus the limit on
 * active sequences; every problem at once.
 */
import { MAX_ACTIVE_SEQUENCES } from '../domain/limits';
import type { Problem } from './problem';
import { validatePackValue } from './parse';
import { PACK_FORMAT } from './types';
import type { Sequence, SequenceRecord } from './types';

export interface ActivationContext {
  /** Sequences active now, not counting this one. */
  activeCount: number;
  /** The other stored sequences (targets of move-to-sequence steps). */
  known: readonly Pick<SequenceRecord, 'id' | 'definition' | 'state'>[];
}

const PREFIX = 'sequences[0]';

/** Problems with paths relative to the sequence (`steps[4].days`); empty when it can be activated. */
export function checkActivation(sequence: Sequence, context: ActivationContext): Problem[] {
  const known = context.known.filter((record) => record.id !== sequence.id);
  const result = validatePackValue(
    { format: PACK_FORMAT, sequences: [sequence] },
    { existing: known },
  );
  const problems: Problem[] = result.ok
    ? []
    : result.problems.map((problem) => ({
        ...problem,
        path:
          problem.path === PREFIX
            ? ''
            : problem.path.startsWith(`${PREFIX}.`)
              ? problem.path.slice(PREFIX.length + 1)
              : problem.path,
      }));
  if (context.activeCount >= MAX_ACTIVE_SEQUENCES) {
    problems.push({
      path: '',
      line: null,
      column: null,
      message: `${context.activeCount} sequences are already active, the most Upnext runs at a time is ${MAX_ACTIVE_SEQUENCES}; deactivate one first`,
    });
  }
  return problems;
}
