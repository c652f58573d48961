/**
 * A person's name as CRMs show it: salutations, "Last, First" order, and whether a record name is
 * a person's at all. One home for these rules: field capture splits names with them and the
 * panel's LinkedIn search strips salutations with them. Pure string functions, no DOM.
 */
import type { Entity } from '../sequence/types';

/**
 * Salutations CRMs put in front of a person's name (SuiteCRM's and Dynamics' salutation fields,
 * HubSpot's "salutation" property): never part of a first name or of a name someone searches for.
 * Several may stack ("Prof. Dr. Ada King").
 */
const SALUTATION = /^(?:(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|herr|frau|mme|mlle)\.?\s+)+/i;

const COMPANY_SUFFIX =
  /\b(inc|ltd|llc|llp|plc|gmbh|corp|corporation|co|company|ag|sa|sas|bv|nv|srl|oy|ab|group|holdings)\.?$/i;

const collapse = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** Only leads and contacts are people; an account or an opportunity has a name but no first name. */
export function isPersonEntity(entity: Entity): boolean {
  return entity === 'lead' || entity === 'contact';
}

/**
 * The name without leading salutations: "Mr. Marcus Lindqvist" → "Marcus Lindqvist". A name that
 * is nothing but a salutation ("Dr.") is returned unchanged rather than emptied.
 */
export function withoutSalutation(name: string): string {
  const trimmed = collapse(name);
  const stripped = trimmed.replace(SALUTATION, '');
  return stripped === '' ? trimmed : stripped;
}

/**
 * Whether a lead's or contact's record name looks like a person's name, so first/last names may
 * be derived from it: 2–4 capitalised words (after salutations), no digits, no company suffix.
 * Close's "lead" is a company and Pipedrive's a deal title, so the entity alone is not enough.
 */
export function looksLikePersonName(name: string): boolean {
  const words = withoutSalutation(name).split(' ');
  if (words.length < 2 || words.length > 4 || /\d/.test(name)) return false;
  if (COMPANY_SUFFIX.test(name)) return false;
  return words.every((word) => /^\p{Lu}/u.test(word) || /,$/.test(word));
}

/** "Ada Lovelace" → Ada / Lovelace; "Lovelace, Ada" → Ada / Lovelace; "Dr. Ada King" drops "Dr.". */
export function splitName(name: string): { firstName: string; lastName: string } {
  const trimmed = collapse(name);
  const comma = trimmed.indexOf(',');
  if (comma > 0) {
    return {
      lastName: collapse(trimmed.slice(0, comma)),
      firstName: withoutSalutation(trimmed.slice(comma + 1)),
    };
  }
  const parts = withoutSalutation(trimmed).split(' ');
  if (parts.length < 2) return { firstName: parts[0] ?? '', lastName: '' };
  return { firstName: parts[0] ?? '', lastName: parts.slice(1).join(' ') };
}
