/**
 * The problem list (issue #16, item 6): every rule the draft breaks, in the validator's words,
 * each a button that opens the step (or the sequence options) it concerns. Activate and Publish
 * are offered only when it is empty.
 */
import { displayName } from '../../lib/designer/labels';
import { locate } from '../../lib/designer/tree';
import { START_KEY, type DesignerModel } from '../../lib/models/console/designer-model';
import type { Sequence } from '../../lib/sequence/types';
import { tCount } from '../../lib/i18n';

export function ProblemPanel({ model, sequence }: { model: DesignerModel; sequence: Sequence }) {
  const problems = model.problems.value.list;
  const nameOf = model.nameOf.value;
  if (problems.length === 0 && !model.checked.value) {
    return (
      <p class="d-problems d-problems--checking" id="d-problems" role="status">
        Checking the sequence…
      </p>
    );
  }
  if (problems.length === 0) {
    return (
      <p class="d-problems d-problems--none" id="d-problems">
        <span aria-hidden="true">✓</span> No problems: this sequence can be{' '}
        {model.state.value?.mode === 'revision' ? 'published' : 'activated'}.
      </p>
    );
  }
  return (
    <section class="d-problems" id="d-problems" aria-labelledby="d-problems-title">
      <h2 id="d-problems-title" class="d-problems__title">
        {tCount('problemCount', problems.length)} to fix before{' '}
        {model.state.value?.mode === 'revision' ? 'publishing' : 'activating'}
      </h2>
      <ol class="d-problems__list">
        {problems.map((problem, index) => {
          const step = problem.stepId === null ? undefined : locate(sequence, problem.stepId)?.step;
          const where = step === undefined ? 'Sequence' : displayName(step, nameOf);
          return (
            <li key={`${index}-${problem.message}`}>
              <button
                type="button"
                class="d-problems__jump"
                onClick={() => {
                  if (problem.stepId === null || step === undefined) {
                    model.openOptions();
                    model.setFocus(START_KEY, true);
                  } else {
                    model.select(problem.stepId);
                    model.setFocus(problem.stepId, true);
                  }
                }}
              >
                <span class="d-problems__where">{where}</span>{' '}
                <span class="d-problems__message">{problem.message}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
