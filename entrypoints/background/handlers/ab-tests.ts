/**
 * The console's A/B test messages (issue #19): each version's numbers, the confidence and the
 * winner, and the manager ending a test early. Before answering, tests that have ended by
 * themselves are stored, so the console never shows as running a test that has ended.
 */
import { fail, ok } from '@/lib/messaging/result';
import { endAbTestByHand, listAbTests, settleAbTests } from '@/lib/store/ab-tests';

import { commandContext, type BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';

export function createAbTestHandlers(
  deps: BackgroundDeps,
): Pick<HandlerMap, 'getAbTests' | 'endAbTest'> {
  return {
    getAbTests: {
      audience: 'page',
      handle: async ({ sequenceId }) => {
        const db = await deps.db();
        const { now, timeZone } = await commandContext(deps, db);
        await settleAbTests(db, [sequenceId], now, timeZone);
        return ok({ tests: await listAbTests(db, sequenceId, now, timeZone) });
      },
    },
    endAbTest: {
      audience: 'page',
      handle: async ({ sequenceId, stepId, winner }) => {
        const db = await deps.db();
        const { now, timeZone } = await commandContext(deps, db);
        const ended = await endAbTestByHand(db, sequenceId, stepId, winner, now, timeZone);
        if ('refused' in ended)
          return fail(ended.refused === 'not-found' ? 'not-found' : 'rejected', ended.message);
        deps.afterChange({ recordKeys: [], all: true });
        return ok({ tests: await listAbTests(db, sequenceId, now, timeZone) });
      },
    },
  };
}
