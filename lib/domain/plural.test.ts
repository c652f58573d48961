import { describe, expect, it } from 'vitest';

import { plural, pluralCategory } from './plural';

describe('plural', () => {
  it('picks the English form by count, with grouped numbers', () => {
    expect(plural(1, 'sequence')).toBe('1 sequence');
    expect(plural(0, 'sequence')).toBe('0 sequences');
    expect(plural(2, 'step')).toBe('2 steps');
    expect(plural(1200, 'step')).toBe('1,200 steps');
    expect(plural(1, { one: 'record was', other: 'records were' })).toBe('1 record was');
    expect(plural(3, { one: 'record was', other: 'records were' })).toBe('3 records were');
  });

  it('follows the language’s plural rules, not "1 or not 1"', () => {
    const forms = { one: 'plik', few: 'pliki', many: 'plików', other: 'pliku' };
    expect(plural(1, forms, 'pl')).toBe('1 plik');
    expect(plural(3, forms, 'pl')).toBe('3 pliki');
    expect(plural(5, forms, 'pl')).toBe('5 plików');
    expect(plural(22, forms, 'pl')).toBe('22 pliki');
    expect(pluralCategory(1.5, 'en')).toBe('other');
    // A category the forms lack falls back to `other`.
    expect(plural(5, { one: 'plik', other: 'pliku' }, 'pl')).toBe('5 pliku');
  });
});
