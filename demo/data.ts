/**
 * Static records of the demo CRM. Every skin (Dynamics, Copper, Salesforce) renders the same
 * records; each record carries the id shape of every skin:
 * - `guid`: lower-case GUID for the Dynamics skin (`main.aspx?...&id={guid}`),
 * - `sfId`: 18-character Salesforce id with the right key prefix (00Q lead, 003 contact,
 *   001 account, 006 opportunity) and a valid case checksum,
 * - `copperId`: integer for the Copper skin (`#/contact/{copperId}`).
 *
 * Relationships point at `guid`s. Emails use the reserved `.example` TLD and phone numbers the
 * fictional 555-01xx range, so tests never reach a real person.
 *
 * One lead (`XSS_LEAD_GUID`) carries HTML/script payloads in its name and company. Every
 * renderer (the demo itself and the extension) must show them as text.
 */

type DemoEntity = 'lead' | 'contact' | 'account' | 'opportunity';

const DEMO_ENTITIES: readonly DemoEntity[] = ['lead', 'contact', 'account', 'opportunity'];

type LeadStatus =
  'New' | 'Contacted' | 'Qualified' | 'Lost' | 'Cannot Contact' | 'No Longer Interested';
type LeadGrade = 'Hot' | 'Warm' | 'Cold';
type SalesStage = 'Qualify' | 'Develop' | 'Propose' | 'Close';
type OpportunityStatus = 'In Progress' | 'On Hold' | 'Won' | 'Lost';

interface DemoRecordBase {
  guid: string;
  sfId: string;
  copperId: number;
  owner: string;
  /** ISO date (YYYY-MM-DD). */
  createdOn: string;
}

export interface DemoLead extends DemoRecordBase {
  entity: 'lead';
  /** Shown before the name by the SuiteCRM skin (SuiteCRM's salutation field). */
  salutation?: string;
  firstName: string;
  lastName: string;
  topic: string;
  company: string;
  jobTitle: string;
  email: string;
  phone: string;
  mobile: string;
  website: string;
  city: string;
  source: string;
  status: LeadStatus;
  grade: LeadGrade;
  stage: SalesStage;
  estimatedValue: number;
}

export interface DemoContact extends DemoRecordBase {
  entity: 'contact';
  /** Shown before the name by the SuiteCRM skin (SuiteCRM's salutation field). */
  salutation?: string;
  firstName: string;
  lastName: string;
  /** Empty when the CRM has none: the page shows the field empty. */
  jobTitle: string;
  accountGuid: string;
  email: string;
  phone: string;
  mobile: string;
  city: string;
}

interface DemoAccount extends DemoRecordBase {
  entity: 'account';
  name: string;
  industry: string;
  website: string;
  phone: string;
  email: string;
  city: string;
  country: string;
  employees: number;
  annualRevenue: number;
  primaryContactGuid: string;
}

export interface DemoOpportunity extends DemoRecordBase {
  entity: 'opportunity';
  name: string;
  accountGuid: string;
  contactGuid: string;
  estimatedValue: number;
  /** ISO date (YYYY-MM-DD). */
  closeDate: string;
  probability: number;
  stage: SalesStage;
  status: OpportunityStatus;
}

export type DemoRecord = DemoLead | DemoContact | DemoAccount | DemoOpportunity;

export interface DemoData {
  /** The Dynamics model-driven app id used in `main.aspx?appid=...`. */
  appId: string;
  /** The Copper account id in `/companies/{copperAccountId}/app`. */
  copperAccountId: number;
  leads: DemoLead[];
  contacts: DemoContact[];
  accounts: DemoAccount[];
  opportunities: DemoOpportunity[];
}

const OWNERS = {
  priya: 'Priya Raman',
  marcus: 'Marcus Webb',
  elena: 'Elena Sokolova',
  tom: 'Tom Becker',
} as const;

/** The lead whose name and company contain HTML/script payloads (must render as text). */
export const XSS_LEAD_GUID = '50e3a607-3147-471e-adfc-df9b4bcf9f7b';

export const DEMO_DATA: DemoData = {
  appId: '69d2ec6d-436b-4fe0-b774-eb5c2a1b454c',
  copperAccountId: 148265,
  leads: [
    {
      entity: 'lead',
      guid: '04aec106-eb12-4f31-9f0b-8583b1443fc0',
      sfId: '00Q8d00000ZVHhBEAX',
      copperId: 25466430,
      firstName: 'Olivia',
      lastName: 'Bennett',
      topic: 'Rooftop solar for 14 warehouses',
      company: 'Brightwave Solar',
      jobTitle: 'Director of Procurement',
      email: 'olivia.bennett@brightwave.example',
      phone: '+1 206 555 0142',
      mobile: '+1 206 555 0187',
      website: 'https://brightwave.example',
      city: 'Seattle',
      source: 'Web',
      status: 'New',
      grade: 'Hot',
      stage: 'Qualify',
      estimatedValue: 84000,
      owner: OWNERS.priya,
      createdOn: '2026-11-02',
    },
    {
      entity: 'lead',
      guid: 'b870f6e3-f9d8-455e-9ba1-d667deb58e35',
      sfId: '00Q8d00000n0GzREAU',
      copperId: 76561370,
      salutation: 'Mr.',
      firstName: 'Lucas',
      lastName: 'Moreau',
      topic: 'Lab inventory tracking',
      company: 'Helix Biotech',
      jobTitle: 'Head of IT',
      email: 'l.moreau@helixbio.example',
      phone: '+33 1 55 50 01 23',
      mobile: '+33 6 55 50 01 77',
      website: 'https://helixbio.example',
      city: 'Lyon',
      source: 'Trade Show',
      status: 'Contacted',
      grade: 'Warm',
      stage: 'Qualify',
      estimatedValue: 27500,
      owner: OWNERS.elena,
      createdOn: '2026-10-21',
    },
    {
      entity: 'lead',
      guid: '1209afe5-feee-447b-b679-df2b98a83328',
      sfId: '00Q8d00000f6poeEAA',
      copperId: 66412745,
      salutation: 'Dr.',
      firstName: 'Hannah',
      lastName: 'Schmidt',
      topic: 'Fleet route optimisation',
      company: 'Kestrel Freight',
      jobTitle: 'Chief Operating Officer',
      email: 'hannah.schmidt@kestrelfreight.example',
      phone: '+49 40 5550 1120',
      mobile: '+49 170 5550 112',
      website: 'https://kestrelfreight.example',
      city: 'Hamburg',
      source: 'Partner',
      status: 'Qualified',
      grade: 'Hot',
      stage: 'Develop',
      estimatedValue: 152000,
      owner: OWNERS.marcus,
      createdOn: '2026-09-30',
    },
    {
      entity: 'lead',
      guid: '2e7d50fa-a203-4977-8374-60e52367b153',
      sfId: '00Q8d000006SBczEAG',
      copperId: 51057448,
      firstName: 'Ethan',
      lastName: 'Walker',
      topic: 'Patient scheduling for 6 clinics',
      company: 'Summit Dental Group',
      jobTitle: 'Practice Manager',
      email: 'ethan@summitdental.example',
      phone: '+1 303 555 0110',
      mobile: '+1 303 555 0199',
      website: 'https://summitdental.example',
      city: 'Denver',
      source: 'Advertisement',
      status: 'New',
      grade: 'Cold',
      stage: 'Qualify',
      estimatedValue: 12000,
      owner: OWNERS.tom,
      createdOn: '2026-11-14',
    },
    {
      entity: 'lead',
      guid: 'ac0368e0-c44e-42c2-9a60-0425a7715319',
      sfId: '00Q8d000008EWmHEAW',
      copperId: 19327529,
      firstName: 'Isabella',
      lastName: 'Rossi',
      topic: 'Cold storage sensors',
      company: 'Verde Foods',
      jobTitle: 'Purchasing Manager',
      email: 'isabella.rossi@verdefoods.example',
      phone: '+39 02 5550 1345',
      mobile: '+39 347 555 0134',
      website: 'https://verdefoods.example',
      city: 'Milan',
      source: 'Web',
      status: 'Contacted',
      grade: 'Warm',
      stage: 'Qualify',
      estimatedValue: 41000,
      owner: OWNERS.elena,
      createdOn: '2026-10-08',
    },
    {
      entity: 'lead',
      guid: 'a30143c0-4fa6-4992-863f-26c1b7bc1d98',
      sfId: '00Q8d00000C35DeEAJ',
      copperId: 31847054,
      firstName: 'Noah',
      lastName: 'Kim',
      topic: 'GPU cluster monitoring',
      company: 'Quantum Leap Labs',
      jobTitle: 'CTO',
      email: 'noah@quantumleaplabs.example',
      phone: '+1 415 555 0166',
      mobile: '+1 415 555 0123',
      website: 'https://quantumleaplabs.example',
      city: 'San Francisco',
      source: 'Employee Referral',
      status: 'New',
      grade: 'Hot',
      stage: 'Qualify',
      estimatedValue: 96000,
      owner: OWNERS.priya,
      createdOn: '2026-11-20',
    },
    {
      entity: 'lead',
      guid: 'ff26bba8-6322-483b-8dc7-cc2ad88942cb',
      sfId: '00Q8d00000Bn1prEAB',
      copperId: 43197156,
      firstName: 'Amara',
      lastName: 'Nwosu',
      topic: 'Payments reconciliation',
      company: 'Lagoon Fintech',
      jobTitle: 'Founder & CEO',
      email: 'amara@lagoonfintech.example',
      phone: '+234 1 555 0190',
      mobile: '+234 803 555 0190',
      website: 'https://lagoonfintech.example',
      city: 'Lagos',
      source: 'Web',
      status: 'Contacted',
      grade: 'Warm',
      stage: 'Qualify',
      estimatedValue: 35000,
      owner: OWNERS.marcus,
      createdOn: '2026-10-29',
    },
    {
      entity: 'lead',
      guid: 'e2aac8fd-d35a-4427-a826-a39e08b4c529',
      sfId: '00Q8d00000gF3DhEAK',
      copperId: 53882100,
      firstName: 'Wei',
      lastName: 'Zhang',
      topic: 'Customs document automation',
      company: 'Pacific Rim Imports',
      jobTitle: 'VP Operations',
      email: 'wei.zhang@pacificrim.example',
      phone: '+65 6555 0177',
      mobile: '+65 9555 0177',
      website: 'https://pacificrim.example',
      city: 'Singapore',
      source: 'Trade Show',
      status: 'Cannot Contact',
      grade: 'Cold',
      stage: 'Qualify',
      estimatedValue: 18500,
      owner: OWNERS.tom,
      createdOn: '2026-08-17',
    },
    {
      entity: 'lead',
      guid: '577fdfc9-6c55-491f-8cfe-bdf8ce04dd34',
      sfId: '00Q8d00000MFYVmEAP',
      copperId: 52217325,
      firstName: 'Fatima',
      lastName: 'Al-Sayed',
      topic: 'Dynamic room pricing',
      company: 'Oasis Hospitality',
      jobTitle: 'Revenue Manager',
      email: 'fatima.alsayed@oasishotels.example',
      phone: '+971 4 555 0108',
      mobile: '+971 50 555 0108',
      website: 'https://oasishotels.example',
      city: 'Dubai',
      source: 'Partner',
      status: 'New',
      grade: 'Warm',
      stage: 'Qualify',
      estimatedValue: 58000,
      owner: OWNERS.priya,
      createdOn: '2026-11-11',
    },
    {
      entity: 'lead',
      guid: 'f902c509-c4ff-4105-899b-9269cde9b676',
      sfId: '00Q8d00000oTdiWEAS',
      copperId: 74829564,
      firstName: 'Liam',
      lastName: 'Fitzgerald',
      topic: 'Claims intake portal',
      company: 'Emerald Insurance',
      jobTitle: 'Claims Director',
      email: 'liam.fitzgerald@emeraldins.example',
      phone: '+353 1 555 0131',
      mobile: '+353 87 555 0131',
      website: 'https://emeraldins.example',
      city: 'Dublin',
      source: 'Web',
      status: 'No Longer Interested',
      grade: 'Cold',
      stage: 'Qualify',
      estimatedValue: 22000,
      owner: OWNERS.elena,
      createdOn: '2026-07-03',
    },
    {
      entity: 'lead',
      guid: 'd06d0793-5c60-4003-abca-fe7ff09c8741',
      sfId: '00Q8d00000MqChyEAF',
      copperId: 75101240,
      firstName: 'Sarah',
      lastName: 'Johnson',
      topic: 'Site safety reporting app',
      company: 'Redwood Construction',
      jobTitle: 'Project Director',
      email: 'sarah.johnson@redwoodbuild.example',
      phone: '+1 503 555 0155',
      mobile: '+1 503 555 0174',
      website: 'https://redwoodbuild.example',
      city: 'Portland',
      source: 'Advertisement',
      status: 'Contacted',
      grade: 'Hot',
      stage: 'Develop',
      estimatedValue: 67000,
      owner: OWNERS.marcus,
      createdOn: '2026-10-15',
    },
    {
      entity: 'lead',
      guid: XSS_LEAD_GUID,
      sfId: '00Q8d00000tRWiuEAG',
      copperId: 59015985,
      firstName: '<img src=x onerror=alert(1)>Mallory',
      lastName: 'Quinn',
      topic: 'Security review <script>alert("topic")</script>',
      company: '"><svg onload=alert(2)>Quinn & Sons',
      jobTitle: 'Penetration Tester',
      email: 'mallory.quinn@quinnsons.example',
      phone: '+44 20 5550 0199',
      mobile: '+44 7700 900199',
      website: 'https://quinnsons.example',
      city: 'London',
      source: 'Other',
      status: 'New',
      grade: 'Warm',
      stage: 'Qualify',
      estimatedValue: 9900,
      owner: OWNERS.tom,
      createdOn: '2026-11-25',
    },
  ],
  contacts: [
    {
      entity: 'contact',
      guid: '85164ed4-0041-4550-b881-3a08103ca4ef',
      sfId: '0038d00000bRub0AAC',
      copperId: 15778898,
      firstName: 'Maria',
      lastName: 'Anders',
      jobTitle: 'Head of Procurement',
      accountGuid: '823af038-c75e-4fe1-bfa6-f421f54fb934',
      email: 'maria.anders@northwind.example',
      phone: '+1 206 555 0101',
      mobile: '+1 206 555 0171',
      city: 'Seattle',
      owner: OWNERS.priya,
      createdOn: '2026-03-12',
    },
    {
      entity: 'contact',
      guid: 'aa20a06d-3063-413b-bed2-0a355c0704e8',
      sfId: '0038d00000WQq72AAD',
      copperId: 88953186,
      firstName: 'Rahul',
      lastName: 'Mehta',
      jobTitle: 'VP Operations',
      accountGuid: '8f8117a5-2e5b-4b68-b816-d00986a8d58d',
      email: 'rahul.mehta@contosopharma.example',
      phone: '+1 617 555 0112',
      mobile: '+1 617 555 0181',
      city: 'Boston',
      owner: OWNERS.marcus,
      createdOn: '2026-02-02',
    },
    {
      entity: 'contact',
      guid: '96e10e61-b71f-4001-b923-d9011bd68ebb',
      sfId: '0038d000006oBB7AAM',
      copperId: 12660433,
      firstName: 'Sofia',
      lastName: 'Lindqvist',
      jobTitle: 'Plant Manager',
      accountGuid: 'f26418e4-ce6d-4ef1-9b94-96a11ee19469',
      email: 'sofia.lindqvist@fabrikam.example',
      phone: '+1 313 555 0144',
      mobile: '+1 313 555 0166',
      city: 'Detroit',
      owner: OWNERS.elena,
      createdOn: '2026-05-27',
    },
    {
      entity: 'contact',
      guid: '437cbd9e-a6c1-4606-b6b6-76a8a8330333',
      sfId: '0038d00000jylv0AAA',
      copperId: 12980172,
      firstName: 'James',
      lastName: "O'Connor",
      jobTitle: 'Chief Financial Officer',
      accountGuid: 'f26418e4-ce6d-4ef1-9b94-96a11ee19469',
      email: 'james.oconnor@fabrikam.example',
      phone: '+1 313 555 0145',
      mobile: '+1 313 555 0193',
      city: 'Detroit',
      owner: OWNERS.elena,
      createdOn: '2026-06-04',
    },
    {
      entity: 'contact',
      guid: '87cfaa7e-4b54-48c7-8a23-70beaa1076ed',
      sfId: '0038d00000Tbk6XAAR',
      copperId: 52176435,
      firstName: 'Aiko',
      lastName: 'Tanaka',
      jobTitle: 'Senior Buyer',
      accountGuid: '7f84c841-6258-4d57-aaf7-4e88d592387d',
      email: 'aiko.tanaka@tailspintoys.example',
      phone: '+1 503 555 0120',
      mobile: '+1 503 555 0162',
      city: 'Portland',
      owner: OWNERS.tom,
      createdOn: '2026-01-19',
    },
    {
      entity: 'contact',
      guid: '2ddbb708-640c-4b17-a3ea-973223f4ae56',
      sfId: '0038d00000RGswjAAD',
      copperId: 12240935,
      firstName: 'Daniel',
      lastName: 'Okafor',
      jobTitle: 'General Manager',
      accountGuid: '0920152f-32a1-4c8e-bcc5-a665d3a2ae99',
      email: 'daniel.okafor@alpineskihouse.example',
      phone: '+1 970 555 0133',
      mobile: '+1 970 555 0188',
      city: 'Aspen',
      owner: OWNERS.priya,
      createdOn: '2026-04-08',
    },
    {
      entity: 'contact',
      guid: 'ec5bbe69-7e50-490f-a89d-f9df0cb292bd',
      sfId: '0038d00000CKvpFAAT',
      copperId: 28670810,
      firstName: 'Chloé',
      lastName: 'Dubois',
      jobTitle: 'Chief Technology Officer',
      accountGuid: '379c13a8-0446-4960-9343-f3de80b45631',
      email: 'chloe.dubois@litware.example',
      phone: '+1 512 555 0107',
      mobile: '+1 512 555 0179',
      city: 'Austin',
      owner: OWNERS.marcus,
      createdOn: '2026-02-23',
    },
    {
      entity: 'contact',
      guid: 'ffde507b-3325-4d7c-8064-0083fcf5c017',
      sfId: '0038d00000OMUkTAAX',
      copperId: 30054221,
      firstName: 'Ben',
      lastName: 'Hollis',
      jobTitle: 'IT Director',
      accountGuid: '6c181ab2-74b3-4cae-a3ed-07f8d44ec352',
      email: 'ben.hollis@woodgrove.example',
      phone: '+1 416 555 0150',
      mobile: '+1 416 555 0185',
      city: 'Toronto',
      owner: OWNERS.elena,
      createdOn: '2026-07-14',
    },
    {
      entity: 'contact',
      guid: '4f211b98-9d9f-4a5a-bf0c-3afa52f878de',
      sfId: '0038d00000vh2mLAAQ',
      copperId: 22576677,
      firstName: 'Zoë',
      lastName: 'Martínez',
      jobTitle: 'Supply Chain Lead',
      accountGuid: '98478ab2-e967-42a1-a31e-eb4d28d1b1a1',
      email: 'zoe.martinez@bluefin.example',
      phone: '+31 10 555 0116',
      mobile: '+31 6 5550 0116',
      city: 'Rotterdam',
      owner: OWNERS.tom,
      createdOn: '2026-08-01',
    },
    {
      entity: 'contact',
      guid: '8a8e43ab-4ea2-4a2f-9b48-52f24978e9da',
      sfId: '0038d00000GgOTnAAN',
      copperId: 44585533,
      firstName: 'Grace',
      lastName: 'Kim',
      jobTitle: 'Sales Operations Manager',
      accountGuid: '823af038-c75e-4fe1-bfa6-f421f54fb934',
      email: 'grace.kim@northwind.example',
      phone: '+1 206 555 0102',
      mobile: '+1 206 555 0176',
      city: 'Seattle',
      owner: OWNERS.priya,
      createdOn: '2026-09-09',
    },
    {
      // A contact with no job title and no phone numbers: after navigating to her from a record
      // that has them, nothing of that record may be stored for her.
      entity: 'contact',
      guid: '985c3478-85d1-479f-8db7-3992766ad148',
      sfId: '0038d00000Ux7QpAAJ',
      copperId: 31877402,
      salutation: 'Ms.',
      firstName: 'Ingrid',
      lastName: 'Berg',
      jobTitle: '',
      accountGuid: '823af038-c75e-4fe1-bfa6-f421f54fb934',
      email: 'ingrid.berg@northwind.example',
      phone: '',
      mobile: '',
      city: 'Stockholm',
      owner: OWNERS.marcus,
      createdOn: '2026-11-20',
    },
  ],
  accounts: [
    {
      entity: 'account',
      guid: '823af038-c75e-4fe1-bfa6-f421f54fb934',
      sfId: '0018d00000SeuVkAAJ',
      copperId: 60605351,
      name: 'Northwind Traders',
      industry: 'Wholesale',
      website: 'https://northwind.example',
      phone: '+1 206 555 0100',
      email: 'info@northwind.example',
      city: 'Seattle',
      country: 'United States',
      employees: 1200,
      annualRevenue: 310000000,
      primaryContactGuid: '85164ed4-0041-4550-b881-3a08103ca4ef',
      owner: OWNERS.priya,
      createdOn: '2025-11-04',
    },
    {
      entity: 'account',
      guid: '8f8117a5-2e5b-4b68-b816-d00986a8d58d',
      sfId: '0018d00000HRfdGAAT',
      copperId: 41606914,
      name: 'Contoso Pharmaceuticals',
      industry: 'Pharmaceuticals',
      website: 'https://contosopharma.example',
      phone: '+1 617 555 0110',
      email: 'contact@contosopharma.example',
      city: 'Boston',
      country: 'United States',
      employees: 5400,
      annualRevenue: 2100000000,
      primaryContactGuid: 'aa20a06d-3063-413b-bed2-0a355c0704e8',
      owner: OWNERS.marcus,
      createdOn: '2025-09-18',
    },
    {
      entity: 'account',
      guid: 'f26418e4-ce6d-4ef1-9b94-96a11ee19469',
      sfId: '0018d00000z9f5UAAQ',
      copperId: 51746096,
      name: 'Fabrikam Robotics',
      industry: 'Manufacturing',
      website: 'https://fabrikam.example',
      phone: '+1 313 555 0140',
      email: 'hello@fabrikam.example',
      city: 'Detroit',
      country: 'United States',
      employees: 860,
      annualRevenue: 145000000,
      primaryContactGuid: '96e10e61-b71f-4001-b923-d9011bd68ebb',
      owner: OWNERS.elena,
      createdOn: '2026-01-07',
    },
    {
      entity: 'account',
      guid: '7f84c841-6258-4d57-aaf7-4e88d592387d',
      sfId: '0018d00000gQ8ORAA0',
      copperId: 11350280,
      name: 'Tailspin Toys',
      industry: 'Retail',
      website: 'https://tailspintoys.example',
      phone: '+1 503 555 0121',
      email: 'buying@tailspintoys.example',
      city: 'Portland',
      country: 'United States',
      employees: 320,
      annualRevenue: 48000000,
      primaryContactGuid: '87cfaa7e-4b54-48c7-8a23-70beaa1076ed',
      owner: OWNERS.tom,
      createdOn: '2025-12-12',
    },
    {
      entity: 'account',
      guid: '0920152f-32a1-4c8e-bcc5-a665d3a2ae99',
      sfId: '0018d00000V5gUGAAZ',
      copperId: 78334790,
      name: 'Alpine Ski House',
      industry: 'Hospitality',
      website: 'https://alpineskihouse.example',
      phone: '+1 970 555 0130',
      email: 'office@alpineskihouse.example',
      city: 'Aspen',
      country: 'United States',
      employees: 140,
      annualRevenue: 21000000,
      primaryContactGuid: '2ddbb708-640c-4b17-a3ea-973223f4ae56',
      owner: OWNERS.priya,
      createdOn: '2026-03-30',
    },
    {
      entity: 'account',
      guid: '379c13a8-0446-4960-9343-f3de80b45631',
      sfId: '0018d000003ZBUKAA4',
      copperId: 87677113,
      name: 'Litware Analytics',
      industry: 'Software',
      website: 'https://litware.example',
      phone: '+1 512 555 0105',
      email: 'sales@litware.example',
      city: 'Austin',
      country: 'United States',
      employees: 410,
      annualRevenue: 76000000,
      primaryContactGuid: 'ec5bbe69-7e50-490f-a89d-f9df0cb292bd',
      owner: OWNERS.marcus,
      createdOn: '2025-10-02',
    },
    {
      entity: 'account',
      guid: '6c181ab2-74b3-4cae-a3ed-07f8d44ec352',
      sfId: '0018d000004Ied2AAC',
      copperId: 80540271,
      name: 'Woodgrove Bank',
      industry: 'Banking',
      website: 'https://woodgrove.example',
      phone: '+1 416 555 0151',
      email: 'vendors@woodgrove.example',
      city: 'Toronto',
      country: 'Canada',
      employees: 9800,
      annualRevenue: 4300000000,
      primaryContactGuid: 'ffde507b-3325-4d7c-8064-0083fcf5c017',
      owner: OWNERS.elena,
      createdOn: '2026-06-21',
    },
    {
      entity: 'account',
      guid: '98478ab2-e967-42a1-a31e-eb4d28d1b1a1',
      sfId: '0018d00000EdHtEAAV',
      copperId: 30903690,
      name: 'Bluefin Logistics',
      industry: 'Transportation',
      website: 'https://bluefin.example',
      phone: '+31 10 555 0115',
      email: 'info@bluefin.example',
      city: 'Rotterdam',
      country: 'Netherlands',
      employees: 2300,
      annualRevenue: 520000000,
      primaryContactGuid: '4f211b98-9d9f-4a5a-bf0c-3afa52f878de',
      owner: OWNERS.tom,
      createdOn: '2026-02-14',
    },
  ],
  opportunities: [
    {
      entity: 'opportunity',
      guid: '786f0f4d-9a56-417f-bace-ca9da910705a',
      sfId: '0068d00000oDSvwAAG',
      copperId: 97785992,
      name: 'Warehouse scanners (250 units)',
      accountGuid: '823af038-c75e-4fe1-bfa6-f421f54fb934',
      contactGuid: '85164ed4-0041-4550-b881-3a08103ca4ef',
      estimatedValue: 48000,
      closeDate: '2027-01-29',
      probability: 40,
      stage: 'Develop',
      status: 'In Progress',
      owner: OWNERS.priya,
      createdOn: '2026-09-14',
    },
    {
      entity: 'opportunity',
      guid: '47da8949-1263-4744-b36c-e64b70b95660',
      sfId: '0068d00000eThcPAAS',
      copperId: 52915345,
      name: 'Cold-chain monitoring rollout',
      accountGuid: '8f8117a5-2e5b-4b68-b816-d00986a8d58d',
      contactGuid: 'aa20a06d-3063-413b-bed2-0a355c0704e8',
      estimatedValue: 125000,
      closeDate: '2026-12-18',
      probability: 70,
      stage: 'Propose',
      status: 'In Progress',
      owner: OWNERS.marcus,
      createdOn: '2026-08-03',
    },
    {
      entity: 'opportunity',
      guid: '7d341579-e3fe-4670-8228-cfe62f4b6220',
      sfId: '0068d00000MRV2eAAH',
      copperId: 97217976,
      name: 'Predictive maintenance pilot',
      accountGuid: 'f26418e4-ce6d-4ef1-9b94-96a11ee19469',
      contactGuid: '96e10e61-b71f-4001-b923-d9011bd68ebb',
      estimatedValue: 36500,
      closeDate: '2027-03-31',
      probability: 20,
      stage: 'Qualify',
      status: 'In Progress',
      owner: OWNERS.elena,
      createdOn: '2026-10-27',
    },
    {
      entity: 'opportunity',
      guid: '1090c88f-e74c-4acc-9e3c-61547a8f461d',
      sfId: '0068d00000Mtkc7AAB',
      copperId: 86584360,
      name: 'Holiday POS upgrade',
      accountGuid: '7f84c841-6258-4d57-aaf7-4e88d592387d',
      contactGuid: '87cfaa7e-4b54-48c7-8a23-70beaa1076ed',
      estimatedValue: 18900,
      closeDate: '2026-10-31',
      probability: 100,
      stage: 'Close',
      status: 'Won',
      owner: OWNERS.tom,
      createdOn: '2026-07-22',
    },
    {
      entity: 'opportunity',
      guid: '5cb4933c-5bbe-4640-938b-61aa4eea0335',
      sfId: '0068d00000EeavwAAB',
      copperId: 20625263,
      name: 'Guest Wi-Fi refresh',
      accountGuid: '0920152f-32a1-4c8e-bcc5-a665d3a2ae99',
      contactGuid: '2ddbb708-640c-4b17-a3ea-973223f4ae56',
      estimatedValue: 22000,
      closeDate: '2027-02-15',
      probability: 30,
      stage: 'Develop',
      status: 'On Hold',
      owner: OWNERS.priya,
      createdOn: '2026-09-01',
    },
    {
      entity: 'opportunity',
      guid: '58fd0004-382d-44d9-bf5f-eaa6015ddf21',
      sfId: '0068d000007QOP5AAO',
      copperId: 88982143,
      name: 'Data platform renewal',
      accountGuid: '379c13a8-0446-4960-9343-f3de80b45631',
      contactGuid: 'ec5bbe69-7e50-490f-a89d-f9df0cb292bd',
      estimatedValue: 210000,
      closeDate: '2026-12-31',
      probability: 80,
      stage: 'Propose',
      status: 'In Progress',
      owner: OWNERS.marcus,
      createdOn: '2026-06-30',
    },
    {
      entity: 'opportunity',
      guid: 'ca8a54c0-605f-4fda-b5a1-d887e668b3b4',
      sfId: '0068d000005DhrnAAC',
      copperId: 94864732,
      name: 'Branch kiosk program',
      accountGuid: '6c181ab2-74b3-4cae-a3ed-07f8d44ec352',
      contactGuid: 'ffde507b-3325-4d7c-8064-0083fcf5c017',
      estimatedValue: 94000,
      closeDate: '2027-04-30',
      probability: 20,
      stage: 'Qualify',
      status: 'In Progress',
      owner: OWNERS.elena,
      createdOn: '2026-11-05',
    },
    {
      entity: 'opportunity',
      guid: 'f78b0ec4-1109-4bf1-9177-f12e98161e7a',
      sfId: '0068d00000K1qzAAAR',
      copperId: 67912900,
      name: 'Fleet telematics expansion',
      accountGuid: '98478ab2-e967-42a1-a31e-eb4d28d1b1a1',
      contactGuid: '4f211b98-9d9f-4a5a-bf0c-3afa52f878de',
      estimatedValue: 67500,
      closeDate: '2027-02-26',
      probability: 50,
      stage: 'Develop',
      status: 'In Progress',
      owner: OWNERS.tom,
      createdOn: '2026-10-10',
    },
  ],
};

/** All records of one entity. */
function recordsOf(entity: DemoEntity, data: DemoData = DEMO_DATA): readonly DemoRecord[] {
  switch (entity) {
    case 'lead':
      return data.leads;
    case 'contact':
      return data.contacts;
    case 'account':
      return data.accounts;
    case 'opportunity':
      return data.opportunities;
  }
}

/** The display name (Dynamics primary attribute): full name for people, `name` otherwise. */
export function recordName(record: DemoRecord): string {
  return record.entity === 'lead' || record.entity === 'contact'
    ? `${record.firstName} ${record.lastName}`
    : record.name;
}

/** Finds a record by Dynamics GUID (braces and case tolerated). */
export function findByGuid(guid: string, data: DemoData = DEMO_DATA): DemoRecord | undefined {
  const wanted = guid.replace(/^\{|\}$/g, '').toLowerCase();
  for (const entity of DEMO_ENTITIES) {
    const found = recordsOf(entity, data).find((record) => record.guid === wanted);
    if (found) return found;
  }
  return undefined;
}
