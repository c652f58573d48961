import { useId, useState } from 'preact/hooks';

import type { AbComparison } from '../../lib/engine/ab-statistics';
import type {
  AbTestEndedBy,
  AbTestResult,
  AbTestsModel,
} from '../../lib/models/console/ab-tests-model';
import { stepName } from '../../lib/sequence/steps';
import type { AbMetric, AbTestVersion, AbVersion } from '../../lib/sequence/types';

import { ModalDialog } from '../modal-dialog';
import { abTestSummary, formatDateTime } from './format';

/** Records each version needs before a winner can be named (the statistics' rule, for the text). */
const MIN_RECORDS = 50;

const METRIC_HEADINGS: Record<AbMetric, string> = {
  replied: 'Replies',
  opened: 'Opens',
  'link-clicked': 'Link clicks',
  success: 'Successes',
};

const STATE_WORDS: Record<AbTestResult['state'], string> = {
  draft: 'Draft',
  running: 'In progress',
  ended: 'Ended',
};

const ENDED_BY: Record<AbTestEndedBy, string> = {
  manager: 'ended by hand',
  significant: 'ended when one version was clearly better',
  date: 'ended on its end date',
};

const percent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

const letter = (version: AbVersion): string => version.toUpperCase();

function versionTitle(version: AbTestVersion, which: AbVersion): string {
  const subject = version.type === 'email' ? version.template?.subject : undefined;
  return version.name ?? subject ?? `Version ${letter(which)}`;
}

/** The sentence under the numbers: where the test stands, in plain words. */
function verdict(test: AbTestResult): string {
  const { comparison, step } = test;
  const confidence = percent.format(comparison.confidence);
  if (test.state === 'draft')
    return 'The test starts when the sequence is activated: records then get a version by the split.';
  if (test.ended !== null) {
    const when = formatDateTime(test.ended.at);
    return test.ended.winner === null
      ? `Ended ${when} (${ENDED_BY[test.ended.by]}) without a winner: every new record gets version ${letter(step.default)}, the default.`
      : `Ended ${when} (${ENDED_BY[test.ended.by]}). Winner: version ${letter(test.ended.winner)}; every new record gets it.`;
  }
  if (comparison.verdict === 'not-enough-records')
    return `Not enough records yet: each version needs at least ${MIN_RECORDS} sent (A has ${comparison.a.records.toLocaleString()}, B has ${comparison.b.records.toLocaleString()}). Confidence that they differ so far: ${confidence}.`;
  if (comparison.verdict === 'no-clear-difference')
    return `No clear difference yet: ${confidence} confident that the versions differ; a winner needs 95 %.`;
  const winner = comparison.winner ?? step.default;
  return `Version ${letter(winner)} is clearly better (${confidence} confidence). The test runs until ${
    step.ends === undefined ? 'you end it' : 'its end date'
  }; you can end it now and pick ${letter(winner)}.`;
}

function Row({
  which,
  test,
  counts,
}: {
  which: AbVersion;
  test: AbTestResult;
  counts: AbComparison['a'];
}) {
  const version = test.step[which];
  const winner = test.ended?.winner ?? null;
  return (
    <tr>
      <th scope="row">
        <span class="ab-test__letter">{letter(which)}</span> {versionTitle(version, which)}
        {winner === which && (
          <>
            {' '}
            <span class="state state--active ab-test__winner">Winner</span>
          </>
        )}
      </th>
      <td class="num">{counts.records.toLocaleString()}</td>
      <td class="num">{counts.conversions.toLocaleString()}</td>
      <td class="num">{counts.records === 0 ? '–' : percent.format(counts.rate)}</td>
    </tr>
  );
}

function EndDialog({
  test,
  busy,
  error,
  onEnd,
  onCancel,
}: {
  test: AbTestResult;
  busy: boolean;
  error: string | null;
  onEnd: (winner: AbVersion | null) => void;
  onCancel: () => void;
}) {
  const name = stepName(test.step);
  const [choice, setChoice] = useState<AbVersion | 'none'>(test.comparison.winner ?? 'none');
  const groupId = useId();
  const option = (value: AbVersion | 'none', label: string) => (
    <label class="choice">
      <input
        type="radio"
        name={groupId}
        value={value}
        checked={choice === value}
        onChange={() => setChoice(value)}
      />{' '}
      {label}
    </label>
  );
  const rate = (which: AbVersion) => {
    const counts = test.comparison[which];
    return counts.records === 0
      ? 'not sent yet'
      : `${percent.format(counts.rate)} of ${counts.records.toLocaleString()}`;
  };
  return (
    <ModalDialog
      title={`End the A/B test “${name}”`}
      description="Every record that reaches this step from now on gets the version you pick. Records that already got a version keep it. An ended test cannot be restarted."
      onClose={onCancel}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onEnd(choice === 'none' ? null : choice);
        }}
      >
        <fieldset class="choices">
          <legend>Which version should every new record get?</legend>
          {option('a', `Version A, “${versionTitle(test.step.a, 'a')}” (${rate('a')})`)}
          {option('b', `Version B, “${versionTitle(test.step.b, 'b')}” (${rate('b')})`)}
          {option('none', `No winner: the default, version ${letter(test.step.default)}`)}
        </fieldset>
        {error !== null && (
          <p class="field__error" role="alert">
            {error}
          </p>
        )}
        <div class="actions actions--end">
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Ending the test…' : 'End the test'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** One test: its state, each version's numbers, where it stands, and "End test…" while it runs. */
export function AbTestCard({ test, model }: { test: AbTestResult; model: AbTestsModel }) {
  const titleId = useId();
  const name = stepName(test.step);
  return (
    <article class="card ab-test" aria-labelledby={titleId} data-step-id={test.stepId}>
      <header class="card__header">
        <h3 id={titleId}>{name}</h3>
        <span class={`state state--${test.state === 'running' ? 'active' : test.state}`}>
          {STATE_WORDS[test.state]}
        </span>
      </header>
      <p class="muted">{abTestSummary(test.step)}</p>
      <div class="table-wrap">
        <table class="table ab-test__table">
          <caption class="visually-hidden">Results of the A/B test “{name}”</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" class="num">
                Sent
              </th>
              <th scope="col" class="num">
                {METRIC_HEADINGS[test.step.metric]}
              </th>
              <th scope="col" class="num">
                Rate
              </th>
            </tr>
          </thead>
          <tbody>
            <Row which="a" test={test} counts={test.comparison.a} />
            <Row which="b" test={test} counts={test.comparison.b} />
          </tbody>
        </table>
      </div>
      <p class="ab-test__verdict">{verdict(test)}</p>
      {test.state === 'running' && (
        <div class="actions">
          <button
            type="button"
            class="button"
            aria-haspopup="dialog"
            onClick={() => model.openEnd(test.stepId)}
          >
            End test…
          </button>
        </div>
      )}
      {model.ending.value === test.stepId && (
        <EndDialog
          test={test}
          busy={model.busy.value}
          error={model.endError.value}
          onEnd={(winner) => void model.end(test.stepId, winner)}
          onCancel={model.closeEnd}
        />
      )}
    </article>
  );
}

/**
 * The A/B tests of a sequence: each version's sent count, conversions and rate, the confidence,
 * where the test stands, and "End test…" to pick the winner early.
 */
export function AbTestResults({ model }: { model: AbTestsModel }) {
  const tests = model.tests.value;
  if (tests.length === 0 && model.error.value === null) return null;
  return (
    <section class="ab-tests" aria-labelledby="ab-tests-title">
      <h2 id="ab-tests-title">A/B tests</h2>
      <p class="muted">
        Counted: records that got their version by the split and were sent it. A version is clearly
        better at 95 % confidence with at least {MIN_RECORDS} records per version.
      </p>
      {model.error.value !== null && (
        <p class="notice notice--error" role="alert">
          The A/B test results could not be read: {model.error.value}
        </p>
      )}
      <p class="live" role="status">
        {model.notice.value}
      </p>
      {tests.map((test) => (
        <AbTestCard key={test.stepId} test={test} model={model} />
      ))}
    </section>
  );
}
