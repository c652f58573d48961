/**
 * Where the work list gets its rows, and where its actions go.
 *
 * Reads: the `connections` store's `byDue` index holds exactly the rows whose current step needs
 * the seller (lib/store/projection.ts), so one `getAll` on it is the whole work list: no
 * serialization through the service worker, no paging, ~10,000 rows in one IndexedDB call. The
 * page only reads (same origin as the background); if the direct read fails, the `listWork`
 * message is the fallback. Writes always go through messages (`actOnConnections`).
 */
import { browserTimeZone } from '../format/time';
import type { ConnectionRow, RecordRef, SequenceSummary } from '../messaging/protocol';
import type { ReplyOf } from '../messaging/protocol';
import type { Send } from './console/transport';

export const WORKLIST_DB_NAME = 'upnext';

export interface LoadedRows {
  rows: ConnectionRow[];
  now: number;
  timeZone: string;
}

export type ActItems = {
  record: RecordRef;
  action: import('../messaging/protocol').RecordAction;
}[];
export type ActReply = ReplyOf<'actOnConnections'>;

export interface WorklistSource {
  /** With `limit`, only the first rows by due time (a quick first screen). */
  loadRows(options?: { limit?: number }): Promise<LoadedRows>;
  listSequences(): Promise<SequenceSummary[]>;
  act(items: ActItems): Promise<ActReply>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed.'));
  });
}

/** The background has not created its database yet (first run): not a failure. */
class DatabaseMissing extends Error {}

/**
 * Opens the background's database without a version, so the page never upgrades it. If it does
 * not exist yet, the page would create an empty one and break the background's migrations:
 * the upgrade is aborted instead and the caller falls back to messages.
 */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name);
    let missing = false;
    open.onupgradeneeded = () => {
      missing = true;
      open.transaction?.abort();
    };
    open.onsuccess = () => {
      const db = open.result;
      // Never block the background's next upgrade.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    open.onerror = (event) => {
      if (missing) {
        // The aborted upgrade is expected: keep it from surfacing as an unhandled error.
        event.preventDefault();
        reject(new DatabaseMissing('The Upnext database is not there yet.'));
        return;
      }
      reject(open.error ?? new Error('The Upnext database could not be opened.'));
    };
    open.onblocked = () => reject(new Error('The Upnext database is busy.'));
  });
}

/** Reads the work list rows and the seller's time zone straight from IndexedDB (read-only). */
export async function readRowsFromDatabase(
  factory: IDBFactory,
  name = WORKLIST_DB_NAME,
  limit?: number,
): Promise<{ rows: ConnectionRow[]; timeZone: string | null }> {
  const db = await openExisting(factory, name);
  try {
    const tx = db.transaction(['connections', 'settings'], 'readonly');
    const [rows, settings] = await Promise.all([
      request(
        tx.objectStore('connections').index('byDue').getAll(null, limit) as IDBRequest<
          ConnectionRow[]
        >,
      ),
      request(
        tx.objectStore('settings').get('settings') as IDBRequest<
          { value?: { timeZone?: unknown } } | undefined
        >,
      ),
    ]);
    const zone = settings?.value?.timeZone;
    return { rows, timeZone: typeof zone === 'string' && zone !== '' ? zone : null };
  } finally {
    db.close();
  }
}

export interface SourceOptions {
  send: Send;
  /** `indexedDB` of the extension page; null to use messages only. */
  indexedDB: IDBFactory | null;
  now?: () => number;
  databaseName?: string;
}

export function createWorklistSource(options: SourceOptions): WorklistSource {
  const now = options.now ?? (() => Date.now());
  const { send } = options;

  async function viaMessages(limit = 20_000): Promise<LoadedRows> {
    const [work, settings] = await Promise.all([
      send('listWork', { due: 'all', sort: 'due', offset: 0, limit }),
      send('getSettings', {}).catch(() => null),
    ]);
    return {
      rows: work.rows,
      now: work.now,
      timeZone: settings?.settings.timeZone ?? browserTimeZone(),
    };
  }

  return {
    async loadRows(load) {
      if (options.indexedDB !== null) {
        try {
          const { rows, timeZone } = await readRowsFromDatabase(
            options.indexedDB,
            options.databaseName,
            load?.limit,
          );
          return { rows, now: now(), timeZone: timeZone ?? browserTimeZone() };
        } catch (error) {
          // Not there yet (first run) or not readable: messages work everywhere. Only a real
          // failure is worth a warning.
          if (!(error instanceof DatabaseMissing)) {
            console.warn('[upnext] work list: reading IndexedDB failed, using messages', error);
          }
        }
      }
      return viaMessages(load?.limit);
    },
    async listSequences() {
      return (await send('listSequences', {})).sequences;
    },
    act(items) {
      return send('actOnConnections', { items });
    },
  };
}
