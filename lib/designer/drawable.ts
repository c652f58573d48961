/**
 * Which sequence values the designer can draw and edit: the right kinds of values in the right
 * places (a list of steps, each with a known type and an id; text where text goes; a known
 * record type, event, operator...), while values that break a rule of the format (a 45-day
 * wait, an empty name, a step id with capitals, a missing email step) are allowed, so that a
 * manager can type them and see the validator's message at the field.
 *
 * Decided by the pack schema itself (zod issue kinds), not by a second copy of its structure.
 */
import type { z } from 'zod';

import { packSchemas } from '../sequence/schema';
import type { Sequence } from '../sequence/types';
import { isRecord, getAt } from '../sequence/describe';
import { tooDeep } from '../sequence/validate';

type Issue = z.core.$ZodIssue;

/** An issue about a value's size or pattern (the validator reports it), not its kind. */
function soft(root: unknown, issue: Issue, prefix: readonly PropertyKey[]): boolean {
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'unrecognized_keys':
      return true;
    case 'invalid_type': {
      // 2.5 days: a number where a whole number goes ("use whole days").
      const value = getAt(root, [...prefix, ...issue.path] as (string | number)[]);
      return issue.expected === 'int' && typeof value === 'number' && Number.isFinite(value);
    }
    case 'invalid_union':
      // One of the alternatives fits but for soft issues (a condition whose step id is '').
      return issue.errors.some(
        (branch) =>
          branch.length > 0 &&
          branch.every((inner) => soft(root, inner, [...prefix, ...issue.path])),
      );
    default:
      return false;
  }
}

/** True when the designer can draw `value` as a sequence (rule problems allowed). */
export function isDrawable(value: unknown): value is Sequence {
  if (!isRecord(value) || tooDeep(value)) return false;
  const result = packSchemas().sequenceSchema.safeParse(value);
  if (result.success) return true;
  return result.error.issues.every((issue) => soft(value, issue, []));
}
