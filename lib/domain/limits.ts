/**
 * Limits of the product that more than one part of Upnext enforces or explains (the engine, the
 * pack validator, the store, the panel, the work list, the console). Limits of the pack file's
 * shape alone (sizes, lengths, ids) stay with the format in `lib/sequence/limits.ts`.
 */

/** Sequences active at once (spec section 7); activation beyond it is refused. */
export const MAX_ACTIVE_SEQUENCES = 250;

/**
 * How far ahead a step can be snoozed, in calendar days of the seller's zone: the same wall-clock
 * time 30 days later, so 30 × 24 h ± 1 h across a DST change (`lib/engine/time/snooze.ts`).
 */
export const MAX_SNOOZE_DAYS = 30;

/** The longest wait or `within` window: `days` up to 30, `days*24+hours` up to 720 (spec section 2). */
export const MAX_WAIT_DAYS = 30;

/**
 * The longest email subject Upnext keeps from the seller's mailbox (issue #20): the readers cut
 * it, the background refuses longer, the engine stores at most this in a step's history.
 */
export const MAX_MAIL_SUBJECT = 300;

/**
 * A slice of a backup file per message when the console sends a large one to restore (the
 * background stages the slices, then restores all or nothing). Chrome refuses a message over
 * 64 MiB of JSON and a character can take 6 bytes there (`\uXXXX`), so 8 Mi characters always fit.
 */
export const MAX_RESTORE_SLICE = 8 * 1024 * 1024;

/**
 * The longest note Upnext keeps: a seller's note on a step (complete, skip, "Add note") and a
 * manager's "What changed?" note on a published version. The text boxes stop there, the
 * background refuses longer, the engine keeps at most this.
 */
export const MAX_NOTE = 2000;
