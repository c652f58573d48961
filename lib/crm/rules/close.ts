import type { CrmRule, RuleMatch } from './types';

/**
 * Close (docs/crm-reference.md section 7). `app.close.com/lead/{lead_…}/` (R). Close's "Lead" is the
 * company-level record, mapped to `lead`. `/contact/{cont_…}/` appears as a link template in one
 * source (R, single source) and is mapped to `contact`. Smart views under `/leads/…` are lists.
 */
const LEAD = /^\/lead\/(lead_[A-Za-z0-9]{20,60})\/?$/;
const CONTACT = /^\/contact\/(cont_[A-Za-z0-9]{20,60})\/?$/;

function match(url: URL): RuleMatch | null {
  const lead = LEAD.exec(url.pathname)?.[1];
  if (lead) return { entity: 'lead', id: lead };
  const contact = CONTACT.exec(url.pathname)?.[1];
  return contact ? { entity: 'contact', id: contact } : null;
}

export const closeRule: CrmRule = {
  crm: 'close',
  isHost: (hostname) => hostname === 'app.close.com',
  match,
};
