import type { CrmFieldConfig } from '../types';

/**
 * HubSpot (docs/crm-reference.md section 3, R: "HubSpot DOM Structure Guide", Dec 2024). Class names are
 * styled-components hashes, so only `data-test-id` / `data-selenium-test` hooks are used. The
 * guide reads property values by label; the generic label/value fallback does that, scoped to
 * the left sidebar. The `property-input-{name}` hook is U (general knowledge of HubSpot's test
 * ids; internal property names are R).
 */
const SIDEBAR = '[data-test-id="left-sidebar"]';
const property = (name: string): string =>
  `${SIDEBAR} [data-selenium-test="property-input-${name}"]`;

export const hubspotFields = (): CrmFieldConfig => ({
  selectors: {
    name: [
      `${SIDEBAR} [data-selenium-test="highlightTitle"]`, // U
      `${SIDEBAR} h1`, // R: the highlight card's heading sits in the left sidebar.
    ],
    firstName: [property('firstname')],
    lastName: [property('lastname')],
    email: [property('email'), `${SIDEBAR} a[href^="mailto:"]`], // R: sidebar holds the email.
    phone: [property('phone'), `${SIDEBAR} a[href^="tel:"]`],
    company: [property('company'), property('name')],
    jobTitle: [property('jobtitle')],
    stage: [property('dealstage'), property('hs_lead_status'), property('lifecyclestage')],
    owner: [property('hubspot_owner_id')],
  },
  fallback: [SIDEBAR, '[data-selenium-test="highlightedPropertySidebar"]'],
});
