/** Settings, backup, restore and reset. */
import { fail, ok } from '@/lib/messaging/result';
import { createBackup, resetAll, restoreBackup, RestoreError } from '@/lib/store/backup';
import { readSellerSettings, settingDoc } from '@/lib/store/settings';

import type { BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { ensureRollups } from './insights';

export function createDataHandlers(
  deps: BackgroundDeps,
): Pick<HandlerMap, 'getSettings' | 'saveSettings' | 'backupData' | 'restoreData' | 'resetData'> {
  return {
    getSettings: {
      audience: 'page',
      handle: async () => ok({ settings: await readSellerSettings(await deps.db()) }),
    },
    saveSettings: {
      audience: 'page',
      handle: async ({ settings }) => {
        const db = await deps.db();
        await db.put('settings', settingDoc('settings', settings));
        // Away periods and the time zone move due times: every work-list row is recomputed.
        deps.afterChange({ recordKeys: [], all: true, reproject: true });
        return ok({ settings });
      },
    },
    backupData: {
      audience: 'page',
      handle: async () => {
        const now = deps.now();
        const text = await createBackup(await deps.db(), now);
        return ok({
          text,
          fileName: `upnext-backup-${new Date(now).toISOString().slice(0, 10)}.json`,
        });
      },
    },
    restoreData: {
      audience: 'page',
      handle: async ({ text }) => {
        try {
          const counts = await restoreBackup(await deps.db(), text);
          // Insight roll-ups are not in backups: rebuilt from the restored history.
          void ensureRollups(deps).catch(() => undefined);
          deps.reconcileCrms();
          deps.afterChange({ recordKeys: [], all: true });
          return ok(counts);
        } catch (error) {
          if (error instanceof RestoreError) return fail('rejected', error.message);
          throw error;
        }
      },
    },
    resetData: {
      audience: 'page',
      handle: async () => {
        await resetAll(await deps.db());
        void ensureRollups(deps).catch(() => undefined);
        deps.reconcileCrms();
        deps.afterChange({ recordKeys: [], all: true });
        return ok({});
      },
    },
  };
}
