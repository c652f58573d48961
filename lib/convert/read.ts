/**
 * Reading untrusted JSON without trusting it: each accessor returns a value of the asked type
 * or `undefined`, never throws. Paths are arrays of keys and indexes, formatted for people by
 * the pack format's own `formatPath` (one home for `a.b[2].c`).
 */
import { isRecord } from '../sequence/describe';
import { formatPath } from '../sequence/problem';
import type { PathSegment } from '../sequence/problem';

export { isRecord, formatPath };
export type { PathSegment };
export type JsonObject = Record<string, unknown>;

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A non-blank string, trimmed. Placeholders from API examples (`"<string>"`) count as absent:
 * they are reported once, by path, for the whole file.
 */
export function text(value: unknown): string | undefined {
  const found = str(value)?.trim();
  return found === undefined || found === '' || isPlaceholder(found) ? undefined : found;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // Ids and counts sometimes arrive as strings ("3"); numbers written as text count.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function obj(value: unknown): JsonObject | undefined {
  return isRecord(value) ? value : undefined;
}

export function list(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** An id as text, whether the tool wrote it as a number or a string. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value);
}

/** Records of a list with their index, skipping anything that is not an object. */
export function records(value: unknown): { record: JsonObject; index: number }[] {
  const items = list(value) ?? [];
  const out: { record: JsonObject; index: number }[] = [];
  for (const [index, item] of items.entries())
    if (isRecord(item)) out.push({ record: item, index });
  return out;
}

/**
 * Placeholder values that API documentation and "try it" consoles put in example payloads:
 * `"<string>"`, `"string"`, `123`-style stand-ins are not the manager's data.
 */
function isPlaceholder(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  return /^<[^<>]*>$/.test(trimmed) || trimmed === 'string';
}

/** Every placeholder string in a value, with its path. */
export function findPlaceholders(value: unknown, path: PathSegment[]): PathSegment[][] {
  const found: PathSegment[][] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value, path }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    if (isPlaceholder(item.value)) found.push(item.path);
    else if (Array.isArray(item.value)) {
      for (const [index, child] of item.value.entries())
        stack.push({ value: child, path: [...item.path, index] });
    } else if (isRecord(item.value)) {
      for (const [key, child] of Object.entries(item.value))
        stack.push({ value: child, path: [...item.path, key] });
    }
  }
  return found.sort((a, b) => formatPath(a).localeCompare(formatPath(b)));
}
