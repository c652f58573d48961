/**
 * Reading the JSON view of a draft back (issue #16, item 8), with every problem at its line and
 * column. Designer → JSON → designer is lossless and byte-stable because both directions go
 * through the same export (`draftText`, `json-text.ts`) and parser (`parsePack`) as files do.
 */
import { LineIndex, offsetOf, parseSource } from '../sequence/json-source';
import { parsePack, type ParseOptions } from '../sequence/parse';
import { formatPath, type Problem } from '../sequence/problem';
import { PACK_FORMAT, type Sequence } from '../sequence/types';
import { isRecord } from '../sequence/describe';
import { isDrawable } from './drawable';

export interface DraftReading {
  /** The sequence to show in the designer, or null when the text cannot be drawn. */
  sequence: Sequence | null;
  /** Every problem, in reading order, with line and column. */
  problems: Problem[];
}

/**
 * Reads the JSON view's text back. `sequence` is set whenever the designer can draw it, even
 * with rule problems (they are listed, as the designer lists them); `id` is the draft's id,
 * which the JSON view cannot change.
 */
export function readDraftText(text: string, id: string, options: ParseOptions = {}): DraftReading {
  const parsed = parsePack(text, options);
  const problems = parsed.ok ? [] : parsed.problems;
  // parsePack accepts a byte order mark (editors on Windows write one); so does this.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const source = parseSource(body);
  if (!source.ok) return { sequence: null, problems };
  const lines = new LineIndex(body);
  const at = (path: (string | number)[], message: string): Problem => ({
    path: formatPath(path),
    ...lines.position(offsetOf(source.tree, path)),
    message,
  });
  const root = source.value;
  if (!isRecord(root) || root['format'] !== PACK_FORMAT) return { sequence: null, problems };
  const sequences = root['sequences'];
  if (!Array.isArray(sequences)) return { sequence: null, problems };
  const extra: Problem[] = [];
  if (sequences.length !== 1) {
    extra.push(
      at(
        ['sequences'],
        `The JSON view holds this one sequence; this text has ${sequences.length}. To add other sequences, import a pack in the Sequences list`,
      ),
    );
  }
  if (root['crms'] !== undefined) {
    extra.push(
      at(['crms'], 'Custom CRMs cannot be added here; import them as a pack in the Sequences list'),
    );
  }
  const sequence: unknown = sequences[0];
  if (isRecord(sequence) && typeof sequence['id'] === 'string' && sequence['id'] !== id) {
    extra.push(
      at(
        ['sequences', 0, 'id'],
        `The id of this sequence is '${id}' and cannot change here (records and other sequences refer to it); clone the sequence to get a copy with another id`,
      ),
    );
  }
  const all = [...problems, ...extra].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  if (extra.length > 0 || !isDrawable(sequence)) return { sequence: null, problems: all };
  return { sequence, problems: all };
}
