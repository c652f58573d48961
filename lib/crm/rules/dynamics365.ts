import { canonicalGuid, lowerParams } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Dynamics 365 / Power Apps model-driven apps (docs/crm-reference.md section 1).
 * Hosts: `{org}.crm.dynamics.com` and the regional `crm2` … `crm21` hosts (V for crm2–crm12 via
 * PowerCds `Resolve-CdsRegionFromUrl`, R for crm13–crm21 via Power Pane Returns). Sovereign clouds
 * (U) and on-premises / IFD hosts are handled as user-added instances.
 */
const HOST = /^[a-z0-9][a-z0-9-]*\.crm(?:[2-9]|1\d|2[01])?\.dynamics\.com$/;

/** `etn` logical names we care about (V: "Open forms … with a URL"). */
const BY_LOGICAL_NAME: Lookup<Entity> = {
  lead: 'lead',
  contact: 'contact',
  account: 'account',
  opportunity: 'opportunity',
};

/** Legacy web-client entity type codes (`etc`), U: well-known object type codes. */
const BY_TYPE_CODE: Lookup<Entity> = {
  '1': 'account',
  '2': 'contact',
  '3': 'opportunity',
  '4': 'lead',
};

function match(url: URL): RuleMatch | null {
  // On-premises installs put the org name before `main.aspx` (`/Contoso/main.aspx`, V).
  if (!url.pathname.toLowerCase().endsWith('/main.aspx')) return null;
  const params = lowerParams(url.searchParams);
  // Lists, dashboards, web resources… share `main.aspx`; only `entityrecord` is a record (V).
  if (params.get('pagetype')?.toLowerCase() !== 'entityrecord') return null;
  const etn = params.get('etn')?.toLowerCase();
  const etc = params.get('etc');
  const fromName = etn === undefined ? undefined : BY_LOGICAL_NAME[etn];
  const fromCode = etc === undefined ? undefined : BY_TYPE_CODE[etc.trim()];
  // A present-but-foreign `etn` (incident, task, custom entity) is a near-miss even if `etc` says
  // otherwise; disagreeing parameters mean we do not know what the page is.
  if (etn !== undefined && fromName === undefined) return null;
  if (fromName && fromCode && fromName !== fromCode) return null;
  const entity = fromName ?? fromCode;
  if (!entity) return null;
  // URLSearchParams already decoded `%7B…%7D`; braces are optional (V: the docs example uses them).
  // A new-record form has no id (V), so it falls out here.
  const id = canonicalGuid(params.get('id'), true);
  return id ? { entity, id } : null;
}

export const dynamics365Rule: CrmRule = {
  crm: 'dynamics365',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
