import { hashBody, integerId } from './ids';
import type { CrmRule, Entity, Lookup, RuleMatch } from './types';

/**
 * Odoo CRM (docs/crm-reference.md section 17). Odoo ≤17 routes through the hash,
 * `/web#id={id}&model=crm.lead&view_type=form` with parameters in any order (R). Odoo 17.2+ / 18
 * uses paths: `/odoo/crm/{id}`, `/odoo/crm.lead/{id}`, `/odoo/contacts/{id}`,
 * `/odoo/res.partner/{id}`, `/odoo/action-{xmlid}/{id}` (R), and puts the whole breadcrumb in the
 * path: `/odoo/crm/42/res.partner/7` is contact 7 opened from opportunity 42 (R: issue #15, seen on
 * a live install). The form on screen is the last `{model or action}/{id}` pair; a stack that ends
 * on a list, a new form or a model Upnext does not know is not a record page.
 * `crm.lead` is both lead and opportunity; we default to
 * opportunity (the pipeline) and use lead only for the Leads action (U). `res.partner` maps to
 * contact (companies are partners too; the URL cannot tell). Hosts: `{db}.odoo.com` or user-added.
 */
const HOST = /^(?!(?:www|apps|accounts|upgrade|runbot|odoo)\.)[a-z0-9][a-z0-9-]*\.odoo\.com$/;

const BY_MODEL: Lookup<Entity> = {
  'crm.lead': 'opportunity',
  'res.partner': 'contact',
};

/** Path segments (a model or an action) before an id. */
const BY_SEGMENT: Lookup<Entity> = {
  crm: 'opportunity',
  'crm.lead': 'opportunity',
  contacts: 'contact',
  'res.partner': 'contact',
  'action-crm.crm_lead_action_pipeline': 'opportunity',
  'action-crm.crm_lead_all_leads': 'lead',
  'action-contacts.action_contacts': 'contact',
};

/** `/odoo/` then one or more `{model or action}/{id or "new"}` pairs, e.g. `/odoo/crm/42/res.partner/7`. */
const PATH_STACK = /^\/odoo((?:\/[a-z0-9_.-]+\/(?:\d{1,12}|new))+)\/?$/;
/** The last pair of the stack. */
const LAST_PAIR = /\/([a-z0-9_.-]+)\/(\d{1,12}|new)$/;

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

function matchPath(stack: string): RuleMatch | null {
  const last = LAST_PAIR.exec(stack);
  const segment = last?.[1];
  const id = last?.[2];
  if (segment === undefined || id === undefined || id === 'new') return null;
  const entity = BY_SEGMENT[segment];
  return entity ? { entity, id } : null;
}

function match(url: URL): RuleMatch | null {
  const stack = PATH_STACK.exec(url.pathname)?.[1];
  if (stack !== undefined) return matchPath(stack);
  if (url.pathname.startsWith('/odoo/')) return null;
  if (url.pathname !== '/web' && url.pathname !== '/web/') return null;
  return matchHash(url);
}

export const odooRule: CrmRule = {
  crm: 'odoo',
  isHost: (hostname) => HOST.test(hostname),
  match,
};
