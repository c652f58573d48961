/**
 * Which ranked segments can match a record, found by lookup instead of by testing each one
 * (issue #17, "Run now" over 10,000 records with 250 segments). Managers write many segments
 * alike that differ in one value of one field (`owner equals …`, `country in […]`): such a
 * segment can only match a record whose value of that field is one of a few texts, so the
 * segments are indexed by field and text once per ranked list, and a record looks its own
 * values up. A segment with no such condition is a candidate for every record.
 *
 * The index only narrows: the caller still tests every candidate's whole criteria, in rank
 * order, so the matches (and so every decision) are exactly what testing all segments gives.
 */
import type { Segment, SegmentCondition } from '../sequence/types';
import { equalityKeyOf, equalityKeysOf, type PreparedFields } from './fields';

/** A condition every match of the segment satisfies: the field must read as one of `keys`. */
interface KeyCondition {
  field: string;
  keys: string[];
}

/**
 * The narrowest such condition of `where`: `where` itself, or a part of an `all` group (at any
 * depth of `all`s), since each of those must hold for the whole to hold. Fewest texts first;
 * null when there is none.
 */
function keyConditionOf(where: SegmentCondition): KeyCondition | null {
  if ('all' in where) {
    let best: KeyCondition | null = null;
    for (const part of where.all) {
      const found = keyConditionOf(part);
      if (found !== null && (best === null || found.keys.length < best.keys.length)) best = found;
    }
    return best;
  }
  if ('field' in where) {
    const keys = equalityKeysOf(where);
    return keys === null ? null : { field: where.field, keys };
  }
  return null;
}

export interface SegmentIndex {
  /** Positions in the ranked list of segments with no key condition: candidates for every record. */
  always: readonly number[];
  /** Per field, per text: the positions of the segments whose key condition asks for it. */
  byField: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

function buildIndex(ranked: readonly Segment[]): SegmentIndex {
  const always: number[] = [];
  const byField = new Map<string, Map<string, number[]>>();
  for (const [position, segment] of ranked.entries()) {
    const key = keyConditionOf(segment.where);
    if (key === null) {
      always.push(position);
      continue;
    }
    let byText = byField.get(key.field);
    if (byText === undefined) {
      byText = new Map<string, number[]>();
      byField.set(key.field, byText);
    }
    for (const text of key.keys) {
      const list = byText.get(text);
      if (list === undefined) byText.set(text, [position]);
      else list.push(position);
    }
  }
  return { always, byField };
}

/** Built once per ranked list (the background keeps its lists per revision of the segments). */
const indexes = new WeakMap<readonly Segment[], SegmentIndex>();

/** The index of `ranked` (read-only: the same list always gets the same index). */
export function segmentIndexOf(ranked: readonly Segment[]): SegmentIndex {
  let index = indexes.get(ranked);
  if (index === undefined) {
    index = buildIndex(ranked);
    indexes.set(ranked, index);
  }
  return index;
}

/**
 * The positions in the ranked list of the segments that may match a record with `fields`, in
 * rank order: every segment that matches it is among them. A field the record does not have
 * satisfies no `equals` / `in`, so it finds nothing.
 */
export function candidatePositions(index: SegmentIndex, fields: PreparedFields): readonly number[] {
  const found: (readonly number[])[] = [];
  if (index.always.length > 0) found.push(index.always);
  for (const [field, byText] of index.byField) {
    const actual = fields(field);
    const key = actual === undefined ? null : equalityKeyOf(actual);
    const hit = key === null ? undefined : byText.get(key);
    if (hit !== undefined) found.push(hit);
  }
  if (found.length === 0) return [];
  if (found.length === 1) return found[0] ?? [];
  // Each segment is in one list at most (its one key condition, whose texts are distinct).
  return found.flat().sort((a, b) => a - b);
}
