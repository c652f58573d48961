/**
 * The Settings section: a draft of the seller's settings, validated as they type, saved with
 * `saveSettings`. Away periods are whole days in the browser's time zone: the stored `end` is
 * the midnight after the last day, so "1 to 5 August" covers all of 5 August.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';

import { listTimeZones, sameZone } from '../../engine/time/zone-names';
import { fromZoned, toZoned } from '../../engine/time/zoned';
import { browserTimeZone } from '../../format/time';
import type { Settings } from '../../messaging/protocol';
import { errorMessage, type Transport } from './transport';

export type Weekday = Settings['workingHours']['days'][number];
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface AwayDraft {
  key: number;
  /** `YYYY-MM-DD` from a date input; '' while empty. */
  start: string;
  end: string;
  label: string;
}

export interface SettingsDraft {
  sellerName: string;
  timeZone: string | null;
  days: Weekday[];
  start: string;
  end: string;
  notifications: boolean;
  away: AwayDraft[];
}

export type SettingsErrors = Partial<Record<string, string>>;

const pad = (value: number): string => String(value).padStart(2, '0');

/** `YYYY-MM-DD` of the browser-zone day `time` falls on. */
function toDateInput(time: number): string {
  const date = toZoned(time, browserTimeZone());
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** Midnight in the browser's zone at the start of `YYYY-MM-DD` (plus `addDays`); null when not a date. */
export function fromDateInput(value: string, addDays = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) + addDays };
  const time = fromZoned(
    { ...date, hour: 0, minute: 0, second: 0, millisecond: 0 },
    browserTimeZone(),
  );
  return Number.isNaN(time) ? null : time;
}

export function validateDraft(draft: SettingsDraft): SettingsErrors {
  const errors: SettingsErrors = {};
  if (draft.sellerName.length > 120) errors['sellerName'] = 'Keep the name under 120 characters.';
  if (draft.days.length === 0) errors['days'] = 'Choose at least one working day.';
  if (!/^\d{2}:\d{2}$/.test(draft.start) || !/^\d{2}:\d{2}$/.test(draft.end)) {
    errors['hours'] = 'Enter a start and an end time.';
  } else if (draft.end <= draft.start) {
    errors['hours'] = 'The working day must end after it starts.';
  }
  for (const period of draft.away) {
    const start = fromDateInput(period.start);
    const end = fromDateInput(period.end);
    if (start === null) errors[`away-${period.key}-start`] = 'Enter the first day away.';
    if (end === null) errors[`away-${period.key}-end`] = 'Enter the last day away.';
    else if (start !== null && end < start) {
      errors[`away-${period.key}-end`] = 'The last day must be on or after the first day.';
    }
  }
  return errors;
}

export interface SettingsModel {
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  loadError: ReadonlySignal<string | null>;
  draft: ReadonlySignal<SettingsDraft>;
  errors: ReadonlySignal<SettingsErrors>;
  /** Errors are shown after the first save attempt (or once a field is fixed), not while typing. */
  showErrors: ReadonlySignal<boolean>;
  saving: ReadonlySignal<boolean>;
  saved: ReadonlySignal<boolean>;
  saveError: ReadonlySignal<string | null>;
  shortcutsError: ReadonlySignal<string | null>;
  timeZones: readonly string[];
  load: () => Promise<void>;
  update: (patch: Partial<Omit<SettingsDraft, 'away'>>) => void;
  toggleDay: (day: Weekday) => void;
  addAway: () => void;
  updateAway: (key: number, patch: Partial<Omit<AwayDraft, 'key'>>) => void;
  removeAway: (key: number) => void;
  save: () => Promise<boolean>;
  openShortcuts: () => Promise<void>;
}

/**
 * The option a saved zone selects in a list of zones: the listed name of the same zone (a saved
 * `Europe/Kiev` selects `Europe/Kyiv`), or the saved name itself, offered as an extra option, when
 * the list lacks it; '' (the browser's zone) for none. The saved value is only replaced when the
 * seller picks another option.
 */
export function zoneChoice(
  saved: string | null,
  listed: readonly string[],
): { value: string; extra: string | null } {
  if (saved === null) return { value: '', extra: null };
  const same = listed.find((zone) => sameZone(zone, saved));
  return same === undefined ? { value: saved, extra: saved } : { value: same, extra: null };
}

export function createSettingsModel(
  transport: Transport,
  deps: { openShortcuts: () => Promise<void>; timeZones?: readonly string[] },
): SettingsModel {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const loadError = signal<string | null>(null);
  const draft = signal<SettingsDraft>({
    sellerName: '',
    timeZone: null,
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '17:00',
    notifications: false,
    away: [],
  });
  const showErrors = signal(false);
  const saving = signal(false);
  const saved = signal(false);
  const saveError = signal<string | null>(null);
  const shortcutsError = signal<string | null>(null);
  let nextKey = 1;

  function fromSettings(settings: Settings): SettingsDraft {
    return {
      sellerName: settings.sellerName,
      timeZone: settings.timeZone,
      days: WEEKDAYS.filter((day) => settings.workingHours.days.includes(day)),
      start: settings.workingHours.start,
      end: settings.workingHours.end,
      notifications: settings.notifications,
      away: settings.away.map((period) => ({
        key: nextKey++,
        start: toDateInput(period.start),
        end: toDateInput(period.end - 1),
        label: period.label,
      })),
    };
  }

  function change(next: SettingsDraft): void {
    batch(() => {
      draft.value = next;
      saved.value = false;
      saveError.value = null;
    });
  }

  const errors = computed(() => validateDraft(draft.value));

  return {
    status,
    loadError,
    draft,
    errors,
    showErrors,
    saving,
    saved,
    saveError,
    shortcutsError,
    timeZones: deps.timeZones ?? listTimeZones(),
    async load() {
      try {
        const reply = await transport.send('getSettings', {});
        draft.value = fromSettings(reply.settings);
        status.value = 'ready';
      } catch (failure) {
        loadError.value = errorMessage(failure);
        status.value = 'error';
      }
    },
    update(patch) {
      change({ ...draft.value, ...patch });
    },
    toggleDay(day) {
      const days = draft.value.days.includes(day)
        ? draft.value.days.filter((item) => item !== day)
        : WEEKDAYS.filter((item) => item === day || draft.value.days.includes(item));
      change({ ...draft.value, days });
    },
    addAway() {
      const today = toDateInput(Date.now());
      change({
        ...draft.value,
        away: [...draft.value.away, { key: nextKey++, start: today, end: today, label: '' }],
      });
    },
    updateAway(key, patch) {
      change({
        ...draft.value,
        away: draft.value.away.map((period) =>
          period.key === key ? { ...period, ...patch } : period,
        ),
      });
    },
    removeAway(key) {
      change({ ...draft.value, away: draft.value.away.filter((period) => period.key !== key) });
    },
    async save() {
      showErrors.value = true;
      if (Object.keys(errors.value).length > 0) return false;
      const current = draft.value;
      const settings: Settings = {
        sellerName: current.sellerName.trim(),
        timeZone: current.timeZone,
        notifications: current.notifications,
        workingHours: { days: current.days, start: current.start, end: current.end },
        away: current.away.map((period) => ({
          start: fromDateInput(period.start) ?? 0,
          end: fromDateInput(period.end, 1) ?? 0,
          label: period.label.trim(),
        })),
      };
      saving.value = true;
      saveError.value = null;
      try {
        const reply = await transport.send('saveSettings', { settings });
        batch(() => {
          draft.value = fromSettings(reply.settings);
          saved.value = true;
          showErrors.value = false;
        });
        return true;
      } catch (failure) {
        saveError.value = errorMessage(failure);
        return false;
      } finally {
        saving.value = false;
      }
    },
    async openShortcuts() {
      shortcutsError.value = null;
      try {
        await deps.openShortcuts();
      } catch {
        shortcutsError.value =
          'Your browser did not open it. Type chrome://extensions/shortcuts in the address bar instead.';
      }
    },
  };
}
