import { RULES, RULES_BY_CRM } from './rules/built-in-rules';
import type { Entity, RuleMatch } from './rules/types';

export { matchCustomCrm } from './custom-crm';

/** A self-hosted installation: on this origin, this CRM's URL rules apply whatever the host. */
export interface CrmInstance {
  origin: string;
  crm: string;
}

/** Origins are compared after `new URL()` normalisation (case, default port, trailing path). */
function instanceFor(origin: string, instances: readonly CrmInstance[]): string | null {
  for (const instance of instances) {
    try {
      if (new URL(instance.origin).origin === origin) return instance.crm;
    } catch {
      // A malformed instance is skipped: it must not break detection for the others.
    }
  }
  return null;
}

/** A recognised record page: the record, and whether the page is its edit form. */
export interface RecordPage {
  record: { crm: string; entity: Entity; id: string };
  /** The record's edit form: its fields are inputs being edited (docs/crms.md, "Edit pages"). */
  edit: boolean;
}

/**
 * Recognises a lead / contact / account / opportunity record page from its URL alone.
 * Pure; returns null for anything else (lists, new forms, settings, unknown hosts, garbage).
 */
export function detectRecord(
  url: string,
  instances?: { origin: string; crm: string }[],
): { crm: string; entity: Entity; id: string } | null {
  return detectRecordPage(url, instances)?.record ?? null;
}

function page(crm: string, found: RuleMatch | null): RecordPage | null {
  if (!found) return null;
  return { record: { crm, entity: found.entity, id: found.id }, edit: found.edit === true };
}

/** `detectRecord`, also telling whether the page is the record's edit form. */
export function detectRecordPage(
  url: string,
  instances?: { origin: string; crm: string }[],
): RecordPage | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  try {
    const instanceCrm = Array.isArray(instances) ? instanceFor(parsed.origin, instances) : null;
    const instanceRule = instanceCrm === null ? undefined : RULES_BY_CRM.get(instanceCrm);
    if (instanceRule) {
      // A user-added instance decides the CRM for its origin; host checks are skipped.
      return page(instanceRule.crm, instanceRule.match(parsed));
    }
    // SaaS hosts are served over HTTPS only; plain HTTP is for self-hosted instances.
    if (parsed.protocol !== 'https:') return null;
    const hostname = parsed.hostname;
    for (const rule of RULES) {
      if (!rule.isHost(hostname)) continue;
      return page(rule.crm, rule.match(parsed));
    }
    return null;
  } catch {
    // Rules are written not to throw; this keeps the promise if one ever does.
    return null;
  }
}
