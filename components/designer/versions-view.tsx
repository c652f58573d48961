/**
 * Version history (issue #16, item 7): every version with its date, note and step count; open
 * one read only; compare any two (or a version and the draft) as a readable list of what was
 * added, removed and changed; Restore as a new draft.
 */
import { useId } from 'preact/hooks';

import type { Change, StepDiff } from '../../lib/designer/diff';
import { summarizeDiff } from '../../lib/designer/diff';
import type { VersionRef, VersionsModel } from '../../lib/models/console/versions-model';
import { formatDateTime } from '../console/format';
import { ConfirmDialog } from './designer-dialogs';
import { STEP_TYPE_SHORT } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';

const refLabel = (ref: VersionRef): string => (ref === 'draft' ? 'the draft' : `version ${ref}`);

function ChangeLine({ change }: { change: Change }) {
  return (
    <li class="d-diff__change">
      <span class="d-diff__label">{change.label}:</span> <del>{change.before}</del>{' '}
      <span aria-hidden="true">→</span>
      <span class="visually-hidden">, now</span> <ins>{change.after}</ins>
    </li>
  );
}

const STATUS_WORDS = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

function StepLine({ step }: { step: StepDiff }) {
  return (
    <li class={`d-diff__step d-diff__step--${step.status}`}>
      <p class="d-diff__head">
        <span class={`badge d-diff__badge d-diff__badge--${step.status}`}>
          {STATUS_WORDS[step.status]}
        </span>{' '}
        <strong>{step.name}</strong>{' '}
        <span class="muted">
          ({t(STEP_TYPE_SHORT[step.type])}, {step.where})
        </span>
      </p>
      {step.changes.length > 0 && (
        <ul class="d-diff__changes">
          {step.changes.map((change) => (
            <ChangeLine key={change.label} change={change} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** One end of a comparison: the draft or a stored version, read from the form on submit. */
function VersionSelect(props: {
  name: 'from' | 'to';
  label: string;
  value: VersionRef;
  refs: readonly VersionRef[];
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id} class="field__label">
        {props.label}
      </label>
      <select
        id={id}
        name={props.name}
        class="select"
        value={String(props.value)}
        key={`${props.name}-${String(props.value)}`}
      >
        {props.refs.map((ref) => (
          <option key={String(ref)} value={String(ref)}>
            {ref === 'draft' ? 'The draft' : `Version ${ref}`}
          </option>
        ))}
      </select>
    </div>
  );
}

export function VersionsView({
  model,
  compare,
  onCompare,
}: {
  model: VersionsModel;
  compare: { from: VersionRef; to: VersionRef } | null;
  onCompare: (from: VersionRef, to: VersionRef) => void;
}) {
  const status = model.status.value;
  const state = model.state.value;
  const comparison = model.comparison.value;
  if (status === 'loading') {
    return (
      <p class="muted" role="status">
        Loading the versions…
      </p>
    );
  }
  if (status === 'error' || status === 'missing' || state === null) {
    return (
      <section class="section" aria-labelledby="section-title">
        <h1 id="section-title">
          {status === 'error' ? 'The versions could not be loaded' : 'Sequence not found'}
        </h1>
        <p>
          {model.error.value ?? `There is no sequence “${model.id}”.`}{' '}
          <a href="#sequences">Back to sequences</a>
        </p>
      </section>
    );
  }
  const base = `#sequence/${encodeURIComponent(model.id)}`;
  const versions = state.versions;
  const hasDraft = state.mode === 'draft' || state.mode === 'revision';
  const refs: VersionRef[] = [
    ...(hasDraft ? (['draft'] as const) : []),
    ...versions.map((version) => version.version),
  ];
  const latest = versions.at(0);
  const previous = versions.at(1);
  const from: VersionRef = compare?.from ?? previous?.version ?? latest?.version ?? 'draft';
  const to: VersionRef =
    compare?.to ?? (hasDraft && versions.length < 2 ? 'draft' : (latest?.version ?? 'draft'));
  const current = state.summary.state === 'active' ? state.summary.version : null;

  return (
    <section class="section" aria-labelledby="section-title">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#sequences">Sequences</a> <span aria-hidden="true">›</span>{' '}
        <a href={base}>{state.summary.name}</a> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Version history</span>
      </nav>
      <header class="section__header">
        <div>
          <h1 id="section-title">Version history</h1>
          <p class="muted">
            Each activation or publish makes a version. Records stay on the version they started
            with.
          </p>
        </div>
        <div class="actions">
          <a class="button" href={`${base}/design`}>
            Open the designer
          </a>
        </div>
      </header>
      {model.notice.value !== null && (
        <p class="notice notice--error" role="alert">
          {model.notice.value}
        </p>
      )}
      {versions.length === 0 ? (
        <p class="empty">No versions yet: the first one is made when the sequence is activated.</p>
      ) : (
        <table class="table d-versions">
          <caption class="visually-hidden">Versions of {state.summary.name}</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">What changed</th>
              <th scope="col" class="num">
                Steps
              </th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version}>
                <th scope="row">
                  <a href={`${base}/versions/${version.version}`}>Version {version.version}</a>
                  {version.version === current && (
                    <span class="badge badge--new d-versions__current">Active</span>
                  )}
                </th>
                <td>{formatDateTime(version.createdAt)}</td>
                <td>{version.note ?? <span class="muted">No note</span>}</td>
                <td class="num">{version.steps}</td>
                <td class="row-actions">
                  <a
                    class="button button--small"
                    href={`${base}/versions/${version.version}`}
                    aria-label={`Open version ${version.version}, read only`}
                  >
                    Open
                  </a>
                  {state.summary.source !== 'policy' && (
                    <button
                      type="button"
                      class="button button--small"
                      aria-label={`Restore as a new draft (version ${version.version})`}
                      onClick={() => model.askRestore(version.version)}
                    >
                      Restore as a new draft
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {refs.length >= 2 && (
        <section aria-labelledby="d-compare-title" class="d-compare">
          <h2 id="d-compare-title">Compare</h2>
          <form
            class="filters"
            onSubmit={(event) => {
              event.preventDefault();
              const data = new FormData(event.currentTarget);
              const parse = (value: FormDataEntryValue | null): VersionRef =>
                value === 'draft' ? 'draft' : Number(value);
              onCompare(parse(data.get('from')), parse(data.get('to')));
            }}
          >
            <VersionSelect name="from" label="From" value={from} refs={refs} />
            <VersionSelect name="to" label="To" value={to} refs={refs} />
            <button type="submit" class="button">
              Compare
            </button>
          </form>
          {model.comparing.value && (
            <p class="muted" role="status">
              Comparing…
            </p>
          )}
          {comparison !== null && (
            <div class="d-diff" data-testid="version-diff">
              <h3>
                From {refLabel(comparison.from)} to {refLabel(comparison.to)}:{' '}
                {summarizeDiff(comparison.diff)}
              </h3>
              {comparison.diff.settings.length > 0 && (
                <>
                  <h4>Sequence settings</h4>
                  <ul class="d-diff__changes">
                    {comparison.diff.settings.map((change) => (
                      <ChangeLine key={change.label} change={change} />
                    ))}
                  </ul>
                </>
              )}
              {comparison.diff.steps.length > 0 && (
                <>
                  <h4>{tCount('stepCount', comparison.diff.steps.length)}</h4>
                  <ul class="d-diff__steps">
                    {comparison.diff.steps.map((step) => (
                      <StepLine key={`${step.status}-${step.id}`} step={step} />
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </section>
      )}

      {model.pendingRestore.value !== null && (
        <ConfirmDialog
          title={`Restore version ${model.pendingRestore.value}?`}
          message={
            state.summary.state === 'active'
              ? `Version ${model.pendingRestore.value} becomes the draft of the next version${state.mode === 'revision' ? ', replacing the revision you have open' : ''}. Records keep running their versions until you publish it.`
              : `Version ${model.pendingRestore.value} replaces the current draft. Activate it when it is ready.`
          }
          confirm="Restore as a new draft"
          cancel="Cancel"
          busy={model.busy.value}
          onConfirm={() => void model.restore()}
          onCancel={model.cancelRestore}
        />
      )}
    </section>
  );
}
