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

/**
 * Every character `unsafeCharacter` may refuse (surrogates included: a pair is fine, which the
 * scan decides). Tested first: nearly all text has none, and one native test per string is far
 * cheaper than a loop over its characters (a 250-sequence pack holds about 50,000 strings).
 */
const SUSPECT =
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** What is wrong with the first unsafe character of `text`, and where (1-based), or null. */
function unsafeCharacter(text: string): string | null {
  if (!SUSPECT.test(text)) return null;
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
  // One path, extended and shortened as the walk goes; copied only for a problem.
  const path: PathSegment[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      const wrong = unsafeCharacter(node);
      if (wrong !== null) problems.push({ path: [...path], message: `This text ${wrong}` });
    } else if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(index);
        visit(node[index]);
        path.pop();
      }
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        path.push(key);
        const wrong = unsafeCharacter(key);
        if (wrong !== null)
          problems.push({ path: [...path], at: 'key', message: `This key ${wrong}` });
        visit((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  visit(value);
  return problems;
}
