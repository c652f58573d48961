/**
 * The seller's settings, kept in the `settings` store under one key. Defaults apply to keys a
 * stored object lacks, so adding a setting needs no migration.
 */
export interface Settings {
  sellerName: string;
  /** IANA zone; null: the browser's. */
  timeZone: string | null;
  /** Vacations: nothing becomes overdue while away; due steps move to the end. */
  away: { start: number; end: number; label: string }[];
  /** A desktop notification when a step becomes due. */
  notifications: boolean;
  /** Working hours suggested for new sequences and shown in the console. */
  workingHours: {
    days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
    start: string;
    end: string;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  sellerName: '',
  timeZone: null,
  away: [],
  notifications: false,
  workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
};

export const SETTINGS_KEY = 'settings';

export function withDefaults(stored: Partial<Settings> | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...stored };
}
