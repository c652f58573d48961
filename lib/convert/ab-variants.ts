/**
 * A/B variants of an email step (Outreach's several sequence templates on a step, Apollo's
 * touches, Reply.io's and HubSpot's variants) become one `ab-test` step of versions A and B
 * (docs/sequence-format.md, "A/B test steps"): the first two versions in the tool's order, half
 * of the records each, the winner picked by replies (what the tools' own reports lead with), and
 * version A for everyone when the test ends without a clear winner. Upnext compares two
 * versions, so a third and later ones are listed as not carried over.
 */
import { isEmailStep } from '../sequence/steps';
import type { AbTestVersion } from '../sequence/types';
import { action, note } from './draft';
import type { DraftAction, DraftStep, Note } from './draft';
import type { PathSegment } from './read';
import { defined } from './content';

export interface EmailVariant {
  /** The variant's own name ("Version B", a template's title). */
  name?: string;
  template?: { subject: string; body: string };
  path: PathSegment[];
  notes?: Note[];
}

/** True when an email step is anywhere in the drafts, through every branch. */
export function containsEmail(drafts: readonly DraftStep[]): boolean {
  return drafts.some(
    (draft) =>
      (draft.kind === 'action' && isEmailStep(draft.step)) ||
      (draft.kind === 'branch' && (containsEmail(draft.yes) || containsEmail(draft.no))),
  );
}

function version(variant: EmailVariant): AbTestVersion {
  return {
    type: 'email',
    ...defined({ name: variant.name }),
    ...(variant.template !== undefined ? { template: variant.template } : {}),
  };
}

/**
 * One email step from its variants (at least one), or an `ab-test` step when there are two or
 * more. `base` holds the step's own name and instructions; `path` is where the step is in the
 * input.
 */
export function emailVariants(
  variants: readonly EmailVariant[],
  base: { name?: string; description?: string },
  path: PathSegment[],
): DraftAction {
  const first = variants.at(0);
  const second = variants.at(1);
  const others = variants.slice(2);
  const related = variants.map((variant) => variant.path);
  if (first === undefined || second === undefined) {
    const name = base.name ?? first?.name;
    return action(
      {
        type: 'email',
        ...defined({ name }),
        ...defined({ description: base.description }),
        ...(first?.template !== undefined ? { template: first.template } : {}),
      },
      path,
      { related, notes: [...(first?.notes ?? [])] },
    );
  }
  const notes: Note[] = [...(first.notes ?? []), ...(second.notes ?? [])];
  if (others.length > 0) {
    const labels = others.map(
      (variant, index) => variant.name ?? `version ${String.fromCharCode(67 + index)}`,
    );
    notes.push(
      note(
        others[0]?.path ?? path,
        `This email is an A/B test with ${variants.length} versions; Upnext's A/B test step compares two, so it keeps versions A and B and leaves out ${labels.join(', ')}`,
      ),
    );
  }
  return action(
    {
      type: 'ab-test',
      ...defined({ name: base.name }),
      ...defined({ description: base.description }),
      a: version(first),
      b: version(second),
      metric: 'replied',
      default: 'a',
    },
    path,
    { related, notes },
  );
}
