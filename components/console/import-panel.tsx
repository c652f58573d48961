import { useId, useState } from 'preact/hooks';

import type { ImportModel } from '../../lib/models/console/import-model';
import type { PlanSummary } from '../../lib/sequence/plan';
import { tCount } from '../../lib/i18n';
import { ConversionSummary, ConversionWarnings } from './conversion-report';
import { STATE_LABELS } from './format';
import { ProblemList } from './problem-list';

export interface ImportPanelProps {
  model: ImportModel;
  onClose: () => void;
}

function SequencePlanItem({ item }: { item: PlanSummary['sequences'][number] }) {
  switch (item.action) {
    case 'create':
      return (
        <li>
          <span class="badge badge--new">New</span> <strong>{item.name}</strong>{' '}
          <span class="muted">
            ({item.id}, {tCount('stepCount', item.steps)}; starts as a draft)
          </span>
        </li>
      );
    case 'update':
      return (
        <li>
          <span class="badge badge--update">Updated</span> <strong>{item.name}</strong>{' '}
          <span class="muted">
            ({item.id}, {tCount('stepCount', item.steps)}; now version {item.currentVersion}, stays{' '}
            {STATE_LABELS[item.state].toLowerCase()})
          </span>
          {item.active && (
            <p class="plan__note">
              This sequence is active: the import makes a new version. Records already running it
              stay on version {item.currentVersion}; records connected from now on get the new one.
            </p>
          )}
          {item.readOnly && (
            <p class="plan__note error">
              Managed by your administrator: the import cannot change it.
            </p>
          )}
        </li>
      );
    case 'unchanged':
      return (
        <li>
          <span class="badge">Unchanged</span> {item.name} <span class="muted">({item.id})</span>
        </li>
      );
  }
}

function CrmPlanItem({ item }: { item: PlanSummary['crms'][number] }) {
  const label =
    item.action === 'create' ? 'New' : item.action === 'update' ? 'Updated' : 'Unchanged';
  return (
    <li>
      <span
        class={`badge ${item.action === 'create' ? 'badge--new' : item.action === 'update' ? 'badge--update' : ''}`}
      >
        {label}
      </span>{' '}
      <strong>{item.name}</strong> <span class="muted">({item.id})</span>
      {item.action !== 'unchanged' && item.origins.length > 0 && (
        <p class="plan__note">
          Upnext will ask your permission to run on {item.origins.join(', ')}.
        </p>
      )}
    </li>
  );
}

/** Choose, drop or paste a pack; see the dry run; import all or nothing. */
export function ImportPanel({ model, onClose }: ImportPanelProps) {
  const [dragging, setDragging] = useState(false);
  const fileId = useId();
  const textId = useId();
  const status = model.status.value;
  const plan = model.plan.value;
  const problems = model.problems.value;
  const busy = model.busy.value;
  const conversion = model.conversion.value;

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) void model.loadFile(file);
  };

  return (
    <section class="card import" aria-labelledby="import-title">
      <div class="card__header">
        <h2 id="import-title">Import a sequence pack</h2>
        <button type="button" class="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p class="muted">
        A pack is a JSON file of sequences (and, optionally, custom CRMs). Nothing changes until you
        press Import, and a pack with any error changes nothing at all.
      </p>
      <p class="muted">
        Moving from Outreach, Salesloft, HubSpot, Apollo, Reply.io or lemlist? Choose the sequence
        you exported from it: Upnext converts it and lists what did not carry over.
      </p>
      <div
        class={`dropzone${dragging ? ' dropzone--active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <label for={fileId} class="dropzone__label">
          <span class="button">Choose a pack file…</span>
          <span class="muted"> or drop a .json file here</span>
        </label>
        <input
          id={fileId}
          class="visually-hidden-file"
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (file !== undefined) void model.loadFile(file);
            input.value = '';
          }}
        />
        {model.fileName.value !== null && (
          <p class="muted">
            File: <strong>{model.fileName.value}</strong>
          </p>
        )}
      </div>
      <label for={textId} class="field__label">
        Or paste the pack’s JSON
      </label>
      <textarea
        id={textId}
        class="textarea textarea--code"
        rows={8}
        spellcheck={false}
        value={model.text.value}
        disabled={busy}
        onInput={(event) => model.setText(event.currentTarget.value)}
      />
      <div class="actions">
        <button type="button" class="button" disabled={busy} onClick={() => void model.check()}>
          Check the pack
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={!model.canApply.value || busy}
          onClick={() => void model.apply()}
        >
          Import
        </button>
        {status === 'planned' && plan !== null && !model.canApply.value && (
          <span class="muted">Nothing to import: everything in this pack is already here.</span>
        )}
      </div>

      <div aria-live="polite">
        {status === 'planning' && (
          <p class="busy" role="status">
            <progress aria-label="Checking the pack" /> Checking the pack…
          </p>
        )}
        {status === 'importing' && (
          <p class="busy" role="status">
            <progress aria-label="Importing" /> Importing{' '}
            {tCount('packItemCount', model.importing.value)}… all or nothing, this may take a
            moment.
          </p>
        )}
        {status === 'done' && plan !== null && (
          <p class="notice notice--success" role="status">
            Imported: {plan.counts.create} new, {plan.counts.update} updated,{' '}
            {plan.counts.unchanged} unchanged. New sequences are drafts: activate them when you are
            ready.
          </p>
        )}
        {status === 'done' && model.notAllowed.value.length > 0 && (
          <p class="notice" role="status">
            Upnext was not allowed on {model.notAllowed.value.join(', ')}, so it will not run there
            yet. Allow it any time in the CRMs section.
          </p>
        )}
      </div>

      {conversion !== null && (
        <ConversionSummary
          conversion={conversion}
          busy={busy}
          onEntity={(entity) => void model.setEntity(entity)}
        />
      )}

      {(status === 'invalid' || status === 'error') && (
        <div class="notice notice--error" role="alert">
          <p>
            <strong>{model.error.value}</strong>
            {problems.length > 0 && (
              <> Fix {problems.length === 1 ? 'it' : 'them'} and try again:</>
            )}
          </p>
          {problems.length > 0 && <ProblemList problems={problems} />}
        </div>
      )}

      {(status === 'planned' || status === 'importing') && plan !== null && (
        <div class={conversion !== null ? 'import-result' : undefined}>
          <div class="plan" data-testid="import-plan">
            <h3>
              Dry run: {plan.counts.create} new, {plan.counts.update} updated as a new version,{' '}
              {plan.counts.unchanged} unchanged
            </h3>
            {plan.sequences.length > 0 && (
              <>
                <h4>Sequences</h4>
                <ul class="plan__list">
                  {plan.sequences.map((item) => (
                    <SequencePlanItem key={item.id} item={item} />
                  ))}
                </ul>
              </>
            )}
            {plan.crms.length > 0 && (
              <>
                <h4>Custom CRMs</h4>
                <ul class="plan__list">
                  {plan.crms.map((item) => (
                    <CrmPlanItem key={item.id} item={item} />
                  ))}
                </ul>
              </>
            )}
          </div>
          {conversion !== null && <ConversionWarnings warnings={conversion.warnings} />}
        </div>
      )}

      {status === 'done' && conversion !== null && conversion.warnings.length > 0 && (
        <ConversionWarnings warnings={conversion.warnings} />
      )}
    </section>
  );
}
