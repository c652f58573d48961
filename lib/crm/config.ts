/**
 * The CRM configuration the content script needs beyond the built-in rules: self-hosted
 * instances and custom CRM definitions. The background is the only writer (IndexedDB is the
 * source of truth); it mirrors them into `browser.storage.local` under `CRM_CONFIG_KEY` whenever
 * they change, because a content script must not open IndexedDB (there it is the CRM site's).
 *
 * Content-script code: no zod. What comes out of storage is re-checked by shape here, and the
 * matchers never throw on malformed entries.
 */
import type { CrmDefinition } from '../sequence/types';
import { normaliseOrigin } from '../sequence/origin';
import { detectRecordPage, matchCustomCrm, type CrmInstance, type RecordPage } from './detect';
import { RULES_BY_CRM } from './rules/built-in-rules';
import type { RecordRef } from './rules/types';

export const CRM_CONFIG_KEY = 'upnext:crm-config';

export interface CrmConfig {
  instances: CrmInstance[];
  customCrms: CrmDefinition[];
}

const EMPTY_CRM_CONFIG: CrmConfig = { instances: [], customCrms: [] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isInstance(value: unknown): value is CrmInstance {
  return isObject(value) && typeof value['origin'] === 'string' && typeof value['crm'] === 'string';
}

function isDefinition(value: unknown): value is CrmDefinition {
  return (
    isObject(value) &&
    typeof value['id'] === 'string' &&
    Array.isArray(value['origins']) &&
    Array.isArray(value['records'])
  );
}

/** Reads the stored value (anything: missing, an older shape, garbage) as a `CrmConfig`. */
export function parseCrmConfig(value: unknown): CrmConfig {
  if (!isObject(value)) return EMPTY_CRM_CONFIG;
  const instances = Array.isArray(value['instances']) ? value['instances'] : [];
  const customCrms = Array.isArray(value['customCrms']) ? value['customCrms'] : [];
  return {
    instances: instances.filter(isInstance),
    customCrms: customCrms.filter(isDefinition),
  };
}

/**
 * Recognises a record page with the built-in rules (self-hosted instances included), then with
 * the custom definitions. Built-in rules go first so that a custom definition cannot take over a
 * host Upnext already knows. Pure; null when nothing matches.
 */
export function detectWithConfig(
  url: string,
  config: CrmConfig | null | undefined,
): RecordRef | null {
  return detectPageWithConfig(url, config)?.record ?? null;
}

/** `detectWithConfig`, also telling whether the page is the record's edit form. */
export function detectPageWithConfig(
  url: string,
  config: CrmConfig | null | undefined,
): RecordPage | null {
  const { instances, customCrms } = config ?? EMPTY_CRM_CONFIG;
  const builtIn = detectRecordPage(url, instances);
  if (builtIn) return builtIn;
  // Custom definitions name record pages only; their edit forms are not told apart.
  const custom = matchCustomCrm(url, customCrms);
  return custom ? { record: custom, edit: false } : null;
}

/** The field selectors of a custom CRM (by the `crm` a match returned); null for built-in CRMs. */
export function customFieldSelectors(
  crm: string,
  config: CrmConfig | null | undefined,
): Record<string, string[]> | null {
  const definition = (config ?? EMPTY_CRM_CONFIG).customCrms.find((item) => item.id === crm);
  return definition?.fields ?? null;
}

/**
 * Whether a page at `url` may speak for records of `crm` (the background's check on every record
 * message from a content script): the CRM is one the page's origin belongs to, as detection sees
 * it. That is the CRM of a self-hosted instance on this origin (it decides the origin, as in
 * `detectRecordPage`), else the built-in CRM whose SaaS hosts include this host (HTTPS only), or
 * a custom CRM that lists this origin. Pure; false for anything unparsable.
 */
export function originSpeaksFor(url: string, crm: string, config: CrmConfig): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const instance = config.instances.find((item) => normaliseOrigin(item.origin) === parsed.origin);
  if (instance !== undefined && RULES_BY_CRM.has(instance.crm)) {
    if (instance.crm === crm) return true;
  } else if (
    parsed.protocol === 'https:' &&
    RULES_BY_CRM.get(crm)?.isHost(parsed.hostname) === true
  ) {
    return true;
  }
  return config.customCrms.some(
    (definition) =>
      definition.id === crm &&
      Array.isArray(definition.origins) &&
      definition.origins.some((origin) => normaliseOrigin(origin) === parsed.origin),
  );
}
