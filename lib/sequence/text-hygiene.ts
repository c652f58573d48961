/**
 * Text in a pack is shown to sellers and managers as is, so characters that change how text
 * displays without being seen are refused, each with where it is: bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069: "Trojan Source", a name that renders
 * reversed), NUL and the other control characters except tab and line breaks, and lone UTF-16
 * surrogates (half a character, which renders as garbage and cannot be stored as UTF-8). The
 * ordinary direction marks (U+200E, U+200F, U+061C) stay allowed: right-to-left text needs them.
 */
import type { PathSegment, RawProblem } from './problem';

const BIDI_NAMES: ReadonlyMap<number, string> = new Map([
  [0x202a, 'left-to-right embedding'],
  [0x202b, 'right-to-left embedding'],
  [0x202c, 'pop directional formatting'],
  [0x202d, 'left-to-right override'],
  [0x202e, 'right-to-left override'],
  [0x2066, 'left-to-right isolate'],
  [0x2067, 'right-to-left isolate'],
  [0x2068, 'first strong isolate'],
  [0x2069, 'pop directional isolate'],
]);

const hex = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with the first unsafe character of `text`, and where (1-based), or null. */
function unsafeCharacter(text: string): string | null {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const at = `at character ${index + 1}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return `contains half a character (a lone surrogate, ${hex(code)}) ${at}: retype that character`;
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return `contains half a character (a lone surrogate, ${hex(code)}) ${at}: retype that character`;
    const bidi = BIDI_NAMES.get(code);
    if (bidi !== undefined)
      return `contains an invisible ${bidi} character (${hex(code)}) ${at}, which can make text display in another order than it is written: remove it`;
    if (code === 0) return `contains a NUL character (U+0000) ${at}: remove it`;
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0x7f && code < 0xa0)
    )
      return `contains an invisible control character (${hex(code)}) ${at}: remove it`;
  }
  return null;
}

/** Every string (and key) of a parsed pack value that holds an unsafe character, located. */
export function unsafeTextProblems(value: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (typeof node === 'string') {
      const wrong = unsafeCharacter(node);
      if (wrong !== null) problems.push({ path, message: `This text ${wrong}` });
    } else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, [...path, index]);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        const wrong = unsafeCharacter(key);
        if (wrong !== null)
          problems.push({ path: [...path, key], at: 'key', message: `This key ${wrong}` });
        visit(item, [...path, key]);
      }
    }
  };
  visit(value, []);
  return problems;
}
