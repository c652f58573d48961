/**
 * What every handler needs: the database, the clock, ids, the seller's settings, and the hooks
 * that run after a record changed (badge, alarms, live updates). Passed in, so handlers can be
 * tested on fake-indexeddb with a fixed clock.
 */
import type { Database } from '@/lib/store/db';
import type { CommandContext } from '@/lib/store/record-tx';
import { readSellerSettings, type Settings } from '@/lib/store/settings';

import type { Change } from './follow-ups';

export interface BackgroundDeps {
  db: () => Promise<Database>;
  now: () => number;
  newId: () => string;
  version: string;
  startedAt: number;
  /** The browser's own time zone (used unless the seller chose another). */
  systemTimeZone: () => string;
  /** Re-registers content scripts for custom CRMs after they may have changed (imports, restore). */
  reconcileCrms: () => void;
  /**
   * Settings as last stored; the worker keeps them between messages (a cache cleared by every
   * `afterChange({ all: true })`, which follows each settings write). Defaults to a fresh read.
   */
  readSettings?: (db: Database) => Promise<Settings>;
  /** Called after data changed: refresh badge and alarms, tell open pages. */
  afterChange: (change: Change) => void;
}

export async function commandContext(
  deps: BackgroundDeps,
  db: Database,
): Promise<CommandContext & { settings: Settings }> {
  const settings = await (deps.readSettings ?? readSellerSettings)(db);
  return {
    now: deps.now(),
    timeZone: settings.timeZone ?? deps.systemTimeZone(),
    away: settings.away.map(({ start, end }) => ({ start, end })),
    newId: deps.newId,
    seller: settings.sellerName === '' ? {} : { name: settings.sellerName },
    settings,
  };
}
