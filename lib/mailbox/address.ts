/**
 * Email addresses as Upnext compares them: trimmed and lower-cased, nothing else (no alias or
 * dot folding), so a message matches a record only when the page shows exactly the record's
 * address. One home for that rule: the content script, the background and the feed use it.
 */

/** A plain address: one `@`, no spaces or angle brackets, a dot in the domain; at most 254 characters. */
const ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;

/** The comparable form of an address, or null when `raw` is not one plain address. */
export function normaliseAddress(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const address = raw.trim().toLowerCase();
  if (address.length > 254 || !ADDRESS.test(address)) return null;
  return address;
}

/**
 * The address inside a display form: `Jane Doe <jane@example.com>`, `<jane@example.com>` or a
 * bare address. Null when there is none.
 */
export function addressIn(text: string): string | null {
  const bracketed = /<([^<>]+)>/.exec(text);
  return normaliseAddress(bracketed ? bracketed[1] : text);
}
