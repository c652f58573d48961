import type { CrmFieldConfig } from '../types';

/**
 * Self-hosted, open-source CRMs whose templates are public (docs/crm-reference.md sections 15–19).
 */

/** EspoCRM: `.field[data-name="{field}"]` wrappers (R: Playwright suites). */
const espo = (field: string): string => `.field[data-name="${field}"]`;
export const espocrmFields = (): CrmFieldConfig => ({
  selectors: {
    name: ['.header .header-title', espo('name')], // U / R
    firstName: [espo('firstName')],
    lastName: [espo('lastName')],
    email: [`${espo('emailAddress')} a[href^="mailto:"]`, espo('emailAddress')],
    phone: [`${espo('phoneNumber')} a[href^="tel:"]`, espo('phoneNumber')],
    company: [espo('accountName'), espo('account')],
    jobTitle: [espo('title')],
    stage: [espo('stage'), espo('status')],
    owner: [espo('assignedUser')],
  },
  fallback: false,
});

/**
 * SuiteCRM 7 (R: detail templates): `div.detail-view-field[field="{field}"]`, values in
 * `span.sugar_field#{field}`; the edit view's controls are named after their field inside
 * `form#EditView` (V: the EditView template). SuiteCRM 8 (R): `scrm-*-detail` components in
 * `.field-layout-col`, read through the generic fallback.
 *
 * The record name comes from the name element itself, never from the page heading as a whole:
 * on the edit view the heading is the name as a link followed by "»" and "Edit" (R: issue #15,
 * SuiteCRM 7.12), so the link is read; the bare heading is the last resort (U).
 */
const suite = (field: string): string[] => [
  `span.sugar_field#${field}`,
  `div.detail-view-field[field="${field}"]`,
  `form#EditView [name="${field}"]`,
];
export const suitecrmFields = (): CrmFieldConfig => ({
  selectors: {
    name: [
      '.moduleTitle h2 a[href*="record="]', // R: the edit view's heading link.
      ...suite('full_name'),
      ...suite('name'),
      '.moduleTitle h2', // U: the detail view's heading.
    ],
    firstName: suite('first_name'),
    lastName: suite('last_name'),
    email: [`div.detail-view-field[field="email1"] a[href^="mailto:"]`, ...suite('email1')],
    phone: [...suite('phone_work'), ...suite('phone_mobile'), ...suite('phone_office')],
    company: [...suite('account_name')],
    jobTitle: suite('title'),
    stage: [...suite('sales_stage'), ...suite('status')],
    owner: suite('assigned_user_name'),
  },
  fallback: [],
});

/** vtiger 7 (V: Smarty templates): `#{Module}_detailView_fieldValue_{field}` with `span.value`. */
const vt = (field: string): string => `[id$="_detailView_fieldValue_${field}"] .value`;
export const vtigerFields = (): CrmFieldConfig => ({
  selectors: {
    name: ['.recordLabel', vt('potentialname'), vt('accountname')], // U, V, V
    firstName: [vt('firstname')],
    lastName: [vt('lastname')],
    email: [vt('email')],
    phone: [vt('phone'), vt('mobile')],
    company: [vt('company'), vt('account_id'), vt('related_to')],
    jobTitle: [vt('designation'), vt('title')],
    stage: [vt('sales_stage'), vt('leadstatus')],
    owner: [vt('assigned_user_id')],
  },
  fallback: false,
});

/** Odoo (U: standard form markup): `.o_field_widget[name="{field}"]`, status bar stages. */
const odoo = (field: string): string[] => [
  `.o_form_view .o_field_widget[name="${field}"] input`,
  `.o_form_view .o_field_widget[name="${field}"]`,
];
export const odooFields = (): CrmFieldConfig => ({
  selectors: {
    name: odoo('name'),
    email: [...odoo('email_from'), ...odoo('email')],
    phone: [...odoo('phone'), ...odoo('mobile')],
    company: [...odoo('partner_name'), ...odoo('parent_id'), ...odoo('partner_id')],
    jobTitle: odoo('function'),
    stage: [
      '.o_statusbar_status button[aria-checked="true"]',
      '.o_statusbar_status .o_arrow_button_current',
    ],
    owner: odoo('user_id'),
  },
  fallback: false,
});

/** SugarCRM 7+ Sidecar (U): `.record-cell[data-name="{field}"]`, `[data-fieldname="{field}"]`. */
const sugar = (field: string): string[] => [
  `.record-cell[data-name="${field}"] .normal`,
  `.record-cell[data-name="${field}"]`,
  `[data-fieldname="${field}"]`,
];
export const sugarcrmFields = (): CrmFieldConfig => ({
  selectors: {
    name: ['.headerpane h1 .record-name', ...sugar('name'), ...sugar('full_name')],
    firstName: sugar('first_name'),
    lastName: sugar('last_name'),
    email: ['.record-cell[data-name="email"] a[href^="mailto:"]', ...sugar('email')],
    phone: [...sugar('phone_work'), ...sugar('phone_mobile'), ...sugar('phone_office')],
    company: [...sugar('account_name')],
    jobTitle: sugar('title'),
    stage: [...sugar('sales_stage'), ...sugar('status')],
    owner: sugar('assigned_user_name'),
  },
  fallback: false,
});

/** Copper (R: a page object checked against the live UI): inputs identified by placeholder. */
const copper = (placeholder: string): string => `input[placeholder="${placeholder}"]`;
export const copperFields = (): CrmFieldConfig => ({
  selectors: {
    name: [copper('Add Name')],
    email: [copper('Add Email')],
    phone: [copper('Add Phone')],
    company: [copper('Add Company')],
    jobTitle: [copper('Add Title')],
    owner: [copper('Add Owner')],
  },
  fallback: [],
});
