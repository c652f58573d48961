/**
 * Full backup and restore. A backup is every store as JSON; a restore validates the whole file
 * before it touches anything, then replaces everything in one transaction: all or nothing.
 */
import { t } from '../i18n';
import { abortWrites, storageFailure } from './storage-failure';

import { once } from '../once';
// zod/mini, jitless, with English messages (lib/zod-mini.ts says why).
import { z } from '../zod-mini';

import type { Database } from './db';
import { ALL_STORES, DB_VERSION } from './db';
import { ROLLUP_STORES, forgetRollups } from './rollups';
import { timeOrderedEventId } from './event-keys';
import { withConnectionIndexFields, withEventIndexFields } from './index-fields';
import { forgetSegmentsRevision } from './segment-cache';
import { forgetKept } from './kept-copy';
import { segmentInputOf } from './segment-inputs';
import { storedSegmentLogRow } from './segment-log';
import type { EventDoc, RecordDoc } from './types';
import { forgetDueCount } from './work-queries';

const BACKUP_FORMAT = 'upnext-backup/v1';

// Built on the first restore, not at every worker start (lib/once.ts says why).
const backupSchema = once(() => {
  const anyObject = z.record(z.string(), z.unknown());
  return z.strictObject({
    format: z.literal(BACKUP_FORMAT),
    schemaVersion: z.int().check(z.minimum(1), z.maximum(DB_VERSION)),
    exportedAt: z.number(),
    stores: z.strictObject({
      sequences: z.array(
        z.looseObject({
          id: z.string(),
          state: z.enum(['draft', 'active', 'inactive']),
          version: z.number(),
          definition: anyObject,
        }),
      ),
      versions: z.array(
        z.looseObject({ id: z.string(), version: z.number(), definition: anyObject }),
      ),
      records: z.array(
        z.looseObject({
          key: z.string(),
          ref: anyObject,
          state: z.looseObject({ connections: z.array(anyObject) }),
        }),
      ),
      connections: z.array(
        z.looseObject({ id: z.string(), recordKey: z.string(), sequenceId: z.string() }),
      ),
      events: z.array(z.looseObject({ id: z.string(), at: z.number() })),
      stats: z.array(z.looseObject({ sequenceId: z.string(), stepId: z.string() })),
      settings: z.array(z.looseObject({ key: z.string() })),
      // Ended A/B tests (version 7); older backups have none.
      abTests: z.optional(
        z.array(
          z.looseObject({
            sequenceId: z.string(),
            stepId: z.string(),
            winner: z.nullable(z.enum(['a', 'b'])),
          }),
        ),
      ),
      // Segments and their why log (issue #17); backups made before segments have none.
      segments: z.optional(z.array(z.looseObject({ id: z.string(), definition: anyObject }))),
      // Rows of evaluations since version 14 (lib/store/segment-log.ts), one evaluation a row before.
      segmentLog: z.optional(
        z.array(
          z.looseObject({
            id: z.string(),
            at: z.number(),
            entries: z.optional(z.array(z.looseObject({ recordKey: z.string() }))),
          }),
        ),
      ),
    }),
  });
});

/** Stores a backup holds besides ALL_STORES: optional in the file, so older backups restore. */
const EXTRA_STORES = ['abTests', 'segments', 'segmentLog'] as const;

/**
 * Stores derived from the others, kept out of backups and rebuilt on restore (the roll-ups are
 * rebuilt later, from the history, lib/store/rollups.ts).
 */
export const DERIVED_STORES = ['segmentInputs', 'segmentInputPacks'] as const;

/** Every store a backup holds, in the order of the file. */
export const BACKUP_STORES = [...ALL_STORES, ...EXTRA_STORES] as const;

/**
 * What a restore recomputes on a store's rows before they are written (version 11): the fields
 * that only feed sparse indexes, and an event's time-ordered key (retention walks the keys). A
 * backup made before has none of it, a file may say anything: the store must say what the rows
 * do. A backup made since restores byte for byte.
 */
const STORED_FORM: Partial<Record<(typeof ALL_STORES)[number], (row: never) => unknown>> = {
  connections: withConnectionIndexFields,
  events: (event: EventDoc) => withEventIndexFields({ ...event, id: timeOrderedEventId(event) }),
};

/** Items read (and written out) at a time: one part of the file per page of a store. */
const BACKUP_PAGE = 2000;

/** How far a backup is: items written out of the total in the database. */
export interface BackupProgress {
  done: number;
  total: number;
}

/** The backup's file name for the day of `now` (ms since the epoch, UTC date). */
export function backupFileName(now: number): string {
  return `upnext-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
}

/**
 * Writes a backup as text parts whose concatenation is the file (exactly what
 * `JSON.stringify` of the whole backup object gives). Everything is read in one read-only
 * transaction, so the file is one consistent moment even while the seller acts; each store is
 * read in pages of BACKUP_PAGE items and each page goes to `write` as one part, so no single
 * string, read or message has to hold a large database (100,000 connections are hundreds of MB).
 * `progress` hears after every page. Works on the background's connection and on a page's
 * read-only one (lib/store/read-only.ts).
 */
export async function writeBackup(
  db: Database,
  now: number,
  write: (part: string) => void,
  progress?: (progress: BackupProgress) => void,
): Promise<void> {
  const tx = db.transaction([...BACKUP_STORES], 'readonly');
  const counts = await Promise.all(BACKUP_STORES.map((name) => tx.objectStore(name).count()));
  const total = counts.reduce((sum, count) => sum + count, 0);
  let done = 0;
  progress?.({ done, total });
  write(
    `{"format":${JSON.stringify(BACKUP_FORMAT)},"schemaVersion":${String(DB_VERSION)},` +
      `"exportedAt":${JSON.stringify(now)},"stores":{`,
  );
  for (const [index, name] of BACKUP_STORES.entries()) {
    const store = tx.objectStore(name);
    write(`${index === 0 ? '' : ','}${JSON.stringify(name)}:[`);
    let after: IDBValidKey | undefined;
    let first = true;
    for (;;) {
      const range = after === undefined ? null : IDBKeyRange.lowerBound(after, true);
      const [keys, values] = await Promise.all([
        store.getAllKeys(range, BACKUP_PAGE),
        store.getAll(range, BACKUP_PAGE),
      ]);
      if (values.length === 0) break;
      write(`${first ? '' : ','}${values.map((value) => JSON.stringify(value)).join(',')}`);
      first = false;
      done += values.length;
      progress?.({ done, total });
      if (values.length < BACKUP_PAGE) break;
      after = keys.at(-1);
    }
    write(']');
  }
  write('}}');
  await tx.done;
}

/** The whole backup as one string (the background's `backupData`; small databases). */
export async function createBackup(db: Database, now: number): Promise<string> {
  const parts: string[] = [];
  await writeBackup(db, now, (part) => parts.push(part));
  return parts.join('');
}

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

export async function restoreBackup(
  db: Database,
  text: string,
): Promise<{ sequences: number; records: number; events: number }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RestoreError(t('errBackupNotJson'));
  }
  const parsed = backupSchema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues.at(0);
    const where = issue !== undefined && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new RestoreError(t('errBackupInvalid', `${issue?.message ?? 'invalid'}${where}`));
  }
  const stores = parsed.data.stores;
  const tx = db.transaction(
    [...ALL_STORES, ...EXTRA_STORES, ...DERIVED_STORES, ...ROLLUP_STORES],
    'readwrite',
  );
  // The settings store is replaced whole, CRM settings too: the kept CRM state goes.
  // Sequences, versions and the CRM state alike: everything the worker keeps.
  forgetKept(db, tx.done);
  const writes: Promise<unknown>[] = [];
  try {
    await Promise.all(
      [...ALL_STORES, ...EXTRA_STORES, ...DERIVED_STORES].map((name) =>
        tx.objectStore(name).clear(),
      ),
    );
    for (const name of ALL_STORES) {
      const store = tx.objectStore(name);
      const stored = STORED_FORM[name];
      for (const item of stores[name])
        writes.push(store.put((stored === undefined ? item : stored(item as never)) as never));
    }
    for (const name of EXTRA_STORES) {
      const store = tx.objectStore(name);
      // Why-log rows in the store's form; a backup made before version 14 holds one evaluation
      // a row, each restored as a row of one.
      const stored = name === 'segmentLog' ? storedSegmentLogRow : undefined;
      for (const item of stores[name] ?? [])
        writes.push(store.put((stored === undefined ? item : stored(item as never)) as never));
    }
    // Whatever revision the file names, the routing cache must not take these segments for another
    // set: the token is dropped and the next capture reads the restored segments and marks them.
    writes.push(forgetSegmentsRevision(tx.objectStore('settings')));
    // What segments read of each record is not in backups either (derived): rebuilt from the
    // restored records here, in the restore's transaction.
    const inputs = tx.objectStore('segmentInputs');
    for (const item of stores.records) {
      const row = segmentInputOf(item as unknown as RecordDoc);
      if (row !== null) writes.push(inputs.put(row));
    }
    // Insight roll-ups are not in backups (they are derived): rebuilt from the restored history.
    writes.push(forgetRollups(tx));
    // Nor is the badge's kept count taken from a file (it may come from anywhere): counted anew.
    writes.push(forgetDueCount(tx.objectStore('settings')));
    // Nor which records rest after failed ticks (lib/store/tick-retries.ts): this device's own.
    writes.push(tx.objectStore('settings').delete('tickRetries'));
    await Promise.all(writes);
    await tx.done;
  } catch (error) {
    // A put that fails aborts the transaction, which rolls back the clears too.
    abortWrites(tx, writes);
    throw new RestoreError(
      storageFailure(error)?.message ?? t('errBackupNotRestored', String(error)),
    );
  }
  return {
    sequences: stores.sequences.length,
    records: stores.records.length,
    events: stores.events.length,
  };
}

export async function resetAll(db: Database): Promise<void> {
  // The mailbox's marks (not part of backups: they only say which messages were counted) and
  // the insight roll-ups (derived, rebuilt from the history) go too.
  const stores = [
    ...ALL_STORES,
    ...EXTRA_STORES,
    ...DERIVED_STORES,
    'mailSeen' as const,
    ...ROLLUP_STORES,
  ];
  const tx = db.transaction(stores, 'readwrite');
  // Sequences, versions and the CRM state alike: everything the worker keeps.
  forgetKept(db, tx.done);
  await Promise.all(stores.map((name) => tx.objectStore(name).clear()));
  await tx.done;
}
