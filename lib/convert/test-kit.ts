/** Helpers for the converters' tests: read a fixture, convert it, compare warnings. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';

import { parsePack } from '../sequence/parse';
import { convertText } from './convert';
import type { ConvertOptions, ConvertResult } from './types';

export const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures/convert');

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

type Converted = Extract<ConvertResult, { ok: true }>;

/** Converts and asserts success, and that the pack text parses as a valid pack. */
export function converted(input: string | object, options: ConvertOptions = {}): Converted {
  const result = convertText(typeof input === 'string' ? input : JSON.stringify(input), options);
  if (!result.ok) throw new Error(`expected a conversion, got: ${result.message}`);
  const parsed = parsePack(result.text);
  expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  return result;
}

/** `[step, path, part of the message]` for each warning, in order; nothing more, nothing less. */
export type ExpectedWarning = [step: string | null, path: string, message: string | RegExp];

export function expectWarnings(result: Converted, expected: ExpectedWarning[]): void {
  const actual = result.warnings.map((warning) => [warning.step, warning.path, warning.message]);
  expect(actual).toHaveLength(expected.length);
  for (const [index, [step, path, message]] of expected.entries()) {
    expect(actual[index]?.slice(0, 2), `warning ${index}: ${String(actual[index]?.[2])}`).toEqual([
      step,
      path,
    ]);
    const text = String(actual[index]?.[2]);
    if (typeof message === 'string') expect(text, `warning ${index}`).toContain(message);
    else expect(text, `warning ${index}`).toMatch(message);
  }
}

/** The steps of the only sequence of a result. */
export function onlySequence(result: Converted): Converted['pack']['sequences'][number] {
  expect(result.pack.sequences).toHaveLength(1);
  const sequence = result.pack.sequences.at(0);
  if (sequence === undefined) throw new Error('no sequence');
  return sequence;
}
