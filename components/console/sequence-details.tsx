import type { DetailsModel } from '../../lib/models/console/details-model';
import { stepName, walkSteps } from '../../lib/sequence/steps';
import { ConnectionsView } from './connections-table';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';
import { formatAverage, formatDate, STATE_LABELS } from './format';
import { SequenceTree } from './sequence-tree';
import { AbTestResults } from './ab-test-results';
import { LoadFailed } from './load-failed';

export interface SequenceDetailsProps {
  model: DetailsModel;
  tab: 'steps' | 'records';
}

/** One sequence: its steps as a tree with per-step counts, its versions, its connected records. */
export function SequenceDetailsView({ model, tab }: SequenceDetailsProps) {
  const status = model.status.value;
  const details = model.details.value;
  const base = `#sequence/${encodeURIComponent(model.id)}`;

  if (status === 'loading')
    return (
      <p class="muted" role="status">
        Loading the sequence…
      </p>
    );
  if (status === 'error') {
    return (
      <LoadFailed
        what="The sequence"
        message={model.error.value}
        onRetry={() => void model.load()}
      />
    );
  }
  if (status === 'missing' || details === null) {
    return (
      <section class="section" aria-labelledby="section-title">
        <h1 id="section-title">Sequence not found</h1>
        <p>
          There is no sequence “{model.id}”. It may have been deleted.{' '}
          <a href="#sequences">Back to sequences</a>
        </p>
      </section>
    );
  }

  const { summary, definition, versions, stats } = details;
  const names = new Map(
    [...walkSteps(definition.steps)].map(({ step }) => [step.id, stepName(step)]),
  );
  const nameOf = (id: string): string => names.get(id) ?? id;
  // A bar needs a known total: only a sequence without branches has one path to measure against.
  const visits = [...walkSteps(definition.steps)];
  const linear = visits.every(({ step }) => step.type !== 'condition');
  const totalSteps = linear ? visits.length : null;

  return (
    <section class="section" aria-labelledby="section-title">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#sequences">Sequences</a> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">{summary.name}</span>
      </nav>
      <header class="section__header">
        <div>
          <h1 id="section-title">{summary.name}</h1>
          {summary.description !== null && <p class="muted">{summary.description}</p>}
        </div>
        <div class="actions">
          {summary.source !== 'policy' && (
            <a class="button button--primary" href={`${base}/design`}>
              {summary.state === 'active'
                ? summary.revising === true
                  ? 'Continue editing'
                  : 'Edit'
                : 'Open the designer'}
            </a>
          )}
          <a class="button" href={`${base}/versions`}>
            Version history
          </a>
        </div>
      </header>
      <dl class="facts">
        <div>
          <dt>State</dt>
          <dd>
            <span class={`state state--${summary.state}`}>{STATE_LABELS[summary.state]}</span>
            {summary.edited && <span class="muted"> · edited since its last activation</span>}
          </dd>
        </div>
        <div>
          <dt>Record type</dt>
          <dd>{t(ENTITY_WORDS.label[summary.entity])}</dd>
        </div>
        <div>
          <dt>Steps</dt>
          <dd>{summary.steps}</dd>
        </div>
        <div>
          <dt>Connected records</dt>
          <dd>{summary.connected.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Average time in sequence</dt>
          <dd>
            {details.averageDurationMs === null
              ? 'Not yet measured'
              : formatAverage(details.averageDurationMs)}
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            {summary.tags.length === 0 ? <span class="muted">None</span> : summary.tags.join(', ')}
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {summary.version}
            {versions.length > 0 && (
              <details class="versions">
                <summary>{tCount('versionCount', versions.length)}</summary>
                <ul>
                  {[...versions]
                    .sort((a, b) => b.version - a.version)
                    .map((version) => (
                      <li key={version.version}>
                        <a href={`${base}/versions/${version.version}`}>
                          Version {version.version}
                        </a>
                        , activated {formatDate(version.createdAt)}
                        {version.version === summary.version && ' (current)'}
                      </li>
                    ))}
                </ul>
              </details>
            )}
          </dd>
        </div>
      </dl>
      {summary.state === 'active' && (
        <p class="muted">
          {summary.revising === true
            ? 'A revision (the next version) is open in the designer. Records keep running their version until it is published.'
            : 'This sequence is active. Edit opens a revision in the designer: records keep running their version until you publish the next one.'}
        </p>
      )}

      <nav class="tabs" aria-label="Sequence views">
        <a href={base} class="tabs__tab" aria-current={tab === 'steps' ? 'page' : undefined}>
          Steps
        </a>
        <a
          href={`${base}/records`}
          class="tabs__tab"
          aria-current={tab === 'records' ? 'page' : undefined}
        >
          Connected records ({summary.connected.toLocaleString()})
        </a>
      </nav>
      {tab === 'steps' ? (
        <>
          <SequenceTree steps={definition.steps} stats={stats} nameOf={nameOf} />
          <AbTestResults model={model.abTests} />
        </>
      ) : (
        <ConnectionsView model={model.connections} showSequence={false} totalSteps={totalSteps} />
      )}
    </section>
  );
}
