/**
 * Where the work list gets its rows, and where its actions go.
 *
 * Reads: the page's fast read (lib/store/worklist-reader.ts, handed in by the page as
 * `readRows`); if it fails or there is none, the `listWork` message is the fallback. Writes
 * always go through messages (`actOnConnections`).
 */
import { browserTimeZone } from '../format/time';
import type { ConnectionRow, RecordRef } from '../messaging/protocol';
import type { ReplyOf } from '../messaging/protocol';
import type { WorklistSequence } from '../store/worklist-reader';
import type { Send } from './console/transport';

export type { WorklistSequence };

interface LoadedRows {
  rows: ConnectionRow[];
  now: number;
  timeZone: string;
}

/** The whole load: every row, and every sequence's name and tags (null: they could not be read). */
export interface LoadedAll extends LoadedRows {
  sequences: WorklistSequence[] | null;
}

export type ActItems = {
  record: RecordRef;
  action: import('../messaging/protocol').RecordAction;
}[];
export type ActReply = ReplyOf<'actOnConnections'>;

interface LoadOptions {
  /**
   * Called with each page of rows as it arrives, the last included: pages come in the work
   * list's due order (due time, then connection id) and every row of a page comes before every
   * row of the next (each can be sorted alone).
   * The first page is a quick first screen.
   */
  onPage?: (page: LoadedRows) => void;
  /** Called once with the sequences as soon as they are read (after the first page). */
  onSequences?: (sequences: WorklistSequence[]) => void;
}

export interface WorklistSource {
  /**
   * Every row that needs the seller, by due time (also handed over page by page), and the
   * sequences for the filters. Nothing in it grows with the number of connections but the
   * pages after the first.
   */
  loadRows(options?: LoadOptions): Promise<LoadedAll>;
  act(items: ActItems): Promise<ActReply>;
}

/** What the fast read hands over (lib/store/worklist-reader.ts `readWorklistRows`). */
interface DirectRows {
  rows: ConnectionRow[];
  timeZone: string | null;
}

export interface SourceOptions {
  send: Send;
  /** The page's direct, read-only read of the rows, page by page; none: messages only. */
  readRows?: (
    onPage: (page: DirectRows) => void,
    onSequences: (sequences: WorklistSequence[]) => void,
  ) => Promise<DirectRows & { sequences: WorklistSequence[] }>;
  /** Whether a failed direct read is worth a warning (a first run, before the database, is not). */
  isExpectedFailure?: (error: unknown) => boolean;
  now?: () => number;
}

export function createWorklistSource(options: SourceOptions): WorklistSource {
  const now = options.now ?? (() => Date.now());
  const { send } = options;

  async function viaMessages(limit = 20_000): Promise<LoadedAll> {
    // One page: the background answers with every row at once.
    const [work, settings, sequences] = await Promise.all([
      send('listWork', { due: 'all', sort: 'due', offset: 0, limit }),
      send('getSettings', {}).catch(() => null),
      send('listSequences', {}).catch(() => null),
    ]);
    return {
      rows: work.rows,
      now: work.now,
      timeZone: settings?.settings.timeZone ?? browserTimeZone(),
      sequences: sequences?.sequences.map(({ id, name, tags }) => ({ id, name, tags })) ?? null,
    };
  }

  return {
    async loadRows(load) {
      if (options.readRows !== undefined) {
        const at = now();
        let pages = 0;
        try {
          const { rows, timeZone, sequences } = await options.readRows(
            (page) => {
              pages += 1;
              load?.onPage?.({
                rows: page.rows,
                now: at,
                timeZone: page.timeZone ?? browserTimeZone(),
              });
            },
            (list) => load?.onSequences?.(list),
          );
          return { rows, now: at, timeZone: timeZone ?? browserTimeZone(), sequences };
        } catch (error) {
          // Pages already handed over cannot be taken back: the caller reports the failure.
          if (pages > 0) throw error;
          // Not there yet (first run) or not readable: messages work everywhere.
          if (options.isExpectedFailure?.(error) !== true)
            console.warn('[upnext] work list: reading IndexedDB failed, using messages', error);
        }
      }
      const all = await viaMessages();
      load?.onPage?.(all);
      if (all.sequences !== null) load?.onSequences?.(all.sequences);
      return all;
    },
    act(items) {
      return send('actOnConnections', { items });
    },
  };
}
