/**
 * `parsePack`: from the text of a pack file to a typed `Pack`, or every problem in it with its
 * JSON path, line and column. `validatePackValue` does the same for an already-parsed value.
 */
import { excessiveNesting, LineIndex, offsetOf, parseSource, utf8Length } from './json-source';
import { MAX_FILE_BYTES } from './limits';
import { formatPath } from './problem';
import type { Problem } from './problem';
import type { Pack } from './types';
import { duplicateKeyProblem, validateValue, withoutPosition } from './validate';
import type { ValidateOptions } from './validate';

export type { Problem } from './problem';
export type ParseOptions = ValidateOptions;
export type ParseResult = { ok: true; pack: Pack } | { ok: false; problems: Problem[] };

function fileProblem(message: string): ParseResult {
  return { ok: false, problems: [{ path: '', line: null, column: null, message }] };
}

export function parsePack(input: string, options: ParseOptions = {}): ParseResult {
  // A byte order mark is not JSON, but editors on Windows write one; it is invisible, so
  // rejecting it would only confuse.
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most files cannot be too large, and are not
  // scanned for it.
  const bytes = text.length * 3 <= MAX_FILE_BYTES ? 0 : utf8Length(text);
  if (bytes > MAX_FILE_BYTES) {
    return fileProblem(
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a pack can be at most ${MAX_FILE_BYTES / 1024 / 1024} MiB (split it into several packs)`,
    );
  }
  // Lines and columns are needed only for a problem: the index (a pass over the text) waits.
  let index: LineIndex | undefined;
  const lines = { position: (offset: number) => (index ??= new LineIndex(text)).position(offset) };
  const deep = excessiveNesting(text);
  if (deep >= 0) {
    const { line, column } = lines.position(deep);
    return {
      ok: false,
      problems: [
        {
          path: '',
          line,
          column,
          message: 'The file nests lists and objects too deeply to be a pack',
        },
      ],
    };
  }
  const source = parseSource(text);
  if (!source.ok) {
    return {
      ok: false,
      problems: source.problems.map((problem) => ({
        path: '',
        ...lines.position(problem.offset),
        message: problem.message,
      })),
    };
  }
  const result = validateValue(source.value, options);
  const raw = [
    ...source.duplicates.map((duplicate) => duplicateKeyProblem(source.value, duplicate.path)),
    ...(result.ok ? [] : result.problems),
  ];
  if (raw.length === 0 && result.ok) return { ok: true, pack: result.pack };
  const placed = raw.map((problem) => {
    const offset = offsetOf(source.tree, problem.path, problem.at);
    return {
      offset,
      problem: {
        path: formatPath(problem.path),
        ...lines.position(offset),
        message: problem.message,
      },
    };
  });
  // In reading order, so the list matches the file from top to bottom.
  placed.sort((a, b) => a.offset - b.offset);
  return { ok: false, problems: placed.map((item) => item.problem) };
}

/** Validates a value that is already parsed (from storage, a message): no line or column. */
export function validatePackValue(value: unknown, options: ParseOptions = {}): ParseResult {
  const result = validateValue(value, options);
  return result.ok ? result : { ok: false, problems: result.problems.map(withoutPosition) };
}
