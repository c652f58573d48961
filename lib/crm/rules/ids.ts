/**
 * Id and URL helpers shared by the rules. Everything here is pure and never throws.
 */

const GUID_BODY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const GUID = new RegExp(`^${GUID_BODY}$`, 'i');
const BRACED_GUID = new RegExp(`^\\{?(${GUID_BODY})\\}?$`, 'i');

/** A 36-character GUID/UUID (any case), or null. Canonical form: lower case, no braces. */
export function canonicalGuid(
  value: string | null | undefined,
  allowBraces = false,
): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (allowBraces) {
    const match = BRACED_GUID.exec(trimmed);
    return match?.[1] ? match[1].toLowerCase() : null;
  }
  return GUID.test(trimmed) ? trimmed.toLowerCase() : null;
}

/** Regex source for a GUID, for embedding into rule patterns (use with the `i` flag). */
export const GUID_PATTERN = GUID_BODY;

/** `decodeURIComponent` that returns the input unchanged when it is malformed. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Query parameters with lower-cased names (first occurrence wins). Dynamics, SuiteCRM and vtiger
 * accept parameters in any order and people type them in any case (docs/crm-reference.md: global rules).
 */
export function lowerParams(params: URLSearchParams): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of params) {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

/** The URL's hash without the leading `#`, percent-decoded when that is safe. */
export function hashBody(url: URL): string {
  return url.hash.startsWith('#') ? safeDecode(url.hash.slice(1)) : '';
}

/** A non-negative decimal integer id, without leading zeros trouble (kept as the string). */
export function integerId(value: string | null | undefined, maxLength = 20): string | null {
  if (!value) return null;
  return value.length <= maxLength && /^\d+$/.test(value) && !/^0+$/.test(value) ? value : null;
}
