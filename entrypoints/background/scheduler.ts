/**
 * Time and its side effects: one alarm at the earliest instant any record changes by itself or
 * a step falls due (re-armed from the stored `wakeAt` index on every start, install and update,
 * because Chrome clears alarms on update), the toolbar badge with the number of steps due now,
 * and optional notifications. Nothing is kept in memory between events: a killed worker loses
 * nothing, and a browser closed for a week catches up on the next start.
 */
import { browser } from 'wxt/browser';

import { parseRecordKey, recordKey } from '@/lib/domain/record-ref';
import { t, tCount } from '@/lib/i18n';
import { clientForUrl } from '@/lib/mailbox/clients';
import type { Broadcast } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import { DUE_ORDER, dueBetween } from '@/lib/store/due-order';
import { projectConnections } from '@/lib/store/projection';
import { tickInOneTx } from '@/lib/store/record-tx';
import { compactEvents, compactSegmentLog } from '@/lib/store/retention';
import { loadSequenceLookup } from '@/lib/store/sequence-lookup';
import { readSetting, settingDoc } from '@/lib/store/settings';
import {
  afterCatchUp,
  rests,
  restsUntil,
  sameRetries,
  type TickRetries,
} from '@/lib/store/tick-retries';
import { dueCount, forgetDueCount } from '@/lib/store/work-queries';

import { commandContext, type BackgroundDeps } from './context';
import type { ChangeBatch } from './follow-ups';

export const WAKE_ALARM = 'upnext-wake';
export const DAILY_ALARM = 'upnext-daily';

/** The badge's background: the red of an overdue step, readable with the badge's white text. */
const BADGE_COLOUR = '#b42318';

/**
 * What this worker last put on the toolbar button (`updateBadge`), by database connection (a
 * worker has one; a new worker, or a new connection, sets the badge again).
 */
const shownBadges = new WeakMap<Database, string>();

/**
 * Shows the number of steps due at `now` (ms since the epoch) on the toolbar button: its text
 * (empty at 0, "999+" past 999) and its title. Returns the count. The badge's colour is set by
 * `processDue`, not here: the browser keeps it between workers, and this runs after every action.
 * The browser keeps the text and title too, so when they are what this worker last set they are
 * not set again: most changes (a page read, an action on a step not yet due) leave the count as
 * it was, and each call is a trip to the browser's UI thread 50 ms after the change, while the
 * seller's next navigation may be crossing it (docs/architecture.md, the panel after a
 * navigation, twelfth pass).
 */
export async function updateBadge(db: Database, now: number): Promise<number> {
  const count = await dueCount(db, now);
  const text = count === 0 ? '' : count > 999 ? '999+' : String(count);
  const title = count === 0 ? t('actionTitleNothingDue') : tCount('actionTitleDue', count);
  const shown = `${text}\n${title}`;
  if (shownBadges.get(db) === shown) return count;
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({ title });
  shownBadges.set(db, shown);
  return count;
}

/**
 * The wake alarm's instant as this worker last armed it (`armWakeAlarm`), null when it cleared
 * it, by database connection (as `shownBadges`).
 */
const armedWakes = new WeakMap<Database, number | null>();

/**
 * Arms the wake alarm at the earliest stored `wakeAt` (or clears it when nothing is scheduled);
 * a record whose tick keeps failing counts at its next try instead while it rests
 * (lib/store/tick-retries.ts). An alarm this worker armed for the same instant, still ahead, is
 * left as it is (a browser call fewer after most changes: `updateBadge` says why that matters).
 * Resolves with the instant the alarm stands for (epoch ms), null when none.
 */
export async function armWakeAlarm(db: Database, now: number): Promise<number | null> {
  const tx = db.transaction(['records', 'settings']);
  const retries = (await readSetting(tx.objectStore('settings'), 'tickRetries')) ?? {};
  // Keys only, in wake-up order (the index key is the instant, the primary key the record's).
  let cursor = await tx.objectStore('records').index('byWakeAt').openKeyCursor();
  let next: number | null = null;
  while (cursor !== null) {
    const wakeAt = cursor.key;
    if (next !== null && wakeAt >= next) break;
    const retryAt = restsUntil(retries, cursor.primaryKey, wakeAt, now);
    if (retryAt === null) {
      next = wakeAt;
      break;
    }
    // Resting: it counts at its next try; the records after it may still come sooner.
    next = next === null ? retryAt : Math.min(next, retryAt);
    cursor = await cursor.continue();
  }
  const armed = armedWakes.get(db);
  if (next === null) {
    if (armed !== null) await browser.alarms.clear(WAKE_ALARM);
    armedWakes.set(db, null);
    return null;
  }
  // Chrome fires alarms no sooner than 30 s from now; an instant in the past fires at once.
  const when = Math.max(next, now + 1000);
  // Not fired yet (alarms never fire early): the browser holds it as armed.
  if (armed === when && now < when) return next;
  await browser.alarms.create(WAKE_ALARM, { when });
  armedWakes.set(db, when);
  return next;
}

export async function ensureDailyAlarm(): Promise<void> {
  if (!(await browser.alarms.get(DAILY_ALARM))) {
    await browser.alarms.create(DAILY_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 5 });
  }
}

/**
 * Tells every extension page (panels, work list, console) and every mailbox tab that data
 * changed (live updates). Of the content scripts only the mailbox one listens (the CRM panel is
 * an extension page, reached by the runtime message), so tab messages go to mailbox tabs only:
 * one to every open tab cost the browser a message channel per tab after each action. A tab's
 * address is visible only where the extension has host access, which the mailbox script needs.
 */
export function broadcast(message: Broadcast): void {
  // Nobody listening (no page open, a tab without our content script) is expected, not an error.
  const quietly = async (send: () => Promise<unknown>): Promise<void> => {
    try {
      await send();
    } catch {
      // Nobody to tell.
    }
  };
  void quietly(() => browser.runtime.sendMessage(message));
  void quietly(async () => {
    for (const tab of await browser.tabs.query({})) {
      const tabId = tab.id;
      if (tabId !== undefined && tab.url !== undefined && clientForUrl(tab.url) !== null)
        void quietly(() => browser.tabs.sendMessage(tabId, message));
    }
  });
}

/**
 * How many due records one catch-up transaction ticks. A seller's action, and every page's read
 * of the connections, queues behind the batch running when it comes, so a batch must stay short;
 * one commit per record made a catch-up of 10,000 records take half a minute, a busy worker all
 * along. Measured in Chromium on the bench's 10,000 due records (worker-catch-up-10k, load 2 to
 * 3): batches of 25, 50 and 100 took 7.6, 6.7 to 7.1 and 7.1 to 8.0 s in all, a batch 15, 29 to
 * 32 and 60 to 68 ms (median). 50: the whole no slower than with bigger batches, and a click
 * waits behind about 30 ms at most (docs/architecture.md, "The scheduler and the catch-up").
 */
export const CATCH_UP_BATCH = 50;

/**
 * Past this many records changed at once (one catch-up, or one burst of changes: a bulk action,
 * "Run now", a segment run), open pages are told with one `dataChanged` instead of one
 * `recordChanged` each: every broadcast reaches every extension page and mailbox tab, and
 * thousands (a browser closed for a week, a restore, a bulk action on a large segment) were a
 * flood that each page coalesces into one reload anyway. The usual change touches a few records,
 * each told apart (an open panel refreshes only for its own record).
 */
export const TOLD_ONE_BY_ONE = 50;

/** What the catch-up ticks a batch with (`tickInOneTx`; a parameter for tests). */
export type TickBatch = typeof tickInOneTx;

/** `processDue`'s batch function and size (defaults: `tickInOneTx`, `CATCH_UP_BATCH`), for tests. */
export interface CatchUpOptions {
  tick?: TickBatch;
  batchSize?: number;
}

/**
 * Lets time pass for every record whose `wakeAt` has come, `CATCH_UP_BATCH` records per
 * transaction, then notifies the steps that fell due since the last check and refreshes the
 * badge (its colour too) and the alarm, and tells open pages what changed.
 *
 * Each batch commits whole or not at all, and reads its records in its own transaction (a record
 * a seller changed since the due list was read is ticked from what is stored now). A worker
 * stopped midway loses only the batch it was running: the next start reads the due records
 * again. A batch that fails is retried record by record, so one record that cannot be ticked
 * does not hold up the others, and such a record rests before it is tried again (1 min, doubling
 * up to 1 h: lib/store/tick-retries.ts); if none of them can be (the storage itself fails), the
 * catch-up stops there. Either way the badge and the alarm are still refreshed, and the first failure is
 * then thrown (the caller logs it; the alarm brings the next try).
 */
export async function processDue(
  deps: BackgroundDeps,
  db: Database,
  { tick = tickInOneTx, batchSize = CATCH_UP_BATCH }: CatchUpOptions = {},
): Promise<void> {
  for (const name of Object.values(CATCH_UP_MARKS)) {
    performance.clearMarks(name);
    performance.clearMeasures(name);
  }
  performance.mark(CATCH_UP_MARKS.start);
  // Every worker start runs this (the catch-up), as does every wake alarm: the browser keeps the
  // colour between workers, so an action's badge update (`updateBadge`) only changes the text.
  await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOUR });
  const ctx = await commandContext(deps, db);
  // Keys only (not the records: each batch reads its own), in key order: a batch is then a run
  // of neighbouring keys, which its transaction reads with range requests (record-tx.ts).
  const all = await db.getAllKeysFromIndex('records', 'byWakeAt', IDBKeyRange.upperBound(ctx.now));
  // Records whose tick keeps failing rest between tries (lib/store/tick-retries.ts): usually none.
  const retries = (await readSetting(db, 'tickRetries')) ?? {};
  const rested = new Set<string>();
  for (const key of Object.keys(retries)) {
    const wakeAt = (await db.get('records', key))?.wakeAt;
    if (wakeAt !== undefined && rests(retries, key, wakeAt, ctx.now)) rested.add(key);
  }
  const due = rested.size === 0 ? all : all.filter((key) => !rested.has(key));
  due.sort();
  // The records that failed when tried alone (their batch failed first).
  const failedKeys: string[] = [];
  // Each changed record's key and change count as its tick stored them (no second read to tell).
  const changed: { key: string; changes: number | undefined }[] = [];
  let failure: { error: unknown } | null = null;
  const record = (outcomes: Awaited<ReturnType<TickBatch>>): void => {
    for (const outcome of outcomes)
      if (outcome.result.kind === 'applied' && outcome.result.events.length > 0 && outcome.doc)
        changed.push({ key: outcome.doc.key, changes: outcome.doc.changes });
  };
  for (let start = 0; start < due.length; start += batchSize) {
    const refs = due.slice(start, start + batchSize).flatMap((key) => parseRecordKey(key) ?? []);
    performance.mark(CATCH_UP_MARKS.batchStart);
    try {
      record(await tick(db, refs, ctx));
    } catch (error) {
      failure ??= { error };
      let ticked = 0;
      for (const ref of refs) {
        try {
          record(await tick(db, [ref], ctx));
          ticked += 1;
        } catch {
          // Left as it is stored, due: it rests, then a later catch-up tries it again.
          failedKeys.push(recordKey(ref));
        }
      }
      if (ticked === 0) break;
    }
    performance.measure(CATCH_UP_MARKS.batch, CATCH_UP_MARKS.batchStart);
  }
  await restFailed(db, retries, failedKeys, rested, ctx.now);
  if (ctx.settings.notifications) await notifyNewlyDue(db, ctx.now);
  else await db.put('settings', settingDoc('lastDueCheckAt', ctx.now));
  await updateBadge(db, ctx.now);
  await armWakeAlarm(db, ctx.now);
  performance.measure(CATCH_UP_MARKS.whole, CATCH_UP_MARKS.start);
  tellChanged(changed);
  if (failure !== null) throw failure.error;
}

/**
 * Stores which records rest after a catch-up at `now` (`afterCatchUp`): the `failed` keys with
 * the wake-up they failed at, and those `rested`. Writes only a change (usually nothing rests,
 * before or after), and never fails the catch-up: when the storage fails, the record is tried
 * again at the next wake-up, as before rests.
 */
async function restFailed(
  db: Database,
  previous: TickRetries,
  failedKeys: readonly string[],
  rested: ReadonlySet<string>,
  now: number,
): Promise<void> {
  try {
    const failed: { key: string; wakeAt: number }[] = [];
    for (const key of failedKeys) {
      const wakeAt = (await db.get('records', key))?.wakeAt;
      if (wakeAt !== undefined) failed.push({ key, wakeAt });
    }
    const next = afterCatchUp(previous, failed, rested, now);
    if (!sameRetries(previous, next)) await db.put('settings', settingDoc('tickRetries', next));
  } catch {
    // The storage fails: nothing rests; the wake alarm brings the next try.
  }
}

/**
 * The worker's User Timing names for the catch-up (read by the bench, bench/catch-up.ts): one
 * measure per batch and one for the whole, the last catch-up's only.
 */
export const CATCH_UP_MARKS = {
  start: 'upnext:catch-up-start',
  batchStart: 'upnext:catch-up-batch-start',
  batch: 'upnext:catch-up-batch',
  /** From the catch-up's start to the badge and the alarm set. */
  whole: 'upnext:catch-up',
} as const;

/**
 * Tells open pages what one burst of changes (follow-ups.ts) changed: `tellChanged` for its
 * records, each with the change count its change stored (read from the record where no change
 * said it, and not at all past `TOLD_ONE_BY_ONE` records), then one `dataChanged` when anything
 * may have changed (`all`) and the records were told one by one.
 */
export async function tellBurst(db: Database, batch: ChangeBatch): Promise<void> {
  const many = batch.keys.size > TOLD_ONE_BY_ONE;
  const changed: { key: string; changes: number | undefined }[] = [];
  for (const key of batch.keys) {
    const known = many ? undefined : batch.changes?.get(key);
    const changes =
      many || typeof known === 'number' ? known : (await db.get('records', key))?.changes;
    changed.push({ key, changes: changes ?? undefined });
  }
  tellChanged(changed);
  if (batch.all && !many) broadcast({ upnext: 1, type: 'dataChanged' });
}

/** Tells open pages that the records `changed` changed (`TOLD_ONE_BY_ONE` says how). */
function tellChanged(changed: readonly { key: string; changes: number | undefined }[]): void {
  if (changed.length > TOLD_ONE_BY_ONE) {
    broadcast({ upnext: 1, type: 'dataChanged' });
    return;
  }
  for (const { key, changes } of changed) {
    broadcast({
      upnext: 1,
      type: 'recordChanged',
      recordKey: key,
      ...(changes === undefined ? {} : { changes }),
    });
  }
}

/** Past this many steps falling due at once, one notification stands for the rest. */
const NOTIFIED_ONE_BY_ONE = 5;

async function notifyNewlyDue(db: Database, now: number): Promise<void> {
  const last = (await readSetting(db, 'lastDueCheckAt')) ?? now;
  await db.put('settings', settingDoc('lastDueCheckAt', now));
  // Nothing can have fallen due since the last check (or this is the first one).
  if (last >= now) return;
  const rows = await db.getAllFromIndex('connections', DUE_ORDER, dueBetween(last, now));
  for (const row of rows.slice(0, NOTIFIED_ONE_BY_ONE)) {
    await browser.notifications.create(`upnext:${row.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: row.stepName === null ? t('notifyStepDueUnnamed') : t('notifyStepDue', row.stepName),
      message: `${row.recordName} · ${row.sequenceName}`,
    });
  }
  if (rows.length > NOTIFIED_ONE_BY_ONE) {
    await browser.notifications.create('upnext:more', {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: tCount('notifyStepsDue', rows.length),
      message: t('notifyStepsDueMessage'),
    });
  }
}

/** A notification click opens the record in its CRM (or the work list for the summary). */
export async function openFromNotification(db: Database, notificationId: string): Promise<void> {
  if (!notificationId.startsWith('upnext:')) return;
  const id = notificationId.slice('upnext:'.length);
  const row = id === 'more' ? undefined : await db.get('connections', id);
  await browser.tabs.create({ url: row?.url ?? browser.runtime.getURL('/worklist.html') });
  await browser.notifications.clear(notificationId);
}

/** After settings change (time zone, away periods) every row's due time is recomputed. */
export async function reprojectAll(deps: BackgroundDeps, db: Database): Promise<void> {
  const ctx = await commandContext(deps, db);
  const keys = await db.getAllKeys('records');
  for (const key of keys) {
    const tx = db.transaction(
      ['records', 'connections', 'sequences', 'versions', 'settings'],
      'readwrite',
    );
    const doc = await tx.objectStore('records').get(key);
    if (!doc) continue;
    // Due times move: the badge's kept count is recounted in full next time.
    await forgetDueCount(tx.objectStore('settings'));
    const lookup = await loadSequenceLookup(tx, doc.state);
    for (const row of projectConnections(doc, doc.state, lookup, ctx))
      await tx.objectStore('connections').put(row);
    await tx.done;
  }
}

export async function dailyMaintenance(deps: BackgroundDeps, db: Database): Promise<void> {
  await compactEvents(db, deps.now());
  await compactSegmentLog(db, deps.now());
}
