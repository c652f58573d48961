/**
 * Custom CRMs and self-hosted instances, as the console manages them (docs/crms.md): list them
 * with their access, save and remove a custom definition, save and remove an instance. Every
 * definition passes the one definition check (lib/sequence/crm-definition.ts); entries from the
 * administrator's policy are read-only here.
 *
 * Host permissions are asked for by the console page, in the click handler (a user gesture);
 * these use cases only read what the browser granted, and give back what no remaining CRM or
 * instance needs. The browser side comes in through `CrmPorts`.
 */
import { builtInCrms } from '../crm/built-in-crms';
import {
  isCovered,
  mergeCrms,
  mergeInstances,
  originToMatchPattern,
  releasablePatterns,
  type CrmList,
  type CustomCrmView,
  type InstanceView,
} from '../crm/custom-registry';
import { BUILT_IN_HOST_PATTERNS } from '../crm/hosts';
import type { CrmId } from '../crm/rules/types';
import { crmDefinitionProblems } from '../sequence/crm-definition';
import { normaliseOrigin } from '../sequence/origin';
import type { CrmDefinition } from '../sequence/types';
import { putCrmSetting, readCrmState, storeCrmSetting } from '../store/crm-settings';
import type { Database } from '../store/db';
import { StoreError } from '../store/sequences-repo';

export interface CrmPorts {
  db: Database;
  /** The host patterns the browser has granted (`permissions.getAll().origins`). */
  granted: () => Promise<string[]>;
  /** Gives host permissions back; best effort (a pattern inside a broader grant stays). */
  release: (patterns: string[]) => Promise<void>;
  /** Makes the content-script registrations and their mirror match what is stored. */
  reconcile: () => Promise<unknown>;
}

/** The match patterns these origins need that neither the manifest nor a grant covers. */
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

const allGranted = (origins: readonly string[], granted: readonly string[]): boolean =>
  missingPatterns(origins, granted).length === 0;

const sentence = (message: string): string => (/[.!?]$/.test(message) ? message : `${message}.`);

/**
 * A definition as the console or policy gives it, origins normalised (`https://Crm.x.example/`
 * becomes `https://crm.x.example`), or every problem the one definition check finds.
 */
export function checkedDefinition(
  definition: CrmDefinition,
): { ok: true; definition: CrmDefinition } | { ok: false; problems: string[] } {
  const origins = Array.isArray(definition.origins)
    ? [
        ...new Set(
          definition.origins.map((origin) =>
            typeof origin === 'string' ? (normaliseOrigin(origin) ?? origin) : origin,
          ),
        ),
      ]
    : definition.origins;
  const normalised = { ...definition, origins };
  const problems = crmDefinitionProblems(normalised).map((problem) => sentence(problem.message));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: normalised };
}

/** Gives back the host permissions no remaining CRM or instance needs. */
async function release(ports: CrmPorts, removedOrigins: string[]): Promise<void> {
  const state = await readCrmState(ports.db);
  const remaining = [
    ...mergeCrms(state).flatMap((entry) => entry.definition.origins),
    ...mergeInstances(state).map((instance) => instance.origin),
  ];
  const patterns = releasablePatterns(removedOrigins, remaining);
  if (patterns.length > 0) await ports.release(patterns);
}

/** The built-in CRMs, and every custom CRM and instance with where it came from and its access. */
export async function listCrms(ports: CrmPorts): Promise<CrmList> {
  const state = await readCrmState(ports.db);
  const origins = await ports.granted();
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
  return { builtIn: builtInCrms(), custom, instances };
}

/**
 * Saves a custom CRM from the console (new, or replacing the one with its id). Throws
 * `StoreError('rejected')` with every problem for an invalid definition, and for an id the
 * administrator's policy manages. Origins the new version dropped give their permission back.
 */
export async function saveCustomCrm(
  ports: CrmPorts,
  definition: CrmDefinition,
): Promise<{ crm: CustomCrmView; missing: string[] }> {
  const checked = checkedDefinition(definition);
  if (!checked.ok)
    throw new StoreError(
      'rejected',
      `This CRM cannot be saved: ${checked.problems[0] ?? ''}`,
      checked.problems,
    );
  const stored = checked.definition;
  const { db } = ports;
  const state = await readCrmState(db);
  if (state.policyCrms.some((crm) => crm.id === stored.id))
    throw new StoreError(
      'rejected',
      `'${stored.id}' is managed by your administrator and cannot be changed.`,
    );
  const previous = state.userCrms.find((crm) => crm.id === stored.id);
  const tx = db.transaction('settings', 'readwrite');
  await Promise.all([
    putCrmSetting(tx.store, 'customCrms', [
      ...state.userCrms.filter((crm) => crm.id !== stored.id),
      stored,
    ]),
    putCrmSetting(tx.store, 'customCrmConsoleIds', [...new Set([...state.consoleIds, stored.id])]),
  ]);
  await tx.done;
  const dropped = (previous?.origins ?? []).filter(
    (origin) => !stored.origins.includes(normaliseOrigin(origin) ?? origin),
  );
  if (dropped.length > 0) await release(ports, dropped);
  await ports.reconcile();
  const origins = await ports.granted();
  return {
    crm: { ...stored, granted: allGranted(stored.origins, origins), source: 'console' },
    missing: missingPatterns(stored.origins, origins),
  };
}

/** Removes a seller's custom CRM (from a pack or the console); policy ones stay. */
export async function removeCustomCrm(
  ports: CrmPorts,
  id: string,
  revokeAccess = true,
): Promise<void> {
  const { db } = ports;
  const state = await readCrmState(db);
  if (state.policyCrms.some((crm) => crm.id === id))
    throw new StoreError(
      'rejected',
      `'${id}' is managed by your administrator and cannot be removed.`,
    );
  const current = state.userCrms.find((crm) => crm.id === id);
  if (current === undefined) throw new StoreError('not-found', `There is no custom CRM '${id}'.`);
  const tx = db.transaction('settings', 'readwrite');
  await Promise.all([
    putCrmSetting(
      tx.store,
      'customCrms',
      state.userCrms.filter((crm) => crm.id !== id),
    ),
    putCrmSetting(
      tx.store,
      'customCrmConsoleIds',
      state.consoleIds.filter((item) => item !== id),
    ),
  ]);
  await tx.done;
  if (revokeAccess) await release(ports, current.origins);
  await ports.reconcile();
}

const badOrigin = (origin: string): string =>
  `'${origin}' is not a web address Upnext can be allowed on (use https://host or http://host).`;

/** Saves a self-hosted instance of a built-in CRM, replacing one on the same origin. */
export async function saveInstance(
  ports: CrmPorts,
  origin: string,
  crm: CrmId,
): Promise<{ instance: InstanceView; missing: string[] }> {
  const normalised = normaliseOrigin(origin);
  if (normalised === null) throw new StoreError('rejected', badOrigin(origin));
  const { db } = ports;
  const state = await readCrmState(db);
  if (state.policyInstances.some((item) => normaliseOrigin(item.origin) === normalised))
    throw new StoreError('rejected', `${normalised} is managed by your administrator.`);
  const instances = [
    ...state.userInstances.filter((item) => normaliseOrigin(item.origin) !== normalised),
    { origin: normalised, crm },
  ];
  await storeCrmSetting(db, 'crmInstances', instances);
  await ports.reconcile();
  const origins = await ports.granted();
  return {
    instance: {
      origin: normalised,
      crm,
      granted: allGranted([normalised], origins),
      source: 'console',
    },
    missing: missingPatterns([normalised], origins),
  };
}

/** Removes a seller's instance; policy instances stay. */
export async function removeInstance(
  ports: CrmPorts,
  origin: string,
  revokeAccess = true,
): Promise<void> {
  const normalised = normaliseOrigin(origin) ?? origin;
  const { db } = ports;
  const state = await readCrmState(db);
  if (state.policyInstances.some((item) => normaliseOrigin(item.origin) === normalised))
    throw new StoreError(
      'rejected',
      `${normalised} is managed by your administrator and cannot be removed.`,
    );
  const instances = state.userInstances.filter(
    (item) => normaliseOrigin(item.origin) !== normalised,
  );
  if (instances.length === state.userInstances.length)
    throw new StoreError('not-found', `There is no CRM instance at ${normalised}.`);
  await storeCrmSetting(db, 'crmInstances', instances);
  if (revokeAccess) await release(ports, [normalised]);
  await ports.reconcile();
}
