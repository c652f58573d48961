import { useId } from 'preact/hooks';

import { RESET_WORD, type DataModel } from '../../lib/models/console/data-model';

const number = new Intl.NumberFormat();

/** A running backup or restore: a real progress bar, and what it stands for in words. */
function Progress({
  label,
  progress,
  unit,
}: {
  label: string;
  progress: DataModel['progress']['value'];
  unit: string;
}) {
  if (progress === null || progress.total === 0)
    return (
      <p class="busy" role="status">
        <progress aria-label={label} /> {label}…
      </p>
    );
  const percent = Math.floor((progress.done / progress.total) * 100);
  return (
    <p class="busy" role="status">
      <progress aria-label={label} value={progress.done} max={progress.total} /> {label}: {percent}%
      ({number.format(progress.done)} of {number.format(progress.total)} {unit})
    </p>
  );
}

/** Backup, restore and reset: everything Upnext keeps lives in this browser only. */
export function DataSection({ model }: { model: DataModel }) {
  const fileId = useId();
  const resetId = useId();
  const busy = model.busy.value;
  const message = model.message.value;
  return (
    <section class="section" aria-labelledby="section-title">
      <header class="section__header">
        <div>
          <h1 id="section-title">Data</h1>
          <p class="muted">
            Upnext keeps sequences, records and history in this browser only. Back them up to move
            to another computer or before a big change.
          </p>
        </div>
      </header>
      <div aria-live="polite" class="live">
        {message !== null && (
          <p
            class={`notice notice--${message.kind}`}
            role={message.kind === 'error' ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        )}
      </div>
      <div class="card">
        <h2>Back up</h2>
        <p>
          Downloads one file with all sequences, versions, connected records, history and settings.
        </p>
        <button
          type="button"
          class="button button--primary"
          disabled={busy !== null}
          onClick={() => void model.backup()}
        >
          {busy === 'backup' ? 'Preparing the backup…' : 'Download a backup'}
        </button>
        {busy === 'backup' && (
          <Progress label="Backing up" progress={model.progress.value} unit="items" />
        )}
      </div>
      <div class="card">
        <h2>Restore</h2>
        <p>
          Replaces everything with the content of a backup file. The file is checked first: if
          anything in it is wrong, nothing changes.
        </p>
        <label for={fileId} class="button">
          {busy === 'restore' ? 'Restoring…' : 'Choose a backup file…'}
        </label>
        <input
          id={fileId}
          type="file"
          accept=".json,application/json"
          class="visually-hidden-file"
          disabled={busy !== null}
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (file !== undefined) void model.restore(file);
            input.value = '';
          }}
        />
        {busy === 'restore' &&
          (model.progress.value === null ? (
            <Progress label="Restoring" progress={null} unit="" />
          ) : (
            <Progress label="Sending the file" progress={model.progress.value} unit="characters" />
          ))}
      </div>
      <div class="card card--danger">
        <h2>Reset</h2>
        <p>
          Deletes every sequence, connected record, history and setting in this browser. Back up
          first if you may need them. This cannot be undone.
        </p>
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            void model.reset();
          }}
        >
          <div class="field">
            <label for={resetId} class="field__label">
              Type {RESET_WORD} to confirm
            </label>
            <input
              id={resetId}
              class="input"
              autoComplete="off"
              value={model.resetText.value}
              onInput={(event) => model.setResetText(event.currentTarget.value)}
            />
          </div>
          <button
            type="submit"
            class="button button--danger-solid"
            disabled={!model.canReset.value}
          >
            {busy === 'reset' ? 'Deleting…' : 'Delete all Upnext data'}
          </button>
        </form>
      </div>
    </section>
  );
}
