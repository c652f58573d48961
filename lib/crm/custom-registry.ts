/**
 * Custom CRMs and self-hosted instances at run time (issue #6, part 4): from what is stored and
 * what the browser has granted, which content-script registrations Upnext wants, and how they
 * differ from what is registered. Pure: the background feeds it `permissions.getAll()` and
 * `scripting.getRegisteredContentScripts()` and applies the diff (entrypoints/background/custom-crms.ts).
 *
 * One registration per match pattern, not per CRM: a custom CRM and an instance on the same host
 * must not inject the panel twice. Hosts already covered by the manifest's content script (the
 * built-in SaaS hosts) get no registration for the same reason.
 *
 * Match patterns have no port (Chrome and Firefox ignore ports when matching), so
 * `https://crm.acme.example:8443` becomes `https://crm.acme.example/*`: the script is injected on
 * every port of that host, and detection then compares the full origin, port included. Two
 * origins on one host but different ports share one registration and one permission.
 */
import { normaliseOrigin } from '../sequence/origin';
import type { CrmDefinition } from '../sequence/types';
import type { CrmInstance } from './detect';
import { BUILT_IN_HOST_PATTERNS } from './hosts';
import type { CrmId, Entity } from './rules/types';

/** The built content script (WXT names it after the `crm.content` entrypoint). */
export const CONTENT_SCRIPT_JS = 'content-scripts/crm.js';
/** Every registration id Upnext makes starts with this; other registrations are left alone. */
const REGISTRATION_PREFIX = 'upnext-crm-';

type CrmSource = 'pack' | 'console' | 'policy';

/** What `scripting.registerContentScripts` receives for one host. */
export interface ContentScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  css?: string[];
  runAt: 'document_idle';
}

/** The fields of `scripting.getRegisteredContentScripts()` results that the diff compares. */
export interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
  css?: string[];
  runAt?: string;
}

export interface RegistrationDiff {
  add: ContentScriptRegistration[];
  update: ContentScriptRegistration[];
  remove: string[];
}

/** A custom CRM as the console lists it. */
export type CustomCrmView = CrmDefinition & { granted: boolean; source: CrmSource };

export interface InstanceView {
  origin: string;
  crm: CrmId;
  granted: boolean;
  source: 'console' | 'policy';
}

/** The `listCrms` reply. */
export interface CrmList {
  builtIn: { id: CrmId; name: string; hosts: string[] }[];
  custom: CustomCrmView[];
  instances: InstanceView[];
}

/** The `testCustomCrm` reply: the "live test" of a definition against one address (and tab). */
export interface CrmTestResult {
  match: { entity: Entity; id: string } | null;
  fields: Record<string, string> | null;
  problems: string[];
}

/** The match pattern that covers an origin (any port): `https://crm.acme.example/*`. */
export function originToMatchPattern(origin: string): string | null {
  const normalised = normaliseOrigin(origin);
  if (normalised === null) return null;
  const url = new URL(normalised);
  return `${url.protocol}//${url.hostname}/*`;
}

interface ParsedPattern {
  scheme: string;
  host: string;
}

function parsePattern(pattern: string): ParsedPattern | null {
  if (pattern === '<all_urls>') return { scheme: '*', host: '*' };
  const match = /^(\*|https?|wss?|ftp|file):\/\/([^/]*)\//.exec(pattern);
  if (match === null) return null;
  return { scheme: match[1], host: match[2].toLowerCase() };
}

/**
 * Whether `granted` (a pattern from `permissions.getAll()`, possibly broad such as `https://*\/*`
 * or `<all_urls>`) covers the concrete `wanted` pattern. Paths are ignored: host permissions
 * are per host.
 */
export function patternCovers(granted: string, wanted: string): boolean {
  const outer = parsePattern(granted);
  const inner = parsePattern(wanted);
  if (outer === null || inner === null) return false;
  const schemeOk =
    outer.scheme === inner.scheme ||
    (outer.scheme === '*' && (inner.scheme === 'http' || inner.scheme === 'https'));
  if (!schemeOk) return false;
  if (outer.host === '*') return true;
  if (outer.host.startsWith('*.')) {
    const suffix = outer.host.slice(2);
    return inner.host === suffix || inner.host.endsWith(`.${suffix}`);
  }
  return outer.host === inner.host;
}

export function isCovered(pattern: string, patterns: readonly string[]): boolean {
  return patterns.some((candidate) => patternCovers(candidate, pattern));
}

/** A stable registration id for a pattern: `upnext-crm-https-crm.acme.example`. */
export function registrationId(pattern: string): string {
  const parsed = parsePattern(pattern);
  return parsed === null
    ? `${REGISTRATION_PREFIX}${pattern}`
    : `${REGISTRATION_PREFIX}${parsed.scheme}-${parsed.host}`;
}

/** The merged view of stored definitions that the content script and the registry work from. */
export interface CrmState {
  /** From packs and the console (settings key `customCrms`). */
  userCrms: readonly CrmDefinition[];
  /** Ids saved from the console; every other user CRM came from a pack. */
  consoleIds: readonly string[];
  userInstances: readonly CrmInstance[];
  /** From the administrator's policy: read-only for sellers. */
  policyCrms: readonly CrmDefinition[];
  policyInstances: readonly CrmInstance[];
}

export interface SourcedCrm {
  definition: CrmDefinition;
  source: CrmSource;
}

export interface SourcedInstance {
  origin: string;
  crm: string;
  source: 'console' | 'policy';
}

/** Policy entries first (they win on a shared id or origin), then the seller's own. */
export function mergeCrms(state: CrmState): SourcedCrm[] {
  const seen = new Set<string>();
  const merged: SourcedCrm[] = [];
  for (const definition of state.policyCrms) {
    if (seen.has(definition.id)) continue;
    seen.add(definition.id);
    merged.push({ definition, source: 'policy' });
  }
  const fromConsole = new Set(state.consoleIds);
  for (const definition of state.userCrms) {
    if (seen.has(definition.id)) continue;
    seen.add(definition.id);
    merged.push({ definition, source: fromConsole.has(definition.id) ? 'console' : 'pack' });
  }
  return merged;
}

export function mergeInstances(state: CrmState): SourcedInstance[] {
  const seen = new Set<string>();
  const merged: SourcedInstance[] = [];
  const add = (instances: readonly CrmInstance[], source: 'console' | 'policy') => {
    for (const instance of instances) {
      const origin = normaliseOrigin(instance.origin);
      if (origin === null || seen.has(origin)) continue;
      seen.add(origin);
      merged.push({ origin, crm: instance.crm, source });
    }
  };
  add(state.policyInstances, 'policy');
  add(state.userInstances, 'console');
  return merged;
}

export interface RegistryInput {
  customCrms: readonly CrmDefinition[];
  instances: readonly CrmInstance[];
  /** `permissions.getAll().origins`. */
  granted: readonly string[];
  /** Patterns the manifest's own content script already covers. */
  builtIn?: readonly string[];
}

export interface RegistryPlan {
  wanted: ContentScriptRegistration[];
  /** Patterns a CRM needs that the browser has not granted (yet): no registration for them. */
  ungranted: string[];
  /** Patterns the manifest's content script covers already. */
  builtIn: string[];
  /** Origins that cannot become a match pattern, with the reason. */
  skipped: { origin: string; reason: string }[];
}

/** The registrations wanted for the stored CRMs and instances, given what is granted. */
export function planRegistrations(input: RegistryInput): RegistryPlan {
  const builtInPatterns = input.builtIn ?? BUILT_IN_HOST_PATTERNS;
  const origins = [
    ...input.customCrms.flatMap((crm) => (Array.isArray(crm.origins) ? crm.origins : [])),
    ...input.instances.map((instance) => instance.origin),
  ];
  const patterns = new Set<string>();
  const skipped: RegistryPlan['skipped'] = [];
  for (const origin of origins) {
    const pattern = originToMatchPattern(origin);
    if (pattern === null) {
      skipped.push({
        origin,
        reason: 'Not an http(s) address without wildcards or credentials.',
      });
      continue;
    }
    patterns.add(pattern);
  }
  const wanted: ContentScriptRegistration[] = [];
  const ungranted: string[] = [];
  const builtIn: string[] = [];
  for (const pattern of [...patterns].sort()) {
    if (isCovered(pattern, builtInPatterns)) {
      builtIn.push(pattern);
    } else if (!isCovered(pattern, input.granted)) {
      ungranted.push(pattern);
    } else {
      wanted.push({
        id: registrationId(pattern),
        matches: [pattern],
        js: [CONTENT_SCRIPT_JS],
        runAt: 'document_idle',
      });
    }
  }
  return { wanted, ungranted, builtIn, skipped };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => {
  const left = [...(a ?? [])].sort();
  const right = [...(b ?? [])].sort();
  return left.length === right.length && left.every((item, index) => item === right[index]);
};

/** What to register, update and unregister; registrations without our prefix are not ours. */
export function diffRegistrations(
  wanted: readonly ContentScriptRegistration[],
  registered: readonly RegisteredScript[],
): RegistrationDiff {
  const ours = new Map(
    registered
      .filter((script) => script.id.startsWith(REGISTRATION_PREFIX))
      .map((script) => [script.id, script]),
  );
  const wantedIds = new Set(wanted.map((script) => script.id));
  const add: ContentScriptRegistration[] = [];
  const update: ContentScriptRegistration[] = [];
  for (const script of wanted) {
    const current = ours.get(script.id);
    if (current === undefined) add.push(script);
    else if (
      !sameList(current.matches, script.matches) ||
      !sameList(current.js, script.js) ||
      !sameList(current.css, script.css) ||
      (current.runAt ?? 'document_idle') !== script.runAt
    )
      update.push(script);
  }
  const remove = [...ours.keys()].filter((id) => !wantedIds.has(id));
  return { add, update, remove };
}

/**
 * The patterns that are no longer needed once `removed` origins go, given the origins that
 * remain: what `permissions.remove` may drop without breaking another CRM or instance.
 */
export function releasablePatterns(
  removed: readonly string[],
  remaining: readonly string[],
  builtIn: readonly string[] = BUILT_IN_HOST_PATTERNS,
): string[] {
  const keep = new Set(remaining.flatMap((origin) => originToMatchPattern(origin) ?? []));
  const release = new Set<string>();
  for (const origin of removed) {
    const pattern = originToMatchPattern(origin);
    if (pattern === null || keep.has(pattern) || isCovered(pattern, builtIn)) continue;
    release.add(pattern);
  }
  return [...release].sort();
}
