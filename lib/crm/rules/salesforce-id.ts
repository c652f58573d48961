/**
 * Salesforce record ids (docs/crm-reference.md section 2, V: help article 000385203 and the `LongSFID`
 * docs). A 15-character id is case-sensitive; the 18-character form appends a checksum that
 * encodes which of the first 15 characters are upper case, so it survives case-insensitive
 * handling. We always store the 18-character form.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;

/** The three checksum characters for a 15-character id. */
function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let index = 0; index < 5; index++) {
      const char = id15.charAt(chunk * 5 + index);
      if (char >= 'A' && char <= 'Z') bits |= 1 << index;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/**
 * The canonical 18-character id, or null when the value is not a Salesforce id. An 18-character
 * id whose case was lost (for example lower-cased by a proxy) is repaired from its checksum; an
 * 18-character id whose checksum cannot describe its characters is rejected.
 */
export function canonicalSalesforceId(value: string): string | null {
  if (ID_15.test(value)) return value + checksum(value);
  if (!ID_18.test(value)) return null;
  let repaired = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(value.charAt(15 + chunk).toUpperCase());
    if (bits < 0) return null;
    for (let index = 0; index < 5; index++) {
      const char = value.charAt(chunk * 5 + index);
      const upper = (bits & (1 << index)) !== 0;
      if (upper && !/[a-zA-Z]/.test(char)) return null;
      repaired += upper ? char.toUpperCase() : char.toLowerCase();
    }
  }
  return repaired + checksum(repaired);
}
