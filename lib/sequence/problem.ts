/**
 * A problem found in a pack: where it is (JSON path, and line/column in the source text when
 * the pack came from text) and what is wrong, in words a sales manager understands.
 */
export interface Problem {
  /** `sequences[2].steps[4].days`; `''` for a problem with the whole file. */
  path: string;
  /** 1-based; null when unknown (a value that did not come from text). */
  line: number | null;
  /** 1-based, in UTF-16 code units (what editors show); null when unknown. */
  column: number | null;
  message: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['sequences', 2, 'steps', 4, 'days']` → `sequences[2].steps[4].days`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A problem before it is placed in the source text. `at: 'key'` points at the key itself. */
export interface RawProblem {
  path: PathSegment[];
  message: string;
  at?: 'key' | 'value';
}

/** The inverse of `formatPath`: `steps[3].yes[0]["odd key"]` → `['steps', 3, 'yes', 0, 'odd key']`. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][\w$]*)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < path.length && (match = pattern.exec(path)) !== null) {
    const [, index, quoted, name] = match as (string | undefined)[];
    if (index !== undefined) segments.push(Number(index));
    else if (quoted !== undefined) segments.push(JSON.parse(quoted) as string);
    else if (name !== undefined) segments.push(name);
  }
  return segments;
}
