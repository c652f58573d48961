/**
 * The data is the screen, after in-app navigation, in every demo CRM skin: Dynamics 365
 * (pushState, form cleared then rendered), Salesforce Lightning (pushState, the previous record
 * stays on screen until the next renders), Copper (hash routing) and a self-hosted SuiteCRM 7
 * whose AJAX UI changes the URL at once and swaps the page 150–300 ms later.
 *
 * In each: lead A (job title, phone) → contact B (neither) → an opportunity → lead C (first
 * seen). After each step what Upnext stored for the record equals what its page shows, no read
 * of the previous page was ever stored for it (the event log would show it), and the panel never
 * showed the previous record's name for the new one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEMO_DATA,
  type DemoContact,
  type DemoLead,
  type DemoOpportunity,
  type DemoRecord,
} from '../../demo/data';
import { startDemoServer, type DemoServer } from '../../demo/server';
import type { RecordRef } from '../../lib/messaging/protocol';
import { demoOrigin } from './support/demo-browser';
import { call, readStore } from './support/extension';
import { panelFrame } from './support/panel';
import { addSelfHostedCrm, allowSiteAccess, launchWithProfile } from './support/site-access';

let demo: DemoServer;
let profile: string;
let browser: Browser;
let extensionId: string;
let admin: Page;

const SUITE = 'https://suitecrm.acme.example';

beforeAll(async () => {
  demo = await startDemoServer();
  profile = await mkdtemp(join(tmpdir(), 'upnext-e2e-capture-'));
  ({ browser, extensionId } = await launchWithProfile({ port: demo.port, userDataDir: profile }));
  await allowSiteAccess(browser, extensionId, `${SUITE}/*`);
  const added = await addSelfHostedCrm(browser, extensionId, SUITE, 'suitecrm');
  expect(added.notice).toBe(`Added ${SUITE}.`);
  admin = added.console;
}, 120_000);

afterAll(async () => {
  await browser.close();
  await demo.close();
  await rm(profile, { recursive: true, force: true });
});

type Person = DemoLead | DemoContact;
const A = DEMO_DATA.leads[1]!; // Mr. Lucas Moreau, Head of IT, with a phone.
const B = DEMO_DATA.contacts.find((contact) => contact.jobTitle === '' && contact.phone === '')!;
const O: DemoOpportunity = DEMO_DATA.opportunities[0]!;
const C = DEMO_DATA.leads[2]!; // Dr. Hannah Schmidt, seen first after the opportunity.

interface Skin {
  name: string;
  crm: string;
  id: (record: DemoRecord) => string;
  /** The address of a record page. */
  url: (record: DemoRecord) => string;
  /** Goes to a record the way the CRM's own links do (no page load). */
  go: (page: Page, record: DemoRecord) => Promise<void>;
  /** The name the skin shows for a person. */
  person: (record: Person) => string;
}

const fullName = (record: Person) => `${record.firstName} ${record.lastName}`;
const pushState = (page: Page, url: string) =>
  page.evaluate((to) => {
    history.pushState({}, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, url);

const SF_OBJECT = {
  lead: 'Lead',
  contact: 'Contact',
  account: 'Account',
  opportunity: 'Opportunity',
};
// Copper's record URLs (crm-reference): deals and organizations, as the real app names them.
const COPPER_TYPE = {
  lead: 'lead',
  contact: 'contact',
  account: 'organization',
  opportunity: 'deal',
};
const SUITE_MODULE = {
  lead: 'Leads',
  contact: 'Contacts',
  account: 'Accounts',
  opportunity: 'Opportunities',
};
const suitePath = (record: DemoRecord) =>
  `index.php?module=${SUITE_MODULE[record.entity]}&action=DetailView&record=${record.guid}`;

const SKINS: Skin[] = [
  {
    name: 'Dynamics 365',
    crm: 'dynamics365',
    id: (record) => record.guid,
    url: (record) =>
      `${demoOrigin('dynamics')}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${record.entity}&id=${record.guid}`,
    go: (page, record) =>
      pushState(
        page,
        `/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${record.entity}&id=${record.guid}`,
      ),
    person: fullName,
  },
  {
    name: 'Salesforce Lightning',
    crm: 'salesforce',
    id: (record) => record.sfId,
    url: (record) =>
      `${demoOrigin('salesforce')}/lightning/r/${SF_OBJECT[record.entity]}/${record.sfId}/view`,
    go: (page, record) =>
      pushState(page, `/lightning/r/${SF_OBJECT[record.entity]}/${record.sfId}/view`),
    person: fullName,
  },
  {
    name: 'Copper',
    crm: 'copper',
    id: (record) => String(record.copperId),
    url: (record) =>
      `${demoOrigin('copper')}/companies/${DEMO_DATA.copperAccountId}/app#/${COPPER_TYPE[record.entity]}/${record.copperId}`,
    go: (page, record) =>
      page.evaluate(
        (hash) => void (location.hash = hash),
        `#/${COPPER_TYPE[record.entity]}/${record.copperId}`,
      ),
    person: fullName,
  },
  {
    name: 'SuiteCRM 7 (AJAX UI)',
    crm: 'suitecrm',
    id: (record) => record.guid,
    url: (record) => `${SUITE}/${suitePath(record)}`,
    // What a click on an in-app link does in the AJAX UI: the hash now, the page later.
    go: (page, record) =>
      page.evaluate(
        (path) => void (location.hash = `ajaxUILoc=${encodeURIComponent(path)}`),
        suitePath(record),
      ),
    person: (record) =>
      [record.salutation, record.firstName, record.lastName].filter(Boolean).join(' '),
  },
];

const refOf = (skin: Skin, record: DemoRecord): RecordRef => ({
  crm: skin.crm,
  entity: record.entity,
  id: skin.id(record),
});
const nameOf = (skin: Skin, record: DemoRecord) =>
  record.entity === 'lead' || record.entity === 'contact' ? skin.person(record) : record.name;

/** What Upnext stored for the record, once it stored its page's name (the positive signal). */
async function stored(skin: Skin, record: DemoRecord): Promise<Record<string, string>> {
  const ref = refOf(skin, record);
  const name = nameOf(skin, record);
  let captured: Record<string, string> = {};
  await expect
    .poll(
      async () => {
        const { view } = await call(admin, 'getRecordView', { record: ref });
        captured = view?.captured ?? {};
        return captured['name'];
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(name);
  return captured;
}

/** Every field value Upnext ever recorded for the record (the engine's event log). */
async function everRecorded(skin: Skin, record: DemoRecord): Promise<string[]> {
  const ref = refOf(skin, record);
  const key = `${ref.crm}|${ref.entity}|${ref.id}`;
  const events = (await readStore(admin, 'events')) as {
    recordKey: string;
    type: string;
    data?: { values?: Record<string, unknown> };
  }[];
  return events
    .filter((event) => event.recordKey === key && event.type === 'fields-recorded')
    .flatMap((event) => Object.values(event.data?.values ?? {}).map((value) => String(value)));
}

/**
 * Navigates in-app, then returns every panel heading ("title · kind") shown while the address was
 * the new record's (observed from just before the navigation on). Shown means on the seller's
 * screen: in the panel's frame while the mount did not cover it (the mount covers the frame from
 * the detector's task on a navigation until the frame says it drew the new record).
 */
async function navigate(
  page: Page,
  skin: Skin,
  record: DemoRecord,
): Promise<() => Promise<string[]>> {
  // Every heading shown in between must be seen, not just the last: an observer in the panel's
  // frame notes each heading with the time it showed, and one in the page each address with the
  // time it became current (both on the machine's clock, comparable across the two processes).
  const frame = panelFrame(page);
  await frame?.evaluate(() => {
    const seen: { at: number; heading: string }[] = [];
    (window as unknown as { __upnextHeadings: typeof seen }).__upnextHeadings = seen;
    const heading = () =>
      `${document.querySelector('.record')?.textContent ?? ''} · ${document.querySelector('.subtitle')?.textContent ?? ''}`;
    new MutationObserver(() =>
      seen.push({ at: performance.timeOrigin + performance.now(), heading: heading() }),
    ).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // The cover over the frame, watched from the page (the element is in the mount's closed root:
  // DevTools hands the test the iframe, and the cover is its sibling).
  const owner = await frame?.frameElement();
  await owner?.evaluate((iframe) => {
    const cover = iframe.nextElementSibling!;
    const now = () => performance.timeOrigin + performance.now();
    const state = () => ({ at: now(), covered: getComputedStyle(cover).display !== 'none' });
    const covers = [state()];
    (window as unknown as { __upnextCovers: typeof covers }).__upnextCovers = covers;
    new MutationObserver(() => covers.push(state())).observe(cover, { attributes: true });
  });
  await page.evaluate(() => {
    const now = () => performance.timeOrigin + performance.now();
    const hrefs = [{ at: now(), href: location.href }];
    (window as unknown as { __upnextHrefs: typeof hrefs }).__upnextHrefs = hrefs;
    (globalThis as unknown as { navigation: EventTarget }).navigation.addEventListener(
      'currententrychange',
      () => hrefs.push({ at: now(), href: location.href }),
    );
  });
  await skin.go(page, record);
  const href = page.url();
  return async () => {
    const headings =
      frame === null
        ? []
        : await frame.evaluate(
            () =>
              (window as unknown as { __upnextHeadings: { at: number; heading: string }[] })
                .__upnextHeadings,
          );
    const hrefs = await page.evaluate(
      () => (window as unknown as { __upnextHrefs: { at: number; href: string }[] }).__upnextHrefs,
    );
    const readCovers = () =>
      page.evaluate(
        () =>
          (window as unknown as { __upnextCovers: { at: number; covered: boolean }[] })
            .__upnextCovers,
      );
    const covers = owner === undefined || owner === null ? [] : await readCovers();
    if (owner !== undefined && owner !== null) {
      // The cover went up with the navigation, and comes off once the frame drew the new record.
      expect(covers.some((change) => change.covered)).toBe(true);
      await expect
        .poll(async () => (await readCovers()).at(-1)?.covered, { timeout: 5_000, interval: 50 })
        .toBe(false);
    }
    return headings
      .filter((entry) => hrefs.filter((change) => change.at <= entry.at).at(-1)?.href === href)
      .filter((entry) => covers.filter((change) => change.at <= entry.at).at(-1)?.covered !== true)
      .map((entry) => entry.heading);
  };
}

const digits = (value: string | undefined) => (value ?? '').replace(/\D/g, '');

describe.each(SKINS)(
  'in-app navigation in $name: the stored fields are the record on screen',
  (skin) => {
    it('lead A → contact B → opportunity → lead C', async () => {
      const page = await browser.newPage();
      await page.goto(skin.url(A), { waitUntil: 'domcontentloaded' });
      const a = await stored(skin, A);
      expect(a['jobTitle']).toBe(A.jobTitle);
      expect(digits(a['phone'])).toBe(digits(A.phone));

      // B has no job title and no phone: nothing of A's may be stored for her, ever.
      const headingsB = await navigate(page, skin, B);
      const b = await stored(skin, B);
      expect(b).not.toHaveProperty('jobTitle');
      expect(b).not.toHaveProperty('phone');
      expect(b['email']).toBe(B.email);
      // The stored address is B's own page, never the one the tab was opened on (A's).
      expect((await call(admin, 'getRecordView', { record: refOf(skin, B) })).view?.url).toBe(
        page.url(),
      );
      const recordedB = await everRecorded(skin, B);
      for (const value of [a['name'], a['jobTitle'], a['phone'], a['email']])
        expect(recordedB).not.toContain(value);
      // Meanwhile the panel never showed A's name for B.
      expect(
        (await headingsB()).filter((heading) => heading.startsWith(`${nameOf(skin, A)} ·`)),
      ).toEqual([]);

      await navigate(page, skin, O);
      const o = await stored(skin, O);
      expect(o).not.toHaveProperty('email', B.email);
      expect(await everRecorded(skin, O)).not.toContain(B.email);

      // A lead seen for the first time right after the opportunity: no stage of the opportunity.
      const headingsC = await navigate(page, skin, C);
      const c = await stored(skin, C);
      expect(c['jobTitle']).toBe(C.jobTitle);
      expect(c['email']).toBe(C.email);
      if (o['stage'] !== undefined) {
        expect(c['stage']).not.toBe(o['stage']);
        expect(await everRecorded(skin, C)).not.toContain(o['stage']);
      }
      expect((await headingsC()).filter((heading) => heading.startsWith(`${O.name} ·`))).toEqual(
        [],
      );
      await page.close();
    }, 60_000);
  },
);

describe('a self-hosted SuiteCRM edit page', () => {
  it('never renames the record after its heading "name»Edit"', async () => {
    const skin = SKINS.find((item) => item.crm === 'suitecrm')!;
    const page = await browser.newPage();
    await page.goto(skin.url(C), { waitUntil: 'domcontentloaded' });
    await stored(skin, C);
    await page.click('.moduleTitle .utilsLink'); // "Edit", through the AJAX UI.
    // Positive signal: the edit page's read was stored (the record's address is the edit form's).
    await expect
      .poll(
        async () =>
          (await call(admin, 'getRecordView', { record: refOf(skin, C) })).view?.url ?? '',
        { timeout: 10_000, interval: 100 },
      )
      .toContain('EditView');
    const { view } = await call(admin, 'getRecordView', { record: refOf(skin, C) });
    expect(view?.name).toBe(nameOf(skin, C));
    expect(view?.captured['name']).toBe(nameOf(skin, C));
    expect(await everRecorded(skin, C)).not.toContain(`${nameOf(skin, C)}»Edit`);
    await page.close();
  }, 60_000);
});
