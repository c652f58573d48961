/**
 * User-facing strings. Every string lives in `public/_locales/en/messages.json`; `t()` reads it
 * through `browser.i18n.getMessage` (so translations in other locales apply) and falls back to
 * the bundled English catalogue when that returns nothing (unit tests and the CLI, in Node).
 * No build carries the catalogue (`withoutBundledStrings` in scripts/vite-content-script-diet.ts,
 * applied to every build by wxt.config.ts): everything built runs in the extension, where
 * `i18n.getMessage` has every string, the console's pages included.
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

/**
 * The browser's answers, once `keepBrowserAnswers()` was called (null until then). A content
 * script asks for the same few dozen strings on every render, and each `getMessage` is a call
 * into the browser's bindings on the CRM page's main thread; for a content script's life the
 * answers cannot change (the UI language is fixed while the extension runs, and an update
 * invalidates the script), so they are kept. Only non-empty answers are kept: an empty one still
 * falls back to the bundle every time.
 */
let kept: Map<string, string> | null = null;
/** Past this many distinct messages (substitutions make them distinct) the oldest half goes. */
const KEPT_MAX = 2_000;

/** Keeps the browser's answers for this context's life (content scripts, see `kept`). */
export function keepBrowserAnswers(): void {
  kept ??= new Map();
}

function fromBrowser(key: string, substitutions: readonly string[]): string {
  const id = kept === null ? '' : [key, ...substitutions].join('\u0000');
  const known = kept?.get(id);
  if (known !== undefined) return known;
  const answer = askBrowser(key, substitutions);
  if (kept !== null && answer !== '') {
    if (kept.size >= KEPT_MAX) {
      for (const old of [...kept.keys()].slice(0, KEPT_MAX / 2)) kept.delete(old);
    }
    kept.set(id, answer);
  }
  return answer;
}

function askBrowser(key: string, substitutions: readonly string[]): string {
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
