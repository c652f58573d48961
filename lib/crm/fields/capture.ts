import { clean, QueryScope } from './dom';
import { genericFields } from './generic';
import { dynamics365Fields } from './maps/dynamics365';
import { hubspotFields } from './maps/hubspot';
import {
  copperFields,
  espocrmFields,
  odooFields,
  suitecrmFields,
  sugarcrmFields,
  vtigerFields,
} from './maps/open-source';
import { salesforceFields } from './maps/salesforce';
import { zohoFields } from './maps/zoho';
import { FIELD_KEYS, type CrmFieldConfig, type FieldKey } from './types';

/** CRMs with known hooks. Others (Pipedrive, Close, Attio, Twenty…) use the generic reader. */
const CONFIGS: Readonly<Partial<Record<string, CrmFieldConfig>>> = {
  dynamics365: dynamics365Fields,
  salesforce: salesforceFields,
  hubspot: hubspotFields,
  zoho: zohoFields,
  espocrm: espocrmFields,
  suitecrm: suitecrmFields,
  vtiger: vtigerFields,
  odoo: odooFields,
  sugarcrm: sugarcrmFields,
  copper: copperFields,
};

/** Generic config: no selectors, the whole page searched by label (shadow roots included). */
const GENERIC: CrmFieldConfig = { selectors: {}, shadow: true, fallback: [] };

const SALUTATION = /^(mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i;
const COMPANY_SUFFIX =
  /\b(inc|ltd|llc|llp|plc|gmbh|corp|corporation|co|company|ag|sa|sas|bv|nv|srl|oy|ab|group|holdings)\.?$/i;

/**
 * Whether a record name looks like a person's name, so first/last names may be derived from it.
 * `captureFields` does not know the entity, and an account or deal name ("Analytics platform
 * deal", "Acme Ltd") must not be split: 2–4 capitalised words, no digits, no company suffix.
 */
export function looksLikePersonName(name: string): boolean {
  const words = clean(name).replace(SALUTATION, '').split(' ');
  if (words.length < 2 || words.length > 4 || /\d/.test(name)) return false;
  if (COMPANY_SUFFIX.test(name)) return false;
  return words.every((word) => /^\p{Lu}/u.test(word) || /,$/.test(word));
}

/** "Ada Lovelace" → Ada / Lovelace; "Lovelace, Ada" → Ada / Lovelace; "Dr. Ada King" drops "Dr.". */
export function splitName(name: string): { firstName: string; lastName: string } {
  const trimmed = clean(name);
  const comma = trimmed.indexOf(',');
  if (comma > 0) {
    return { lastName: clean(trimmed.slice(0, comma)), firstName: clean(trimmed.slice(comma + 1)) };
  }
  const parts = trimmed.replace(SALUTATION, '').split(' ');
  if (parts.length < 2) return { firstName: parts[0] ?? '', lastName: '' };
  return { firstName: parts[0] ?? '', lastName: parts.slice(1).join(' ') };
}

/**
 * Reads the visible record fields from a CRM page (or a shadow root): the standard keys in
 * `FIELD_KEYS` plus configured `extra` fields (key → CSS selectors tried in order; `a >>> b`
 * steps into `a`'s open shadow root). Extra selectors win over the built-in ones for the same key.
 * Missing fields are simply absent. Never throws: a broken page yields `{}`.
 */
export function captureFields(
  doc: Document | ShadowRoot,
  crm: string,
  extra?: Record<string, string[]>,
): Record<string, string> {
  const result: Record<string, string> = {};
  try {
    const config = Object.hasOwn(CONFIGS, crm) ? (CONFIGS[crm] ?? GENERIC) : GENERIC;
    const scope = new QueryScope(doc, config.shadow === true);
    if (extra && typeof extra === 'object') {
      for (const [key, selectors] of Object.entries(extra)) {
        if (!Array.isArray(selectors)) continue;
        const value = scope.firstValue(selectors.filter((s): s is string => typeof s === 'string'));
        if (value) result[key] = value;
      }
    }
    const missing = new Set<FieldKey>();
    for (const key of FIELD_KEYS) {
      if (Object.hasOwn(result, key)) continue;
      const value = scope.firstValue(config.selectors[key] ?? []);
      if (value) result[key] = value;
      else missing.add(key);
    }
    if (config.fallback !== false && missing.size > 0) {
      for (const [key, value] of Object.entries(genericFields(scope, config.fallback, missing))) {
        result[key] = value;
      }
    }
    const name = result['name'];
    if (name && (!result['firstName'] || !result['lastName']) && looksLikePersonName(name)) {
      const split = splitName(name);
      if (!result['firstName'] && split.firstName) result['firstName'] = split.firstName;
      if (!result['lastName'] && split.lastName) result['lastName'] = split.lastName;
    }
    if (!name && (result['firstName'] || result['lastName'])) {
      result['name'] = clean(`${result['firstName'] ?? ''} ${result['lastName'] ?? ''}`);
    }
  } catch {
    // Quiet for the user: whatever was read before the failure is still returned.
  }
  return result;
}

export { findRecordContainer } from './containers';
