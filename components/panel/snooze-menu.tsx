import { useEffect, useId, useRef, useState } from 'preact/hooks';

import { MAX_SNOOZE_DAYS } from '@/lib/domain/limits';
import { SNOOZE_PRESETS, snoozeLimit, snoozeProblem, snoozeUntil } from '@/lib/engine/time/snooze';
import { DAY } from '@/lib/engine/time/zoned';
import { fromLocalInput, toLocalInput } from '@/lib/format/time';
import { t } from '@/lib/i18n';

import { snoozeLabel } from './labels';
import { absolute, type TimeContext } from './time-context';

export interface SnoozeMenuProps {
  time: TimeContext;
  onSnooze: (until: number) => void;
  /** Escape or Cancel: the parent closes the menu and returns focus to its button. */
  onCancel: () => void;
}

/**
 * The snooze choices as an ARIA menu (arrow keys, Home/End, Escape), computed in the seller's
 * zone, plus a date-and-time form limited to 30 calendar days ahead (`snoozeLimit`).
 */
export function SnoozeMenu({ time, onSnooze, onCancel }: SnoozeMenuProps) {
  const id = useId();
  const [custom, setCustom] = useState(false);
  const [value, setValue] = useState(() => toLocalInput(time.now + DAY, time.timeZone));
  const [touched, setTouched] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (custom) input.current?.focus();
    else menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [custom]);

  const escape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    event.preventDefault();
    onCancel();
  };

  if (custom) {
    const until = fromLocalInput(value, time.timeZone);
    const problem = snoozeProblem(until, time.now, time.timeZone);
    const problemText =
      problem === 'past'
        ? t('snoozePast')
        : problem === 'too-far'
          ? t('snoozeTooFar', MAX_SNOOZE_DAYS)
          : problem === 'invalid'
            ? t('snoozeInvalid')
            : null;
    return (
      <form
        class="inline-form"
        onKeyDown={escape}
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (problem === null && until !== null) onSnooze(until);
        }}
      >
        <label class="field-label" for={`${id}-at`}>
          {t('snoozeAt')}
        </label>
        <input
          id={`${id}-at`}
          ref={input}
          class="input"
          type="datetime-local"
          value={value}
          min={toLocalInput(time.now, time.timeZone)}
          max={toLocalInput(snoozeLimit(time.now, time.timeZone), time.timeZone)}
          aria-invalid={touched && problemText !== null ? 'true' : undefined}
          aria-describedby={`${id}-hint`}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
        <p id={`${id}-hint`} class={touched && problemText ? 'hint hint--error' : 'hint'}>
          {touched && problemText ? problemText : until !== null ? absolute(until, time) : ''}
        </p>
        <div class="row">
          <button type="submit" class="button button--primary">
            {t('snoozeSubmit')}
          </button>
          <button type="button" class="button button--quiet" onClick={() => onCancel()}>
            {t('cancel')}
          </button>
        </div>
      </form>
    );
  }

  const move = (event: KeyboardEvent): void => {
    const items = Array.from(
      menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [],
    );
    const active = items.indexOf(event.target as HTMLElement);
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = (active + 1) % items.length;
    else if (event.key === 'ArrowUp') next = (active - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Tab') {
      onCancel();
      return;
    } else {
      escape(event);
      return;
    }
    event.preventDefault();
    items[next]?.focus();
  };

  return (
    <div ref={menu} class="menu" role="menu" aria-label={t('snoozeMenu')} onKeyDown={move}>
      {SNOOZE_PRESETS.map((preset) => {
        const until = snoozeUntil(preset, time.now, time.timeZone);
        return (
          <button
            key={preset}
            type="button"
            role="menuitem"
            tabIndex={-1}
            class="menu-item"
            onClick={() => onSnooze(until)}
          >
            <span>{snoozeLabel(preset)}</span>{' '}
            <span class="menu-item__hint">{absolute(until, time)}</span>
          </button>
        );
      })}
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        class="menu-item"
        onClick={() => setCustom(true)}
      >
        {t('snoozeCustom')}
      </button>
    </div>
  );
}
