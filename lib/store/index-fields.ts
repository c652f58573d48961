/**
 * Fields a stored document carries only so that an index holds exactly the rows a query asks
 * for (sparse indexes: IndexedDB leaves out a document whose indexed field is absent). Every
 * index entry costs space on disk (the index value and the document's key twice), so an index
 * over every row that is only ever asked for a few of them is mostly waste (bench db-size-1y,
 * docs/storage.md "Size").
 *
 * One home for the rule: the projection and the record transaction write these fields, migration
 * 11 adds them to stored rows, and a restore recomputes them, so a backup made before version 11
 * (or a file edited by hand) restores with indexes that say the truth.
 */
import type { ConnectionRow, EventDoc } from './types';

/**
 * Sets `activeSequenceId` (the row's sequence) while the connection is active, and removes it
 * otherwise: the `byActive` index is exactly the active connections, by sequence. Returns the row.
 */
export function withConnectionIndexFields<T extends Pick<ConnectionRow, 'sequenceId' | 'status'>>(
  row: T & { activeSequenceId?: string },
): T {
  if (row.status === 'active' && typeof row.sequenceId === 'string')
    row.activeSequenceId = row.sequenceId;
  else delete row.activeSequenceId;
  return row;
}

/** The event type whose rows are indexed by record: the record's field captures. */
const CAPTURES = 'fields-recorded';

/**
 * Sets `capturesOf` (the record key) on a `fields-recorded` event and removes it from any other:
 * the `byCaptures` index is exactly each record's captures, the only events read by record.
 * Returns the event.
 */
export function withEventIndexFields<T extends Pick<EventDoc, 'type' | 'recordKey'>>(
  event: T & { capturesOf?: string },
): T {
  if (event.type === CAPTURES && typeof event.recordKey === 'string')
    event.capturesOf = event.recordKey;
  else delete event.capturesOf;
  return event;
}
