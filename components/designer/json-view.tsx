/**
 * The JSON view of the draft (issue #16, item 8): the text its export writes, editable. Every
 * problem is listed with its line and column; choosing one puts the cursor there. Whatever the
 * designer can draw is applied as you type (an undoable edit); text it cannot draw is kept
 * here, and the designer keeps the last version it could.
 */
import { useRef } from 'preact/hooks';

import type { DesignerModel } from '../../lib/models/console/designer-model';
import { tCount } from '../../lib/i18n';

/** The offset of a 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function JsonView({ model }: { model: DesignerModel }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const text = model.jsonText.value;
  const problems = model.jsonProblems.value;
  const applied = model.jsonApplied.value;
  const readOnly = model.readOnly.value;
  const jump = (line: number | null, column: number | null) => {
    const element = area.current;
    if (element === null || line === null) return;
    const offset = offsetOf(text, line, column ?? 1);
    element.focus();
    element.setSelectionRange(offset, offset);
    // Scroll the line into view: about one line height per line.
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 18;
    element.scrollTop = Math.max(0, (line - 5) * lineHeight);
  };
  return (
    <section class="d-json" aria-labelledby="d-json-title">
      <h2 id="d-json-title" class="visually-hidden">
        JSON
      </h2>
      <p class="muted" id="d-json-hint">
        This is exactly what Export writes for this sequence.{' '}
        {readOnly
          ? 'It is read only here.'
          : 'Edit it here: changes the designer can show apply as you type, and Undo takes them back.'}
      </p>
      <div class="d-json__status" role="status">
        {problems.length === 0 ? (
          <span class="saved">No problems in the JSON.</span>
        ) : (
          <span class={applied ? 'muted' : 'error'}>
            {tCount('problemCount', problems.length)}
            {applied
              ? '. The designer shows this version; fix the problems before activating.'
              : '. Not applied: the designer keeps the last version it could show until these are fixed.'}
          </span>
        )}
      </div>
      {problems.length > 0 && (
        <ol class="problems d-json__problems">
          {problems.map((problem, index) => (
            <li key={`${index}-${problem.message}`} class="problem">
              <button
                type="button"
                class="button button--small button--quiet d-json__jump"
                disabled={problem.line === null}
                onClick={() => jump(problem.line, problem.column)}
              >
                {problem.line === null
                  ? 'The whole file'
                  : `Line ${problem.line}, column ${problem.column ?? 1}`}
              </button>{' '}
              <span class="problem__message">{problem.message}</span>
            </li>
          ))}
        </ol>
      )}
      <label for="d-json-text" class="field__label">
        Sequence JSON
      </label>
      <textarea
        id="d-json-text"
        ref={area}
        class="textarea textarea--code d-json__text"
        spellcheck={false}
        readOnly={readOnly}
        aria-describedby="d-json-hint"
        aria-invalid={problems.length > 0 ? true : undefined}
        value={text}
        rows={Math.min(40, Math.max(12, text.split('\n').length + 1))}
        onInput={(event) => model.editJson(event.currentTarget.value)}
      />
    </section>
  );
}
