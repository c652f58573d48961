/**
 * One sequence's insights: the flow of a version's records through its steps (chart, text
 * summary and the same flow as a table), the step table (per-version rows for A/B test steps),
 * the records at a chosen step, and connections and completions per week.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

import type {
  AllVersionsStep,
  FlowStep,
  SequenceFlow,
  StepFigures,
  StepRecordRow,
} from '../../lib/engine/insights-flow';
import type { WeekPoint } from '../../lib/engine/insights';
import type { SequenceInsightsModel } from '../../lib/models/console/insights-model';
import { inputOfDay } from '../../lib/models/console/insights-model';
import { FlowChart } from './insights-flow-chart';
import { formatRate, formatTime, formatTrend } from './insights-format';
import { WeeklyChart } from './insights-weekly-chart';
import { BuildProgress, WindowPicker } from './insights-window-picker';

const OUTCOME_WORDS = {
  connected: 'connected',
  voicemail: 'voicemail',
  'no-answer': 'no answer',
  'wrong-number': 'wrong number',
} as const;
const EMAIL_WORDS = { replied: 'replied', opened: 'opened', 'link-clicked': 'clicked' } as const;
const RECORD_OUTCOMES: Record<StepRecordRow['outcome'], string> = {
  completed: 'Completed',
  skipped: 'Skipped',
  here: 'Still there',
  replied: 'Left: replied',
  disconnected: 'Left: disconnected',
  moved: 'Left: moved',
  yes: 'Yes',
  no: 'No',
  passed: 'Waited',
};

function listOf(counts: Record<string, number>, words: Record<string, string>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${n} ${words[key] ?? key}`);
  return parts.length === 0 ? '—' : parts.join(', ');
}

function FigureCells({ figures, type }: { figures: StepFigures; type: FlowStep['type'] }) {
  return (
    <>
      <td class="num">{figures.reached}</td>
      <td class="num">{figures.completed}</td>
      <td class="num">{figures.skipped}</td>
      <td class="num">{figures.snoozed}</td>
      <td class="num">{figures.stillThere}</td>
      <td class="num">{figures.left.replied}</td>
      <td class="num">{figures.left.disconnected}</td>
      <td class="num">{figures.left.moved}</td>
      <td class="num">{type === 'condition' ? `${figures.yes} / ${figures.no}` : '—'}</td>
      <td class="num">{formatTime(figures.medianMs)}</td>
      <td>{type === 'call' ? listOf(figures.outcomes, OUTCOME_WORDS) : '—'}</td>
      <td>{listOf(figures.emails, EMAIL_WORDS)}</td>
    </>
  );
}

/** An A/B test step's rows per version, under its own row. */
function abRows(step: FlowStep) {
  const versions = step.versions;
  if (versions === undefined) return [];
  return (['a', 'b'] as const).map((version) => (
    <tr
      key={`${step.stepId}:${version}`}
      data-step={step.stepId}
      data-version={version}
      class="step-insights__version"
    >
      <th scope="row" style={{ paddingInlineStart: `${24 + step.depth * 16}px` }}>
        <span class="visually-hidden">{step.name}, </span>Version {version.toUpperCase()}
      </th>
      <FigureCells figures={versions[version]} type={step.type} />
    </tr>
  ));
}

/**
 * A step table's row heading: indented by the step's depth in the tree, with "Yes ·" or "No ·"
 * when it sits in a condition's branch; `children` is the name (text, or a button that lists
 * the step's records).
 */
function StepNameCell({
  step,
  children,
}: {
  step: { depth: number; branch: { answer: 'yes' | 'no' } | null };
  children: ComponentChildren;
}) {
  return (
    <th scope="row" style={{ paddingInlineStart: `${8 + step.depth * 16}px` }}>
      {step.branch !== null && (
        <span class="muted step-insights__branch">
          {step.branch.answer === 'yes' ? 'Yes' : 'No'} ·{' '}
        </span>
      )}
      {children}
    </th>
  );
}

/** The columns of a step table (one version's, or all versions together). */
function StepTableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Step</th>
        <th scope="col" class="num">
          Reached
        </th>
        <th scope="col" class="num">
          Completed
        </th>
        <th scope="col" class="num">
          Skipped
        </th>
        <th scope="col" class="num">
          Snoozed
        </th>
        <th scope="col" class="num">
          Still there
        </th>
        <th scope="col" class="num">
          Left: replied
        </th>
        <th scope="col" class="num">
          Left: disconnected
        </th>
        <th scope="col" class="num">
          Left: moved
        </th>
        <th scope="col" class="num">
          Yes / No
        </th>
        <th scope="col" class="num">
          Median time
        </th>
        <th scope="col">Call outcomes</th>
        <th scope="col">Email events</th>
      </tr>
    </thead>
  );
}

/** The flow in words, for screen readers and anyone who prefers a sentence to a chart. */
function flowSummary(flow: SequenceFlow): string {
  if (flow.connected === 0) return 'No record was connected to this version in this period.';
  const ends = flow.ends;
  const parts = [
    `${ends.completed} completed`,
    `${ends.replied} left after a reply`,
    `${ends.disconnected} were disconnected`,
    `${ends.moved} moved to another sequence`,
    `${ends.active} are still in progress`,
  ];
  const losing = [...flow.steps]
    .map((step) => ({
      step,
      left: step.figures.left.replied + step.figures.left.disconnected + step.figures.left.moved,
    }))
    .sort((a, b) => b.left - a.left)
    .at(0);
  const most =
    losing !== undefined && losing.left > 0
      ? ` Most records left at “${losing.step.name}” (${losing.left}).`
      : '';
  return `Of ${flow.connected} records connected in this period, ${parts.join(', ')}.${most}`;
}

function weeklySummary(weeks: WeekPoint[]): string {
  const connected = weeks.reduce((n, w) => n + w.connected, 0);
  const completed = weeks.reduce((n, w) => n + w.completed, 0);
  const busiest = [...weeks].sort((a, b) => b.connected - a.connected).at(0);
  const peak =
    busiest !== undefined && busiest.connected > 0
      ? ` The most connections were in the week of ${inputOfDay(busiest.week)} (${busiest.connected}).`
      : '';
  return `${connected} connections and ${completed} completions over ${weeks.length} weeks.${peak}`;
}

const LIST = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "only in version 2", "only in versions 1 and 2". */
function onlyInVersions(versions: readonly number[]): string {
  return `only in version${versions.length === 1 ? '' : 's'} ${LIST.format(versions.map(String))}`;
}

/**
 * The step table of all versions together: each step's figures added up over the versions that
 * have it (matched by step id); a step some versions lack says which versions have it.
 */
function AllVersionsTable({
  steps,
  versions,
}: {
  steps: readonly AllVersionsStep[];
  versions: readonly number[];
}) {
  const id = useId();
  return (
    <>
      <h2 id={`${id}-title`}>Steps, all versions together</h2>
      <p class="muted">
        Each step&apos;s figures over versions {LIST.format(versions.map(String))}, matched by the
        step&apos;s id; each version&apos;s records are counted on that version&apos;s own steps.
        Names are the newest version&apos;s.
      </p>
      {/* Focusable: a wide table scrolls sideways, and its cells hold nothing else to tab to. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
        <table class="table step-insights step-insights-all" aria-labelledby={`${id}-title`}>
          <StepTableHead />
          <tbody>
            {steps.flatMap((step) => [
              <tr key={step.stepId} data-step={step.stepId}>
                <StepNameCell step={step}>
                  {step.name}
                  {step.partial && (
                    <span class="step-insights__only"> ({onlyInVersions(step.inVersions)})</span>
                  )}
                </StepNameCell>
                <FigureCells figures={step.figures} type={step.type} />
              </tr>,
              ...abRows(step),
            ])}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function SequenceInsightsView({ model }: { model: SequenceInsightsModel }) {
  const id = useId();
  const reply = model.reply.value;
  const selected = model.selectedStep.value;
  if (reply === null) {
    return (
      <section class="section" aria-labelledby="section-title">
        <h1 id="section-title">Insights</h1>
        {model.error.value !== null ? (
          <p class="error" role="alert">
            {model.error.value}
          </p>
        ) : (
          <p class="muted" role="status">
            Loading insights…
          </p>
        )}
      </section>
    );
  }
  const { flow, stats, weeks } = reply;
  const versionStats = stats.versions.find((v) => v.version === reply.version)?.stats;
  const summaryId = `${id}-flow-summary`;
  const weeklyId = `${id}-weekly-summary`;
  const labels = new Map(flow.nodes.map((node) => [node.id, node.label]));
  const selectedStep = flow.steps.find((step) => step.stepId === selected);
  return (
    <section class="section" aria-labelledby="section-title">
      <header class="section__header">
        <div>
          <p class="muted">
            <a href="#insights">Insights</a> ›
          </p>
          <h1 id="section-title">{reply.sequence.name}</h1>
          <p class="muted">
            Records connected from {inputOfDay(reply.window.from)} to {inputOfDay(reply.window.to)},
            on the steps of version {reply.version ?? '—'}.
          </p>
        </div>
      </header>
      <div class="filters">
        <WindowPicker
          choice={model.choice.value}
          window={reply.window}
          onChange={model.setChoice}
        />
        <div class="field">
          <label for={`${id}-version`} class="field__label">
            Version
          </label>
          <select
            id={`${id}-version`}
            class="select"
            value={String(reply.version ?? '')}
            onChange={(event) => model.setVersion(Number(event.currentTarget.value))}
          >
            {[...reply.sequence.versions].reverse().map((version) => (
              <option key={version} value={String(version)}>
                Version {version}
              </option>
            ))}
          </select>
        </div>
      </div>
      {reply.build !== null && <BuildProgress build={reply.build} />}
      {model.error.value !== null && (
        <p class="error" role="alert">
          {model.error.value}
        </p>
      )}
      {reply.build === null && (
        <dl class="insight-figures">
          <div>
            <dt>Success rate (all versions)</dt>
            <dd>
              {formatRate(stats.all.successRate)}{' '}
              <span class="muted">{formatTrend(stats.all.successTrend)}</span>
            </dd>
          </div>
          <div>
            <dt>Success rate (version {reply.version ?? '—'})</dt>
            <dd>{formatRate(versionStats?.successRate ?? null)}</dd>
          </div>
          <div>
            <dt>Median time to complete</dt>
            <dd>{formatTime(stats.all.medianCompleteMs)}</dd>
          </div>
          <div>
            <dt>In progress</dt>
            <dd>{stats.all.inProgress}</dd>
          </div>
        </dl>
      )}

      {/* While the roll-ups are rebuilt, the progress above stands for the figures. */}
      {reply.build === null && (
        <>
          <h2>Flow of records</h2>
          <p id={summaryId} class="chart-summary">
            {flowSummary(flow)}
          </p>
          <div class="chart-frame">
            <FlowChart
              flow={flow}
              summaryId={summaryId}
              onSelectStep={(step) => void model.selectStep(step)}
            />
          </div>
          <details class="chart-table">
            <summary>The flow as a table</summary>
            <table class="table flow-table">
              <caption class="visually-hidden">Flow of records between steps</caption>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col" class="num">
                    Records
                  </th>
                </tr>
              </thead>
              <tbody>
                {flow.links.map((link) => (
                  <tr key={`${link.source}-${link.target}`}>
                    <td>{labels.get(link.source) ?? link.source}</td>
                    <td>{labels.get(link.target) ?? link.target}</td>
                    <td class="num">{link.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>

          <h2>Steps of version {reply.version ?? '—'}</h2>
          <div class="table-wrap">
            <table class="table step-insights">
              <caption class="visually-hidden">
                Figures per step of version {reply.version ?? '—'}
              </caption>
              <StepTableHead />
              <tbody>
                {flow.steps.flatMap((step) => [
                  <tr
                    key={step.stepId}
                    data-step={step.stepId}
                    class={step.stepId === selected ? 'is-selected' : undefined}
                  >
                    <StepNameCell step={step}>
                      <button
                        type="button"
                        class="link-button"
                        aria-pressed={step.stepId === selected}
                        onClick={() =>
                          void model.selectStep(step.stepId === selected ? null : step.stepId)
                        }
                      >
                        {step.name}
                      </button>
                    </StepNameCell>
                    <FigureCells figures={step.figures} type={step.type} />
                  </tr>,
                  ...abRows(step),
                ])}
              </tbody>
            </table>
          </div>
          {selectedStep !== undefined && (
            <div class="step-records" role="region" aria-label={`Records at ${selectedStep.name}`}>
              <h3>Records at “{selectedStep.name}”</h3>
              {model.stepRecords.value === null ? (
                <p class="muted" role="status">
                  Loading…
                </p>
              ) : model.stepRecords.value.length === 0 ? (
                <p class="muted">No record reached this step in this period.</p>
              ) : (
                <ul class="step-records__list">
                  {model.stepRecords.value.map((row) => (
                    <li key={row.connectionId}>
                      <span>{row.recordName}</span>{' '}
                      <span class="muted">
                        {RECORD_OUTCOMES[row.outcome]}
                        {row.version === null ? '' : ` · version ${row.version.toUpperCase()}`}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}

          {reply.allSteps.length > 0 && (
            <AllVersionsTable steps={reply.allSteps} versions={reply.sequence.versions} />
          )}

          <h2>Connections and completions per week</h2>
          <p id={weeklyId} class="chart-summary">
            {weeklySummary(weeks)}
          </p>
          <div class="chart-frame">
            <WeeklyChart weeks={weeks} labelId={weeklyId} />
          </div>
          <details class="chart-table">
            <summary>The weeks as a table</summary>
            <table class="table weekly-table">
              <caption class="visually-hidden">Connections and completions per week</caption>
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  <th scope="col" class="num">
                    Connected
                  </th>
                  <th scope="col" class="num">
                    Completed
                  </th>
                </tr>
              </thead>
              <tbody>
                {weeks.map((week) => (
                  <tr key={week.week}>
                    <td>{inputOfDay(week.week)}</td>
                    <td class="num">{week.connected}</td>
                    <td class="num">{week.completed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
