import type { CrmFieldConfig } from '../types';

/**
 * Salesforce Lightning (docs/crm-reference.md section 2, R: Playwright/Selenium suites and extensions).
 * Field wrappers carry `data-target-selection-name="sfdc:RecordField.{Object}.{Field}"`; the
 * object is not known here, so the selectors match on the field suffix. Layout items carry the
 * label on the host (`records-record-layout-item[field-label=…]`) and render the value in their
 * (open) shadow root, hence the `>>>` steps. Values render as `lightning-formatted-*`.
 * Salesforce's synthetic shadow only hides nodes from page-world code; native DOM calls from the
 * isolated world see them, so plain descendant selectors are listed first (U).
 */
const byField = (field: string, value: string): string =>
  `[data-target-selection-name$=".${field}"] ${value}`;
const byLabel = (label: string, value: string): string =>
  `records-record-layout-item[field-label="${label}"] >>> ${value}`;
/** Lookup values render as a hoverable link (R) or, in older layouts, a `force-lookup` link (R). */
const LOOKUPS = ['records-hoverable-link', 'force-lookup a'] as const;
const lookupByField = (field: string): string[] => LOOKUPS.map((value) => byField(field, value));
const lookupByLabel = (label: string): string[] => LOOKUPS.map((value) => byLabel(label, value));

const TEXT = 'lightning-formatted-text';

export const salesforceFields = (): CrmFieldConfig => ({
  selectors: {
    name: [
      'records-highlights2 lightning-formatted-name', // R
      'records-highlights2 h1 lightning-formatted-text', // R: accounts/opportunities.
      'records-highlights2 >>> lightning-formatted-name', // R, native shadow variant.
      'h1.slds-page-header__title', // R: older header.
      byField('Name', 'lightning-formatted-name'),
    ],
    email: [
      byField('Email', 'lightning-formatted-email a'), // R
      byLabel('Email', 'lightning-formatted-email a'), // R
    ],
    phone: [
      byField('Phone', 'lightning-formatted-phone a'), // R
      byLabel('Phone', 'lightning-formatted-phone a'),
      byField('MobilePhone', 'lightning-formatted-phone a'),
      byLabel('Mobile', 'lightning-formatted-phone a'),
    ],
    company: [
      byField('Company', TEXT), // R: Lead.Company.
      byLabel('Company', TEXT),
      ...lookupByField('AccountId'), // R: contact/opportunity account lookup.
      ...lookupByLabel('Account Name'),
    ],
    jobTitle: [byField('Title', TEXT), byLabel('Title', TEXT)], // R
    stage: [
      byField('StageName', TEXT), // R: Opportunity.StageName.
      byLabel('Stage', TEXT),
      byField('Status', TEXT), // R: Lead.Status.
      byLabel('Lead Status', TEXT),
    ],
    owner: [
      ...lookupByField('OwnerId'), // R
      ...lookupByLabel('Lead Owner'),
      ...lookupByLabel('Contact Owner'),
      ...lookupByLabel('Account Owner'),
      ...lookupByLabel('Opportunity Owner'),
    ],
  },
  shadow: true,
  fallback: false,
});
