/** Settings, backup, restore and reset. */
import { t } from '@/lib/i18n';
import { fail, ok } from '@/lib/messaging/result';
import {
  backupFileName,
  createBackup,
  resetAll,
  restoreBackup,
  RestoreError,
} from '@/lib/store/backup';
import { readSellerSettings, settingDoc } from '@/lib/store/settings';

import type { BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { ensureRollups } from './insights';

export function createDataHandlers(
  deps: BackgroundDeps,
): Pick<
  HandlerMap,
  'getSettings' | 'saveSettings' | 'backupData' | 'stageRestore' | 'restoreData' | 'resetData'
> {
  // A large backup arrives in slices (stageRestore) before restoreData applies it. Only in
  // memory: a worker stopped halfway loses the slices, and the restore then says so and changes
  // nothing (the restore itself is still one transaction).
  const uploads = new Map<string, string[]>();
  const INTERRUPTED = t('errBackupInterrupted');
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
        return ok({ text, fileName: backupFileName(now) });
      },
    },
    stageRestore: {
      audience: 'page',
      handle: ({ upload, offset, text }) => {
        // A new upload starts at 0 (and replaces one left over from an abandoned try).
        if (offset === 0) uploads.set(upload, []);
        const slices = uploads.get(upload);
        const received = slices?.reduce((sum, slice) => sum + slice.length, 0);
        if (slices === undefined || received !== offset) {
          uploads.delete(upload);
          return Promise.resolve(fail('rejected', INTERRUPTED));
        }
        slices.push(text);
        return Promise.resolve(ok({ received: offset + text.length }));
      },
    },
    restoreData: {
      audience: 'page',
      handle: async (request) => {
        let text: string;
        if ('text' in request) text = request.text;
        else {
          const slices = uploads.get(request.upload);
          uploads.delete(request.upload);
          text = slices?.join('') ?? '';
          if (text.length !== request.length) return fail('rejected', INTERRUPTED);
        }
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
