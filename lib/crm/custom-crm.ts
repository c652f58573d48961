import { normaliseOrigin } from '../sequence/origin';
import { ENTITIES, type CrmDefinition, type UrlPart } from '../sequence/types';
import type { RecordRef } from './rules/types';

/**
 * Custom CRM definitions (docs/sequence-format.md, "Custom CRMs"). A definition lists origins and
 * record rules: a regular expression with a named group `id`, matched against one part of the
 * URL. Packs are validated by the background, but this runs in the content script on whatever
 * it is given, so it re-checks shapes and never throws.
 */

/** URLs longer than this are not matched: a cheap guard against pathological user regexes. */
const MAX_URL_LENGTH = 4096;

const compiled = new Map<string, RegExp | null>();

/** Compiles (and caches) a user regex; an invalid one is remembered as null. */
function compile(source: string): RegExp | null {
  const cached = compiled.get(source);
  if (cached !== undefined) return cached;
  let regex: RegExp | null = null;
  try {
    regex = new RegExp(source);
  } catch {
    regex = null;
  }
  // Definitions come from a handful of packs; keep the cache bounded anyway.
  if (compiled.size > 500) compiled.clear();
  compiled.set(source, regex);
  return regex;
}

/** The part of an address a custom CRM's record pattern is matched against (null: unknown part). */
export function urlPart(url: URL, part: UrlPart): string | null {
  switch (part) {
    case 'path':
      return url.pathname;
    case 'hash':
      return url.hash;
    case 'search':
      return url.search;
    case 'href':
      return url.href;
    default:
      return null;
  }
}

/** Matches `url` against custom CRM definitions; the first matching record rule wins. */
export function matchCustomCrm(url: string, definitions: CrmDefinition[]): RecordRef | null {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !Array.isArray(definitions)) {
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  for (const definition of definitions) {
    if (!Array.isArray(definition.origins) || !Array.isArray(definition.records)) continue;
    if (!definition.origins.some((origin) => normaliseOrigin(origin) === parsed.origin)) continue;
    for (const record of definition.records) {
      if (!(ENTITIES as readonly string[]).includes(record.entity)) continue;
      const part = urlPart(parsed, record.part);
      const regex = typeof record.url === 'string' ? compile(record.url) : null;
      if (part === null || !regex) continue;
      const id = regex.exec(part)?.groups?.['id']?.trim();
      if (id) return { crm: definition.id, entity: record.entity, id };
    }
  }
  return null;
}
