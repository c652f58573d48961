/**
 * The work list's fast read (docs/worklist.md): an extension page reads the background's
 * database directly, read-only. The `connections` store's `byDue` index holds exactly the rows
 * whose current step needs the seller (lib/store/projection.ts), so one `getAll` on it is the
 * whole work list: no serialization through the service worker, ~10,000 rows in one call.
 *
 * Read-only by construction (lib/store/read-only.ts). Only the background writes
 * (lib/store/db.ts).
 */
import { openReadOnly } from './read-only';

export { DatabaseMissing } from './read-only';
import { readSetting } from './settings';
import type { ConnectionRow } from './types';

export interface WorklistRead {
  /** By due time (the index order). */
  rows: ConnectionRow[];
  /** The seller's chosen time zone; null: the browser's. */
  timeZone: string | null;
}

/**
 * The work-list rows (the first `limit` by due time, or all) and the seller's time zone. Throws
 * `DatabaseMissing` on a first run, and whatever IndexedDB throws otherwise: the caller then asks
 * the background (`listWork`).
 */
export async function readWorklistRows(
  options: { name?: string; limit?: number } = {},
): Promise<WorklistRead> {
  const db = await openReadOnly(options.name);
  try {
    const tx = db.transaction(['connections', 'settings'], 'readonly');
    const [rows, settings] = await Promise.all([
      tx.objectStore('connections').index('byDue').getAll(null, options.limit),
      readSetting(tx.objectStore('settings'), 'settings'),
    ]);
    const zone = settings?.timeZone;
    return { rows, timeZone: typeof zone === 'string' && zone !== '' ? zone : null };
  } finally {
    db.close();
  }
}
