/**
 * The sequence designer page (issue #16): `#sequence/<id>/design` for the draft or an active
 * sequence's revision, and `#sequence/<id>/versions/<n>` for one stored version, read only.
 * Toolbar (undo, redo, designer or JSON, options, history, save state, Activate / Publish),
 * problem list, the tree and the properties pane side by side.
 */
import { useEffect } from 'preact/hooks';

import { addLabel, nameIndex } from '../../lib/designer/labels';
import { START_KEY, type DesignerModel } from '../../lib/models/console/designer-model';
import { formatDateTime, STATE_LABELS } from '../console/format';
import { AddMenu } from './add-menu';
import { ConfirmDialog, DeleteConditionDialog, PublishDialogView } from './designer-dialogs';
import { DesignerTree } from './designer-tree';
import { JsonView } from './json-view';
import { ARIA_MOD, MOD } from './keys';
import { ProblemPanel } from './problem-panel';
import { SequenceOptions } from './sequence-options';
import { StepPane } from './step-pane';
import { ENTITY_WORDS } from '../../lib/domain/words';
import { t } from '../../lib/i18n';
import { LiveNotice } from '../console/live-notice';

function SaveState({ model }: { model: DesignerModel }) {
  const save = model.save.value;
  if (model.readOnly.value) return null;
  return (
    <span class={`d-save d-save--${save.status}`} role="status">
      {save.status === 'saved' && 'All changes saved'}
      {save.status === 'saving' && 'Saving…'}
      {save.status === 'error' && (
        <>
          Not saved: {save.message}{' '}
          <button type="button" class="button button--small" onClick={model.retrySave}>
            Try again
          </button>
        </>
      )}
      {save.status === 'conflict' && 'Not saved: changed elsewhere'}
    </span>
  );
}

function ConflictNotice({ model }: { model: DesignerModel }) {
  if (model.save.value.status !== 'conflict') return null;
  return (
    <div class="notice notice--error" role="alert">
      <p>
        {model.save.value.message} Your latest changes here are not saved yet. Load the saved
        version (your changes here are dropped), or keep yours (they replace the other changes).
      </p>
      <div class="actions">
        <button type="button" class="button" onClick={() => void model.reloadSaved()}>
          Load the saved version
        </button>
        <button type="button" class="button button--primary" onClick={() => void model.keepMine()}>
          Keep my version
        </button>
      </div>
    </div>
  );
}

function modeText(model: DesignerModel): string {
  const state = model.state.value;
  if (state === null) return '';
  if (model.version !== null) return `Version ${model.version}, read only`;
  const { summary } = state;
  switch (state.mode) {
    case 'draft':
      return summary.version === 0
        ? 'Draft: not active yet'
        : `${STATE_LABELS[summary.state]}; editing the next version (the last was version ${summary.version})`;
    case 'revision':
      return `Active, version ${state.baseVersion}. You are editing version ${Math.max(state.baseVersion, state.versions[0]?.version ?? 0) + 1}; records keep running their version until you publish.${state.restoredFrom === null ? '' : ` Restored from version ${state.restoredFrom}.`}`;
    case 'live':
      return `Active, version ${summary.version}. Press Edit to change it: records keep running while you do.`;
    case 'managed':
      return 'Managed by your administrator: read only.';
  }
}

export function DesignerView({ model }: { model: DesignerModel }) {
  const status = model.status.value;
  const state = model.state.value;
  const draft = model.draft.value;
  const readOnly = model.readOnly.value;
  const view = model.view.value;
  const pane = model.pane.value;
  const selected = model.selected.value;
  const adding = model.adding.value;
  const pendingDelete = model.pendingDelete.value;
  const publishing = model.publishing.value;
  const notice = model.notice.value;
  const problems = model.problems.value.list;
  const busy = model.busy.value;

  // Undo / redo anywhere in the designer (not in the JSON text, which has its own).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      const target = event.target as HTMLElement | null;
      if (target?.id === 'd-json-text') return;
      if ((target?.closest('dialog') ?? null) !== null) return;
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        model.undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        model.redo();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [model]);

  // A change not stored yet: the browser asks before the page goes away.
  useEffect(() => {
    const onLeave = (event: BeforeUnloadEvent) => {
      if (model.unsaved()) event.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [model]);

  if (status === 'loading') {
    return (
      <p class="muted" role="status">
        Loading the designer…
      </p>
    );
  }
  if (status === 'error') {
    return (
      <div class="notice notice--error" role="alert">
        <p>{model.error.value}</p>
        <button type="button" class="button" onClick={() => void model.load()}>
          Try again
        </button>
      </div>
    );
  }
  if (status === 'missing' || state === null || draft === null) {
    return (
      <section class="section" aria-labelledby="section-title">
        <h1 id="section-title">Sequence not found</h1>
        <p>
          There is no sequence “{model.id}”
          {model.version === null ? '' : ` with a version ${model.version}`}. It may have been
          deleted. <a href="#sequences">Back to sequences</a>
        </p>
      </section>
    );
  }

  const base = `#sequence/${encodeURIComponent(model.id)}`;
  const canPublish =
    !readOnly &&
    problems.length === 0 &&
    model.checked.value &&
    (state.mode === 'revision' || state.mode === 'draft');
  const undoLabel = model.undoLabel.value;
  const redoLabel = model.redoLabel.value;
  const openPane = () =>
    requestAnimationFrame(() => document.getElementById('d-pane-title')?.focus());
  const whereAdding = adding === null ? '' : addLabel(draft, adding, nameIndex(draft));

  return (
    <section class="section designer" aria-labelledby="section-title">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#sequences">Sequences</a> <span aria-hidden="true">›</span>{' '}
        <a href={base}>{state.summary.name}</a> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">
          {model.version === null ? 'Designer' : `Version ${model.version}`}
        </span>
      </nav>
      <header class="section__header">
        <div>
          <h1 id="section-title">{draft.name.trim() === '' ? 'Unnamed sequence' : draft.name}</h1>
          <p class="muted">
            <span class={`state state--${state.summary.state}`}>
              {STATE_LABELS[state.summary.state]}
            </span>{' '}
            {t(ENTITY_WORDS.label[draft.entity])} sequence · {modeText(model)}
          </p>
        </div>
        <div class="actions">
          {model.version !== null ? (
            <>
              <a class="button" href={`${base}/compare/${model.version}/draft`}>
                Compare with the draft
              </a>
              {state.summary.source !== 'policy' && (
                <button type="button" class="button button--primary" onClick={model.askRestore}>
                  Restore as a new draft
                </button>
              )}
            </>
          ) : state.mode === 'live' ? (
            <button
              type="button"
              class="button button--primary"
              disabled={busy}
              onClick={() => void model.edit()}
            >
              Edit
            </button>
          ) : state.mode === 'revision' || state.mode === 'draft' ? (
            <>
              {state.mode === 'revision' && (
                <button
                  type="button"
                  class="button button--danger"
                  disabled={busy}
                  onClick={model.askDiscard}
                >
                  Discard revision
                </button>
              )}
              <button
                type="button"
                class="button button--primary"
                disabled={!canPublish || busy}
                aria-describedby="d-problems"
                onClick={() => void model.askPublish()}
              >
                {state.mode === 'revision' ? 'Publish' : 'Activate'}
              </button>
            </>
          ) : null}
        </div>
      </header>

      <div class="d-toolbar" role="group" aria-label="Designer tools">
        {!readOnly && (
          <>
            <button
              type="button"
              class="button button--small"
              disabled={!model.canUndo.value}
              aria-keyshortcuts={`${ARIA_MOD}+Z`}
              title={undoLabel === null ? `Undo (${MOD}+Z)` : `Undo: ${undoLabel} (${MOD}+Z)`}
              onClick={model.undo}
            >
              Undo
            </button>
            <button
              type="button"
              class="button button--small"
              disabled={!model.canRedo.value}
              aria-keyshortcuts={`${ARIA_MOD}+Shift+Z`}
              title={
                redoLabel === null ? `Redo (${MOD}+Shift+Z)` : `Redo: ${redoLabel} (${MOD}+Shift+Z)`
              }
              onClick={model.redo}
            >
              Redo
            </button>
            <span class="d-toolbar__sep" aria-hidden="true" />
          </>
        )}
        <button
          type="button"
          class="button button--small"
          aria-pressed={view === 'design'}
          onClick={() => model.setView('design')}
        >
          Designer
        </button>
        <button
          type="button"
          class="button button--small"
          aria-pressed={view === 'json'}
          onClick={() => model.setView('json')}
        >
          JSON
        </button>
        <span class="d-toolbar__sep" aria-hidden="true" />
        <button
          type="button"
          class="button button--small"
          aria-pressed={pane === 'options'}
          onClick={() => {
            model.openOptions();
            openPane();
          }}
        >
          Sequence options
        </button>
        <a class="button button--small" href={`${base}/versions`}>
          Version history ({state.versions.length})
        </a>
        <span class="d-toolbar__grow" />
        <SaveState model={model} />
      </div>

      <LiveNotice notice={notice} onDismiss={model.dismissNotice} />
      <ConflictNotice model={model} />
      {!readOnly && <ProblemPanel model={model} sequence={draft} />}

      <div class={`d-layout${pane === null ? '' : ' d-layout--pane'}`}>
        <div class="d-canvas">
          {view === 'json' ? (
            <JsonView model={model} />
          ) : (
            <>
              <p id="d-tree-keys" class="d-keys muted">
                {readOnly
                  ? 'Keys: ↑ ↓ move between steps, → ← open and close conditions, Enter shows a step’s properties.'
                  : `Keys: ↑ ↓ move, → ← open and close, Enter edits, A adds after, Delete removes, Alt+↑ ↓ moves the step, ${MOD}+D duplicates, ${MOD}+Z undoes. Drag a step onto a + to move it.`}
              </p>
              <DesignerTree model={model} sequence={draft} onOpenPane={openPane} />
            </>
          )}
        </div>
        {pane !== null && (
          <div
            class="d-side"
            onKeyDown={(event) => {
              if (
                event.key === 'Escape' &&
                (event.target as HTMLElement).closest('dialog') === null
              ) {
                event.preventDefault();
                model.setFocus(pane === 'options' ? START_KEY : (selected ?? START_KEY), true);
              }
            }}
          >
            {pane === 'options' ? (
              <SequenceOptions model={model} sequence={draft} />
            ) : selected !== null ? (
              <StepPane model={model} sequence={draft} stepId={selected} />
            ) : null}
          </div>
        )}
      </div>

      <div aria-live="polite" class="visually-hidden" data-testid="designer-announcement">
        {model.announcement.value}
      </div>

      {adding !== null && (
        <AddMenu where={whereAdding} onAdd={model.add} onClose={model.closeAdd} />
      )}
      {pendingDelete !== null && (
        <DeleteConditionDialog
          pending={pendingDelete}
          onDelete={(choice) => model.remove(pendingDelete.id, choice)}
          onCancel={model.cancelDelete}
        />
      )}
      {publishing !== null && (
        <PublishDialogView
          dialog={publishing}
          busy={busy}
          baseVersion={state.baseVersion}
          onPublish={(note) => void model.publish(note)}
          onCancel={model.cancelPublish}
        />
      )}
      {model.confirmDiscard.value && (
        <ConfirmDialog
          title="Discard this revision?"
          message={`Your changes to the next version are thrown away. Version ${state.baseVersion} stays active, as it is.`}
          confirm="Discard revision"
          cancel="Keep editing"
          danger
          busy={busy}
          onConfirm={() => void model.discard()}
          onCancel={model.cancelDiscard}
        />
      )}
      {model.confirmRestore.value && model.version !== null && (
        <ConfirmDialog
          title={`Restore version ${model.version}?`}
          message={
            state.mode === 'live' || state.mode === 'revision'
              ? `Version ${model.version} becomes the draft of the next version${state.mode === 'revision' ? ', replacing the revision you have open' : ''}. Records keep running their versions until you publish it.`
              : `Version ${model.version} replaces the current draft${state.summary.edited ? ' and its unpublished changes' : ''}. Activate it when it is ready.`
          }
          confirm="Restore as a new draft"
          cancel="Cancel"
          busy={busy}
          onConfirm={() => void model.restore()}
          onCancel={model.cancelRestore}
        />
      )}
      {state.versions.length > 0 && model.version === null && (
        <p class="muted d-footnote">
          Last version: {state.versions[0]?.version}, published{' '}
          {formatDateTime(state.versions[0]?.createdAt ?? 0)}.
        </p>
      )}
    </section>
  );
}
