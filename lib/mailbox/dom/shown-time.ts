/**
 * Times as mail pages show them ("Tue, Mar 4, 2025, 10:15 AM", "Tue 3/4/2025 10:15 AM",
 * "4 Mar 2025, 10:15", ISO 8601), read in the browser's time zone like the page writes them.
 * Only full dates are read: a bare "10:15 AM" or "Mar 4" says too little to tell a reply from an
 * older message, so it is null and the message is left alone.
 */
import { DAY } from '../../engine/time/zoned';

/** The earliest instant believed (mail from before 2000 is not a reply to a sequence). */
const EARLIEST = Date.UTC(2000, 0, 1);

/** UTC milliseconds for a shown date and time, or null when it is not a full, plausible date. */
export function parseShownTime(text: string | null | undefined, now: number): number | null {
  if (typeof text !== 'string') return null;
  const cleaned = text
    // Chrome writes "10:15 AM" with a narrow no-break space; Gmail adds "(2 hours ago)".
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // A year must be there: "Mar 4" or "10:15" alone would be guessed into the wrong year.
  if (cleaned.length === 0 || cleaned.length > 80 || !/\b(19|20)\d\d\b/.test(cleaned)) return null;
  const at = Date.parse(cleaned);
  if (!Number.isFinite(at) || at < EARLIEST) return null;
  // Clocks differ a little; a date days ahead is a misread (day and month swapped).
  if (at > now + DAY) return null;
  return Math.min(at, now);
}
