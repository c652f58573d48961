import { describe, expect, it } from 'vitest';

import { invalidUtf8Offset } from './json-source';

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
