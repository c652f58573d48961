import { hashBody, integerId } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Odoo CRM (docs/crm-reference.md section 17). Odoo ≤17 routes through the hash,
 * `/web#id={id}&model=crm.lead&view_type=form` with parameters in any order (R). Odoo 18+ uses
 * paths: `/odoo/crm/{id}`, `/odoo/crm.lead/{id}`, `/odoo/contacts/{id}`, `/odoo/res.partner/{id}`,
 * `/odoo/action-{xmlid}/{id}` (R). `crm.lead` is both lead and opportunity; we default to
 * opportunity (the pipeline) and use lead only for the Leads action (U). `res.partner` maps to
 * contact (companies are partners too; the URL cannot tell). Hosts: `{db}.odoo.com` or user-added.
 */
const HOST = /^(?!(?:www|apps|accounts|upgrade|runbot|odoo)\.)[a-z0-9][a-z0-9-]*\.odoo\.com$/;

const BY_MODEL: Lookup<Entity> = {
  'crm.lead': 'opportunity',
  'res.partner': 'contact',
};

/** Odoo 18 path segments before the id. */
const BY_SEGMENT: Lookup<Entity> = {
  crm: 'opportunity',
  'crm.lead': 'opportunity',
  contacts: 'contact',
  'res.partner': 'contact',
  'action-crm.crm_lead_action_pipeline': 'opportunity',
  'action-crm.crm_lead_all_leads': 'lead',
  'action-contacts.action_contacts': 'contact',
};

const PATH_18 = /^\/odoo\/([a-z0-9_.-]+)\/(\d{1,12})\/?$/;

function matchHash(url: URL): RuleMatch | null {
  const params = new URLSearchParams(hashBody(url));
  const model = params.get('model');
  const entity = model === null ? undefined : BY_MODEL[model];
  if (!entity) return null;
  const viewType = params.get('view_type');
  // A list/kanban view can keep a stale `id`; only the form view is a record page.
  if (viewType !== null && viewType !== 'form') return null;
  const id = integerId(params.get('id'), 12);
  if (!id) return null;
  const action = params.get('action') ?? '';
  return {
    entity: model === 'crm.lead' && action.endsWith('crm_lead_all_leads') ? 'lead' : entity,
    id,
  };
}

function match(url: URL): RuleMatch | null {
  const path = PATH_18.exec(url.pathname);
  if (path?.[1] && path[2]) {
    const entity = BY_SEGMENT[path[1]];
    return entity ? { entity, id: path[2] } : null;
  }
  if (url.pathname !== '/web' && url.pathname !== '/web/') return null;
  return matchHash(url);
}

export const odooRule: CrmRule = {
  crm: 'odoo',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
