/**
 * Strict JSON parsing with positions (jsonc-parser, with comments and trailing commas turned
 * into errors): syntax errors in plain words, duplicate keys, and JSON paths mapped back to
 * line and column.
 */
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import { MAX_JSON_NESTING } from './limits';
import type { PathSegment } from './problem';

export interface Position {
  line: number;
  column: number;
}

/** Maps offsets to 1-based line and column (UTF-16 code units, as editors count). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === 10) this.starts.push(index + 1);
      else if (char === 13) {
        if (text.charCodeAt(index + 1) === 10) index++;
        this.starts.push(index + 1);
      }
    }
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}

/** UTF-8 size of a string, without TextEncoder. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The byte offset (0-based) of the first byte that is not well-formed UTF-8, or -1 when all of
 * `bytes` is UTF-8. Well-formed as in the Unicode standard (table 3-7): no overlong forms, no
 * surrogates, nothing beyond U+10FFFF, no sequence cut short. A sequence that goes wrong is
 * reported at its first byte (the one a decoder would replace with U+FFFD).
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const first = bytes[index] ?? 0;
    if (first < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (first >= 0xc2 && first <= 0xdf) length = 2;
    else if (first >= 0xe0 && first <= 0xef) {
      length = 3;
      if (first === 0xe0) low = 0xa0;
      if (first === 0xed) high = 0x9f;
    } else if (first >= 0xf0 && first <= 0xf4) {
      length = 4;
      if (first === 0xf0) low = 0x90;
      if (first === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next < length; next++) {
      if (index + next >= bytes.length) return index;
      const byte = bytes[index + next] ?? 0;
      const min = next === 1 ? low : 0x80;
      const max = next === 1 ? high : 0xbf;
      if (byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

/**
 * The offset where bracket nesting first goes beyond `MAX_JSON_NESTING`, or -1. Checked before
 * parsing because the parser recurses once per level.
 */
export function excessiveNesting(text: string): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      depth++;
      if (depth > MAX_JSON_NESTING) return index;
    } else if (char === '}' || char === ']') depth--;
  }
  return -1;
}

interface SyntaxProblem {
  offset: number;
  message: string;
}

function previousSignificant(text: string, offset: number): number {
  let index = offset - 1;
  while (index >= 0 && /\s/.test(text[index] ?? '')) index--;
  return index;
}

function syntaxMessage(text: string, error: ParseError): SyntaxProblem {
  const code = printParseErrorCode(error.error);
  const at = text.slice(error.offset, error.offset + Math.min(error.length, 20));
  const char = text[error.offset];
  if (
    (code === 'PropertyNameExpected' || code === 'ValueExpected') &&
    (char === '}' || char === ']')
  ) {
    const comma = previousSignificant(text, error.offset);
    if (text[comma] === ',') {
      return {
        offset: comma,
        message: `Trailing comma before '${char}': JSON does not allow a comma after the last item; remove it`,
      };
    }
  }
  switch (code) {
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return {
        offset: error.offset,
        message:
          'Comments are not allowed in JSON; remove the comment (use "description" for notes)',
      };
    case 'PropertyNameExpected':
      return { offset: error.offset, message: 'Expected a key in double quotes, such as "name"' };
    case 'ValueExpected':
      return error.offset >= text.length
        ? {
            offset: error.offset,
            message: 'The file ends too early: a value, bracket or brace is missing',
          }
        : { offset: error.offset, message: `Expected a value here, not '${at}'` };
    case 'ColonExpected':
      return { offset: error.offset, message: "Expected ':' after the key" };
    case 'CommaExpected':
      return {
        offset: error.offset,
        message: "Expected ',' between items (or a closing '}' or ']')",
      };
    case 'CloseBraceExpected':
      return { offset: error.offset, message: "Expected '}' to close the object" };
    case 'CloseBracketExpected':
      return { offset: error.offset, message: "Expected ']' to close the list" };
    case 'EndOfFileExpected':
      return {
        offset: error.offset,
        message: 'Unexpected text after the end of the JSON document',
      };
    case 'InvalidSymbol':
      return {
        offset: error.offset,
        message:
          char === "'"
            ? 'Text must be in double quotes ("like this"), not single quotes'
            : `Unexpected '${at}': JSON values are "text in double quotes", numbers, true, false, null, {objects} and [lists]`,
      };
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return { offset: error.offset, message: `Invalid number '${at}'` };
    case 'UnexpectedEndOfString':
      return {
        offset: error.offset,
        message: 'Text is not closed with a double quote (write line breaks inside text as \\n)',
      };
    case 'InvalidUnicode':
    case 'InvalidEscapeCharacter':
      return { offset: error.offset, message: `Invalid escape sequence '${at}' in text` };
    case 'InvalidCharacter':
      return {
        offset: error.offset,
        message: 'Control character inside text: write line breaks as \\n and tabs as \\t',
      };
    default:
      return { offset: error.offset, message: 'Invalid JSON' };
  }
}

interface DuplicateKey {
  path: PathSegment[];
}

export type SourceParse =
  | { ok: true; tree: Node; value: unknown; duplicates: DuplicateKey[] }
  | { ok: false; problems: SyntaxProblem[] };

/** At most this many syntax errors, one per line: later ones are mostly echoes of the first. */
const MAX_SYNTAX_PROBLEMS = 20;

export function parseSource(text: string): SourceParse {
  if (text.trim() === '')
    return { ok: false, problems: [{ offset: 0, message: 'The file is empty' }] };
  // Fast path: a file the browser's own parser reads is valid JSON. Its value is the one the
  // tree would give (JSON.parse also keeps `__proto__` as data and lets the last duplicate
  // win); duplicate keys come from a plain scan, and the tree with positions is built only
  // when a problem needs a place (a 1 MB pack: about 30 ms instead of about 800 ms).
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return parseTreeSource(text);
  }
  let tree: Node | undefined;
  return {
    ok: true,
    get tree(): Node {
      tree ??= parseTree(text, [], PARSE_OPTIONS);
      if (tree === undefined) throw new Error('JSON.parse read text the tree parser cannot');
      return tree;
    },
    value,
    duplicates: duplicateKeys(text),
  };
}

const PARSE_OPTIONS = {
  disallowComments: true,
  allowTrailingComma: false,
  allowEmptyContent: false,
} as const;

/** The slow path: jsonc-parser's tree, for text JSON.parse refused (every syntax error located). */
function parseTreeSource(text: string): SourceParse {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, PARSE_OPTIONS);
  if (errors.length > 0 || tree === undefined) {
    const lines = new LineIndex(text);
    const problems: SyntaxProblem[] = [];
    let lastLine = 0;
    for (const error of errors) {
      const problem = syntaxMessage(text, error);
      const { line } = lines.position(problem.offset);
      if (line === lastLine) continue;
      lastLine = line;
      problems.push(problem);
      if (problems.length >= MAX_SYNTAX_PROBLEMS) break;
    }
    if (problems.length === 0) problems.push({ offset: 0, message: 'Invalid JSON' });
    return { ok: false, problems };
  }
  const duplicates: DuplicateKey[] = [];
  return { ok: true, tree, value: toValue(tree, [], duplicates), duplicates };
}

type Frame = { keys: Set<string>; key: string | null; expectKey: boolean } | { index: number };

/**
 * Every key that appears a second (or later) time in the same object of `text`, which must be
 * valid JSON, in the order of the text: the path of the repeated key.
 */
function duplicateKeys(text: string): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const pathOf = (key: string): PathSegment[] => [
    ...stack.slice(0, -1).map((frame) => ('index' in frame ? frame.index : (frame.key ?? ''))),
    key,
  ];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      const start = index;
      let escaped = false;
      for (index++; text.charCodeAt(index) !== 0x22; index++) {
        if (text.charCodeAt(index) === 0x5c /* \ */) {
          escaped = true;
          index++;
        }
      }
      const top = stack.at(-1);
      if (top !== undefined && 'keys' in top && top.expectKey) {
        const key = escaped
          ? (JSON.parse(text.slice(start, index + 1)) as string)
          : text.slice(start + 1, index);
        if (top.keys.has(key)) duplicates.push({ path: pathOf(key) });
        else top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (char === 0x7b /* { */) stack.push({ keys: new Set(), key: null, expectKey: true });
    else if (char === 0x5b /* [ */) stack.push({ index: 0 });
    else if (char === 0x7d /* } */ || char === 0x5d /* ] */) stack.pop();
    else if (char === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top !== undefined) {
        if ('index' in top) top.index++;
        else top.expectKey = true;
      }
    }
  }
  return duplicates;
}

/**
 * The value of a tree node. Keys are defined as own properties (so a key named `__proto__` is
 * kept as data and reported as unknown, never changes the object's prototype); on a duplicate
 * key the last one wins, as in JSON.parse.
 */
function toValue(node: Node, path: PathSegment[], duplicates: DuplicateKey[]): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const keyNode = property.children?.at(0);
        const valueNode = property.children?.at(1);
        if (keyNode === undefined || valueNode === undefined) continue;
        const key = String(keyNode.value);
        if (Object.hasOwn(object, key)) duplicates.push({ path: [...path, key] });
        Object.defineProperty(object, key, {
          value: toValue(valueNode, [...path, key], duplicates),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map((child, index) =>
        toValue(child, [...path, index], duplicates),
      );
    default:
      return node.value as unknown;
  }
}

/**
 * The offset of `path` in the tree: the value (or the key, with `at: 'key'`); for a path that
 * does not exist (a missing key), the deepest object or list that does.
 */
export function offsetOf(
  tree: Node,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): number {
  let node = tree;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    let next: Node | undefined;
    let keyNode: Node | undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      // The last property with that key: the one whose value counts.
      for (const property of node.children ?? []) {
        if (property.children?.[0]?.value === segment) {
          keyNode = property.children[0];
          next = property.children[1];
        }
      }
    } else if (node.type === 'array' && typeof segment === 'number') {
      next = node.children?.[segment];
    }
    if (next === undefined) return node.offset;
    if (index === path.length - 1 && at === 'key' && keyNode !== undefined) return keyNode.offset;
    node = next;
  }
  return node.offset;
}
