import { useId, useState } from 'preact/hooks';

import { MAX_ACTIVE_SEQUENCES } from '../../lib/domain/limits';
import type { ImportModel } from '../../lib/models/console/import-model';
import type { NewSequenceModel } from '../../lib/models/console/new-sequence-model';
import type { SequencesModel } from '../../lib/models/console/sequences-model';
import {
  ENTITIES,
  SEQUENCE_STATES,
  type Entity,
  type SequenceState,
} from '../../lib/sequence/types';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';
import { STATE_LABELS } from './format';
import { NewSequenceDialog } from '../designer/new-sequence-dialog';
import { ImportPanel } from './import-panel';
import { ProblemList } from './problem-list';
import { DeleteDialog, TagsDialog, TemplatesDialog } from './sequence-dialogs';
import { SequencesTable } from './sequences-table';
import { LoadFailed } from './load-failed';
import { LiveNotice } from './live-notice';

export interface SequencesSectionProps {
  model: SequencesModel;
  importer: ImportModel;
  /** New sequence in the designer (issue #16). */
  newSequence?: NewSequenceModel;
}

function Filters({ model }: { model: SequencesModel }) {
  const searchId = useId();
  const stateId = useId();
  const entityId = useId();
  const tagId = useId();
  const filtered =
    model.query.value !== '' ||
    model.stateFilter.value !== 'all' ||
    model.entityFilter.value !== 'all' ||
    model.tagFilter.value !== '';
  return (
    <div class="filters" role="search">
      <div class="field">
        <label for={searchId} class="field__label">
          Search
        </label>
        <input
          id={searchId}
          type="search"
          class="input"
          placeholder="Name or description"
          value={model.query.value}
          onInput={(event) => model.setQuery(event.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={stateId} class="field__label">
          State
        </label>
        <select
          id={stateId}
          class="select"
          value={model.stateFilter.value}
          onChange={(event) =>
            model.setStateFilter(event.currentTarget.value as SequenceState | 'all')
          }
        >
          <option value="all">All states</option>
          {SEQUENCE_STATES.map((state) => (
            <option key={state} value={state}>
              {STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={entityId} class="field__label">
          Record type
        </label>
        <select
          id={entityId}
          class="select"
          value={model.entityFilter.value}
          onChange={(event) => model.setEntityFilter(event.currentTarget.value as Entity | 'all')}
        >
          <option value="all">All record types</option>
          {ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {t(ENTITY_WORDS.label[entity])}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={tagId} class="field__label">
          Tag
        </label>
        <select
          id={tagId}
          class="select"
          value={model.tagFilter.value}
          onChange={(event) => model.setTagFilter(event.currentTarget.value)}
        >
          <option value="">All tags</option>
          {model.allTags.value.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </div>
      {filtered && (
        <button
          type="button"
          class="button button--quiet filters__clear"
          onClick={model.clearFilters}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

function BulkBar({ model }: { model: SequencesModel }) {
  const chosen = model.selectedSequences.value;
  if (chosen.length === 0) return null;
  const ids = chosen.map((row) => row.id);
  const activeCount = chosen.filter((row) => row.state === 'active').length;
  const busy = model.busy.value;
  return (
    <div class="bulk-bar" role="region" aria-label="Selected sequences">
      <strong>{tCount('sequenceCount', chosen.length)} selected</strong>
      <button
        type="button"
        class="button button--small button--primary"
        disabled={busy}
        onClick={() => void model.setState(ids, 'active')}
      >
        Activate
      </button>
      <button
        type="button"
        class="button button--small"
        disabled={busy}
        onClick={() => void model.setState(ids, 'inactive')}
      >
        Deactivate
      </button>
      <button
        type="button"
        class="button button--small"
        disabled={busy}
        onClick={() => void model.exportSequences(ids)}
      >
        Export selected
      </button>
      <button
        type="button"
        class="button button--small button--danger"
        disabled={busy || activeCount === chosen.length}
        onClick={() => model.askDelete(ids)}
      >
        Delete
      </button>
      <button
        type="button"
        class="button button--small button--quiet"
        onClick={model.clearSelection}
      >
        Clear selection
      </button>
      {activeCount > 0 && (
        <span class="muted bulk-bar__hint">
          {activeCount === chosen.length
            ? 'Active sequences cannot be deleted: deactivate them first.'
            : `${tCount('activeSequenceCount', activeCount)} will be left out of Delete: deactivate first.`}
        </span>
      )}
    </div>
  );
}

function ActivationReport({ model }: { model: SequencesModel }) {
  const reports = model.activation.value;
  if (reports.length === 0) return null;
  const overLimit = reports.some((report) =>
    report.problems.some(
      (problem) =>
        problem.message.includes(String(MAX_ACTIVE_SEQUENCES)) ||
        /active sequences/i.test(problem.message),
    ),
  );
  return (
    <div
      class="notice notice--error activation-report"
      role="alert"
      data-testid="activation-report"
    >
      <div class="card__header">
        <h2 class="notice__title">
          {tCount('sequenceCount', reports.length)} could not be activated
        </h2>
        <button
          type="button"
          class="button button--small button--quiet"
          onClick={model.dismissActivation}
        >
          Dismiss
        </button>
      </div>
      {overLimit && (
        <p>
          At most {MAX_ACTIVE_SEQUENCES} sequences can be active at a time. Deactivate sequences you
          no longer use, then try again.
        </p>
      )}
      {reports.map((report) => (
        <div key={report.id} class="activation-report__item">
          <h3>
            <a href={`#sequence/${encodeURIComponent(report.id)}`}>{report.name}</a>:{' '}
            {tCount('problemCount', report.problems.length)}
          </h3>
          <ProblemList problems={report.problems} />
        </div>
      ))}
    </div>
  );
}

/** The Sequences section: import, templates, the list with search, filters and actions. */
export function SequencesSection({ model, importer, newSequence }: SequencesSectionProps) {
  const [importing, setImporting] = useState(false);
  const status = model.status.value;
  const rows = model.visible.value;
  const total = model.sequences.value.length;
  const activeTotal = model.sequences.value.filter((row) => row.state === 'active').length;
  const notice = model.notice.value;
  const busy = model.busy.value;
  const pendingDelete = model.pendingDelete.value;
  const templates = model.templates.value;
  const tagEditor = model.tagEditor.value;

  return (
    <section aria-labelledby="section-title" class="section">
      <header class="section__header">
        <div>
          <h1 id="section-title">Sequences</h1>
          <p class="muted">
            {tCount('sequenceCount', total)}, {activeTotal} of {MAX_ACTIVE_SEQUENCES} active. Only
            inactive sequences can be changed.
          </p>
        </div>
        <div class="actions">
          {newSequence !== undefined && (
            <button
              type="button"
              class="button button--primary"
              onClick={() => void newSequence.start()}
            >
              New sequence
            </button>
          )}
          <button
            type="button"
            class={newSequence === undefined ? 'button button--primary' : 'button'}
            aria-expanded={importing}
            onClick={() => setImporting(!importing)}
          >
            Import a pack
          </button>
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => void model.openTemplates()}
          >
            Create from template
          </button>
          <button
            type="button"
            class="button"
            disabled={busy || total === 0}
            onClick={() => void model.exportSequences(null)}
          >
            Export all
          </button>
        </div>
      </header>

      {importing && <ImportPanel model={importer} onClose={() => setImporting(false)} />}

      <LiveNotice notice={notice} onDismiss={model.dismissNotice} />
      <ActivationReport model={model} />

      {status === 'loading' && (
        <p class="muted" role="status">
          Loading sequences…
        </p>
      )}
      {status === 'error' && (
        <LoadFailed
          what="The sequences"
          message={model.error.value}
          onRetry={() => void model.load()}
        />
      )}
      {status === 'ready' && total === 0 && (
        <div class="empty">
          <h2>No sequences yet</h2>
          <p class="muted">
            {newSequence === undefined
              ? 'Import a pack from your team, or start from one of the built-in templates.'
              : 'Press New sequence to design one, import a pack from your team, or start from one of the built-in templates.'}
          </p>
        </div>
      )}
      {status === 'ready' && total > 0 && (
        <>
          <Filters model={model} />
          <BulkBar model={model} />
          <p class="muted table-count" role="status">
            Showing {rows.length} of {tCount('sequenceCount', total)}
          </p>
          {rows.length === 0 ? (
            <p class="empty">No sequence matches these filters.</p>
          ) : (
            <SequencesTable
              rows={rows}
              selected={model.selected.value}
              sort={model.sort.value}
              busy={busy}
              onSort={model.sortBy}
              onToggle={model.toggle}
              onToggleAll={model.toggleAll}
              onSetState={(id, state) => void model.setState([id], state)}
              onClone={(id) => void model.clone(id)}
              onTags={model.editTags}
              onExport={(id) => void model.exportSequences([id])}
              onDelete={(id) => model.askDelete([id])}
            />
          )}
        </>
      )}

      {pendingDelete !== null && (
        <DeleteDialog
          pending={pendingDelete}
          busy={busy}
          onConfirm={() => void model.confirmDelete()}
          onCancel={model.cancelDelete}
        />
      )}
      {tagEditor !== null && (
        <TagsDialog
          name={tagEditor.name}
          tags={tagEditor.tags}
          knownTags={model.allTags.value}
          busy={busy}
          onSave={(tags) => void model.saveTags(tags)}
          onCancel={model.closeTags}
        />
      )}
      {newSequence !== undefined && <NewSequenceDialog model={newSequence} />}
      {templates !== null && (
        <TemplatesDialog
          templates={templates}
          busy={busy}
          onCreate={(id) => void model.createFromTemplate(id)}
          onCancel={model.closeTemplates}
        />
      )}
    </section>
  );
}
