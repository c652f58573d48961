import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ENTITIES, type CrmDefinition } from '../sequence/types';
import { detectRecord, detectRecordPage, matchCustomCrm } from './detect';
import { CRM_IDS } from '../sequence/types';

type Hit = [url: string, crm: string, entity: string, id: string];

const GUID = '91330924-802a-4b0d-a900-34fd9d790829';
const GUID_UPPER = GUID.toUpperCase();
const DYN = 'https://contoso.crm.dynamics.com/main.aspx';
const SF = 'https://acme.lightning.force.com';
const SF_LEAD_15 = '00Q5e00000AbCdE';
const SF_LEAD_18 = '00Q5e00000AbCdEEAV';
const SF_CONTACT_15 = '0036000000QKv5T';
const SF_CONTACT_18 = '0036000000QKv5TAAT'; // The reference's worked example.
const SF_ACCOUNT_15 = '001Dn00000XyZ12';
const SF_ACCOUNT_18 = '001Dn00000XyZ12IAF';
const SF_OPP_15 = '006Dn000004mNoP';
const SF_OPP_18 = '006Dn000004mNoPIAU';
const HS = 'https://app.hubspot.com/contacts/4412345';
const UUID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const ESPO_ID = '689e2a6c4ba9003ba';
const SUITE_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const hits: Record<string, Hit[]> = {
  dynamics365: [
    [`${DYN}?appid=${GUID}&pagetype=entityrecord&etn=lead&id=${GUID}`, 'dynamics365', 'lead', GUID],
    [
      `${DYN}?etn=contact&id=%7B${GUID_UPPER}%7D&pagetype=entityrecord`,
      'dynamics365',
      'contact',
      GUID,
    ],
    [
      `${DYN}?id={${GUID}}&etn=account&pagetype=EntityRecord&forceUCI=1`,
      'dynamics365',
      'account',
      GUID,
    ],
    [
      `https://org.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=${GUID}`,
      'dynamics365',
      'opportunity',
      GUID,
    ],
    [
      `https://org.crm11.dynamics.com/main.aspx?pageType=entityrecord&ETN=lead&ID=${GUID}`,
      'dynamics365',
      'lead',
      GUID,
    ],
    [
      `https://org.crm21.dynamics.com/main.aspx?appname=Sales&pagetype=entityrecord&etn=contact&id=${GUID}`,
      'dynamics365',
      'contact',
      GUID,
    ],
    // Legacy web client: `etc` type codes and lower-case `%7b`.
    [
      `https://org.crm.dynamics.com/main.aspx?etc=4&id=%7b${GUID}%7d&pagetype=entityrecord`,
      'dynamics365',
      'lead',
      GUID,
    ],
    [
      `https://org.crm.dynamics.com/main.aspx?etc=1&pagetype=entityrecord&id=${GUID}`,
      'dynamics365',
      'account',
      GUID,
    ],
    [
      `https://org.crm.dynamics.com/main.aspx?etc=3&etn=opportunity&pagetype=entityrecord&id=${GUID}`,
      'dynamics365',
      'opportunity',
      GUID,
    ],
    [
      `https://org.crm.dynamics.com/Main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}#section`,
      'dynamics365',
      'lead',
      GUID,
    ],
  ],
  salesforce: [
    [`${SF}/lightning/r/Lead/${SF_LEAD_15}/view`, 'salesforce', 'lead', SF_LEAD_18],
    [`${SF}/lightning/r/Contact/${SF_CONTACT_18}/view`, 'salesforce', 'contact', SF_CONTACT_18],
    [`${SF}/lightning/r/Account/${SF_ACCOUNT_15}/view/`, 'salesforce', 'account', SF_ACCOUNT_18],
    [
      `${SF}/lightning/r/Opportunity/${SF_OPP_18}/view?ws=%2Flightning%2Fr%2FAccount%2F${SF_ACCOUNT_18}%2Fview`,
      'salesforce',
      'opportunity',
      SF_OPP_18,
    ],
    // Object omitted: the key prefix decides (U).
    [`${SF}/lightning/r/${SF_LEAD_18}/view`, 'salesforce', 'lead', SF_LEAD_18],
    [`${SF}/lightning/r/${SF_OPP_15}/view`, 'salesforce', 'opportunity', SF_OPP_18],
    // Edit of an existing record counts as that record (docs/crms.md).
    [`${SF}/lightning/r/Lead/${SF_LEAD_18}/edit`, 'salesforce', 'lead', SF_LEAD_18],
    // Sandbox and other partitions.
    [
      `https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/${SF_CONTACT_15}/view`,
      'salesforce',
      'contact',
      SF_CONTACT_18,
    ],
    [
      `https://acme-dev-ed.develop.lightning.force.com/lightning/r/Account/${SF_ACCOUNT_18}/view`,
      'salesforce',
      'account',
      SF_ACCOUNT_18,
    ],
    // An 18-character id whose case was lost is repaired from its checksum.
    [
      `${SF}/lightning/r/Contact/${SF_CONTACT_18.toLowerCase()}/view`,
      'salesforce',
      'contact',
      SF_CONTACT_18,
    ],
    // Pre-2018 Lightning.
    [
      `https://acme.my.salesforce.com/one/one.app#/sObject/${SF_LEAD_15}/view`,
      'salesforce',
      'lead',
      SF_LEAD_18,
    ],
    [`${SF}/one/one.app#/sObject/${SF_OPP_18}/view?fv0=x`, 'salesforce', 'opportunity', SF_OPP_18],
    // Classic.
    [`https://acme.my.salesforce.com/${SF_CONTACT_15}`, 'salesforce', 'contact', SF_CONTACT_18],
    [
      `https://acme--uat.sandbox.my.salesforce.com/${SF_ACCOUNT_18}?srPos=0&srKp=001`,
      'salesforce',
      'account',
      SF_ACCOUNT_18,
    ],
  ],
  hubspot: [
    [`${HS}/record/0-1/879829962968`, 'hubspot', 'contact', '879829962968'],
    [`${HS}/record/0-2/434381295294/`, 'hubspot', 'account', '434381295294'],
    [
      `${HS}/record/0-3/12345678901?eschref=%2Fcontacts%2F4412345%2Fobjects%2F0-3`,
      'hubspot',
      'opportunity',
      '12345678901',
    ],
    [`${HS}/record/0-136/555666777`, 'hubspot', 'lead', '555666777'],
    [`https://app-eu1.hubspot.com/contacts/25123456/record/0-1/101`, 'hubspot', 'contact', '101'],
    [
      `https://app-na2.hubspot.com/contacts/25123456/record/0-3/202`,
      'hubspot',
      'opportunity',
      '202',
    ],
    [`${HS}/contact/51`, 'hubspot', 'contact', '51'],
    [`${HS}/company/52/`, 'hubspot', 'account', '52'],
    [`${HS}/deal/53`, 'hubspot', 'opportunity', '53'],
  ],
  pipedrive: [
    ['https://acme.pipedrive.com/person/42', 'pipedrive', 'contact', '42'],
    ['https://acme.pipedrive.com/organization/7/', 'pipedrive', 'account', '7'],
    ['https://app.pipedrive.com/deal/1234?tab=notes', 'pipedrive', 'opportunity', '1234'],
    [`https://acme.pipedrive.com/leads/inbox/${UUID.toUpperCase()}`, 'pipedrive', 'lead', UUID],
    [`https://acme.pipedrive.com/leads/archived/${UUID}/`, 'pipedrive', 'lead', UUID],
  ],
  zoho: [
    [
      'https://crm.zoho.com/crm/org60012345/tab/Leads/955332000006926001',
      'zoho',
      'lead',
      '955332000006926001',
    ],
    [
      'https://crm.zoho.eu/crm/org20012345678/tab/Contacts/1418411000000553001/',
      'zoho',
      'contact',
      '1418411000000553001',
    ],
    [
      'https://crm.zoho.in/crm/tab/Accounts/1418411000000553002',
      'zoho',
      'account',
      '1418411000000553002',
    ],
    [
      'https://crm.zoho.com.au/crm/org7001/tab/Potentials/1418411000000553003?sub_module=',
      'zoho',
      'opportunity',
      '1418411000000553003',
    ],
    [
      'https://crm.zohocloud.ca/crm/org7001/tab/Deals/1418411000000553004',
      'zoho',
      'opportunity',
      '1418411000000553004',
    ],
    [
      'https://crm.zoho.jp/crm/org7001/tab/Leads/955332000006926001/edit',
      'zoho',
      'lead',
      '955332000006926001',
    ],
  ],
  freshsales: [
    [
      'https://acme.myfreshworks.com/crm/sales/contacts/402033369233',
      'freshsales',
      'contact',
      '402033369233',
    ],
    [
      'https://acme.myfreshworks.com/crm/sales/accounts/5022967942/',
      'freshsales',
      'account',
      '5022967942',
    ],
    ['https://acme.myfreshworks.com/crm/sales/deals/77', 'freshsales', 'opportunity', '77'],
    ['https://acme.freshsales.io/leads/88', 'freshsales', 'lead', '88'],
    ['https://acme.freshsales.io/sales_accounts/99', 'freshsales', 'account', '99'],
  ],
  close: [
    [
      'https://app.close.com/lead/lead_4pOgd1ryVX0QzvBYYGQyJ8PzMvJEnb9sjuD7m47Ydo3/',
      'close',
      'lead',
      'lead_4pOgd1ryVX0QzvBYYGQyJ8PzMvJEnb9sjuD7m47Ydo3',
    ],
    [
      'https://app.close.com/lead/lead_abcdefghijklmnopqrstuv',
      'close',
      'lead',
      'lead_abcdefghijklmnopqrstuv',
    ],
    [
      'https://app.close.com/contact/cont_abcdefghijklmnopqrstuv/',
      'close',
      'contact',
      'cont_abcdefghijklmnopqrstuv',
    ],
  ],
  copper: [
    ['https://app.copper.com/companies/123456/app#/contact/987654', 'copper', 'contact', '987654'],
    ['https://app.copper.com/companies/123456/app#/people/987655', 'copper', 'contact', '987655'],
    ['https://app.copper.com/companies/123456/app#/organization/55', 'copper', 'account', '55'],
    [
      'https://app.copper.com/companies/123456/app#/deal/66?tab=activity',
      'copper',
      'opportunity',
      '66',
    ],
    ['https://app.copper.com/companies/123456/app#/lead/77/', 'copper', 'lead', '77'],
  ],
  attio: [
    [`https://app.attio.com/salarya/person/${UUID}`, 'attio', 'contact', UUID],
    [
      `https://app.attio.com/salarya/person/${UUID.toUpperCase()}/overview`,
      'attio',
      'contact',
      UUID,
    ],
    [`https://app.attio.com/acme/company/${UUID}/`, 'attio', 'account', UUID],
    [`https://app.attio.com/acme/deals/record/${UUID}/overview`, 'attio', 'opportunity', UUID],
  ],
  insightly: [
    ['https://crm.na1.insightly.com/details/Contact/301', 'insightly', 'contact', '301'],
    ['https://crm.na1.insightly.com/details/Lead/302/', 'insightly', 'lead', '302'],
    ['https://crm.eu1.insightly.com/details/leads/303', 'insightly', 'lead', '303'],
    ['https://crm.na1.insightly.com/details/Opportunity/304', 'insightly', 'opportunity', '304'],
    ['https://crm.na1.insightly.com/details/Organisation/305', 'insightly', 'account', '305'],
  ],
  twenty: [
    [`https://app.twenty.com/object/person/${UUID}`, 'twenty', 'contact', UUID],
    [`https://acme.twenty.com/object/company/${UUID}/`, 'twenty', 'account', UUID],
    [
      `https://app.twenty.com/object/opportunity/${UUID.toUpperCase()}`,
      'twenty',
      'opportunity',
      UUID,
    ],
  ],
  sugarcrm: [
    [`https://acme.sugarondemand.com/#Leads/${SUITE_ID}`, 'sugarcrm', 'lead', SUITE_ID],
    [`https://acme.sugarondemand.com/#Contacts/${SUITE_ID}`, 'sugarcrm', 'contact', SUITE_ID],
    [
      `https://acme.sugarondemand.com/#Accounts/${SUITE_ID.toUpperCase()}/edit`,
      'sugarcrm',
      'account',
      SUITE_ID,
    ],
    [
      `https://acme.sugarondemand.com/#Opportunities/${SUITE_ID}`,
      'sugarcrm',
      'opportunity',
      SUITE_ID,
    ],
    [
      `https://acme.sugarondemand.com/#bwc/index.php?module=Leads&action=DetailView&record=${SUITE_ID}`,
      'sugarcrm',
      'lead',
      SUITE_ID,
    ],
  ],
  odoo: [
    ['https://acme.odoo.com/web#id=42&model=crm.lead&view_type=form', 'odoo', 'opportunity', '42'],
    [
      'https://acme.odoo.com/web#cids=1&menu_id=120&action=180&model=crm.lead&view_type=form&id=43',
      'odoo',
      'opportunity',
      '43',
    ],
    ['https://acme.odoo.com/web#id=44&model=res.partner&view_type=form', 'odoo', 'contact', '44'],
    ['https://acme.odoo.com/odoo/crm/45', 'odoo', 'opportunity', '45'],
    ['https://acme.odoo.com/odoo/crm.lead/46/', 'odoo', 'opportunity', '46'],
    ['https://acme.odoo.com/odoo/contacts/47', 'odoo', 'contact', '47'],
    ['https://acme.odoo.com/odoo/res.partner/48', 'odoo', 'contact', '48'],
    ['https://acme.odoo.com/odoo/action-crm.crm_lead_all_leads/49', 'odoo', 'lead', '49'],
  ],
};

/** Self-hosted CRMs: only on their user-added instance origins. */
const instances = [
  { origin: 'https://crm.contoso.local', crm: 'dynamics365' },
  { origin: 'https://espo.example.org', crm: 'espocrm' },
  { origin: 'http://suite.example.org:8080', crm: 'suitecrm' },
  { origin: 'https://suite8.example.org', crm: 'suitecrm' },
  { origin: 'https://vt.example.org/', crm: 'vtiger' },
  { origin: 'https://ODOO.example.org', crm: 'odoo' },
  { origin: 'https://twenty.example.org', crm: 'twenty' },
  { origin: 'https://sf.example.org', crm: 'salesforce' },
  // A legacy Salesforce instance host: not built in (it redirects to the org's My Domain), but an
  // org that still uses one adds it.
  { origin: 'https://na85.salesforce.com', crm: 'salesforce' },
  { origin: 'https://cs42.salesforce.com', crm: 'salesforce' },
  // A HubSpot data centre newer than the built-in list.
  { origin: 'https://app-eu9.hubspot.com', crm: 'hubspot' },
  { origin: 'not a url', crm: 'espocrm' },
  { origin: 'https://unknown.example.org', crm: 'monday' },
];

const instanceHits: Hit[] = [
  [
    `https://crm.contoso.local/Contoso/main.aspx?etn=account&pagetype=entityrecord&id=%7B${GUID_UPPER}%7D`,
    'dynamics365',
    'account',
    GUID,
  ],
  [
    `https://crm.contoso.local/main.aspx?etc=2&pagetype=entityrecord&id=${GUID}`,
    'dynamics365',
    'contact',
    GUID,
  ],
  [`https://espo.example.org/#Lead/view/${ESPO_ID}`, 'espocrm', 'lead', ESPO_ID],
  [`https://espo.example.org/crm/#Contact/view/${ESPO_ID}`, 'espocrm', 'contact', ESPO_ID],
  [`https://espo.example.org/#Account/edit/${ESPO_ID}`, 'espocrm', 'account', ESPO_ID],
  [`https://espo.example.org/#Opportunity/view/${UUID}`, 'espocrm', 'opportunity', UUID],
  [
    `http://suite.example.org:8080/index.php?module=Leads&action=DetailView&record=${SUITE_ID}`,
    'suitecrm',
    'lead',
    SUITE_ID,
  ],
  [
    `http://suite.example.org:8080/index.php?record=${SUITE_ID}&return_module=Contacts&action=DetailView&module=Contacts`,
    'suitecrm',
    'contact',
    SUITE_ID,
  ],
  [
    `http://suite.example.org:8080/suitecrm/index.php?module=Accounts&action=EditView&record=${SUITE_ID}`,
    'suitecrm',
    'account',
    SUITE_ID,
  ],
  [
    `http://suite.example.org:8080/index.php?action=ajaxui#ajaxUILoc=index.php%3Fmodule%3DOpportunities%26action%3DDetailView%26record%3D${SUITE_ID}`,
    'suitecrm',
    'opportunity',
    SUITE_ID,
  ],
  [`https://suite8.example.org/#/leads/record/${SUITE_ID}`, 'suitecrm', 'lead', SUITE_ID],
  [
    `https://suite8.example.org/#/contacts/detail/${SUITE_ID}?offset=1&stamp=123`,
    'suitecrm',
    'contact',
    SUITE_ID,
  ],
  [
    `https://suite8.example.org/public/#/opportunities/record/${SUITE_ID}`,
    'suitecrm',
    'opportunity',
    SUITE_ID,
  ],
  [
    'https://vt.example.org/index.php?module=Leads&view=Detail&record=12&app=MARKETING',
    'vtiger',
    'lead',
    '12',
  ],
  [
    'https://vt.example.org/index.php?record=13&view=Detail&module=Potentials&app=SALES',
    'vtiger',
    'opportunity',
    '13',
  ],
  [
    'https://vt.example.org/index.php?module=Accounts&action=DetailView&record=2&parenttab=Sales',
    'vtiger',
    'account',
    '2',
  ],
  [
    'https://vt.example.org/vtigercrm/index.php?module=Contacts&view=Edit&record=14',
    'vtiger',
    'contact',
    '14',
  ],
  ['https://odoo.example.org/web#id=42&model=crm.lead&view_type=form', 'odoo', 'opportunity', '42'],
  ['https://odoo.example.org/odoo/contacts/7', 'odoo', 'contact', '7'],
  [`https://twenty.example.org/object/person/${UUID}`, 'twenty', 'contact', UUID],
  [`https://sf.example.org/lightning/r/Lead/${SF_LEAD_15}/view`, 'salesforce', 'lead', SF_LEAD_18],
  [`https://na85.salesforce.com/${SF_LEAD_15}/`, 'salesforce', 'lead', SF_LEAD_18],
  [
    `https://cs42.salesforce.com/${SF_OPP_15}/e?retURL=%2F${SF_OPP_15}`,
    'salesforce',
    'opportunity',
    SF_OPP_18,
  ],
  ['https://app-eu9.hubspot.com/contacts/25123456/record/0-1/101', 'hubspot', 'contact', '101'],
];

const nearMisses: Record<string, string[]> = {
  dynamics365: [
    `${DYN}?pagetype=entityrecord&etn=account`, // New form.
    `${DYN}?pagetype=entitylist&etn=opportunity&viewid=${GUID}&viewtype=1039`, // List.
    `${DYN}?pagetype=dashboard&id=${GUID}`, // Dashboard.
    `${DYN}?pagetype=entityrecord&etn=incident&id=${GUID}`, // Case.
    `${DYN}?pagetype=entityrecord&etn=new_project&id=${GUID}`, // Custom entity.
    `${DYN}?pagetype=entityrecord&etn=lead&etc=2&id=${GUID}`, // Parameters disagree.
    `${DYN}?pagetype=entityrecord&etc=112&id=${GUID}`, // Unknown type code (incident).
    `${DYN}?pagetype=entityrecord&etn=lead&id=not-a-guid`,
    `${DYN}?pagetype=webresource&webresource=new_/page.html`,
    `https://contoso.crm.dynamics.com/api/data/v9.2/leads(${GUID})`,
    `https://crm.dynamics.com.evil.com/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`,
    `https://contoso.crm22.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`,
    `https://contoso.crm1.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`,
    `http://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`,
    `https://evil.com/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`, // Not an instance.
  ],
  salesforce: [
    `${SF}/lightning/o/Lead/list?filterName=Recent`,
    `${SF}/lightning/o/Lead/new`,
    `${SF}/lightning/o/Task/new`,
    `${SF}/lightning/page/home`,
    `${SF}/lightning/setup/SetupOneHome/home`,
    `${SF}/lightning/r/Account/${SF_ACCOUNT_18}/related/Contacts/view`,
    `${SF}/lightning/r/Case/500Dn000001aBcD/view`,
    `${SF}/lightning/r/500Dn000001aBcDIAU/view`, // Case by prefix.
    `${SF}/lightning/r/Project__c/a015e00000AbCdE/view`, // Custom object.
    `${SF}/lightning/r/Contact/${SF_LEAD_18}/view`, // Object and prefix disagree.
    `${SF}/lightning/r/Lead/${SF_LEAD_15}XYZ/view`, // Bad checksum.
    `${SF}/${SF_LEAD_15}`, // Classic form on a Lightning host.
    `https://acme.my.salesforce.com/001/o`,
    `https://acme.my.salesforce.com/001/e`,
    `https://acme.my.salesforce.com/home/home.jsp`,
    `https://www.salesforce.com/${SF_LEAD_15}`,
    `https://help.salesforce.com/lightning/r/Lead/${SF_LEAD_15}/view`,
    // Legacy instance hosts are not built in (they redirect to My Domain; add one as an instance).
    `https://na86.salesforce.com/${SF_LEAD_15}/`,
    `https://evil.com/lightning/r/Lead/${SF_LEAD_15}/view`,
    `https://acme.lightning.force.com.evil.com/lightning/r/Lead/${SF_LEAD_15}/view`,
    `https://lightning.force.com.evil.com/lightning/r/Lead/${SF_LEAD_15}/view`,
  ],
  hubspot: [
    `${HS}/objects/0-1/views/all/list`,
    `${HS}/objects/0-3/views/all/board`,
    `${HS}/record/0-5/123`, // Ticket.
    `${HS}/record/2-1234567/123`, // Custom object.
    `${HS}/objectLists/12/filters`,
    `${HS}/record/0-1/`,
    'https://app.hubspot.com/sequences/4412345',
    'https://app.hubspot.com/calling-integration-popup-ui/4412345?contactId=1',
    'https://knowledge.hubspot.com/contacts/4412345/record/0-1/123',
    'https://www.hubspot.com/contacts/4412345/record/0-1/123',
    'https://developers.hubspot.com/contacts/4412345/record/0-1/123',
    // A data centre that is not built in (added as an instance instead).
    'https://app-xx7.hubspot.com/contacts/4412345/record/0-1/123',
    'https://app.hubspot.com.evil.com/contacts/4412345/record/0-1/123',
    'https://evil.com/contacts/4412345/record/0-1/123',
  ],
  pipedrive: [
    'https://acme.pipedrive.com/leads/inbox',
    'https://acme.pipedrive.com/pipeline/1/user/everyone',
    'https://acme.pipedrive.com/deals/list',
    'https://acme.pipedrive.com/persons/list',
    'https://acme.pipedrive.com/settings/personal',
    'https://acme.pipedrive.com/person/abc',
    'https://acme.pipedrive.com/activity/12',
    'https://api.pipedrive.com/person/42',
    'https://www.pipedrive.com/person/42',
    'https://acme.pipedrive.com.evil.com/person/42',
  ],
  zoho: [
    'https://crm.zoho.com/crm/org60012345/tab/Leads/custom-view/955332000000087501/list',
    'https://crm.zoho.com/crm/org60012345/tab/Leads/create?layoutId=955332000000091055',
    'https://crm.zoho.com/crm/org60012345/tab/Leads/955332000006926001/convert',
    'https://crm.zoho.com/crm/org60012345/settings/modules',
    'https://crm.zoho.com/crm/org60012345/tab/Cases/955332000006926001',
    'https://crm.zoho.com/crm/org60012345/tab/CustomModule1/955332000006926001',
    'https://crm.zoho.com/crm/org60012345/tab/Home/begin',
    'https://crm.zoho.com.evil.com/crm/tab/Leads/955332000006926001',
    'https://www.zoho.com/crm/tab/Leads/955332000006926001',
  ],
  freshsales: [
    'https://acme.myfreshworks.com/crm/sales/contacts/view/123',
    'https://acme.myfreshworks.com/crm/sales/deals',
    'https://acme.myfreshworks.com/contacts/123', // Current host needs /crm/sales.
    'https://acme.myfreshworks.com/crm/sales/tickets/123',
    'https://acme.freshsales.io/settings/123',
  ],
  close: [
    'https://app.close.com/leads/',
    'https://app.close.com/leads/save_abcdefghijklmnopqrstuv/',
    'https://app.close.com/lead/not_a_lead_id_123456789012/',
    'https://app.close.com/inbox/',
    'https://evil.com/lead/lead_abcdefghijklmnopqrstuv/',
  ],
  copper: [
    'https://app.copper.com/companies/123456/app#/browse/list/people/default',
    'https://app.copper.com/companies/123456/app#/browse/board/opportunities/default?pipeline=1',
    'https://app.copper.com/companies/123456/app#/project/12',
    'https://app.copper.com/companies/123456/app',
    'https://app.copper.com/contact/987654',
  ],
  attio: [
    'https://app.attio.com/acme/people',
    'https://app.attio.com/acme/deals/view/abc',
    `https://app.attio.com/acme/projects/record/${UUID}`,
    'https://app.attio.com/acme/person/not-a-uuid',
    `https://evil.com/acme/person/${UUID}`,
  ],
  insightly: [
    'https://crm.na1.insightly.com/list/Contact',
    'https://crm.na1.insightly.com/details/Project/12',
    'https://crm.na1.insightly.com/details/Contact/abc',
    'https://www.insightly.com/details/Contact/301',
  ],
  twenty: [
    'https://app.twenty.com/objects/people',
    `https://app.twenty.com/object/task/${UUID}`,
    `https://app.twenty.com/object/customThing/${UUID}`,
    'https://app.twenty.com/settings/accounts',
    `https://www.twenty.com/object/person/${UUID}`,
    `https://twenty.com/object/person/${UUID}`,
    `https://docs.twenty.com/object/person/${UUID}`,
    `https://api.twenty.com/object/person/${UUID}`,
    `https://evil.com/object/person/${UUID}`,
  ],
  sugarcrm: [
    'https://acme.sugarondemand.com/#Leads',
    'https://acme.sugarondemand.com/#Leads/create',
    `https://acme.sugarondemand.com/#Cases/${SUITE_ID}`,
    'https://acme.sugarondemand.com/#Home',
    `https://acme.sugarondemand.com/#bwc/index.php?module=Leads&action=index`,
  ],
  odoo: [
    'https://acme.odoo.com/web#model=crm.lead&view_type=kanban',
    'https://acme.odoo.com/web#id=42&model=crm.lead&view_type=list',
    'https://acme.odoo.com/web#id=42&model=project.task&view_type=form',
    'https://acme.odoo.com/odoo/crm/new',
    'https://acme.odoo.com/odoo/crm',
    'https://acme.odoo.com/odoo/action-123/42',
    'https://www.odoo.com/odoo/crm/45',
    'https://acme.odoo.com/shop/product/45',
  ],
  selfHostedOnRandomHosts: [
    `https://random.example.com/#Lead/view/${ESPO_ID}`,
    `https://random.example.com/index.php?module=Leads&action=DetailView&record=${SUITE_ID}`,
    `https://random.example.com/#/leads/record/${SUITE_ID}`,
    'https://random.example.com/index.php?module=Leads&view=Detail&record=12',
    'https://random.example.com/web#id=42&model=crm.lead&view_type=form',
    `https://random.example.com/object/person/${UUID}`,
    `https://random.example.com/#Leads/${SUITE_ID}`,
    `https://evil.com/Contoso/main.aspx?etn=account&pagetype=entityrecord&id=${GUID}`,
  ],
  instances: [
    `https://espo.example.org/#Lead`,
    `https://espo.example.org/#Lead/create`,
    `https://espo.example.org/#Lead/related/${ESPO_ID}/meetings`,
    `https://espo.example.org/#Case/view/${ESPO_ID}`,
    `https://espo.example.org/#Lead/view/xyz`,
    `http://suite.example.org:8080/index.php?module=Leads&action=index`,
    `http://suite.example.org:8080/index.php?module=Leads&action=EditView`,
    `http://suite.example.org:8080/index.php?module=Leads&action=ConvertLead&record=${SUITE_ID}`,
    `http://suite.example.org:8080/index.php?module=Cases&action=DetailView&record=${SUITE_ID}`,
    `http://suite.example.org/index.php?module=Leads&action=DetailView&record=${SUITE_ID}`, // Port differs.
    `https://suite8.example.org/#/leads/index`,
    `https://suite8.example.org/#/contacts/edit?return_module=Contacts`,
    'https://vt.example.org/index.php?module=Leads&view=List',
    'https://vt.example.org/index.php?module=Leads&view=Edit',
    'https://vt.example.org/index.php?module=Leads&parent=Settings&view=Detail&record=12',
    'https://vt.example.org/index.php?module=HelpDesk&view=Detail&record=12',
    `https://crm.contoso.local/Contoso/main.aspx?etn=account&pagetype=entitylist`,
    `https://unknown.example.org/#Lead/view/${ESPO_ID}`, // Unknown CRM type.
    `https://sf.example.org/lightning/o/Lead/list`,
  ],
};

describe('detectRecord: record pages', () => {
  for (const [crm, rows] of Object.entries(hits)) {
    it.each(rows)(`${crm}: %s`, (url, expectedCrm, entity, id) => {
      expect(detectRecord(url)).toEqual({ crm: expectedCrm, entity, id });
    });
  }
  it.each(instanceHits)('instance: %s', (url, crm, entity, id) => {
    expect(detectRecord(url, instances)).toEqual({ crm, entity, id });
  });
});

describe('detectRecord: near-misses', () => {
  for (const [group, urls] of Object.entries(nearMisses)) {
    it.each(urls)(`${group}: %s`, (url) => {
      expect(detectRecord(url, instances)).toBeNull();
    });
  }
  it('ignores instances whose origin does not match and built-ins still work beside them', () => {
    const url = `https://acme.lightning.force.com/lightning/r/Lead/${SF_LEAD_18}/view`;
    expect(detectRecord(url, instances)).toEqual({
      crm: 'salesforce',
      entity: 'lead',
      id: SF_LEAD_18,
    });
  });
  it('lets an instance override the built-in rule for its origin', () => {
    const url = `https://app.hubspot.com/contacts/1/record/0-1/2`;
    expect(detectRecord(url, [{ origin: 'https://app.hubspot.com', crm: 'espocrm' }])).toBeNull();
  });
});

describe('detectRecord: URLs that carry a stack of records resolve to the one on screen', () => {
  const ODOO = 'https://acme.odoo.com/odoo';
  it.each<Hit>([
    // Odoo 17.2+ breadcrumbs: the last `{model or action}/{id}` pair is the form on screen.
    [`${ODOO}/crm/42/res.partner/7`, 'odoo', 'contact', '7'],
    [`${ODOO}/contacts/7/crm.lead/42`, 'odoo', 'opportunity', '42'],
    [`${ODOO}/contacts/7/crm/42/`, 'odoo', 'opportunity', '42'],
    [`${ODOO}/crm/42/contacts/7/action-crm.crm_lead_all_leads/43`, 'odoo', 'lead', '43'],
    [`${ODOO}/action-123/5/res.partner/8?debug=1`, 'odoo', 'contact', '8'],
    // Salesforce console: the path is the subtab on screen, `ws` its parent workspace tab.
    [
      `${SF}/lightning/r/Contact/${SF_CONTACT_18}/view?ws=%2Flightning%2Fr%2FAccount%2F${SF_ACCOUNT_18}%2Fview`,
      'salesforce',
      'contact',
      SF_CONTACT_18,
    ],
    [
      `${SF}/lightning/r/Account/${SF_ACCOUNT_18}/view?ws=%2Flightning%2Fr%2FLead%2F${SF_LEAD_18}%2Fview`,
      'salesforce',
      'account',
      SF_ACCOUNT_18,
    ],
  ])('%s', (url, crm, entity, id) => {
    expect(detectRecord(url)).toEqual({ crm, entity, id });
  });

  it.each([
    // The last pair decides even when an earlier one is a record Upnext knows.
    `${ODOO}/crm/42/sale.order/5`, // A quotation opened from an opportunity.
    `${ODOO}/crm/42/res.partner/new`, // A new contact form.
    `${ODOO}/crm/42/res.partner`, // A list below the opportunity.
    `${ODOO}/crm/42/action-123/5`, // An action whose model the URL does not name.
    `${ODOO}/crm/42/7`, // Not pairs.
    `${ODOO}/crm/42/res.partner/7/crm.lead`, // Ends on a list.
  ])('near-miss: %s', (url) => {
    expect(detectRecord(url)).toBeNull();
  });
});

describe('detectRecordPage: edit forms are told apart from the record page', () => {
  const SUITE = 'https://suite.example.org';
  const suiteInstances = [
    { origin: SUITE, crm: 'suitecrm' },
    { origin: 'https://espo.example.org', crm: 'espocrm' },
    { origin: 'https://vt.example.org', crm: 'vtiger' },
  ];
  it.each<[url: string, edit: boolean]>([
    [`${SF}/lightning/r/Lead/${SF_LEAD_18}/edit`, true],
    [`${SF}/lightning/r/Lead/${SF_LEAD_18}/view`, false],
    [`https://acme.my.salesforce.com/${SF_LEAD_15}/e`, true],
    [`https://acme.my.salesforce.com/${SF_LEAD_15}`, false],
    [`${SF}/one/one.app#/sObject/${SF_LEAD_18}/edit`, true],
    ['https://crm.zoho.com/crm/org123/tab/Leads/4150868000000225013/edit', true],
    ['https://crm.zoho.com/crm/org123/tab/Leads/4150868000000225013', false],
    [`${SUITE}/index.php?module=Leads&action=EditView&record=${SUITE_ID}`, true],
    [`${SUITE}/index.php?module=Leads&action=DetailView&record=${SUITE_ID}`, false],
    [
      `${SUITE}/index.php?action=ajaxui#ajaxUILoc=index.php%3Fmodule%3DLeads%26action%3DEditView%26record%3D${SUITE_ID}`,
      true,
    ],
    [`${SUITE}/#/leads/edit/${SUITE_ID}`, true],
    [`${SUITE}/#/leads/record/${SUITE_ID}`, false],
    [`https://espo.example.org/#Lead/edit/${ESPO_ID}`, true],
    [`https://espo.example.org/#Lead/view/${ESPO_ID}`, false],
    ['https://vt.example.org/index.php?module=Leads&view=Edit&record=12', true],
    ['https://vt.example.org/index.php?module=Leads&view=Detail&record=12', false],
    [`https://acme.sugarondemand.com/#Leads/${SUITE_ID}/edit`, true],
    [`https://acme.sugarondemand.com/#Leads/${SUITE_ID}`, false],
  ])('%s → edit %s', (url, edit) => {
    const page = detectRecordPage(url, suiteInstances);
    expect(page?.edit).toBe(edit);
    expect(page?.record).toEqual(detectRecord(url, suiteInstances));
  });
});

describe('detectRecord: garbage', () => {
  const garbage: unknown[] = [
    '',
    ' ',
    'not a url',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'file:///etc/passwd',
    'about:blank',
    'https://',
    'https://%',
    'https://acme.lightning.force.com/lightning/r/Lead/%E0%A4%A/view',
    'https://acme.odoo.com/web#%E0%A4%A',
    `https://espo.example.org/#%`,
    'x'.repeat(100_000),
    null,
    undefined,
    42,
    {},
  ];
  it.each(garbage)('returns null for %s', (value) => {
    expect(detectRecord(value as string, instances)).toBeNull();
    expect(detectRecord(value as string, 'nope' as unknown as [])).toBeNull();
  });
});

describe('detectRecord: properties', () => {
  const crms: readonly string[] = CRM_IDS;
  const entities: readonly string[] = ENTITIES;
  const check = (url: string): void => {
    const found = detectRecord(url, instances);
    if (found === null) return;
    expect(crms).toContain(found.crm);
    expect(entities).toContain(found.entity);
    expect(found.id.length).toBeGreaterThan(0);
  };

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        check(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on random URLs and always returns a valid result', () => {
    fc.assert(
      fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (u) => {
        check(u);
      }),
      {
        numRuns: 2000,
      },
    );
  });

  it('never throws on known URLs with random tails and returns valid results', () => {
    const bases = [...Object.values(hits).flat(), ...instanceHits].map(([url]) => url);
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.string({ maxLength: 40 }),
        fc.nat(200),
        (base, tail, cut) => {
          check(base.slice(0, Math.min(cut, base.length)) + tail);
          check(base + tail);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('matchCustomCrm', () => {
  const acme: CrmDefinition = {
    id: 'acme',
    name: 'Acme CRM',
    origins: ['https://crm.acme.example'],
    records: [
      { entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' },
      { entity: 'opportunity', url: '^#/deals/(?<id>[0-9]+)$', part: 'hash' },
      { entity: 'contact', url: '[?&]contact=(?<id>[a-z0-9]+)', part: 'search' },
      { entity: 'account', url: '^https://crm\\.acme\\.example/a/(?<id>\\w+)$', part: 'href' },
    ],
  };
  const broken: CrmDefinition = {
    id: 'broken',
    name: 'Broken',
    origins: ['https://broken.example', 'not an origin'],
    records: [
      { entity: 'lead', url: '(?<id>[', part: 'path' },
      { entity: 'lead', url: '^/x/(\\d+)$', part: 'path' }, // No named group.
      { entity: 'task' as 'lead', url: '^/t/(?<id>\\d+)$', part: 'path' },
      { entity: 'contact', url: '^/c/(?<id>\\d+)$', part: 'nope' as 'path' },
      { entity: 'account', url: '^/a/(?<id>\\d+)$', part: 'path' },
    ],
  };

  it.each([
    ['https://crm.acme.example/leads/42', 'lead', '42'],
    ['https://crm.acme.example/#/deals/7', 'opportunity', '7'],
    ['https://crm.acme.example/people?tab=1&contact=ab12', 'contact', 'ab12'],
    ['https://crm.acme.example/a/xyz', 'account', 'xyz'],
    ['https://CRM.acme.example:443/leads/43', 'lead', '43'],
  ])('matches %s', (url, entity, id) => {
    expect(matchCustomCrm(url, [acme])).toEqual({ crm: 'acme', entity, id });
  });

  it.each([
    'https://crm.acme.example/leads/',
    'https://crm.acme.example/leads/42/extra',
    'http://crm.acme.example/leads/42',
    'https://evil.example/leads/42',
    'https://crm.acme.example.evil.com/leads/42',
    'garbage',
  ])('does not match %s', (url) => {
    expect(matchCustomCrm(url, [acme])).toBeNull();
  });

  it('skips invalid regexes, missing groups, unknown entities and parts without throwing', () => {
    expect(matchCustomCrm('https://broken.example/(', [broken])).toBeNull();
    expect(matchCustomCrm('https://broken.example/x/1', [broken])).toBeNull();
    expect(matchCustomCrm('https://broken.example/t/1', [broken])).toBeNull();
    expect(matchCustomCrm('https://broken.example/c/1', [broken])).toBeNull();
    expect(matchCustomCrm('https://broken.example/a/1', [broken, acme])).toEqual({
      crm: 'broken',
      entity: 'account',
      id: '1',
    });
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (url, regex) => {
        const def: CrmDefinition = {
          ...acme,
          records: [{ entity: 'lead', url: regex, part: 'href' }],
        };
        matchCustomCrm(url, [def]);
        matchCustomCrm(`https://crm.acme.example/${url}`, [def]);
      }),
      { numRuns: 500 },
    );
  });
});
