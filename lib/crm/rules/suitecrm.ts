import { canonicalGuid, GUID_PATTERN, hashBody, lowerParams } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * SuiteCRM 7 / SugarCRM CE 6.5 and SuiteCRM 8 (docs/crm-reference.md section 16). Self-hosted only.
 *
 * SuiteCRM 7: `index.php?module={Module}&action=DetailView&record={id}` in any parameter order
 * (R), optionally wrapped by the AJAX UI as `#ajaxUILoc=index.php%3Fmodule%3D…` (U). `EditView`
 * with a record is the record in edit mode (docs/crms.md); without a record it is a new form.
 * SuiteCRM 8: `/#/{module}/record/{id}` (R; `/detail/` seen in one integration, `/edit/{id}` is
 * the edit form). Ids are 36-character GUID-like strings (`create_guid()`).
 */
const BY_MODULE: Lookup<Entity> = {
  leads: 'lead',
  contacts: 'contact',
  accounts: 'account',
  opportunities: 'opportunity',
};

const RECORD_ACTIONS = new Set(['detailview', 'editview']);

/** Parses a SuiteCRM 7 style query (`module`, `action`, `record`); shared with SugarCRM's `#bwc/`. */
export function matchLegacyQuery(search: string): RuleMatch | null {
  const params = lowerParams(new URLSearchParams(search));
  const entity = BY_MODULE[(params.get('module') ?? '').toLowerCase()];
  if (!entity) return null;
  const action = (params.get('action') ?? '').toLowerCase();
  if (!RECORD_ACTIONS.has(action)) return null;
  const id = canonicalGuid(params.get('record'));
  if (!id) return null;
  return action === 'editview' ? { entity, id, edit: true } : { entity, id };
}

const SUITE8_HASH = new RegExp(
  `^/(leads|contacts|accounts|opportunities)/(record|detail|edit)/(${GUID_PATTERN})/?(?:\\?.*)?$`,
  'i',
);
const AJAX_UI = /^ajaxUILoc=(.*)$/;

function match(url: URL): RuleMatch | null {
  const hash = hashBody(url);
  const ajax = AJAX_UI.exec(hash)?.[1];
  if (ajax !== undefined) {
    // The inner value is `index.php?module=…`; hashBody already decoded it once.
    const query = ajax.includes('?') ? ajax.slice(ajax.indexOf('?') + 1) : '';
    return matchLegacyQuery(query);
  }
  const suite8 = SUITE8_HASH.exec(hash);
  if (suite8?.[1]) {
    const entity = BY_MODULE[suite8[1].toLowerCase()];
    const id = canonicalGuid(suite8[3]);
    if (!entity || !id) return null;
    return suite8.at(2)?.toLowerCase() === 'edit' ? { entity, id, edit: true } : { entity, id };
  }
  const path = url.pathname.toLowerCase();
  if (!path.endsWith('/index.php') && !path.endsWith('/')) return null;
  return matchLegacyQuery(url.search);
}

export const suitecrmRule: CrmRule = {
  crm: 'suitecrm',
  isHost: () => false,
  match,
};
