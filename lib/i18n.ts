/**
 * User-facing strings. Every string lives in `public/_locales/en/messages.json`; `t()` reads it
 * through `browser.i18n.getMessage` (so translations in other locales apply) and falls back to
 * the bundled English catalogue when that returns nothing (tests, or a key the browser lacks).
 * Substitutions are positional: `$1`, `$2`, ... in the message.
 */
import { browser } from 'wxt/browser';

import catalogue from '../public/_locales/en/messages.json';
import { formatCount, pluralCategory } from './domain/plural';

type Catalogue = typeof catalogue;
export type MessageKey = keyof Catalogue;

const english: Record<string, { message: string } | undefined> = catalogue;

function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\d)|\$\$/g, (_match, index: string | undefined) => {
    if (index === undefined) return '$';
    return substitutions[Number(index) - 1] ?? '';
  });
}

function fromBrowser(key: string, substitutions: readonly string[]): string {
  try {
    const getMessage = (browser as { i18n?: { getMessage?: (k: string, s?: string[]) => string } })
      .i18n?.getMessage;
    if (typeof getMessage !== 'function') return '';
    return getMessage(key, substitutions.length > 0 ? [...substitutions] : undefined) || '';
  } catch {
    // No extension context (tests, an invalidated content script): use the bundle.
    return '';
  }
}

function message(key: string, subs: readonly string[]): string | null {
  const native = fromBrowser(key, subs);
  if (native !== '') return native;
  const entry = english[key];
  return entry ? substitute(entry.message, subs) : null;
}

/** The message for `key`, with `$1`… replaced by `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return message(key, substitutions.map(String)) ?? key;
}

/** Bases `B` of counted messages: `B_other` exists, and `B_one`, `B_few`, ... may. */
export type CountKey = {
  [K in MessageKey]: K extends `${infer Base}_other` ? Base : never;
}[MessageKey];

/**
 * A counted message ("3 sequences"): `${key}_${category}` with the plural category of `count` in
 * the UI language (`Intl.PluralRules`, lib/domain/plural.ts), else `${key}_other`; `$1` is the
 * count formatted for that language, `$2`… are `more`.
 */
export function tCount(key: CountKey, count: number, ...more: (string | number)[]): string {
  const locale = uiLocale() ?? 'en';
  const subs = [formatCount(count, locale), ...more.map(String)];
  return (
    message(`${key}_${pluralCategory(count, locale)}`, subs) ?? message(`${key}_other`, subs) ?? key
  );
}

/** The browser's UI language, for `Intl` formatting ("en-GB", "de"). */
export function uiLocale(): string | undefined {
  try {
    const getUILanguage = (browser as { i18n?: { getUILanguage?: () => string } }).i18n
      ?.getUILanguage;
    const language = typeof getUILanguage === 'function' ? getUILanguage() : '';
    if (language) return language;
  } catch {
    // Fall through.
  }
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}
