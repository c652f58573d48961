// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { captureFields, findRecordContainer } from './fields/capture';
import { watchRecordRender } from './navigation';
import { recordReadRule, shownRecordIds, showsRecord } from './record-proof';
import type { RecordRef } from './rules/types';

const flush = async (): Promise<void> => {
  for (let index = 0; index < 5; index++) await Promise.resolve();
};

const LEAD_A = '8c1e5a2b-3d4f-4a6b-9c7d-0e1f2a3b4c5d';
const CONTACT_B = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';

/** SuiteCRM 7's detail view for one record (the shape of tests/fixtures/crm/suitecrm-lead-detail.html). */
function suiteDetail(id: string, module: string, fields: Record<string, string>): string {
  const cells = Object.entries(fields)
    .map(
      ([field, value]) =>
        `<div class="detail-view-field" field="${field}"><span class="sugar_field" id="${field}">${value}</span></div>`,
    )
    .join('');
  return `<div class="moduleTitle"><h2 class="module-title-text">${fields['full_name'] ?? ''}</h2></div>
    <div class="detail-view"><form name="DetailView" id="formDetailView">
      <input type="hidden" name="module" value="${module}"><input type="hidden" name="record" value="${id}">
    </form>${cells}</div>`;
}

const A_PAGE = suiteDetail(LEAD_A, 'Leads', {
  full_name: 'Mr. Marcus Lindqvist',
  title: 'VP of Marketing',
  phone_work: '+46 8 555 010 10',
});
const B_PAGE = suiteDetail(CONTACT_B, 'Contacts', { full_name: 'Ms. Ingrid Berg' });
const B: RecordRef = { crm: 'suitecrm', entity: 'contact', id: CONTACT_B };

/** Starts the capture the content script runs after a navigation and collects what it reports. */
function capture(record: RecordRef, afterNavigation: boolean, previousName: string | null) {
  const reads: Record<string, string>[] = [];
  const ends: boolean[] = [];
  const controller = new AbortController();
  watchRecordRender({
    read: () => captureFields(document, record),
    onRead: (fields) => reads.push(fields),
    ...recordReadRule({ doc: document, record, afterNavigation, previousName }),
    container: () => findRecordContainer(document, record.crm),
    onEnd: (reported) => ends.push(reported),
    signal: controller.signal,
  });
  return { reads, ends, controller };
}

describe('capturing after an in-app navigation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('SuiteCRM AJAX UI: lead A → contact B swapped 250 ms later stores only B, without A’s title and phone', async () => {
    document.body.innerHTML = `<div id="content">${A_PAGE}</div>`;
    const { reads, ends } = capture(B, true, 'Mr. Marcus Lindqvist');
    // The page still shows A (its form says record=A): nothing may be read for B.
    vi.advanceTimersByTime(249);
    await flush();
    expect(reads).toEqual([]);
    document.querySelector('#content')!.innerHTML = B_PAGE;
    await flush();
    vi.advanceTimersByTime(150);
    expect(reads).toEqual([{ name: 'Ms. Ingrid Berg', firstName: 'Ingrid', lastName: 'Berg' }]);
    vi.advanceTimersByTime(5000);
    expect(ends).toEqual([true]);
  });

  it('a page that never shows the record reports nothing and says so when the wait ends', async () => {
    document.body.innerHTML = `<div id="content">${A_PAGE}</div>`;
    const { reads, ends } = capture(B, true, 'Mr. Marcus Lindqvist');
    document.querySelector('#content h2')!.textContent = 'Mr. Marcus Lindqvist (updated)';
    await flush();
    vi.advanceTimersByTime(6000);
    expect(reads).toEqual([]);
    expect(ends).toEqual([false]);
  });

  it('without an id in the page: waits for the record container to change, and skips the previous record', async () => {
    const page = (name: string, extra = '') =>
      `<h1>${name}</h1><dl><dt>Email</dt><dd>${name.split(' ')[0].toLowerCase()}@x.example</dd>${extra}</dl>`;
    document.body.innerHTML = `<main>${page('Ada Lovelace', '<dt>Job title</dt><dd>CTO</dd>')}</main>`;
    const record: RecordRef = { crm: 'acme', entity: 'contact', id: '2' };
    const { reads } = capture(record, true, 'Ada Lovelace');
    vi.advanceTimersByTime(400);
    expect(reads).toEqual([]);
    // A spinner appears first (the container changed, but it still shows A): not B's fields.
    document
      .querySelector('main')!
      .append(Object.assign(document.createElement('p'), { textContent: 'Loading' }));
    await flush();
    vi.advanceTimersByTime(150);
    expect(reads).toEqual([]);
    document.querySelector('main')!.innerHTML = page('Grace Hopper');
    await flush();
    vi.advanceTimersByTime(150);
    expect(reads).toEqual([
      { name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper', email: 'grace@x.example' },
    ]);
  });

  it('a fresh page load reads at once', () => {
    document.body.innerHTML = `<div id="content">${B_PAGE}</div>`;
    const { reads, controller } = capture(B, false, null);
    expect(reads).toEqual([{ name: 'Ms. Ingrid Berg', firstName: 'Ingrid', lastName: 'Berg' }]);
    controller.abort();
  });
});

describe('shownRecordIds', () => {
  afterEach(() => document.body.replaceChildren());

  it('reads SuiteCRM detail and edit forms', () => {
    document.body.innerHTML = A_PAGE;
    expect(shownRecordIds(document, B)).toEqual([LEAD_A]);
    document.body.innerHTML = `<form name="EditView" id="EditView"><input type="hidden" name="record" value="${CONTACT_B.toUpperCase()}"></form>`;
    expect(shownRecordIds(document, B)).toEqual([CONTACT_B]);
    // A duplicate's edit form has an empty record: no proof either way.
    document.body.innerHTML = `<form name="EditView" id="EditView"><input type="hidden" name="record" value=""></form>`;
    expect(shownRecordIds(document, B)).toBeNull();
  });

  it('reads Dynamics controls bound to the record, visible ones only', () => {
    const guid = '04aec106-eb12-4f31-9f0b-8583b1443fc0';
    document.body.innerHTML = `
      <div data-lp-id="MscrmControls.FieldControls.TextBoxControl|firstname.fieldControl|lead"></div>
      <div data-lp-id="MscrmControls.Grid.ReadOnlyGrid|Activities|lead|{${guid.toUpperCase()}}|activitypointer|cc-grid"></div>
      <div hidden><div data-lp-id="MscrmControls.Grid.ReadOnlyGrid|Activities|lead|11111111-2222-4333-8444-555555555555|x"></div></div>`;
    expect(shownRecordIds(document, { crm: 'dynamics365', entity: 'lead', id: guid })).toEqual([
      guid,
    ]);
  });

  it('reads Salesforce related-list links, skipping the hidden cached page', () => {
    document.body.innerHTML = `
      <div class="oneContent cached" style="display: none"><a href="/lightning/r/Lead/00Q5e00000AbCdEEAV/related/Histories/view">History</a></div>
      <div class="oneContent active"><a href="/lightning/r/Contact/0036000000QKv5T/related/Cases/view">Cases</a></div>`;
    expect(
      shownRecordIds(document, { crm: 'salesforce', entity: 'contact', id: '0036000000QKv5TAAT' }),
    ).toEqual(['0036000000QKv5TAAT']);
  });

  it('reads vtiger’s record id and has nothing for CRMs without a rule', () => {
    document.body.innerHTML = '<input type="hidden" id="recordId" value="42">';
    expect(shownRecordIds(document, { crm: 'vtiger', entity: 'lead', id: '42' })).toEqual(['42']);
    expect(shownRecordIds(document, { crm: 'hubspot', entity: 'contact', id: '42' })).toBeNull();
  });
});

describe('showsRecord', () => {
  const lead = (id: string) => ({ crm: 'dynamics365', entity: 'lead', id }) as const;
  const SHOWN = '04aec106-eb12-4f31-9f0b-8583b1443fc0';
  const OTHER = '11111111-2222-4333-8444-555555555555';
  const control = (id: string) =>
    `<div data-lp-id="MscrmControls.Grid.ReadOnlyGrid|Activities|lead|{${id}}|activitypointer"></div>`;
  afterEach(() => {
    document.head.replaceChildren();
    document.body.replaceChildren();
  });

  it('agrees with shownRecordIds: the record, only others, or no proof', () => {
    // Another session's form, hidden by the page's stylesheet, names another record.
    document.head.innerHTML = '<style>.session--away { display: none }</style>';
    const cases: [html: string, record: string, expected: boolean | null][] = [
      [`<div class="session--away">${control(OTHER)}</div>${control(SHOWN)}`, SHOWN, true],
      [`<div class="session--away">${control(SHOWN)}</div>${control(OTHER)}`, SHOWN, false],
      [`<div class="session--away">${control(OTHER)}${control(SHOWN)}</div>`, SHOWN, null],
      [`<div style="visibility: hidden">${control(SHOWN)}</div>${control(OTHER)}`, SHOWN, false],
      ['<p>No controls</p>', SHOWN, null],
    ];
    for (const [html, id, expected] of cases) {
      document.body.innerHTML = html;
      expect(showsRecord(document, lead(id))).toBe(expected);
      const ids = shownRecordIds(document, lead(id));
      expect(ids === null ? null : ids.includes(id)).toBe(expected);
    }
  });
});
