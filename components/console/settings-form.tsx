import { useId } from 'preact/hooks';

import { zoneLabel } from '../../lib/engine/time/zone-names';
import {
  WEEKDAYS,
  zoneChoice,
  type SettingsModel,
  type Weekday,
} from '../../lib/models/console/settings-model';
import { LoadFailed } from './load-failed';

const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p id={id} class="field__error error">
      {text}
    </p>
  );
}

/** The seller's settings: name, time zone, working hours, away periods, notifications, shortcuts. */
export function SettingsForm({
  model,
  browserTimeZone,
}: {
  model: SettingsModel;
  browserTimeZone: string;
}) {
  const id = useId();
  const draft = model.draft.value;
  const zone = zoneChoice(draft.timeZone, model.timeZones);
  const errors = model.showErrors.value ? model.errors.value : {};
  const errorId = (key: string): string => `${id}-${key}-error`;
  const described = (key: string): string | undefined =>
    errors[key] === undefined ? undefined : errorId(key);

  if (model.status.value === 'loading')
    return (
      <p class="muted" role="status">
        Loading settings…
      </p>
    );
  if (model.status.value === 'error') {
    return (
      <LoadFailed
        what="Your settings"
        message={model.loadError.value}
        onRetry={() => void model.load()}
      />
    );
  }

  const errorCount = Object.keys(errors).length;
  return (
    <form
      class="settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void model.save();
      }}
    >
      <fieldset class="card">
        <legend>You</legend>
        <label for={`${id}-name`} class="field__label">
          Seller name
        </label>
        <input
          id={`${id}-name`}
          class="input"
          autoComplete="name"
          value={draft.sellerName}
          aria-describedby={`${id}-name-hint ${described('sellerName') ?? ''}`.trim()}
          aria-invalid={errors['sellerName'] !== undefined}
          onInput={(event) => model.update({ sellerName: event.currentTarget.value })}
        />
        <p id={`${id}-name-hint`} class="muted field__hint">
          Used for <code>{'{{seller.name}}'}</code> in email and message templates.
        </p>
        <FieldError id={errorId('sellerName')} text={errors['sellerName']} />

        <label for={`${id}-zone`} class="field__label">
          Time zone
        </label>
        <select
          id={`${id}-zone`}
          class="select"
          value={zone.value}
          onChange={(event) =>
            model.update({
              timeZone: event.currentTarget.value === '' ? null : event.currentTarget.value,
            })
          }
        >
          <option value="">Use my browser’s time zone ({zoneLabel(browserTimeZone)})</option>
          {zone.extra !== null && <option value={zone.extra}>{zoneLabel(zone.extra)}</option>}
          {model.timeZones.map((listed) => (
            <option key={listed} value={listed}>
              {zoneLabel(listed)}
            </option>
          ))}
        </select>
        <p class="muted field__hint">Due dates and working hours are counted in this time zone.</p>
      </fieldset>

      <fieldset class="card" aria-describedby={described('days')}>
        <legend>Working hours</legend>
        <p class="muted field__hint">Steps become due only during working hours.</p>
        <div class="day-picker" role="group" aria-label="Working days">
          {WEEKDAYS.map((day) => (
            <label key={day} class="check">
              <input
                type="checkbox"
                checked={draft.days.includes(day)}
                onChange={() => model.toggleDay(day)}
              />
              {DAY_LABELS[day]}
            </label>
          ))}
        </div>
        <FieldError id={errorId('days')} text={errors['days']} />
        <div class="row">
          <div class="field">
            <label for={`${id}-start`} class="field__label">
              From
            </label>
            <input
              id={`${id}-start`}
              type="time"
              class="input"
              value={draft.start}
              aria-invalid={errors['hours'] !== undefined}
              aria-describedby={described('hours')}
              onInput={(event) => model.update({ start: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for={`${id}-end`} class="field__label">
              To
            </label>
            <input
              id={`${id}-end`}
              type="time"
              class="input"
              value={draft.end}
              aria-invalid={errors['hours'] !== undefined}
              aria-describedby={described('hours')}
              onInput={(event) => model.update({ end: event.currentTarget.value })}
            />
          </div>
        </div>
        <FieldError id={errorId('hours')} text={errors['hours']} />
      </fieldset>

      <fieldset class="card">
        <legend>Away</legend>
        <p class="muted field__hint">
          While you are away nothing becomes overdue; steps due then move to when you are back.
        </p>
        {draft.away.length === 0 && <p class="muted">No away periods.</p>}
        <ul class="away-list">
          {draft.away.map((period, index) => {
            const n = index + 1;
            const startKey = `away-${period.key}-start`;
            const endKey = `away-${period.key}-end`;
            return (
              <li key={period.key} class="away">
                <div class="field">
                  <label for={`${id}-${startKey}`} class="field__label">
                    First day
                  </label>
                  <input
                    id={`${id}-${startKey}`}
                    type="date"
                    class="input"
                    value={period.start}
                    aria-invalid={errors[startKey] !== undefined}
                    aria-describedby={described(startKey)}
                    onInput={(event) =>
                      model.updateAway(period.key, { start: event.currentTarget.value })
                    }
                  />
                  <FieldError id={errorId(startKey)} text={errors[startKey]} />
                </div>
                <div class="field">
                  <label for={`${id}-${endKey}`} class="field__label">
                    Last day
                  </label>
                  <input
                    id={`${id}-${endKey}`}
                    type="date"
                    class="input"
                    value={period.end}
                    min={period.start}
                    aria-invalid={errors[endKey] !== undefined}
                    aria-describedby={described(endKey)}
                    onInput={(event) =>
                      model.updateAway(period.key, { end: event.currentTarget.value })
                    }
                  />
                  <FieldError id={errorId(endKey)} text={errors[endKey]} />
                </div>
                <div class="field field--grow">
                  <label for={`${id}-away-${period.key}-label`} class="field__label">
                    Note (optional)
                  </label>
                  <input
                    id={`${id}-away-${period.key}-label`}
                    class="input"
                    value={period.label}
                    placeholder="Vacation"
                    onInput={(event) =>
                      model.updateAway(period.key, { label: event.currentTarget.value })
                    }
                  />
                </div>
                <button
                  type="button"
                  class="button button--small button--quiet away__remove"
                  aria-label={`Remove away period ${n}`}
                  onClick={() => model.removeAway(period.key)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
        <button type="button" class="button" onClick={model.addAway}>
          Add an away period
        </button>
      </fieldset>

      <fieldset class="card">
        <legend>Notifications and shortcuts</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={draft.notifications}
            onChange={(event) => model.update({ notifications: event.currentTarget.checked })}
          />
          Show a desktop notification when a step becomes due
        </label>
        <p class="field__hint">
          Keyboard shortcuts complete, skip or snooze the current step from a CRM page. To change
          them, open <strong>chrome://extensions/shortcuts</strong> (in Edge:{' '}
          <strong>edge://extensions/shortcuts</strong>; in Firefox: Add-ons › gear menu › Manage
          Extension Shortcuts).
        </p>
        <button type="button" class="button" onClick={() => void model.openShortcuts()}>
          Open keyboard shortcuts
        </button>
        {model.shortcutsError.value !== null && (
          <p class="error" role="alert">
            {model.shortcutsError.value}
          </p>
        )}
      </fieldset>

      <div class="actions save-bar">
        <button type="submit" class="button button--primary" disabled={model.saving.value}>
          {model.saving.value ? 'Saving…' : 'Save settings'}
        </button>
        <span aria-live="polite" class="live">
          {model.saved.value && (
            <span class="saved" role="status">
              Saved
            </span>
          )}
          {model.saveError.value !== null && (
            <span class="error" role="alert">
              {model.saveError.value}
            </span>
          )}
          {errorCount > 0 && (
            <span class="error" role="alert">
              Not saved: fix {errorCount === 1 ? 'the problem' : `the ${errorCount} problems`}{' '}
              above.
            </span>
          )}
        </span>
      </div>
    </form>
  );
}
