/**
 * New ids for what the designer creates: step ids (unique across all branches, readable in an
 * exported file: `email-1`, `wait-2`) and a sequence id derived from its name.
 */
import { ID_PATTERN } from '../sequence/limits';
import type { Step } from '../sequence/types';

const MAX_ID = 64;

/** The readable stem of a new step's id. */
function stem(step: Pick<Step, 'type'> & { action?: string }): string {
  switch (step.type) {
    case 'linkedin':
      return `linkedin-${step.action ?? 'step'}`;
    case 'move-to-sequence':
      return 'move';
    default:
      return step.type;
  }
}

function firstFree(base: string, taken: ReadonlySet<string>, first: number): string {
  for (let n = first; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** `email-1`, `email-2`, ...: the first free id for a new step of this type. */
export function newStepId(
  step: Pick<Step, 'type'> & { action?: string },
  taken: ReadonlySet<string>,
): string {
  return firstFree(stem(step), taken, 1);
}

/** An id for a copy of `step`: `intro-email` → `intro-email-2`, `email-1` → `email-2`. */
export function copyStepId(step: Pick<Step, 'id'>, taken: ReadonlySet<string>): string {
  const base = step.id.replace(/-\d+$/, '');
  return firstFree(ID_PATTERN.test(base) ? base : 'step', taken, 2);
}

/**
 * A sequence id from its name: "Webinar follow-up (EMEA)" → `webinar-follow-up-emea`, with
 * `-2`, `-3`, ... when taken. Letters with accents lose them; a name with no letters or digits
 * gives `sequence`.
 */
export function sequenceIdFromName(name: string, taken: ReadonlySet<string>): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID - 4)
    .replace(/-+$/, '');
  const base = slug === '' ? 'sequence' : slug;
  return taken.has(base) ? firstFree(base, taken, 2) : base;
}
