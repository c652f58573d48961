/**
 * "Add your CRM": the configured custom CRMs and self-hosted instances, an editor for one custom
 * definition with a live test, and a form for a self-hosted instance of a built-in CRM.
 * Presentational: everything goes through the model (lib/models/crm-editor-model.ts). Uses the
 * console's classes (`card`, `field`, `input`, `button`...), so it looks at home there.
 */
import { useId } from 'preact/hooks';

import type { CrmList } from '../../lib/crm/custom-registry';
import type { CrmId } from '../../lib/crm/rules/types';
import type { CrmEditorModel } from '../../lib/models/crm-editor-model';
import { ENTITIES, URL_PARTS } from '../../lib/sequence/types';
import { CrmTestReport } from './crm-test-report';

const PART_LABELS: Record<(typeof URL_PARTS)[number], string> = {
  path: 'Path (/leads/42)',
  hash: 'Hash (#/leads/42)',
  search: 'Query (?id=42)',
  href: 'Whole address',
};

const SOURCE_LABELS = {
  pack: 'From a pack',
  console: 'Added here',
  policy: 'Set by your administrator',
} as const;

function Access({ granted }: { granted: boolean }) {
  return granted ? (
    <span class="badge">Allowed</span>
  ) : (
    <span class="badge badge--update">Needs access</span>
  );
}

function ConfiguredList({ model, list }: { model: CrmEditorModel; list: CrmList }) {
  const busy = model.busy.value;
  return (
    <>
      <h3>Custom CRMs</h3>
      {list.custom.length === 0 ? (
        <p class="muted">No custom CRM yet.</p>
      ) : (
        <ul class="crm-list">
          {list.custom.map((crm) => (
            <li key={crm.id} class="card">
              <strong>{crm.name}</strong> <span class="muted">({crm.id})</span>{' '}
              <Access granted={crm.granted} />{' '}
              <span class="muted">{SOURCE_LABELS[crm.source]}</span>
              <p class="muted">{crm.origins.join(', ')}</p>
              <div class="actions">
                {!crm.granted && (
                  <button
                    type="button"
                    class="button button--small"
                    disabled={busy}
                    onClick={() => void model.grant(crm.origins)}
                  >
                    Grant access to {crm.name}
                  </button>
                )}
                {crm.source !== 'policy' && (
                  <>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={busy}
                      onClick={() => model.edit(crm.id)}
                    >
                      Edit {crm.name}
                    </button>
                    <button
                      type="button"
                      class="button button--small button--danger"
                      disabled={busy}
                      onClick={() => void model.remove(crm.id)}
                    >
                      Remove {crm.name}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3>Self-hosted instances</h3>
      {list.instances.length === 0 ? (
        <p class="muted">No self-hosted instance yet.</p>
      ) : (
        <ul class="crm-list">
          {list.instances.map((instance) => (
            <li key={instance.origin} class="card">
              <strong>{instance.origin}</strong>{' '}
              <span class="muted">
                {list.builtIn.find((crm) => crm.id === instance.crm)?.name ?? instance.crm}
              </span>{' '}
              <Access granted={instance.granted} />{' '}
              <span class="muted">{SOURCE_LABELS[instance.source]}</span>
              <div class="actions">
                {!instance.granted && (
                  <button
                    type="button"
                    class="button button--small"
                    disabled={busy}
                    onClick={() => void model.grant([instance.origin])}
                  >
                    Grant access to {instance.origin}
                  </button>
                )}
                {instance.source !== 'policy' && (
                  <button
                    type="button"
                    class="button button--small button--danger"
                    disabled={busy}
                    onClick={() => void model.removeInstance(instance.origin)}
                  >
                    Remove {instance.origin}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function InstanceForm({ model, list }: { model: CrmEditorModel; list: CrmList }) {
  const id = useId();
  const draft = model.instanceDraft.value;
  return (
    <form
      class="card"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void model.addInstance();
      }}
    >
      <h3 id={`${id}-title`}>Add a self-hosted CRM</h3>
      <p class="muted field__hint">
        For a CRM Upnext knows that runs on your own server (on-premises Dynamics, EspoCRM,
        SuiteCRM, vtiger…).
      </p>
      <div class="row">
        <div class="field field--grow">
          <label for={`${id}-origin`} class="field__label">
            Address
          </label>
          <input
            id={`${id}-origin`}
            class="input"
            type="url"
            placeholder="https://crm.example.local"
            value={draft.origin}
            onInput={(event) => model.updateInstanceDraft({ origin: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for={`${id}-crm`} class="field__label">
            CRM
          </label>
          <select
            id={`${id}-crm`}
            class="select"
            value={draft.crm}
            onChange={(event) =>
              model.updateInstanceDraft({ crm: event.currentTarget.value as CrmId })
            }
          >
            {list.builtIn.map((crm) => (
              <option key={crm.id} value={crm.id}>
                {crm.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={model.busy.value}>
          Grant access and add
        </button>
      </div>
    </form>
  );
}

function Editor({ model }: { model: CrmEditorModel }) {
  const id = useId();
  const draft = model.draft.value;
  if (draft === null) return null;
  const errors = model.showErrors.value ? model.errors.value : {};
  const error = (key: string) =>
    errors[key] === undefined ? null : (
      <p id={`${id}-${key}-error`} class="field__error error">
        {errors[key]}
      </p>
    );
  const describedBy = (key: string) =>
    errors[key] === undefined ? undefined : `${id}-${key}-error`;
  const tabs = model.tabs.value;
  return (
    <form
      class="card crm-editor"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void model.grantAndSave();
      }}
    >
      <h3 id={`${id}-title`}>
        {model.editing.value === null ? 'Add your CRM' : `Edit ${draft.name}`}
      </h3>
      <div class="row">
        <div class="field field--grow">
          <label for={`${id}-name`} class="field__label">
            Name
          </label>
          <input
            id={`${id}-name`}
            class="input"
            value={draft.name}
            aria-describedby={describedBy('name')}
            onInput={(event) => model.update({ name: event.currentTarget.value })}
          />
          {error('name')}
        </div>
        <div class="field">
          <label for={`${id}-id`} class="field__label">
            Id
          </label>
          <input
            id={`${id}-id`}
            class="input"
            value={draft.id}
            readOnly={model.editing.value !== null}
            aria-describedby={describedBy('id')}
            onInput={(event) => model.update({ id: event.currentTarget.value })}
          />
          {error('id')}
        </div>
      </div>
      <div class="field">
        <label for={`${id}-origins`} class="field__label">
          Addresses (one per line)
        </label>
        <textarea
          id={`${id}-origins`}
          class="textarea"
          rows={2}
          placeholder="https://crm.example.com"
          value={draft.origins}
          aria-describedby={describedBy('origins')}
          onInput={(event) => model.update({ origins: event.currentTarget.value })}
        />
        {error('origins')}
      </div>

      <fieldset aria-describedby={describedBy('records')}>
        <legend>Record pages</legend>
        <p class="muted field__hint">
          A regular expression per record type, with a named group <code>(?&lt;id&gt;…)</code>{' '}
          around the record id, e.g. <code>^/leads/(?&lt;id&gt;\d+)$</code>.
        </p>
        {error('records')}
        {draft.records.map((record, index) => (
          <div key={record.key} class="row">
            <div class="field">
              <label for={`${id}-r${record.key}-entity`} class="field__label">
                Record type {index + 1}
              </label>
              <select
                id={`${id}-r${record.key}-entity`}
                class="select"
                value={record.entity}
                onChange={(event) =>
                  model.updateRecord(record.key, {
                    entity: event.currentTarget.value as (typeof ENTITIES)[number],
                  })
                }
              >
                {ENTITIES.map((entity) => (
                  <option key={entity} value={entity}>
                    {entity}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`${id}-r${record.key}-part`} class="field__label">
                URL part {index + 1}
              </label>
              <select
                id={`${id}-r${record.key}-part`}
                class="select"
                value={record.part}
                onChange={(event) =>
                  model.updateRecord(record.key, {
                    part: event.currentTarget.value as (typeof URL_PARTS)[number],
                  })
                }
              >
                {URL_PARTS.map((part) => (
                  <option key={part} value={part}>
                    {PART_LABELS[part]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field field--grow">
              <label for={`${id}-r${record.key}-url`} class="field__label">
                Pattern {index + 1}
              </label>
              <input
                id={`${id}-r${record.key}-url`}
                class="input textarea--code"
                value={record.url}
                aria-describedby={describedBy(`record-${record.key}`)}
                onInput={(event) =>
                  model.updateRecord(record.key, { url: event.currentTarget.value })
                }
              />
              {error(`record-${record.key}`)}
            </div>
            <button
              type="button"
              class="button button--quiet button--small"
              onClick={() => model.removeRecord(record.key)}
            >
              Remove pattern {index + 1}
            </button>
          </div>
        ))}
        <button type="button" class="button button--small" onClick={() => model.addRecord()}>
          Add a record pattern
        </button>
      </fieldset>

      <fieldset>
        <legend>Fields (optional)</legend>
        <p class="muted field__hint">
          Where to read values for templates: a field name (e.g. <code>email</code>) and CSS
          selectors, one per line, tried in order.
        </p>
        {draft.fields.map((field, index) => (
          <div key={field.key} class="row">
            <div class="field">
              <label for={`${id}-f${field.key}-name`} class="field__label">
                Field name {index + 1}
              </label>
              <input
                id={`${id}-f${field.key}-name`}
                class="input"
                value={field.name}
                aria-describedby={describedBy(`field-${field.key}`)}
                onInput={(event) =>
                  model.updateField(field.key, { name: event.currentTarget.value })
                }
              />
              {error(`field-${field.key}`)}
            </div>
            <div class="field field--grow">
              <label for={`${id}-f${field.key}-selectors`} class="field__label">
                Selectors {index + 1}
              </label>
              <textarea
                id={`${id}-f${field.key}-selectors`}
                class="textarea textarea--code"
                rows={2}
                value={field.selectors}
                onInput={(event) =>
                  model.updateField(field.key, { selectors: event.currentTarget.value })
                }
              />
            </div>
            <button
              type="button"
              class="button button--quiet button--small"
              onClick={() => model.removeField(field.key)}
            >
              Remove field {index + 1}
            </button>
          </div>
        ))}
        <button type="button" class="button button--small" onClick={() => model.addField()}>
          Add a field
        </button>
      </fieldset>

      <fieldset>
        <legend>Test</legend>
        <div class="row">
          <div class="field field--grow">
            <label for={`${id}-test-url`} class="field__label">
              Address of a record page
            </label>
            <input
              id={`${id}-test-url`}
              class="input"
              type="url"
              value={model.testUrl.value}
              onInput={(event) => model.setTestUrl(event.currentTarget.value)}
            />
          </div>
          {tabs.length > 0 && (
            <div class="field">
              <label for={`${id}-test-tab`} class="field__label">
                Or an open tab
              </label>
              <select
                id={`${id}-test-tab`}
                class="select"
                value={model.testTabId.value === null ? '' : String(model.testTabId.value)}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  model.chooseTab(value === '' ? null : Number(value));
                }}
              >
                <option value="">None</option>
                {tabs.map((tab) => (
                  <option key={tab.tabId} value={String(tab.tabId)}>
                    {tab.title}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <div class="actions">
          <button
            type="button"
            class="button"
            disabled={model.testing.value}
            onClick={() => void model.test()}
          >
            Test
          </button>
        </div>
        <CrmTestReport result={model.testResult.value} testing={model.testing.value} />
      </fieldset>

      {model.patterns.value.length > 0 && (
        <p class="muted">
          Upnext will ask your browser for access to {model.patterns.value.join(', ')}.
        </p>
      )}
      <div class="actions actions--end">
        <button type="button" class="button" onClick={() => model.cancel()}>
          Cancel
        </button>
        <button type="submit" class="button button--primary" disabled={model.busy.value}>
          Grant access and save
        </button>
      </div>
    </form>
  );
}

/** The whole "Add your CRM" block. Mount with a model; call `model.load()` once. */
export function CrmEditor({ model }: { model: CrmEditorModel }) {
  const status = model.status.value;
  const list = model.list.value;
  const notice = model.notice.value;
  if (status === 'loading')
    return (
      <p class="muted" role="status">
        Loading CRMs…
      </p>
    );
  if (status === 'error' || list === null)
    return (
      <div class="notice notice--error" role="alert">
        <p>{model.loadError.value}</p>
        <button type="button" class="button" onClick={() => void model.load()}>
          Try again
        </button>
      </div>
    );
  return (
    <div class="crm-editor-block">
      <div role="status" aria-live="polite">
        {notice !== null && (
          <p class={notice.kind === 'ok' ? 'notice notice--success' : 'notice notice--error'}>
            {notice.text}
          </p>
        )}
      </div>
      <ConfiguredList model={model} list={list} />
      {model.draft.value === null ? (
        <div class="actions">
          <button
            type="button"
            class="button button--primary"
            onClick={() => {
              model.startNew();
              void model.refreshTabs();
            }}
          >
            Add your CRM
          </button>
        </div>
      ) : (
        <Editor model={model} />
      )}
      <InstanceForm model={model} list={list} />
    </div>
  );
}
