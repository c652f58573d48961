// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { captureFields, findRecordContainer, looksLikePersonName, splitName } from './capture';

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
const cases: [fixture: string, crm: string, expected: Record<string, string>][] = [
  ['dynamics365-lead', 'dynamics365', { ...ADA, phone: '+44 20 7946 0018', stage: 'Contacted' }],
  ['salesforce-contact', 'salesforce', { ...ADA, phone: '+442079460018' }],
  ['hubspot-contact', 'hubspot', { ...ADA, phone: '+442079460018', stage: 'Sales Qualified Lead' }],
  ['zoho-lead', 'zoho', { ...ADA, phone: '+442079460018', stage: 'Contacted' }],
  [
    'pipedrive-deal',
    'pipedrive',
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
    { ...ADA, phone: '+44 20 7946 0018', stage: 'Active customer' },
  ],
];

describe('captureFields on fixture pages', () => {
  it.each(cases)('%s (%s)', (fixture, crm, expected) => {
    expect(captureFields(loadFixture(fixture), crm)).toEqual(expected);
  });

  it('reads inside a shadow root passed as the root', () => {
    const doc = loadFixture('salesforce-contact');
    const host = doc.querySelector('records-record-layout-item[field-label="Phone"]');
    expect(host?.shadowRoot).toBeTruthy();
    expect(captureFields(host!.shadowRoot!, 'unknown')).toEqual({ phone: '+442079460018' });
  });

  it('reaches native shadow roots without an explicit shadow step for unknown CRMs', () => {
    const doc = loadFixture('salesforce-contact');
    const fields = captureFields(doc, 'unknown', { owner: ['records-hoverable-link'] });
    expect(fields['owner']).toBe('Grace Hopper');
  });
});

describe('captureFields with extra fields', () => {
  it('reads configured keys, tries selectors in order and lets extras override built-ins', () => {
    const doc = loadFixture('zoho-lead');
    const fields = captureFields(doc, 'zoho', {
      leadSource: [
        '[data-zcqa="value_Lead_Source"]',
        '.business-card .dv-field:nth-child(4) .dv-label',
      ],
      email: ['[data-zcqa="value_Owner"]'],
      broken: ['[[[', 'div:has(', '#nope'],
      titleAttr: ['[data-zcqa="rec_Full_Name"] @data-zcqa'],
    });
    expect(fields['leadSource']).toBe('Lead Status');
    expect(fields['email']).toBe('Grace Hopper');
    expect(fields['broken']).toBeUndefined();
    expect(fields['titleAttr']).toBe('rec_Full_Name');
  });

  it('ignores malformed extra configuration', () => {
    const doc = loadFixture('zoho-lead');
    const extra = { a: 'not an array', b: [42, null] } as unknown as Record<string, string[]>;
    expect(captureFields(doc, 'zoho', extra)['name']).toBe('Ada Lovelace');
  });
});

describe('captureFields robustness', () => {
  it('returns {} for an empty page and never throws on odd input', () => {
    const doc = new DOMParser().parseFromString('<html><body></body></html>', 'text/html');
    expect(captureFields(doc, 'salesforce')).toEqual({});
    expect(captureFields(doc, 'generic')).toEqual({});
    expect(captureFields(null as unknown as Document, 'salesforce')).toEqual({});
    expect(captureFields(doc, '__proto__')).toEqual({});
  });

  it('caps and trims values', () => {
    const doc = new DOMParser().parseFromString(
      `<h1>  ${'x'.repeat(2000)}  </h1><table><tr><th>Email</th><td>  a@b.example \n </td></tr></table>`,
      'text/html',
    );
    const fields = captureFields(doc, 'generic');
    expect(fields['name']).toHaveLength(500);
    expect(fields['email']).toBe('a@b.example');
  });

  it('skips aria-hidden and hidden elements', () => {
    const doc = new DOMParser().parseFromString(
      '<div aria-hidden="true"><h1>Ghost</h1></div><h1 hidden>Ghost 2</h1><h1>Real Name</h1>',
      'text/html',
    );
    expect(captureFields(doc, 'generic')['name']).toBe('Real Name');
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
