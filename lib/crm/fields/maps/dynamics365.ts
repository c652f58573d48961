import type { CrmFieldConfig } from '../types';

/**
 * Dynamics 365 Unified Interface (docs/crm-reference.md section 1). The `data-id` patterns are V
 * (EasyRepro `AppElementReference.cs`): `{field}.fieldControl-text-box-text` inputs hold the value
 * in `value`/`title` (title: R), lookups render a `…_selected_tag` element, and `header_{field}`
 * prefixes the header copy. The column logical names are U (Dataverse defaults; orgs customise
 * forms). Mail/phone control suffixes are U.
 */
const text = (field: string): string => `input[data-id="${field}.fieldControl-text-box-text"]`;
const lookup = (field: string): string[] => [
  // The name text inside the selected tag, then the tag itself (V pattern).
  `[data-id*="${field}.fieldControl-LookupResultsDropdown_${field}_selected_tag_text"]`,
  `[data-id*="${field}.fieldControl-LookupResultsDropdown_${field}_selected_tag"]`,
];

export const dynamics365Fields = (): CrmFieldConfig => ({
  selectors: {
    name: [
      // V: record title. Its text can carry a " - Saved" suffix, so its `title` comes first (U).
      '[data-id="header_title"] @title',
      '[data-id="header_title"]',
      text('fullname'), // U: contact/lead composite name when shown as a text box.
      text('name'), // U: account and opportunity primary column.
    ],
    firstName: [text('firstname'), text('fullname_compositionLinkControl_firstname')], // U
    lastName: [text('lastname'), text('fullname_compositionLinkControl_lastname')], // U
    email: [
      'input[data-id="emailaddress1.fieldControl-mail-text-input"]', // U: mail control.
      text('emailaddress1'), // V pattern, U column.
    ],
    phone: [
      'input[data-id="telephone1.fieldControl-phone-text-input"]', // U: phone control.
      text('telephone1'), // V pattern, U column.
      'input[data-id="mobilephone.fieldControl-phone-text-input"]', // U
      text('mobilephone'),
    ],
    company: [
      text('companyname'), // U: lead.
      ...lookup('parentcustomerid'), // U: contact's account.
      ...lookup('parentaccountid'), // U: opportunity's account.
    ],
    jobTitle: [text('jobtitle')], // U
    stage: [
      // Opportunity business-process stage first, then status reason (V selector shapes).
      'select[data-id="salesstage.fieldControl-option-set-select"]',
      text('stepname'),
      'span[id*="statuscode.fieldControl-pickliststatus-comboBox_text-value"]',
      'select[data-id="header_statuscode.fieldControl-option-set-select"]',
      'select[data-id="statuscode.fieldControl-option-set-select"]',
    ],
    owner: lookup('ownerid'), // V pattern (header copy and body share the suffix).
  },
  fallback: false,
});
