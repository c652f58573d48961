/**
 * Can a segment route records (spec section 8; issue #17 item 6)? Its target sequence must
 * exist, be for the same kind of record, and be active: a segment whose sequence cannot take
 * records must not look as if it worked.
 */
import { ENTITY_PLURAL_IN_SENTENCE } from '../domain/words';
import type { Entity, Segment, SequenceState } from './types';

/** What a segment needs to know about its target sequence. */
export interface SegmentTarget {
  name: string;
  entity: Entity;
  state: SequenceState;
}

/**
 * Why `segment` cannot be active, in words (every reason); empty when it can. `target` looks a
 * sequence up by id (the store's, or what an import will leave).
 */
export function segmentActivationProblems(
  segment: Pick<Segment, 'id' | 'entity' | 'sequence'>,
  target: (id: string) => SegmentTarget | undefined,
): string[] {
  const sequence = target(segment.sequence);
  if (sequence === undefined) {
    return [
      `Segment '${segment.id}' routes records to sequence '${segment.sequence}', which does not exist; import that sequence or choose another one`,
    ];
  }
  const problems: string[] = [];
  if (sequence.entity !== segment.entity) {
    problems.push(
      `Segment '${segment.id}' is for ${ENTITY_PLURAL_IN_SENTENCE[segment.entity]}, but its sequence “${sequence.name}” is for ${ENTITY_PLURAL_IN_SENTENCE[sequence.entity]}`,
    );
  }
  if (sequence.state !== 'active') {
    problems.push(
      `Segment '${segment.id}' routes records to “${sequence.name}”, which is ${sequence.state === 'draft' ? 'a draft' : 'inactive'}; activate that sequence first`,
    );
  }
  return problems;
}
