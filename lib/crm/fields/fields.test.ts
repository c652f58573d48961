// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Entity } from '../../sequence/types';
import { looksLikePersonName, splitName } from '../person-name';
import { captureFields, findRecordContainer } from './capture';

const CONTACT = { crm: 'unknown', entity: 'contact' } as const;
const GENERIC_CONTACT = { crm: 'generic', entity: 'contact' } as const;

const FIXTURES = `${resolve(import.meta.dirname, '../../../tests/fixtures/crm')}/`;

/**
 * Parses a fixture page. happy-dom's parser does not implement declarative shadow DOM, so the
 * `<template shadowrootmode="open">` elements are attached here the way Chromium's parser would.
 */
function loadFixture(name: string): Document {
  const html = readFileSync(`${FIXTURES}${name}.html`, 'utf8');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const template of Array.from(doc.querySelectorAll('template[shadowrootmode]'))) {
    const host = template.parentElement;
    if (!host || host.shadowRoot) continue;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append((template as HTMLTemplateElement).content.cloneNode(true));
    template.remove();
  }
  return doc;
}

const ADA = {
  name: 'Ada Lovelace',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@analytical.example',
  company: 'Analytical Engines Ltd',
  jobTitle: 'Head of Analytics',
  owner: 'Grace Hopper',
};

// Exact expectations: a selector that stops matching its fixture fails loudly here.
const cases: [fixture: string, crm: string, entity: Entity, expected: Record<string, string>][] = [
  [
    'dynamics365-lead',
    'dynamics365',
    'lead',
    { ...ADA, phone: '+44 20 7946 0018', stage: 'Contacted' },
  ],
  ['salesforce-contact', 'salesforce', 'contact', { ...ADA, phone: '+442079460018' }],
  [
    'hubspot-contact',
    'hubspot',
    'contact',
    { ...ADA, phone: '+442079460018', stage: 'Sales Qualified Lead' },
  ],
  ['zoho-lead', 'zoho', 'lead', { ...ADA, phone: '+442079460018', stage: 'Contacted' }],
  [
    'pipedrive-deal',
    'pipedrive',
    'opportunity',
    {
      name: 'Analytics platform deal',
      email: 'ada@analytical.example',
      phone: '+442079460018',
      company: 'Analytical Engines Ltd',
      stage: 'Proposal Made',
      owner: 'Grace Hopper',
    },
  ],
  [
    'generic-contact',
    'acme-home-grown',
    'contact',
    { ...ADA, phone: '+44 20 7946 0018', stage: 'Active customer' },
  ],
];

const MARCUS = {
  name: 'Mr. Marcus Lindqvist',
  firstName: 'Marcus',
  lastName: 'Lindqvist',
  jobTitle: 'VP of Marketing',
  company: 'Nordic Freight AB',
  stage: 'Assigned',
};

describe('names come from the name element, not the decorated page heading', () => {
  it('SuiteCRM detail view', () => {
    expect(
      captureFields(loadFixture('suitecrm-lead-detail'), { crm: 'suitecrm', entity: 'lead' }),
    ).toEqual({
      ...MARCUS,
      phone: '+46 8 555 010 10',
      email: 'marcus.lindqvist@nordicfreight.example',
      owner: 'Grace Hopper',
    });
  });

  it('SuiteCRM edit view: the heading "name»Edit" is not the name; the form fields are read', () => {
    expect(
      captureFields(loadFixture('suitecrm-lead-edit'), { crm: 'suitecrm', entity: 'lead' }),
    ).toEqual({ ...MARCUS, phone: '+46 8 555 010 10' });
  });

  it('a field made of form controls reads their values, not every option of a list', () => {
    // EspoCRM's name field in edit mode: a salutation list and two inputs in one wrapper.
    const doc = new DOMParser().parseFromString(
      `<div class="field" data-name="name">
         <select data-name="salutationName"><option value="">None</option><option>Mr.</option><option>Dr.</option></select>
         <input data-name="firstName" value="Ada"><input data-name="lastName" value="King">
         <input type="hidden" value="secret"><button type="button">Clear</button>
       </div>`,
      'text/html',
    );
    doc.querySelector('select')!.value = 'Dr.';
    const fields = captureFields(doc, { crm: 'espocrm', entity: 'contact' });
    expect(fields['name']).toBe('Dr. Ada King');
    expect(fields['firstName']).toBe('Ada');
  });
});

describe('captureFields on fixture pages', () => {
  it.each(cases)('%s (%s %s)', (fixture, crm, entity, expected) => {
    expect(captureFields(loadFixture(fixture), { crm, entity })).toEqual(expected);
  });

  it('reads inside a shadow root passed as the root', () => {
    const doc = loadFixture('salesforce-contact');
    const host = doc.querySelector('records-record-layout-item[field-label="Phone"]');
    expect(host?.shadowRoot).toBeTruthy();
    expect(captureFields(host!.shadowRoot!, CONTACT)).toEqual({ phone: '+442079460018' });
  });

  it('reaches native shadow roots without an explicit shadow step for unknown CRMs', () => {
    const doc = loadFixture('salesforce-contact');
    const fields = captureFields(doc, CONTACT, { owner: ['records-hoverable-link'] });
    expect(fields['owner']).toBe('Grace Hopper');
  });
});

describe('a record shown inside another record', () => {
  it('HubSpot: a preview pane of another record over the page does not change what is read', () => {
    const doc = loadFixture('hubspot-contact');
    const before = captureFields(doc, { crm: 'hubspot', entity: 'contact' });
    // The preview pane HubSpot opens over a record page for an associated record (the address
    // keeps naming the main record): another record's name, email, phone and labels.
    const pane = doc.createElement('aside');
    pane.setAttribute('role', 'dialog');
    pane.setAttribute('aria-label', 'Preview');
    pane.innerHTML = `<h1>Grace Hopper</h1>
      <dl><dt>Email</dt><dd><a href="mailto:grace@navy.example">grace@navy.example</a></dd>
      <dt>Phone number</dt><dd><a href="tel:+15550100">+1 555 0100</a></dd>
      <dt>Job title</dt><dd>Rear Admiral</dd></dl>`;
    doc.body.append(pane);
    expect(captureFields(doc, { crm: 'hubspot', entity: 'contact' })).toEqual(before);
  });
});

describe('captureFields with extra fields', () => {
  it('reads configured keys, tries selectors in order and lets extras override built-ins', () => {
    const doc = loadFixture('zoho-lead');
    const fields = captureFields(
      doc,
      { crm: 'zoho', entity: 'lead' },
      {
        leadSource: [
          '[data-zcqa="value_Lead_Source"]',
          '.business-card .dv-field:nth-child(4) .dv-label',
        ],
        email: ['[data-zcqa="value_Owner"]'],
        broken: ['[[[', 'div:has(', '#nope'],
        titleAttr: ['[data-zcqa="rec_Full_Name"] @data-zcqa'],
      },
    );
    expect(fields['leadSource']).toBe('Lead Status');
    expect(fields['email']).toBe('Grace Hopper');
    expect(fields['broken']).toBeUndefined();
    expect(fields['titleAttr']).toBe('rec_Full_Name');
  });

  it('ignores malformed extra configuration', () => {
    const doc = loadFixture('zoho-lead');
    const extra = { a: 'not an array', b: [42, null] } as unknown as Record<string, string[]>;
    expect(captureFields(doc, { crm: 'zoho', entity: 'lead' }, extra)['name']).toBe('Ada Lovelace');
  });
});

describe('captureFields robustness', () => {
  it('returns {} for an empty page and never throws on odd input', () => {
    const doc = new DOMParser().parseFromString('<html><body></body></html>', 'text/html');
    expect(captureFields(doc, { crm: 'salesforce', entity: 'lead' })).toEqual({});
    expect(captureFields(doc, GENERIC_CONTACT)).toEqual({});
    expect(
      captureFields(null as unknown as Document, { crm: 'salesforce', entity: 'lead' }),
    ).toEqual({});
    expect(captureFields(doc, { crm: '__proto__', entity: 'lead' })).toEqual({});
  });

  it('caps and trims values', () => {
    const doc = new DOMParser().parseFromString(
      `<h1>  ${'x'.repeat(2000)}  </h1><table><tr><th>Email</th><td>  a@b.example \n </td></tr></table>`,
      'text/html',
    );
    const fields = captureFields(doc, GENERIC_CONTACT);
    expect(fields['name']).toHaveLength(500);
    expect(fields['email']).toBe('a@b.example');
  });

  it('skips aria-hidden and hidden elements', () => {
    const doc = new DOMParser().parseFromString(
      '<div aria-hidden="true"><h1>Ghost</h1></div><h1 hidden>Ghost 2</h1><h1>Real Name</h1>',
      'text/html',
    );
    expect(captureFields(doc, GENERIC_CONTACT)['name']).toBe('Real Name');
  });

  it("skips what the page's own stylesheet hides (a cached copy of an earlier record)", () => {
    const doc = new DOMParser().parseFromString(
      '<style>.cached { display: none } .away { visibility: hidden }</style><div class="cached"><h1>Earlier Record</h1></div><div class="away"><h1>Other Record</h1></div><h1>Real Name</h1>',
      'text/html',
    );
    expect(captureFields(doc, GENERIC_CONTACT)['name']).toBe('Real Name');
  });
});

/** A page with nothing but a heading and, optionally, first/last name inputs. */
function headingPage(heading: string, inputs = ''): Document {
  return new DOMParser().parseFromString(`<main><h1>${heading}</h1>${inputs}</main>`, 'text/html');
}

describe('names: first and last names only for people', () => {
  it.each<[Entity, string]>([
    ['account', 'Northwind Traders'],
    ['opportunity', 'Ada Lovelace Renewal'],
    ['account', 'Lovelace, Ada'],
  ])('%s "%s" is not split into first and last names', (entity, name) => {
    const fields = captureFields(headingPage(name), { crm: 'generic', entity });
    expect(fields['name']).toBe(name);
    expect(fields).not.toHaveProperty('firstName');
    expect(fields).not.toHaveProperty('lastName');
  });

  it('drops first/last name fields an account page happens to show', () => {
    const inputs =
      '<label for="f">First name</label><input id="f" value="Northwind">' +
      '<label for="l">Last name</label><input id="l" value="Traders">';
    const fields = captureFields(headingPage('Northwind Traders', inputs), {
      crm: 'generic',
      entity: 'account',
    });
    expect(fields).toEqual({ name: 'Northwind Traders' });
  });

  it.each<[Entity, string, string, string]>([
    ['contact', 'Northwind Traders', 'Northwind', 'Traders'],
    ['lead', 'Mr. Marcus Lindqvist', 'Marcus', 'Lindqvist'],
    ['contact', 'Ms Ada Lovelace', 'Ada', 'Lovelace'],
    ['lead', 'Prof. Dr. Ada King', 'Ada', 'King'],
    ['contact', 'Mrs. Grace Hopper', 'Grace', 'Hopper'],
  ])('%s "%s" has first name %s', (entity, name, firstName, lastName) => {
    const fields = captureFields(headingPage(name), { crm: 'generic', entity });
    expect([fields['firstName'], fields['lastName']]).toEqual([firstName, lastName]);
  });

  it('keeps salutations out of a first name the page shows in its own field', () => {
    const inputs =
      '<label for="f">First name</label><input id="f" value="Dr. Ada">' +
      '<label for="l">Last name</label><input id="l" value="Lovelace">';
    const fields = captureFields(headingPage('Dr. Ada Lovelace', inputs), GENERIC_CONTACT);
    expect(fields['firstName']).toBe('Ada');
    expect(fields['lastName']).toBe('Lovelace');
  });
});

describe('name helpers', () => {
  it.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['Lovelace, Ada', 'Ada', 'Lovelace'],
    ['Dr. Ada King Lovelace', 'Ada', 'King Lovelace'],
    ['Ada', 'Ada', ''],
  ])('splits %s', (name, firstName, lastName) => {
    expect(splitName(name)).toEqual({ firstName, lastName });
  });

  it.each([
    ['Ada Lovelace', true],
    ['Lovelace, Ada', true],
    ['Analytics platform deal', false],
    ['Acme Ltd', false],
    ['Q3 Renewal', false],
    ['Ada', false],
  ])('looksLikePersonName(%s) is %s', (name, expected) => {
    expect(looksLikePersonName(name)).toBe(expected);
  });
});

describe('findRecordContainer', () => {
  it.each([
    ['dynamics365-lead', 'dynamics365', 'editFormRoot'],
    ['hubspot-contact', 'hubspot', 'left-sidebar'],
    ['generic-contact', 'acme', 'MAIN'],
  ])('finds the container in %s', (fixture, crm, marker) => {
    const found = findRecordContainer(loadFixture(fixture), crm);
    expect([
      found?.getAttribute('data-id'),
      found?.getAttribute('data-test-id'),
      found?.tagName,
    ]).toContain(marker);
  });

  it('returns null when there is none', () => {
    const doc = new DOMParser().parseFromString('<p>x</p>', 'text/html');
    expect(findRecordContainer(doc, 'salesforce')).toBeNull();
  });
});
