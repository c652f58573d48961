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
import type { Entity } from '../../sequence/types';
import { isPersonEntity, looksLikePersonName, splitName, withoutSalutation } from '../person-name';
import { FIELD_KEYS, type CrmFieldConfig, type FieldKey } from './types';

/**
 * CRMs with known hooks. Others (Pipedrive, Close, Attio, Twenty…) use the generic reader. Each
 * map is made when a page of its CRM is read: V8 only pre-parses the other CRMs' maps, where
 * compiling and building every map on every CRM page load was about half of compiling crm.js.
 */
const CONFIGS: Readonly<Partial<Record<string, () => CrmFieldConfig>>> = {
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

/**
 * Reads the visible record fields from a CRM page (or a shadow root) for `record` (its CRM picks
 * the selectors, its entity decides whether there are first/last names): the standard keys in
 * `FIELD_KEYS` plus configured `extra` fields (key → CSS selectors tried in order; `a >>> b`
 * steps into `a`'s open shadow root). Extra selectors win over the built-in ones for the same key.
 * First and last names exist only for leads and contacts, never with a salutation. Missing fields
 * are simply absent. Never throws: a broken page yields `{}`.
 */
export function captureFields(
  doc: Document | ShadowRoot,
  record: { crm: string; entity: Entity },
  extra?: Record<string, string[]>,
): Record<string, string> {
  const result: Record<string, string> = {};
  const { crm, entity } = record;
  try {
    const config = Object.hasOwn(CONFIGS, crm) ? (CONFIGS[crm]?.() ?? GENERIC) : GENERIC;
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
    personNames(result, entity);
  } catch {
    // Quiet for the user: whatever was read before the failure is still returned.
  }
  return result;
}

/**
 * First/last names for people only (an account "Northwind Traders" has no first name "Northwind"),
 * derived from the record name when the page shows none, and never carrying a salutation.
 */
function personNames(result: Record<string, string>, entity: Entity): void {
  const name = result['name'];
  if (!isPersonEntity(entity)) {
    // On an account or deal page such fields belong to someone else (a primary contact).
    delete result['firstName'];
    delete result['lastName'];
    return;
  }
  if (result['firstName']) result['firstName'] = withoutSalutation(result['firstName']);
  if (name && (!result['firstName'] || !result['lastName']) && looksLikePersonName(name)) {
    const split = splitName(name);
    if (!result['firstName'] && split.firstName) result['firstName'] = split.firstName;
    if (!result['lastName'] && split.lastName) result['lastName'] = split.lastName;
  }
  if (!name && (result['firstName'] || result['lastName'])) {
    result['name'] = clean(`${result['firstName'] ?? ''} ${result['lastName'] ?? ''}`);
  }
}

export { findRecordContainer } from './containers';
