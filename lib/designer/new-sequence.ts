/** A new sequence for the designer (issue #16, item 1): blank, or a copy of a template's steps. */
import type { Entity, Sequence } from '../sequence/types';

export interface NewSequence {
  id: string;
  name: string;
  description?: string;
  entity: Entity;
}

/**
 * The first draft: the manager's name, description and record type, with no steps (blank) or
 * the template's steps and settings. The draft is not valid yet when blank ("has no steps"):
 * the designer lists that as the first problem to fix.
 */
export function newSequence(properties: NewSequence, template?: Sequence): Sequence {
  const description = properties.description?.trim();
  const base: Sequence =
    template === undefined
      ? { id: properties.id, name: properties.name, entity: properties.entity, steps: [] }
      : {
          ...structuredClone(template),
          id: properties.id,
          name: properties.name,
          entity: properties.entity,
        };
  delete base.description;
  if (description !== undefined && description !== '') base.description = description;
  return base;
}
