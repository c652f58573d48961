import { integerId, lowerParams } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * vtiger CRM (docs/crm-reference.md section 18). vtiger 7:
 * `index.php?module={Module}&view=Detail&record={id}[&app=…]` (R); vtiger 5:
 * `index.php?module=…&action=DetailView&record=…` (R). `view=Edit` with a record is the record in
 * edit mode (docs/crms.md); `view=List`, new forms and `parent=Settings` are near-misses.
 * `Potentials` are opportunities and `Accounts` are "Organizations". Self-hosted only.
 */
const BY_MODULE: Lookup<Entity> = {
  leads: 'lead',
  contacts: 'contact',
  accounts: 'account',
  potentials: 'opportunity',
};

function match(url: URL): RuleMatch | null {
  const path = url.pathname.toLowerCase();
  if (!path.endsWith('/index.php') && !path.endsWith('/')) return null;
  const params = lowerParams(url.searchParams);
  if ((params.get('parent') ?? '').toLowerCase() === 'settings') return null;
  const entity = BY_MODULE[(params.get('module') ?? '').toLowerCase()];
  if (!entity) return null;
  const view = (params.get('view') ?? '').toLowerCase();
  const action = (params.get('action') ?? '').toLowerCase();
  const isRecordPage =
    view === 'detail' || view === 'edit' || action === 'detailview' || action === 'editview';
  if (!isRecordPage) return null;
  const id = integerId(params.get('record'));
  if (!id) return null;
  return view === 'edit' || action === 'editview' ? { entity, id, edit: true } : { entity, id };
}

export const vtigerRule: CrmRule = {
  crm: 'vtiger',
  isHost: () => false,
  match,
};
