/**
 * Full backup and restore. A backup is every store as JSON; a restore validates the whole file
 * before it touches anything, then replaces everything in one transaction: all or nothing.
 */
import { abortWrites, storageFailure } from './storage-failure';
import { z } from 'zod';

import type { Database } from './db';
import { ALL_STORES, DB_VERSION } from './db';
import { forgetRollups } from './rollups';
import { touchSegments } from './segment-cache';

const BACKUP_FORMAT = 'upnext-backup/v1';

const anyObject = z.record(z.string(), z.unknown());
const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  schemaVersion: z.number().int().min(1).max(DB_VERSION),
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
    abTests: z
      .array(
        z.looseObject({
          sequenceId: z.string(),
          stepId: z.string(),
          winner: z.enum(['a', 'b']).nullable(),
        }),
      )
      .optional(),
    // Segments and their why log (issue #17); backups made before segments have none.
    segments: z.array(z.looseObject({ id: z.string(), definition: anyObject })).optional(),
    segmentLog: z.array(z.looseObject({ id: z.string(), at: z.number() })).optional(),
  }),
});

/** Stores a backup holds besides ALL_STORES: optional in the file, so older backups restore. */
const EXTRA_STORES = ['abTests', 'segments', 'segmentLog'] as const;

export async function createBackup(db: Database, now: number): Promise<string> {
  const tx = db.transaction([...ALL_STORES, ...EXTRA_STORES], 'readonly');
  const entries = await Promise.all(
    [...ALL_STORES, ...EXTRA_STORES].map(
      async (name) => [name, await tx.objectStore(name).getAll()] as const,
    ),
  );
  await tx.done;
  return JSON.stringify({
    format: BACKUP_FORMAT,
    schemaVersion: DB_VERSION,
    exportedAt: now,
    stores: Object.fromEntries(entries),
  });
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
    throw new RestoreError(
      'This file is not an Upnext backup: it is not valid JSON. Nothing was changed.',
    );
  }
  const parsed = backupSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues.at(0);
    const where = issue !== undefined && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new RestoreError(
      `This file is not a valid Upnext backup (${issue?.message ?? 'invalid'}${where}). Nothing was changed.`,
    );
  }
  const stores = parsed.data.stores;
  const tx = db.transaction([...ALL_STORES, ...EXTRA_STORES, 'rollups'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    await Promise.all([...ALL_STORES, ...EXTRA_STORES].map((name) => tx.objectStore(name).clear()));
    for (const name of ALL_STORES) {
      const store = tx.objectStore(name);
      for (const item of stores[name]) writes.push(store.put(item as never));
    }
    for (const name of EXTRA_STORES) {
      const store = tx.objectStore(name);
      for (const item of stores[name] ?? []) writes.push(store.put(item as never));
    }
    // Whatever revision the file names, the routing cache must not take these segments for another set.
    writes.push(touchSegments(tx.objectStore('settings')));
    // Insight roll-ups are not in backups (they are derived): rebuilt from the restored history.
    writes.push(forgetRollups(tx));
    await Promise.all(writes);
    await tx.done;
  } catch (error) {
    // A put that fails aborts the transaction, which rolls back the clears too.
    abortWrites(tx, writes);
    throw new RestoreError(
      storageFailure(error)?.message ??
        `The backup could not be restored (${String(error)}). Nothing was changed.`,
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
  const tx = db.transaction([...ALL_STORES, ...EXTRA_STORES, 'mailSeen', 'rollups'], 'readwrite');
  await Promise.all(
    [...ALL_STORES, ...EXTRA_STORES, 'mailSeen' as const, 'rollups' as const].map((name) =>
      tx.objectStore(name).clear(),
    ),
  );
  await tx.done;
}
