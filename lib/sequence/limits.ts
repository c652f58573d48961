/**
 * Limits of the pack format (docs/sequence-format.md: the file, sequences, import, export and
 * activation). Limits the product enforces in more than
 * the file (active sequences, the 30-day wait and snooze) live in `lib/domain/limits.ts`.
 */
import { MAX_WAIT_DAYS } from '../domain/limits';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_SEQUENCES = 1000;
/** Segments in one pack (spec section 8). */
export const MAX_SEGMENTS = 250;
/** Leaf conditions (field, crm, host) in one segment's `where`. */
export const MAX_SEGMENT_CONDITIONS = 10;
/** Steps in one sequence, counted through all branches (condition steps included). */
export const MAX_STEPS = 200;
/** Conditions nested inside condition branches, and `all`/`any` nested inside conditions. */
export const MAX_DEPTH = 8;
export const MAX_NAME = 160;
export const MAX_DESCRIPTION = 2000;
export const MAX_TAGS = 20;
export const MAX_TAG = 40;
export const MAX_WAIT_HOURS = 23;
/** Percent of records that get version A of an A/B test step (spec: 10..90, default 50). */
export const MIN_AB_SPLIT = 10;
export const MAX_AB_SPLIT = 90;
export const DEFAULT_AB_SPLIT = 50;
/** The most days `in-last-days` / `in-next-days` count (about ten years). */
export const MAX_RELATIVE_DAYS = 3650;
/** `days*24+hours` of a wait or a `within` window. */
export const MAX_WAIT_TOTAL_HOURS = MAX_WAIT_DAYS * 24;
/**
 * Raw JSON nesting (brackets) we are willing to parse at all. A valid pack needs far less
 * (about 40); anything deeper is rejected before parsing so that hostile input cannot exhaust
 * the stack of the recursive parser and validator.
 */
export const MAX_JSON_NESTING = 128;
/** The longest sequence, step, segment or custom CRM id, in characters. */
export const MAX_ID_LENGTH = 64;
/** Sequence, step and custom CRM ids: lowercase letters, digits, `-`, `_`, from a letter or digit. */
export const ID_PATTERN = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${MAX_ID_LENGTH - 1}}$`);
/** An ISO 8601 instant with a time and an offset (or `Z`): `2026-06-30T17:00:00+02:00`. */
export const INSTANT_PATTERN =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/** 24-hour `HH:MM`. */
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
