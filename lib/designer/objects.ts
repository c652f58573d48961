/** Small helpers for editing the plain objects of a sequence without mutating them. */

/**
 * A copy of `object` with `key` set to `value`, or without `key` when `value` is undefined: an
 * optional property the manager empties leaves nothing behind in the exported file.
 */
export function withKey<T extends object>(object: T, key: string, value: unknown): T {
  const entries = Object.entries(object).filter(([name]) => name !== key);
  if (value !== undefined) entries.push([key, value]);
  return Object.fromEntries(entries) as T;
}
