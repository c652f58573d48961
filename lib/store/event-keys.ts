/**
 * Keys of the event log. An event's key starts with its instant (`at`, ms) in base 36, fixed
 * width, so the store's own key order is time order: retention deletes a window's events as one
 * key range and the oldest by walking the store, without a time index (which cost a whole entry
 * per event: bench db-size-1y, docs/storage.md "Size").
 */

/** Width of the time prefix: base 36 of any instant before the year 5000 fits 9 digits. */
const PREFIX_WIDTH = 9;

/** The key prefix of events at `at` (ms); every key of an earlier event sorts before it. */
export function eventKeyPrefix(at: number): string {
  return Math.max(0, Math.floor(at)).toString(36).padStart(PREFIX_WIDTH, '0');
}

/**
 * A new event's key: its time prefix, then the last 12 characters of the engine's id (48 random
 * bits of a UUID): unique, and about a third of the UUID's length. The key is copied into every
 * entry of the event's indexes, and random UUIDs barely compress; time-ordered short keys share
 * their prefix with their neighbours.
 */
export function eventKey(at: number, engineId: string): string {
  return `${eventKeyPrefix(at)}${engineId.slice(-12)}`;
}

/**
 * The key an event is stored under: its own when it starts with its time prefix, else (an event
 * stored before version 11 under the engine's UUID, or one from an older backup) the prefix
 * followed by the whole old key, which keeps it unique.
 */
export function timeOrderedEventId(event: { id: string; at: number }): string {
  const prefix = eventKeyPrefix(event.at);
  return event.id.startsWith(prefix) ? event.id : `${prefix}${event.id}`;
}
