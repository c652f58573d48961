import type { CrmTestResult } from '../../lib/crm/custom-registry';

/** What a test found: the record, the fields read from the tab, and every problem. */
export function CrmTestReport({
  result,
  testing,
}: {
  result: CrmTestResult | null;
  testing: boolean;
}) {
  return (
    <div class="crm-test" role="status" aria-live="polite">
      {testing && <p class="muted">Testing…</p>}
      {!testing && result !== null && (
        <>
          {result.match === null ? (
            <p class="error">No record recognised on this address.</p>
          ) : (
            <p class="notice notice--success">
              Recognised a {result.match.entity} with id <code>{result.match.id}</code>.
            </p>
          )}
          {result.fields !== null && (
            <dl class="facts">
              {Object.entries(result.fields).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          {result.problems.length > 0 && (
            <ul class="problems" aria-label="Problems">
              {result.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
