/**
 * Plural forms through `Intl.PluralRules`, so a count picks the form its language needs (English
 * has "one" and "other"; Polish, Arabic and Welsh have more). UI text picks forms from the message
 * catalogue (`tCount` in `lib/i18n.ts`); pure code that prints English (the CLI, pack problems,
 * default step names) passes its forms here. Pure: `Intl` only.
 */

/** The forms of a counted word by plural category; `other` is required, the rest fall back to it. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

function cached<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let value = map.get(locale);
  if (value === undefined) {
    value = make();
    map.set(locale, value);
  }
  return value;
}

/** The plural category of `count` in `locale` ("one", "few", "other", ...). */
export function pluralCategory(count: number, locale = 'en'): Intl.LDMLPluralRule {
  return cached(rules, locale, () => new Intl.PluralRules(locale)).select(count);
}

/** `count` formatted for `locale` (grouping: "1,200" in English). */
export function formatCount(count: number, locale = 'en'): string {
  return cached(numbers, locale, () => new Intl.NumberFormat(locale)).format(count);
}

/**
 * "1 sequence", "3 sequences": the count and the form of the word its plural category needs.
 * `forms` as a string is an English noun with a regular plural (`'step'` -> "steps").
 * `locale` defaults to English, so output of pure code does not depend on the host.
 */
export function plural(count: number, forms: PluralForms | string, locale = 'en'): string {
  const words = typeof forms === 'string' ? { one: forms, other: `${forms}s` } : forms;
  return `${formatCount(count, locale)} ${words[pluralCategory(count, locale)] ?? words.other}`;
}
