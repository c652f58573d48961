/**
 * The console's CRM messages (issue #6): list the built-in, custom and self-hosted CRMs; save and
 * remove custom definitions and instances; test a definition on an address (and an open tab).
 * The page asks for host permission in a click handler before it saves: the background never
 * requests permissions, it only reads them and drops those a removed CRM no longer needs.
 */
import {
  isCovered,
  mergeCrms,
  mergeInstances,
  normaliseOrigin,
  originToMatchPattern,
  releasablePatterns,
  type CrmList,
  type CrmTestResult,
  type CustomCrmView,
  type InstanceView,
} from '@/lib/crm/custom-registry';
import { urlPart } from '@/lib/crm/custom-crm';
import { matchCustomCrm } from '@/lib/crm/detect';
import { BUILT_IN_HOST_PATTERNS } from '@/lib/crm/hosts';
import { CRM_IDS, type CrmId } from '@/lib/crm/rules/types';
import { fail, ok } from '@/lib/messaging/result';
import { crmSchema } from '@/lib/sequence/schema';
import type { CrmDefinition } from '@/lib/sequence/types';
import type { Database } from '@/lib/store/db';
import { CUSTOM_CRMS_KEY } from '@/lib/store/sequences-repo';

import type { BackgroundDeps } from '../context';
import {
  browserCrmApi,
  CONSOLE_IDS_KEY,
  INSTANCES_KEY,
  readCrmState,
  reconcileContentScripts,
  type CustomCrmApi,
} from '../custom-crms';
import type { HandlerMap } from '../router';

type CrmHandlers = Pick<
  HandlerMap,
  | 'listCrms'
  | 'saveCustomCrm'
  | 'removeCustomCrm'
  | 'saveInstance'
  | 'removeInstance'
  | 'testCustomCrm'
>;

/**
 * Display names, and which manifest host patterns belong to which CRM (by host suffix). The
 * self-hosted CRMs have no host: they work through instances only.
 */
const BUILT_IN_CRMS: readonly { id: CrmId; name: string; host: RegExp | null }[] = [
  { id: 'dynamics365', name: 'Dynamics 365 Sales', host: /\.crm\d*\.dynamics\.com$/ },
  { id: 'salesforce', name: 'Salesforce', host: /(\.force\.com|\.salesforce\.com)$/ },
  { id: 'hubspot', name: 'HubSpot', host: /\.hubspot\.com$/ },
  { id: 'pipedrive', name: 'Pipedrive', host: /\.pipedrive\.com$/ },
  { id: 'zoho', name: 'Zoho CRM', host: /^crm\.zoho/ },
  { id: 'freshsales', name: 'Freshsales', host: /(\.myfreshworks\.com|\.freshsales\.io)$/ },
  { id: 'close', name: 'Close', host: /^app\.close\.com$/ },
  { id: 'copper', name: 'Copper', host: /^app\.copper\.com$/ },
  { id: 'attio', name: 'Attio', host: /^app\.attio\.com$/ },
  { id: 'insightly', name: 'Insightly', host: /\.insightly\.com$/ },
  { id: 'twenty', name: 'Twenty', host: /twenty\.com$/ },
  { id: 'espocrm', name: 'EspoCRM', host: null },
  { id: 'suitecrm', name: 'SuiteCRM', host: null },
  { id: 'odoo', name: 'Odoo', host: /\.odoo\.com$/ },
  { id: 'vtiger', name: 'vtiger', host: null },
  { id: 'sugarcrm', name: 'SugarCRM', host: /\.sugarondemand\.com$/ },
];

const patternHost = (pattern: string): string => /^[a-z*]+:\/\/([^/]+)\//.exec(pattern)?.[1] ?? '';

export function builtInCrms(): CrmList['builtIn'] {
  return BUILT_IN_CRMS.map(({ id, name, host }) => ({
    id,
    name,
    hosts:
      host === null
        ? []
        : BUILT_IN_HOST_PATTERNS.filter((pattern) => host.test(patternHost(pattern))),
  }));
}

/** Whether every origin is covered by a granted pattern or by the manifest's built-in hosts. */
function allGranted(origins: readonly string[], granted: readonly string[]): boolean {
  return missingPatterns(origins, granted).length === 0;
}

function missingPatterns(origins: readonly string[], granted: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const origin of origins) {
    const pattern = originToMatchPattern(origin);
    if (pattern === null) continue;
    if (isCovered(pattern, BUILT_IN_HOST_PATTERNS) || isCovered(pattern, granted)) continue;
    missing.add(pattern);
  }
  return [...missing].sort();
}

const hasIdGroup = (source: string): boolean => /\(\?<id>/.test(source);

function compileProblem(source: string): string | null {
  try {
    new RegExp(source);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return hasIdGroup(source) ? null : 'it has no named group (?<id>…) for the record id';
}

/** Every problem with a definition, as sentences for a manager (no paths to decode). */
export function definitionProblems(definition: CrmDefinition): string[] {
  const problems: string[] = [];
  const parsed = crmSchema.safeParse(definition);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push(`${where}${issue.message}`);
    }
  }
  if ((CRM_IDS as readonly string[]).includes(definition.id)) {
    problems.push(`'${definition.id}' is a built-in CRM; choose another id.`);
  }
  for (const origin of definition.origins) {
    if (normaliseOrigin(origin) === null)
      problems.push(
        `'${origin}' is not a web address Upnext can be allowed on (use https://host or http://host, without wildcards).`,
      );
  }
  for (const [index, record] of definition.records.entries()) {
    const problem = compileProblem(record.url);
    if (problem !== null)
      problems.push(`Record pattern ${index + 1} (${record.entity}) is not usable: ${problem}.`);
  }
  for (const [key, selectors] of Object.entries(definition.fields ?? {})) {
    for (const selector of selectors) {
      if (!isValidSelector(selector))
        problems.push(`Field '${key}': '${selector}' is not a valid CSS selector.`);
    }
  }
  return problems;
}

/**
 * A syntax check where a DOM exists (tests in happy-dom). A service worker has no `document`:
 * there the live test in a tab reports invalid selectors instead.
 */
function isValidSelector(selector: string): boolean {
  if (typeof document === 'undefined') return true;
  try {
    // Matching against an empty fragment parses the selector and touches no page.
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs in the tested tab (via `scripting.executeScript`), so it must be self-contained: no
 * imports, no closures. Reads each field's selectors in order; the first non-empty text wins.
 */
export function captureSelectorsInPage(fields: Record<string, string[]>): {
  values: Record<string, string>;
  missing: string[];
  invalid: string[];
} {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const [key, selectors] of Object.entries(fields)) {
    let found: string | null = null;
    for (const selector of selectors) {
      let element: Element | null;
      try {
        element = document.querySelector(selector);
      } catch {
        invalid.push(selector);
        continue;
      }
      if (element === null) continue;
      const raw =
        element instanceof HTMLInputElement ||
        element instanceof HTMLTextAreaElement ||
        element instanceof HTMLSelectElement
          ? element.value
          : element instanceof HTMLElement
            ? element.innerText
            : element.textContent;
      const text = (raw || element.textContent).replace(/\s+/g, ' ').trim();
      if (text !== '') {
        found = text.slice(0, 500);
        break;
      }
    }
    if (found === null) missing.push(key);
    else values[key] = found;
  }
  return { values, missing, invalid };
}

interface Captured {
  values: Record<string, string>;
  missing: string[];
  invalid: string[];
}

const isCaptured = (value: unknown): value is Captured =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { values?: unknown }).values === 'object' &&
  Array.isArray((value as { missing?: unknown }).missing) &&
  Array.isArray((value as { invalid?: unknown }).invalid);

/** The test behind `testCustomCrm`; exported for unit tests. */
export async function testDefinition(
  api: CustomCrmApi,
  definition: CrmDefinition,
  url: string,
  tabId: number | undefined,
): Promise<CrmTestResult> {
  const problems = definitionProblems(definition);
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    problems.push(`'${url}' is not a web address.`);
  }
  let match: CrmTestResult['match'] = null;
  if (parsed !== null) {
    const origins = definition.origins.flatMap((origin) => normaliseOrigin(origin) ?? []);
    if (!origins.includes(parsed.origin)) {
      problems.push(
        `${parsed.origin} is not one of this CRM's addresses (${origins.join(', ') || 'none yet'}).`,
      );
    }
    const found = matchCustomCrm(parsed.href, [{ ...definition, origins: [parsed.origin] }]);
    if (found !== null) {
      match = { entity: found.entity, id: found.id };
    } else if (definition.records.length === 0) {
      problems.push('Add at least one record pattern.');
    } else {
      for (const record of definition.records) {
        problems.push(
          `No match for ${record.entity}: ${record.part} of this address is '${urlPart(parsed, record.part) ?? ''}'.`,
        );
      }
    }
  }
  let fields: Record<string, string> | null = null;
  const selectors = definition.fields ?? {};
  if (tabId !== undefined && parsed !== null && Object.keys(selectors).length > 0) {
    const pattern = originToMatchPattern(parsed.origin);
    const permitted =
      pattern !== null &&
      (isCovered(pattern, BUILT_IN_HOST_PATTERNS) ||
        (await api.permissions.contains({ origins: [pattern] })));
    if (!permitted) {
      problems.push(
        `Upnext is not allowed on ${parsed.origin} yet, so it cannot read fields in that tab. Grant access first.`,
      );
    } else {
      try {
        const results = await api.scripting.executeScript({
          target: { tabId },
          func: captureSelectorsInPage,
          args: [selectors],
        });
        const captured = results.at(0)?.result;
        if (!isCaptured(captured)) throw new Error('no result');
        fields = captured.values;
        for (const key of captured.missing)
          problems.push(`Field '${key}': none of its selectors found text on the page.`);
        for (const selector of captured.invalid)
          problems.push(`'${selector}' is not a valid CSS selector.`);
      } catch (error) {
        problems.push(`Upnext could not read the tab: ${String(error)}`);
      }
    }
  }
  return { match, fields, problems };
}

async function putSetting(db: Database, key: string, value: unknown): Promise<void> {
  await db.put('settings', { key, value });
}

export function createCrmHandlers(
  deps: Pick<BackgroundDeps, 'db'>,
  crmApi: CustomCrmApi = browserCrmApi(),
): CrmHandlers {
  const reconcile = () => reconcileContentScripts({ db: deps.db, crmApi });
  const granted = async (): Promise<string[]> => (await crmApi.permissions.getAll()).origins ?? [];

  /** Drops host permissions that no remaining CRM or instance needs (best effort). */
  const release = async (removedOrigins: string[]): Promise<void> => {
    const state = await readCrmState(await deps.db());
    const remaining = [
      ...mergeCrms(state).flatMap((entry) => entry.definition.origins),
      ...mergeInstances(state).map((instance) => instance.origin),
    ];
    const patterns = releasablePatterns(removedOrigins, remaining);
    if (patterns.length === 0) return;
    try {
      await crmApi.permissions.remove({ origins: patterns });
    } catch (error) {
      // A pattern granted as part of a broader grant cannot be removed alone; keep going.
      console.warn('[upnext] permissions.remove', error);
    }
  };

  return {
    listCrms: {
      audience: 'page',
      handle: async () => {
        const state = await readCrmState(await deps.db());
        const origins = await granted();
        const custom: CustomCrmView[] = mergeCrms(state).map(({ definition, source }) => ({
          ...definition,
          granted: allGranted(definition.origins, origins),
          source,
        }));
        const instances: InstanceView[] = mergeInstances(state).map((instance) => ({
          origin: instance.origin,
          crm: instance.crm as CrmId,
          granted: allGranted([instance.origin], origins),
          source: instance.source,
        }));
        return ok({ builtIn: builtInCrms(), custom, instances });
      },
    },
    saveCustomCrm: {
      audience: 'page',
      handle: async ({ definition }) => {
        const problems = definitionProblems(definition);
        if (problems.length > 0)
          return fail('rejected', `This CRM cannot be saved: ${problems[0] ?? ''}`, problems);
        const db = await deps.db();
        const state = await readCrmState(db);
        if (state.policyCrms.some((crm) => crm.id === definition.id))
          return fail(
            'rejected',
            `'${definition.id}' is managed by your administrator and cannot be changed.`,
          );
        const stored: CrmDefinition = {
          ...definition,
          origins: [...new Set(definition.origins.flatMap((o) => normaliseOrigin(o) ?? []))],
        };
        const previous = state.userCrms.find((crm) => crm.id === definition.id);
        const userCrms = [...state.userCrms.filter((crm) => crm.id !== definition.id), stored];
        const tx = db.transaction('settings', 'readwrite');
        await Promise.all([
          tx.store.put({ key: CUSTOM_CRMS_KEY, value: userCrms }),
          tx.store.put({
            key: CONSOLE_IDS_KEY,
            value: [...new Set([...state.consoleIds, definition.id])],
          }),
        ]);
        await tx.done;
        // Origins the new version dropped give their permission back.
        const dropped = (previous?.origins ?? []).filter(
          (origin) => !stored.origins.includes(normaliseOrigin(origin) ?? origin),
        );
        if (dropped.length > 0) await release(dropped);
        await reconcile();
        const origins = await granted();
        return ok({
          crm: { ...stored, granted: allGranted(stored.origins, origins), source: 'console' },
          missing: missingPatterns(stored.origins, origins),
        });
      },
    },
    removeCustomCrm: {
      audience: 'page',
      handle: async ({ id, revokeAccess }) => {
        const db = await deps.db();
        const state = await readCrmState(db);
        if (state.policyCrms.some((crm) => crm.id === id))
          return fail(
            'rejected',
            `'${id}' is managed by your administrator and cannot be removed.`,
          );
        const current = state.userCrms.find((crm) => crm.id === id);
        if (current === undefined) return fail('not-found', `There is no custom CRM '${id}'.`);
        const tx = db.transaction('settings', 'readwrite');
        await Promise.all([
          tx.store.put({
            key: CUSTOM_CRMS_KEY,
            value: state.userCrms.filter((crm) => crm.id !== id),
          }),
          tx.store.put({
            key: CONSOLE_IDS_KEY,
            value: state.consoleIds.filter((item) => item !== id),
          }),
        ]);
        await tx.done;
        if (revokeAccess !== false) await release(current.origins);
        await reconcile();
        return ok({ removed: true });
      },
    },
    saveInstance: {
      audience: 'page',
      handle: async ({ origin, crm }) => {
        const normalised = normaliseOrigin(origin);
        if (normalised === null)
          return fail(
            'rejected',
            `'${origin}' is not a web address Upnext can be allowed on (use https://host or http://host).`,
          );
        const db = await deps.db();
        const state = await readCrmState(db);
        if (state.policyInstances.some((item) => normaliseOrigin(item.origin) === normalised))
          return fail('rejected', `${normalised} is managed by your administrator.`);
        const instances = [
          ...state.userInstances.filter((item) => normaliseOrigin(item.origin) !== normalised),
          { origin: normalised, crm },
        ];
        await putSetting(db, INSTANCES_KEY, instances);
        await reconcile();
        const origins = await granted();
        return ok({
          instance: {
            origin: normalised,
            crm,
            granted: allGranted([normalised], origins),
            source: 'console',
          },
          missing: missingPatterns([normalised], origins),
        });
      },
    },
    removeInstance: {
      audience: 'page',
      handle: async ({ origin, revokeAccess }) => {
        const normalised = normaliseOrigin(origin) ?? origin;
        const db = await deps.db();
        const state = await readCrmState(db);
        if (state.policyInstances.some((item) => normaliseOrigin(item.origin) === normalised))
          return fail(
            'rejected',
            `${normalised} is managed by your administrator and cannot be removed.`,
          );
        const instances = state.userInstances.filter(
          (item) => normaliseOrigin(item.origin) !== normalised,
        );
        if (instances.length === state.userInstances.length)
          return fail('not-found', `There is no CRM instance at ${normalised}.`);
        await putSetting(db, INSTANCES_KEY, instances);
        if (revokeAccess !== false) await release([normalised]);
        await reconcile();
        return ok({ removed: true });
      },
    },
    testCustomCrm: {
      audience: 'page',
      handle: async ({ definition, url, tabId }) =>
        ok(await testDefinition(crmApi, definition, url, tabId)),
    },
  };
}
