import type { CrmFieldConfig } from '../types';

/**
 * Zoho CRM (docs/crm-reference.md section 5). `data-zcqa="value_{Field_API_Name}"` is a likely pattern
 * (U) extrapolated from the R examples `rec_Last_Name` and `value_MailingStreet`; the older UI's
 * `#value_{FIELD}` ids are R (`#value_ACCOUNTNAME`). Field API names are R.
 */
const zcqa = (field: string): string => `[data-zcqa="value_${field}"]`;

export const zohoFields = (): CrmFieldConfig => ({
  selectors: {
    name: [
      '[data-zcqa="rec_Full_Name"]', // U, by analogy with rec_Last_Name.
      '[data-zcqa="rec_Deal_Name"]', // U
      '[data-zcqa="rec_Account_Name"]', // U
      zcqa('Deal_Name'),
      zcqa('Account_Name'),
    ],
    firstName: [zcqa('First_Name'), '#value_FIRSTNAME'],
    lastName: ['[data-zcqa="rec_Last_Name"]', zcqa('Last_Name'), '#value_LASTNAME'], // R, U, U
    email: [`${zcqa('Email')} a[href^="mailto:"]`, zcqa('Email'), '#value_EMAIL'],
    phone: [`${zcqa('Phone')} a[href^="tel:"]`, zcqa('Phone'), zcqa('Mobile'), '#value_PHONE'],
    company: [zcqa('Company'), zcqa('Account_Name'), '#value_ACCOUNTNAME', '#value_COMPANY'],
    jobTitle: [zcqa('Designation'), zcqa('Title'), '#value_DESIGNATION'],
    stage: [zcqa('Stage'), zcqa('Lead_Status'), '#value_LEADSTATUS'],
    owner: [zcqa('Owner'), '#value_SMOWNERID'],
  },
  fallback: false,
});
