/**
 * Validation of a pack value: structure (zod), then the rules between values; every problem at
 * once, with its JSON path, in a manager's words.
 */
import { unsafeTextProblems } from './text-hygiene';
import { checkSemantics } from './semantic-checks';
import type { KnownSequence } from './semantic-checks';
import { capitalize, isRecord, labelAt } from './describe';
import { issueToProblems } from './issue-messages';
import { MAX_JSON_NESTING } from './limits';
import { formatPath } from './problem';
import type { PathSegment, Problem, RawProblem } from './problem';
import { packSchemas } from './schema';
import { SUPPORTED_FORMATS } from './types';
import type { Pack, SequenceRecord } from './types';

export interface ValidateOptions {
  /**
   * Sequences already known (stored), so that move-to-sequence steps and segments may target
   * them. Only `id` and `definition.entity` are read.
   */
  existing?: readonly Pick<SequenceRecord, 'id' | 'definition' | 'state'>[];
  /**
   * The CRM ids Upnext knows (built-in and stored custom CRMs); the pack's own `crms` are added.
   * When given, a segment's `crm` condition naming another id is an error (with a "did you
   * mean"); without it, any id is accepted.
   */
  knownCrms?: readonly string[];
}

export type ValidationResult = { ok: true; pack: Pack } | { ok: false; problems: RawProblem[] };

/** True when `value` nests objects/lists deeper than `MAX_JSON_NESTING` (or is cyclic). */
export function tooDeep(value: unknown): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined || item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_JSON_NESTING) return true;
    for (const child of Object.values(item.value))
      stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

function formatProblem(value: unknown): RawProblem | undefined {
  if (!isRecord(value)) return undefined;
  const format = value['format'];
  if (typeof format !== 'string' || (SUPPORTED_FORMATS as readonly string[]).includes(format)) {
    return undefined;
  }
  return {
    path: ['format'],
    message: `This file is in format '${format}', which this version of Upnext cannot read; it reads: ${SUPPORTED_FORMATS.join(', ')}`,
  };
}

export function validateValue(value: unknown, options: ValidateOptions = {}): ValidationResult {
  if (tooDeep(value)) {
    return {
      ok: false,
      problems: [
        {
          path: [],
          message: `The file nests lists and objects more than ${MAX_JSON_NESTING} levels deep`,
        },
      ],
    };
  }
  // An unknown format (say, upnext/v2 from a newer Upnext) would make every other message
  // misleading, so it is the only one reported.
  const format = formatProblem(value);
  if (format !== undefined) return { ok: false, problems: [format] };

  const problems: RawProblem[] = [];
  const result = packSchemas().packSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...issueToProblems(value, issue));
  }
  const existing: KnownSequence[] = (options.existing ?? []).map((record) => ({
    id: record.id,
    definition: record.definition,
  }));
  checkSemantics(
    value,
    existing,
    (path, message, at) => {
      problems.push(at === undefined ? { path, message } : { path, message, at });
    },
    options.knownCrms,
  );
  problems.push(...unsafeTextProblems(value));

  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = `${formatPath(problem.path)}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length > 0 || !result.success) {
    return {
      ok: false,
      problems: unique.length > 0 ? unique : [{ path: [], message: 'Invalid pack' }],
    };
  }
  return { ok: true, pack: result.data };
}

/** "Key 'id' appears twice in step 'e1'". */
export function duplicateKeyProblem(root: unknown, path: PathSegment[]): RawProblem {
  const key = String(path[path.length - 1]);
  const owner = labelAt(root, path.slice(0, -1));
  return {
    path,
    at: 'key',
    message: `${capitalize(`key '${key}' appears twice in ${owner}`)}; only the last one would count, so remove the other`,
  };
}

export function withoutPosition(problem: RawProblem): Problem {
  return { path: formatPath(problem.path), line: null, column: null, message: problem.message };
}
