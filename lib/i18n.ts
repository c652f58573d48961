/**
 * User-facing strings. Every string lives in `public/_locales/en/messages.json`; `t()` reads it
 * through `browser.i18n.getMessage` (so translations in other locales apply) and falls back to
 * the bundled English catalogue when that returns nothing (tests, or a key the browser lacks).
 * Substitutions are positional: `$1`, `$2`, ... in the message.
 */
import { browser } from 'wxt/browser';

import catalogue from '../public/_locales/en/messages.json';

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

/** The message for `key`, with `$1`… replaced by `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  const native = fromBrowser(key, subs);
  if (native !== '') return native;
  const entry = english[key];
  return entry ? substitute(entry.message, subs) : key;
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
