/**
 * Merge fields ("variables", "tokens", "snippets") in the tools' templates, translated to
 * Upnext's (`{{firstName}}`, `{{company}}`, `{{seller.name}}`, ...; see the pack format). The
 * tools spell the same thing many ways: `{{first_name}}` (Outreach, Salesloft, Apollo),
 * `{{firstName}}` (lemlist), `{{FirstName}}` (Reply.io), `{{contact.firstname}}` (HubSpot).
 * A field Upnext does not know is kept as written and reported, because it renders empty.
 */

/** Normalised tool variable (lowercase letters and digits only) → Upnext merge field. */
const KNOWN: Partial<Record<string, string>> = {
  firstname: 'firstName',
  lastname: 'lastName',
  name: 'name',
  fullname: 'name',
  email: 'email',
  emailaddress: 'email',
  phone: 'phone',
  phonenumber: 'phone',
  company: 'company',
  companyname: 'company',
  account: 'company',
  accountname: 'company',
  organization: 'company',
  organizationname: 'company',
  title: 'jobTitle',
  jobtitle: 'jobTitle',
  stage: 'stage',
  owner: 'owner',
  sendername: 'seller.name',
  senderfirstname: 'seller.name',
  senderfullname: 'seller.name',
  userfirstname: 'seller.name',
  username: 'seller.name',
  userfullname: 'seller.name',
  ownerfirstname: 'seller.name',
};

/** Prefixes naming the record itself, dropped before lookup (`contact.firstname`). */
const RECORD_PREFIXES = new Set(['contact', 'prospect', 'person', 'lead', 'recipient', 'people']);

/** `{{ name }}` and `{{name | fallback}}` / `{{name:fallback}}` forms. */
const TOOL_FIELD = /\{\{\s*([^{}|:]*?)\s*([|:][^{}]*)?\}\}/g;
/** What Upnext's template renderer reads as a merge field (see lib/sequence/template.ts). */
const UPNEXT_FIELD = /^[A-Za-z_$][\w$.-]*$/;

function normalise(variable: string): string {
  const parts = variable.split('.');
  const head = parts.at(0)?.toLowerCase();
  const rest =
    parts.length > 1 && head !== undefined && RECORD_PREFIXES.has(head) ? parts.slice(1) : parts;
  return rest
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface TranslatedTemplate {
  text: string;
  /** Fields kept as written because Upnext has no such field (they render empty). */
  unknown: string[];
  /** Fallback texts that were dropped (`{{first_name | there}}`). */
  droppedFallbacks: string[];
}

export function translateMergeFields(value: string): TranslatedTemplate {
  const unknown = new Set<string>();
  const dropped = new Set<string>();
  const text = value.replace(TOOL_FIELD, (match, variable: string, fallback?: string) => {
    const known = KNOWN[normalise(variable)];
    if (fallback !== undefined && fallback.trim().length > 1) dropped.add(match);
    if (known !== undefined) return `{{${known}}}`;
    if (UPNEXT_FIELD.test(variable)) {
      unknown.add(variable);
      return `{{${variable}}}`;
    }
    unknown.add(match);
    return match;
  });
  return { text, unknown: [...unknown], droppedFallbacks: [...dropped] };
}
