/** The work list and popup: due steps across records, and bulk actions on them. */
import { t } from '@/lib/i18n';
import { recordKey } from '@/lib/domain/record-ref';
import { fail, ok } from '@/lib/messaging/result';
import { dueCount, listWork, nextDue } from '@/lib/store/work-queries';

import { commandContext, type BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { actOn } from './record';

export function createWorkHandlers(
  deps: BackgroundDeps,
): Pick<HandlerMap, 'listWork' | 'actOnConnections' | 'getDueCount'> {
  return {
    listWork: {
      audience: 'page',
      handle: async (query) => {
        const db = await deps.db();
        const ctx = await commandContext(deps, db);
        const sequences = await db.getAll('sequences');
        const tags = new Map(sequences.map((doc) => [doc.id, doc.definition.tags ?? []]));
        return ok(await listWork(db, query, ctx.now, ctx.timeZone, (id) => tags.get(id) ?? []));
      },
    },
    actOnConnections: {
      audience: 'page',
      handle: async ({ items }) => {
        const db = await deps.db();
        const ctx = await commandContext(deps, db);
        let applied = 0;
        let alreadyHandled = 0;
        const failed: { connectionId: string; message: string }[] = [];
        const changed = new Set<string>();
        // One record at a time, each in its own transaction: a failure on one leaves the others done.
        for (const { record, action } of items) {
          const { outcome } = await actOn(
            { ...deps, afterChange: () => undefined },
            db,
            record,
            action,
            ctx,
          );
          const connectionId = 'connectionId' in action ? action.connectionId : '';
          if (outcome.result.kind === 'applied') {
            applied += 1;
            changed.add(recordKey(record));
          } else if (outcome.result.kind === 'already-handled') alreadyHandled += 1;
          else failed.push({ connectionId, message: outcome.result.message });
        }
        if (changed.size > 0) deps.afterChange({ recordKeys: [...changed] });
        if (applied === 0 && alreadyHandled === 0 && failed.length > 0) {
          return fail('rejected', failed[0]?.message ?? t('errNothingDone'), failed);
        }
        return ok({ applied, alreadyHandled, failed });
      },
    },
    getDueCount: {
      audience: 'page',
      handle: async () => {
        const db = await deps.db();
        const now = deps.now();
        return ok({ due: await dueCount(db, now), next: await nextDue(db, 5) });
      },
    },
  };
}
