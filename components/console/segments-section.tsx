import { useState } from 'preact/hooks';

import { ENTITY_WORDS } from '../../lib/domain/words';
import { t, tCount } from '../../lib/i18n';
import { countRows, idFromName } from '../../lib/models/console/segment-draft';
import type { SegmentsModel } from '../../lib/models/console/segments-model';
import type {
  SegmentLogDoc,
  SegmentSummary,
  SimulationResult,
} from '../../lib/models/console/types';
import { ENTITIES, type Entity } from '../../lib/sequence/types';
import { ModalDialog } from '../modal-dialog';
import { GroupEditor } from './segment-builder';
import { LiveNotice } from './live-notice';
import { MAX_NAME } from '../../lib/sequence/limits';

const STAYS =
  'A record that stops matching its segment stays in it and stays connected to its sequence, as in Dynamics 365. Deleting or deactivating a segment disconnects nobody.';

const TRIGGER: Record<SegmentLogDoc['trigger'], string> = {
  'first-sight': 'First seen',
  'field-change': 'Fields changed',
  manual: 'Run now',
};
const RESULT: Record<SegmentLogDoc['result'], string> = {
  matched: 'Matched',
  'no-match': 'No match',
  kept: 'Kept its segment',
  moved: 'Moved',
};

const when = (at: number): string => new Date(at).toLocaleString();

function SegmentRow(props: {
  segment: SegmentSummary;
  index: number;
  count: number;
  model: SegmentsModel;
  dragging: string | null;
  onDrag: (id: string | null) => void;
}) {
  const { segment, model } = props;
  const busy = model.busy.value;
  const name = segment.definition.name;
  const active = segment.state === 'active';
  return (
    <li
      class={`segment-row${props.dragging === segment.id ? ' segment-row--dragging' : ''}`}
      draggable
      data-segment={segment.id}
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', segment.id);
        props.onDrag(segment.id);
      }}
      onDragEnd={() => props.onDrag(null)}
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => {
        event.preventDefault();
        const id = event.dataTransfer?.getData('text/plain') ?? props.dragging;
        props.onDrag(null);
        if (id) void model.moveTo(id, segment.id);
      }}
    >
      <span class="segment-row__grip" aria-hidden="true">
        ⠿
      </span>
      <span class="segment-row__priority" title="Priority">
        {segment.definition.priority}
      </span>
      <div class="segment-row__main">
        <p class="segment-row__name">{name}</p>
        <p class="muted">
          <span class={`state state--${segment.state}`}>{active ? 'Active' : 'Inactive'}</span> →{' '}
          {segment.sequenceName ?? `missing sequence '${segment.definition.sequence}'`} ·{' '}
          {tCount('recordCount', segment.members)} in it
          {segment.definition.allowMoveIn === true && ' · takes records from other segments'}
        </p>
        {segment.problems.length > 0 && (
          <p class="segment-row__problem">{segment.problems.join('. ')}.</p>
        )}
      </div>
      <div class="actions">
        <button
          type="button"
          class="button button--small"
          disabled={busy || props.index === 0}
          aria-label={`Move “${name}” up (higher priority)`}
          onClick={() => void model.move(segment.id, -1)}
        >
          ↑
        </button>
        <button
          type="button"
          class="button button--small"
          disabled={busy || props.index === props.count - 1}
          aria-label={`Move “${name}” down (lower priority)`}
          onClick={() => void model.move(segment.id, 1)}
        >
          ↓
        </button>
        <button
          type="button"
          class="button button--small"
          onClick={() => model.openEdit(segment.id)}
        >
          Edit<span class="visually-hidden"> “{name}”</span>
        </button>
        <button
          type="button"
          class="button button--small"
          disabled={busy}
          onClick={() => void model.setState(segment.id, active ? 'inactive' : 'active')}
        >
          {active ? 'Deactivate' : 'Activate'}
          <span class="visually-hidden"> “{name}”</span>
        </button>
        <button
          type="button"
          class="button button--small"
          disabled={busy}
          onClick={() => void model.copy(segment.id)}
        >
          Copy<span class="visually-hidden"> “{name}”</span>
        </button>
        <button
          type="button"
          class="button button--small"
          onClick={() => void model.showLog({ segmentId: segment.id })}
        >
          Why log<span class="visually-hidden"> of “{name}”</span>
        </button>
        <button
          type="button"
          class="button button--small button--quiet"
          disabled={busy}
          onClick={() => model.askDelete(segment.id)}
        >
          Delete<span class="visually-hidden"> “{name}”</span>
        </button>
      </div>
    </li>
  );
}

function RunPanel({ model, entity }: { model: SegmentsModel; entity: Entity }) {
  const run = model.run.value;
  if (run?.entity !== entity) return null;
  const c = run.counts;
  return (
    <div class="segment-run" role="status">
      <label>
        {run.finished ? 'Done' : 'Evaluating'} {run.done} of {tCount('recordCount', run.total)}
        <progress max={Math.max(run.total, 1)} value={run.done} />
      </label>
      {run.finished && (
        <p>
          {c.matched} matched, {c.moved} moved, {c.kept} kept their segment, {c['no-match']} matched
          no segment. {tCount('recordCount', c.connected)} connected
          {c.failed > 0 ? `; ${c.failed} could not be connected (see the why log)` : ''}.
        </p>
      )}
    </div>
  );
}

function SimulationView({ result }: { result: SimulationResult }) {
  return (
    <section class="simulation" aria-labelledby="simulation-title">
      <h3 id="simulation-title">Simulation: nothing was connected</h3>
      <p>
        Of {tCount('recordCount', result.total)} this browser has seen, {result.matching} match the
        conditions: <strong>{result.wouldEnter} would enter this segment</strong>
        {result.held > 0 && `, ${result.held} are held by another segment`}.
      </p>
      {result.records.length > 0 && (
        <>
          <h4>
            Would enter
            {result.wouldEnter > result.records.length && ` (first ${result.records.length})`}
          </h4>
          <ul class="simulation__list">
            {result.records.map((record) => (
              <li key={record.key}>
                <a href={record.url} target="_blank" rel="noreferrer">
                  {record.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.heldRecords.length > 0 && (
        <>
          <h4>
            Held by another segment
            {result.held > result.heldRecords.length && ` (first ${result.heldRecords.length})`}
          </h4>
          <ul class="simulation__list">
            {result.heldRecords.map((record) => (
              <li key={record.key}>
                <a href={record.url} target="_blank" rel="noreferrer">
                  {record.name}
                </a>{' '}
                <span class="muted">
                  {record.heldBy?.why === 'higher-priority'
                    ? `matches “${record.heldBy.name}” first (higher priority)`
                    : `stays in “${record.heldBy?.name ?? ''}”, which this segment cannot take records from`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Editor({ model }: { model: SegmentsModel }) {
  const draft = model.editor.value;
  if (draft === null) return null;
  const problems = model.editorProblems.value;
  const simulation = model.simulation.value;
  const sequences = model.sequences.value.filter((s) => s.entity === draft.entity);
  const total = countRows(draft.where);
  return (
    <ModalDialog
      title={draft.storedId === null ? 'New segment' : `Edit “${draft.name}”`}
      description="Records of this kind that match connect themselves to the sequence when Upnext first sees them or when a field the conditions use changes."
      onClose={model.closeEditor}
      class="dialog--wide"
    >
      <form
        class="segment-editor"
        onSubmit={(event) => {
          event.preventDefault();
          void model.save();
        }}
      >
        <div class="form-grid">
          <label>
            Name
            <input
              required
              maxLength={MAX_NAME}
              value={draft.name}
              onInput={(event) => model.updateDraft({ ...draft, name: event.currentTarget.value })}
            />
          </label>
          {draft.storedId === null && draft.name.trim() !== '' && (
            <p class="muted">Id: {idFromName(draft.name)}</p>
          )}
          <label>
            Records
            <select
              value={draft.entity}
              disabled={draft.storedId !== null}
              onChange={(event) =>
                model.updateDraft({
                  ...draft,
                  entity: event.currentTarget.value as Entity,
                  sequence: '',
                })
              }
            >
              {ENTITIES.map((entity) => (
                <option key={entity} value={entity}>
                  {t(ENTITY_WORDS.label[entity])}
                </option>
              ))}
            </select>
          </label>
          <label>
            Connect to sequence
            <select
              required
              value={draft.sequence}
              onChange={(event) =>
                model.updateDraft({ ...draft, sequence: event.currentTarget.value })
              }
            >
              <option value="">Choose a sequence…</option>
              {sequences.map((sequence) => (
                <option key={sequence.id} value={sequence.id}>
                  {sequence.name}
                  {sequence.state === 'active' ? '' : ` (${sequence.state})`}
                </option>
              ))}
            </select>
          </label>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={draft.allowMoveIn}
              onChange={(event) =>
                model.updateDraft({ ...draft, allowMoveIn: event.currentTarget.checked })
              }
            />
            Take records from other segments when this one has the higher priority (they leave their
            sequence and join this one’s)
          </label>
        </div>
        <GroupEditor
          group={draft.where}
          fields={model.fields.value}
          depth={0}
          total={total}
          onChange={(where) => model.updateDraft({ ...draft, where })}
        />
        <p class="muted">{STAYS}</p>
        {problems.length > 0 && (
          <ul class="problems" role="alert">
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.path !== '' && <code>{problem.path}</code>} {problem.message}
              </li>
            ))}
          </ul>
        )}
        <div class="actions">
          <button
            type="button"
            class="button"
            disabled={model.simulating.value}
            onClick={() => void model.simulate()}
          >
            {model.simulating.value ? 'Simulating…' : 'Simulate results'}
          </button>
          <button type="submit" class="button button--primary" disabled={model.busy.value}>
            Save
          </button>
          <button type="button" class="button button--quiet" onClick={model.closeEditor}>
            Cancel
          </button>
        </div>
        <div aria-live="polite">
          {simulation !== null && <SimulationView result={simulation} />}
        </div>
      </form>
    </ModalDialog>
  );
}

function WhyLog({ model }: { model: SegmentsModel }) {
  const rows = model.log.value;
  const filter = model.logFilter.value;
  const segmentName =
    filter.segmentId === null
      ? null
      : (model.segments.value.find((s) => s.id === filter.segmentId)?.definition.name ??
        filter.segmentId);
  const recordName =
    filter.recordKey === null
      ? null
      : (rows.find((row) => row.recordKey === filter.recordKey)?.recordName ?? filter.recordKey);
  return (
    <section class="why-log" aria-labelledby="why-log-title">
      <h2 id="why-log-title">
        Why log
        {segmentName !== null && `: segment “${segmentName}”`}
        {recordName !== null && `: ${recordName}`}
      </h2>
      <p class="muted">
        Every evaluation of a record: when, what triggered it, the result, and what happened with
        its connection.{' '}
        {(filter.segmentId !== null || filter.recordKey !== null) && (
          <button
            type="button"
            class="button button--small button--quiet"
            onClick={() => void model.showLog({})}
          >
            Show every record
          </button>
        )}
      </p>
      {rows.length === 0 ? (
        <p class="muted">No evaluations yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Record</th>
              <th scope="col">Trigger</th>
              <th scope="col">Result</th>
              <th scope="col">Why</th>
              <th scope="col">Connection</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-record={row.recordKey}>
                <td>{when(row.at)}</td>
                <td>
                  <a href={row.url} target="_blank" rel="noreferrer">
                    {row.recordName}
                  </a>{' '}
                  <button
                    type="button"
                    class="button button--small button--quiet"
                    onClick={() => void model.showLog({ recordKey: row.recordKey })}
                  >
                    Log<span class="visually-hidden"> of {row.recordName}</span>
                  </button>
                </td>
                <td>
                  {TRIGGER[row.trigger]}
                  {row.changed.length > 0 && <span class="muted"> ({row.changed.join(', ')})</span>}
                </td>
                <td>
                  {RESULT[row.result]}
                  {row.segmentName !== null && <span class="muted"> · {row.segmentName}</span>}
                </td>
                <td>{row.why}</td>
                <td class={row.connect.outcome === 'failed' ? 'why-log__failed' : undefined}>
                  {row.connect.words}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The console's Segments section: the list, the builder, Run now and the why log. */
export function SegmentsSection({ model }: { model: SegmentsModel }) {
  const [dragging, setDragging] = useState<string | null>(null);
  const notice = model.notice.value;
  const groups = model.byEntity.value;
  const pending = model.pendingDelete.value;
  return (
    <section aria-labelledby="section-title" class="section">
      <header class="section__header">
        <div>
          <h1 id="section-title">Segments</h1>
          <p class="muted">
            Records connect themselves: the active segment with the best priority whose conditions a
            record matches connects it to its sequence. {STAYS}
          </p>
        </div>
        <div class="actions">
          <button type="button" class="button button--primary" onClick={() => model.openNew()}>
            New segment
          </button>
        </div>
      </header>
      <LiveNotice notice={notice} onDismiss={model.dismissNotice} />
      {model.loaded.value && groups.length === 0 && (
        <p class="muted">
          No segments yet. Create one, or import a pack with <code>segments</code>.
        </p>
      )}
      {groups.map(({ entity, segments }) => (
        <section key={entity} class="segment-group" aria-labelledby={`segments-${entity}`}>
          <header class="segment-group__header">
            <h2 id={`segments-${entity}`}>{t(ENTITY_WORDS.label[entity])}</h2>
            <p class="muted">In priority order: drag a segment, or use ↑ and ↓, to change it.</p>
            <button
              type="button"
              class="button button--small"
              disabled={model.busy.value}
              onClick={() => void model.runNow(entity)}
            >
              Run now<span class="visually-hidden"> for {t(ENTITY_WORDS.plural[entity])}</span>
            </button>
          </header>
          <RunPanel model={model} entity={entity} />
          <ol class="segment-list">
            {segments.map((segment, index) => (
              <SegmentRow
                key={segment.id}
                segment={segment}
                index={index}
                count={segments.length}
                model={model}
                dragging={dragging}
                onDrag={setDragging}
              />
            ))}
          </ol>
        </section>
      ))}
      <WhyLog model={model} />
      <Editor model={model} />
      {pending !== null && (
        <ModalDialog
          title={`Delete “${pending.definition.name}”?`}
          onClose={model.cancelDelete}
          class="dialog--danger"
        >
          <p>
            {tCount('recordCount', pending.members)} in it will leave the segment and stay connected
            to their sequence. Its why log stays. This cannot be undone.
          </p>
          <div class="actions">
            <button type="button" class="button" data-autofocus onClick={model.cancelDelete}>
              Cancel
            </button>
            <button
              type="button"
              class="button button--danger-solid"
              disabled={model.busy.value}
              onClick={() => void model.confirmDelete()}
            >
              Delete
            </button>
          </div>
        </ModalDialog>
      )}
    </section>
  );
}
