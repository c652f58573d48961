/**
 * The sample record the properties pane previews templates on (issue #16, item 3), and the
 * merge fields it offers to insert. The keys are the record fields Upnext captures on every CRM
 * (`docs/sequence-format.md`, Templates); a template may also use any custom field key.
 */
import type { Entity } from '../sequence/types';

export interface MergeField {
  key: string;
  label: string;
}

export const MERGE_FIELDS: readonly MergeField[] = [
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'name', label: 'Full name' },
  { key: 'company', label: 'Company' },
  { key: 'jobTitle', label: 'Job title' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'stage', label: 'Stage' },
  { key: 'owner', label: 'Owner' },
  { key: 'seller.name', label: 'Your name' },
];

const PERSON = {
  firstName: 'Maria',
  lastName: 'Campbell',
  name: 'Maria Campbell',
  company: 'Fourth Coffee',
  jobTitle: 'Head of Operations',
  email: 'maria.campbell@fourthcoffee.example',
  phone: '+1 425 555 0114',
};

/** A believable record of each type (Dynamics 365's own sample names). */
export const SAMPLE_RECORDS: Record<Entity, Record<string, string>> = {
  lead: { ...PERSON, stage: 'Qualify' },
  contact: { ...PERSON, stage: 'Customer' },
  account: {
    name: 'Fourth Coffee',
    company: 'Fourth Coffee',
    email: 'info@fourthcoffee.example',
    phone: '+1 425 555 0100',
    stage: 'Renewal',
  },
  opportunity: {
    ...PERSON,
    name: 'Fourth Coffee: 40 espresso machines',
    stage: 'Develop',
  },
};

/** The sample seller when the settings have no name yet. */
export const SAMPLE_SELLER = 'Alex Wu';
