import { useId } from 'preact/hooks';

import { WINDOW_DAYS, type DayWindow, type WindowChoice } from '../../lib/engine/insights';
import { dayOfInput, inputOfDay } from '../../lib/models/console/insights-model';

/** The window: the last 30/90/180/365 days, or a custom range of dates. */
export function WindowPicker({
  choice,
  window,
  onChange,
}: {
  choice: WindowChoice;
  window: DayWindow | null;
  onChange: (choice: WindowChoice) => void;
}) {
  const id = useId();
  const value = 'days' in choice ? String(choice.days) : 'custom';
  return (
    <>
      <div class="field">
        <label for={`${id}-window`} class="field__label">
          Period
        </label>
        <select
          id={`${id}-window`}
          class="select"
          value={value}
          onChange={(event) => {
            const next = event.currentTarget.value;
            const days = WINDOW_DAYS.find((n) => String(n) === next);
            if (days !== undefined) onChange({ days });
            else if (window !== null) onChange({ from: window.from, to: window.to });
          }}
        >
          {WINDOW_DAYS.map((days) => (
            <option key={days} value={String(days)}>
              Last {days} days
            </option>
          ))}
          <option value="custom">Custom range</option>
        </select>
      </div>
      {'from' in choice && (
        <>
          <div class="field">
            <label for={`${id}-from`} class="field__label">
              From
            </label>
            <input
              id={`${id}-from`}
              type="date"
              class="input"
              value={inputOfDay(choice.from)}
              onChange={(event) => {
                const from = dayOfInput(event.currentTarget.value);
                if (from !== null) onChange({ from, to: choice.to });
              }}
            />
          </div>
          <div class="field">
            <label for={`${id}-to`} class="field__label">
              To
            </label>
            <input
              id={`${id}-to`}
              type="date"
              class="input"
              value={inputOfDay(choice.to)}
              onChange={(event) => {
                const to = dayOfInput(event.currentTarget.value);
                if (to !== null) onChange({ from: choice.from, to });
              }}
            />
          </div>
        </>
      )}
    </>
  );
}

/** Roll-ups being rebuilt: a progress bar instead of numbers that are not complete yet. */
export function BuildProgress({ build }: { build: { done: number; total: number } }) {
  return (
    <div class="busy" role="status">
      <p>
        Preparing insights from your history: {build.done} of {build.total} records.
      </p>
      <progress max={Math.max(1, build.total)} value={build.done} aria-label="Preparing insights" />
    </div>
  );
}
