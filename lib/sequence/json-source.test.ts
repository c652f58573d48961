import { describe, expect, it } from 'vitest';

import { invalidUtf8Offset, LineIndex, offsetOf, parseSource } from './json-source';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('invalidUtf8Offset', () => {
  it('accepts UTF-8, from ASCII to four-byte characters', () => {
    expect(invalidUtf8Offset(new TextEncoder().encode('Olá ✓ 𝄞 {"a":1}'))).toBe(-1);
    expect(invalidUtf8Offset(bytes())).toBe(-1);
  });

  it.each([
    ['a stray continuation byte', bytes(0x41, 0x80), 1],
    ['Latin-1 text', bytes(0x52, 0xe9, 0x22), 1],
    ['an overlong slash', bytes(0x41, 0xc0, 0xaf), 1],
    ['an overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['an encoded surrogate', bytes(0x41, 0x41, 0xed, 0xa0, 0x80), 2],
    ['beyond U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a sequence cut short at the end', bytes(0x41, 0xe2, 0x9c), 1],
    ['0xFF', bytes(0xff), 0],
  ])('finds %s', (_what, input, offset) => {
    expect(invalidUtf8Offset(input)).toBe(offset);
    // The same verdict as the platform's strict decoder.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(input)).toThrow();
  });
});

describe('parseSource', () => {
  it('finds every repeated key with its path, inside lists and nested objects, in text order', () => {
    const text = String.raw`{"a": 1, "list": [{"x": "}", "y": 2, "x": "{,\"x\":"}, [], {"k": {"k": 1, "k": 2}}],
      "a\u0062": 3, "ab": 4, "a": [1, 2]}`;
    const source = parseSource(text);
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    expect(source.duplicates.map((duplicate) => duplicate.path)).toEqual([
      ['list', 0, 'x'],
      ['list', 2, 'k', 'k'],
      ['ab'],
      ['a'],
    ]);
    // The last one counts, as in JSON.parse.
    expect(source.value).toEqual({
      a: [1, 2],
      list: [{ x: '{,"x":', y: 2 }, [], { k: { k: 2 } }],
      ab: 4,
    });
  });

  it('keeps a key named __proto__ as data', () => {
    const source = parseSource('{"__proto__": {"polluted": true}}');
    expect(source.ok && Object.getPrototypeOf(source.value)).toBe(Object.prototype);
    expect(source.ok && Object.keys(source.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('places a path at its line and column', () => {
    const text = '{\n  "sequences": [\n    {"id": "a"},\n    {"id": "b", "name": 3}\n  ]\n}';
    const source = parseSource(text);
    if (!source.ok) throw new Error('not parsed');
    const lines = new LineIndex(text);
    expect(lines.position(offsetOf(source.tree, ['sequences', 1, 'name']))).toEqual({
      line: 4,
      column: 25,
    });
    expect(lines.position(offsetOf(source.tree, ['sequences', 1, 'name'], 'key'))).toEqual({
      line: 4,
      column: 17,
    });
  });

  it('locates syntax errors that the fast parser refuses', () => {
    const source = parseSource('{\n  "a": 1,\n}');
    expect(source.ok).toBe(false);
    expect(!source.ok && source.problems[0]?.message).toMatch(/^Trailing comma/);
  });
});
