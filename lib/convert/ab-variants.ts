/**
 * A/B variants of an email step (Outreach's several sequence templates on a step, Apollo's
 * touches, Reply.io's and HubSpot's variants).
 *
 * ─── SWITCH POINT: A/B steps ───────────────────────────────────────────────────────────────
 * This build's pack format has no `ab-test` step yet, so an email step with several variants
 * becomes an email step with version A, and the other versions are reported. When the format
 * gains `ab-test` (`{ type: 'ab-test', a, b, split, metric, default }`), this module is the only
 * place to change: build an `ab-test` step in `emailVariants` from the first two variants, and
 * let `isEmailStep` also accept an `ab-test` of emails (conditions may test it like an email).
 * ─────────────────────────────────────────────────────────────────────────────────────────
 */
import type { Step } from '../sequence/types';
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

/** Steps a condition can test for opens, clicks and replies. */
export function isEmailStep(step: Step | DraftAction['step']): boolean {
  return step.type === 'email';
}

/** True when an email step is anywhere in the drafts, through every branch. */
export function containsEmail(drafts: readonly DraftStep[]): boolean {
  return drafts.some(
    (draft) =>
      (draft.kind === 'action' && isEmailStep(draft.step)) ||
      (draft.kind === 'branch' && (containsEmail(draft.yes) || containsEmail(draft.no))),
  );
}

/**
 * One email step from its variants (at least one). `base` holds the step's own name and
 * instructions; `path` is where the step is in the input.
 */
export function emailVariants(
  variants: readonly EmailVariant[],
  base: { name?: string; description?: string },
  path: PathSegment[],
): DraftAction {
  const first = variants.at(0);
  const others = variants.slice(1);
  const notes: Note[] = [...(first?.notes ?? [])];
  const name = base.name ?? first?.name;
  const draft = action(
    {
      type: 'email',
      ...defined({ name }),
      ...(base.description !== undefined ? { description: base.description } : {}),
      ...(first?.template !== undefined ? { template: first.template } : {}),
    },
    path,
    { related: variants.map((variant) => variant.path), notes },
  );
  if (others.length > 0) {
    const labels = others.map(
      (variant, index) => variant.name ?? `version ${String.fromCharCode(66 + index)}`,
    );
    notes.push(
      note(
        others[0]?.path ?? path,
        `This email is an A/B test with ${variants.length} versions; Upnext has no A/B steps yet, so it uses version A and leaves out ${labels.join(', ')}`,
      ),
    );
  }
  return draft;
}
