/**
 * Where the work list gets its rows, and where its actions go.
 *
 * Reads: the page's fast read (lib/store/worklist-reader.ts, handed in by the page as
 * `readRows`); if it fails or there is none, the `listWork` message is the fallback. Writes
 * always go through messages (`actOnConnections`).
 */
import { browserTimeZone } from '../format/time';
import type { ConnectionRow, RecordRef, SequenceSummary } from '../messaging/protocol';
import type { ReplyOf } from '../messaging/protocol';
import type { Send } from './console/transport';

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

/** What the fast read returns (lib/store/worklist-reader.ts `readWorklistRows`). */
interface DirectRows {
  rows: ConnectionRow[];
  timeZone: string | null;
}

export interface SourceOptions {
  send: Send;
  /** The page's direct, read-only read of the rows (the first `limit`); none: messages only. */
  readRows?: (limit?: number) => Promise<DirectRows>;
  /** Whether a failed direct read is worth a warning (a first run, before the database, is not). */
  isExpectedFailure?: (error: unknown) => boolean;
  now?: () => number;
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
      if (options.readRows !== undefined) {
        try {
          const { rows, timeZone } = await options.readRows(load?.limit);
          return { rows, now: now(), timeZone: timeZone ?? browserTimeZone() };
        } catch (error) {
          // Not there yet (first run) or not readable: messages work everywhere.
          if (options.isExpectedFailure?.(error) !== true)
            console.warn('[upnext] work list: reading IndexedDB failed, using messages', error);
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
