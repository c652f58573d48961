/**
 * When A/B tests end by themselves (issue #19): after records changed, the sequences whose
 * numbers they can move are checked (`settleAbTests`), and on every start all active ones, so an
 * end missed because the worker was killed between a change and its check is found then. An end
 * is stored once and never changed (lib/store/ab-tests.ts); open pages are told.
 */
import type { Database } from '@/lib/store/db';
import { settleAbTests, sequencesWithAbHistory } from '@/lib/store/ab-tests';

import { commandContext, type BackgroundDeps } from './context';
import { broadcast } from './scheduler';

async function settle(deps: BackgroundDeps, db: Database, sequenceIds: string[]): Promise<void> {
  if (sequenceIds.length === 0) return;
  const { now, timeZone } = await commandContext(deps, db);
  const ended = await settleAbTests(db, sequenceIds, now, timeZone);
  if (ended.length > 0) broadcast({ upnext: 1, type: 'dataChanged' });
}

/** After `recordKeys` changed: checks the tests those records went through. */
export async function settleAbTestsAfterChange(
  deps: BackgroundDeps,
  db: Database,
  recordKeys: readonly string[],
): Promise<void> {
  await settle(deps, db, await sequencesWithAbHistory(db, recordKeys));
}

/** On start: checks the tests of every active sequence. */
export async function settleAllAbTests(deps: BackgroundDeps, db: Database): Promise<void> {
  await settle(deps, db, await db.getAllKeysFromIndex('sequences', 'byState', 'active'));
}
