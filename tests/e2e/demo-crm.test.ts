/**
 * The demo CRM (demo/) in real Chromium, without the extension: each skin loads on its
 * real-shaped URL through the host mapping, navigates list → record → another record → list
 * with the URL shapes the detector expects, exposes the documented DOM hooks, and renders the
 * script-payload record as text.
 */
import { request } from 'node:https';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DATA, XSS_LEAD_GUID, findByGuid, recordName } from '../../demo/data';
import { type DemoServer, skinForHost, startDemoServer } from '../../demo/server';
import { DEMO_HOSTS, demoOrigin, launchDemoBrowser } from './support/demo-browser';

const TIMEOUT = 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Undefined when beforeAll failed; afterAll must still clean up what did start.
let server: DemoServer | undefined;
let browser: Browser | undefined;
let page: Page;
let dialogs: string[];
let pageErrors: string[];

beforeAll(async () => {
  server = await startDemoServer({ latencyMs: 80 });
  browser = await launchDemoBrowser({ port: server.port });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  page = await browser!.newPage();
  dialogs = [];
  pageErrors = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

afterEach(async () => {
  await page.close();
  expect(pageErrors).toEqual([]);
  expect(dialogs).toEqual([]);
});

/** Clicks the element and, in the same task, reports the URL and whether `selector` exists. */
async function clickAndPeek(
  selector: string,
  probe: string,
): Promise<{ href: string; present: boolean }> {
  return page.$eval(
    selector,
    (el, probeSelector) => {
      (el as HTMLElement).click();
      return { href: location.href, present: document.querySelector(probeSelector) !== null };
    },
    probe,
  );
}

const FORM = '[data-id="editFormRoot"]';

async function waitForForm(guid: string): Promise<void> {
  await page.waitForSelector(`${FORM}[data-record-id="${guid}"] h1[data-id="header_title"]`);
}

function dynamicsParams(href: string): Record<string, string> {
  const url = new URL(href);
  expect(url.host).toBe(DEMO_HOSTS.dynamics);
  expect(url.pathname).toBe('/main.aspx');
  return Object.fromEntries(url.searchParams);
}

describe('demo server', () => {
  it('routes skins by Host header', () => {
    expect(skinForHost('upnext-demo.crm.dynamics.com')).toBe('dynamics');
    expect(skinForHost('contoso.crm4.dynamics.com')).toBe('dynamics');
    expect(skinForHost('app.copper.com')).toBe('copper');
    expect(skinForHost('acme.lightning.force.com')).toBe('salesforce');
    expect(skinForHost('127.0.0.1:8443')).toBe('local');
    expect(skinForHost('evil.example')).toBeUndefined();
  });

  it('refuses unknown hosts and sets security headers', async () => {
    const get = (host: string, path: string) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server!.port,
            path,
            headers: { host },
            rejectUnauthorized: false,
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, headers: res.headers });
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect((await get('evil.example', '/main.aspx')).status).toBe(421);
    const shell = await get(DEMO_HOSTS.dynamics, '/main.aspx?pagetype=dashboard');
    expect(shell.status).toBe(200);
    expect(shell.headers['x-content-type-options']).toBe('nosniff');
    expect(shell.headers['content-security-policy']).toContain("object-src 'none'");
    expect((await get(DEMO_HOSTS.dynamics, '/_demo/../server.ts')).status).toBe(404);
  });

  it('has consistent demo data', () => {
    // The A/B e2e connects 20 leads of one type.
    expect(DEMO_DATA.leads.length).toBeGreaterThanOrEqual(20);
    const all = [
      ...DEMO_DATA.leads,
      ...DEMO_DATA.contacts,
      ...DEMO_DATA.accounts,
      ...DEMO_DATA.opportunities,
    ];
    const prefixes = { lead: '00Q', contact: '003', account: '001', opportunity: '006' };
    for (const record of all) {
      expect(record.guid).toMatch(GUID);
      expect(record.sfId).toMatch(/^[a-zA-Z0-9]{18}$/);
      expect(record.sfId.startsWith(prefixes[record.entity])).toBe(true);
    }
    expect(new Set(all.map((r) => r.guid)).size).toBe(all.length);
    expect(new Set(all.map((r) => r.copperId)).size).toBe(all.length);
    for (const contact of DEMO_DATA.contacts) expect(findByGuid(contact.accountGuid)).toBeDefined();
    for (const opp of DEMO_DATA.opportunities) {
      expect(findByGuid(opp.accountGuid)?.entity).toBe('account');
      expect(findByGuid(opp.contactGuid)?.entity).toBe('contact');
    }
  });
});

describe('Dynamics 365 skin', () => {
  const origin = demoOrigin('dynamics');
  const lead = DEMO_DATA.leads[0];
  const contact = DEMO_DATA.contacts[0];
  const account = findByGuid(contact.accountGuid)!;

  it(
    'navigates list → record → another record → list with UCI URL shapes and hooks',
    async () => {
      const response = await page.goto(
        `${origin}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entitylist&etn=lead`,
      );
      expect(response?.status()).toBe(200);
      await page.waitForSelector('[data-id="grid-container"] a.row-link');
      expect(await page.title()).toBe('Leads My Open Leads - Dynamics 365');
      expect(await page.$$eval('[data-id="grid-container"] tbody tr', (rows) => rows.length)).toBe(
        DEMO_DATA.leads.length,
      );

      // The URL changes first; the form renders a little later, like UCI.
      const peek = await clickAndPeek(`a.row-link[href*="${lead.guid}"]`, FORM);
      expect(peek.present).toBe(false);
      expect(dynamicsParams(peek.href)).toMatchObject({
        appid: DEMO_DATA.appId,
        pagetype: 'entityrecord',
        etn: 'lead',
        id: lead.guid,
      });
      await waitForForm(lead.guid);
      const name = recordName(lead);
      expect(await page.title()).toBe(`Lead: Information: ${name} - Dynamics 365`);
      const hooks = await page.evaluate(() => {
        const q = (s: string) => document.querySelector(s);
        const input = (s: string) => q(s) as HTMLInputElement | null;
        return {
          title: q('h1[data-id="header_title"]')?.getAttribute('title'),
          firstName: input('input[data-id="firstname.fieldControl-text-box-text"]')?.value,
          firstNameTitle: q('input[data-id="firstname.fieldControl-text-box-text"]')?.getAttribute(
            'title',
          ),
          company: input('input[data-id="companyname.fieldControl-text-box-text"]')?.value,
          email: input('input[data-id="emailaddress1.fieldControl-mail-text-input"]')?.value,
          phone: input('input[data-id="telephone1.fieldControl-phone-text-input"]')?.value,
          status: (
            q('select[data-id="statuscode.fieldControl-option-set-select"]') as HTMLSelectElement
          ).value,
          statusLabel: q(
            'select[data-id="statuscode.fieldControl-option-set-select"]',
          )?.getAttribute('aria-label'),
          grade: (
            q(
              'select[data-id="leadqualitycode.fieldControl-option-set-select"]',
            ) as HTMLSelectElement
          ).value,
          headerStatus: q('[data-id="header_statuscode"]')?.textContent,
          owner: q('[data-id*="ownerid.fieldControl-LookupResultsDropdown_ownerid_selected_tag"]')
            ?.textContent,
          stages: [...document.querySelectorAll('li[id*="processHeaderStage"]')].map(
            (li) => `${li.getAttribute('data-stage')}:${li.getAttribute('data-active')}`,
          ),
          label: q(
            '[data-id="emailaddress1-FieldSectionItemContainer"] label[id*="emailaddress1-field-label"]',
          )?.textContent,
          xrmId: (
            window as unknown as { Xrm?: { Page: { data: { entity: { getId(): string } } } } }
          ).Xrm?.Page.data.entity.getId(),
        };
      });
      expect(hooks).toMatchObject({
        title: name,
        firstName: lead.firstName,
        firstNameTitle: lead.firstName,
        company: lead.company,
        email: lead.email,
        phone: lead.phone,
        status: lead.status,
        statusLabel: 'Status Reason',
        grade: lead.grade,
        label: 'Email',
        xrmId: `{${lead.guid.toUpperCase()}}`,
      });
      expect(hooks.headerStatus).toContain(lead.status);
      expect(hooks.owner).toContain(lead.owner);
      expect(hooks.stages).toEqual([
        'Qualify:true',
        'Develop:false',
        'Propose:false',
        'Close:false',
      ]);

      // Site map → Contacts list → contact → its account (lookup) → back → Leads list.
      await page.click('[data-id="sitemap-entity-contact"] a');
      expect(dynamicsParams(page.url())).toMatchObject({ pagetype: 'entitylist', etn: 'contact' });
      await page.waitForSelector(`[data-id="grid-container"] a.row-link[href*="${contact.guid}"]`);
      await page.click(`a.row-link[href*="${contact.guid}"]`);
      await waitForForm(contact.guid);
      expect(await page.title()).toBe(
        `Contact: Information: ${recordName(contact)} - Dynamics 365`,
      );
      const accountTag =
        '[data-id="parentcustomerid.fieldControl-LookupResultsDropdown_parentcustomerid_selected_tag"]';
      expect(await page.$eval(accountTag, (el) => el.textContent)).toContain(recordName(account));
      await page.click(accountTag);
      expect(dynamicsParams(page.url())).toMatchObject({ etn: 'account', id: account.guid });
      await waitForForm(account.guid);
      expect(await page.title()).toBe(
        `Account: Information: ${recordName(account)} - Dynamics 365`,
      );
      await page.goBack();
      await waitForForm(contact.guid);
      await page.click('[data-id="sitemap-entity-lead"] a');
      await page.waitForSelector('[data-id="grid-container"] a.row-link');
      expect(await page.$(FORM)).toBeNull();
      expect(await page.title()).toBe('Leads My Open Leads - Dynamics 365');
    },
    TIMEOUT,
  );

  it(
    'edits a field (persisted for the tab) and keeps the page hotkeys',
    async () => {
      const target = DEMO_DATA.leads[1];
      await page.goto(
        `${origin}/main.aspx?pagetype=entityrecord&etn=lead&id=%7B${target.guid.toUpperCase()}%7D`,
      );
      await waitForForm(target.guid);
      await page.select('select[data-id="statuscode.fieldControl-option-set-select"]', 'Qualified');
      expect(await page.$eval('[data-id="header_statuscode"]', (el) => el.textContent)).toContain(
        'Qualified',
      );
      await page.click(
        '[data-id="MscrmControls.Containers.ProcessBreadCrumb-nextButtonContainer"]',
      );
      await page.waitForSelector(
        'li[id*="processHeaderStage"][data-stage="Develop"][data-active="true"]',
      );

      await page.reload();
      await waitForForm(target.guid);
      expect(
        await page.$eval(
          'select[data-id="statuscode.fieldControl-option-set-select"]',
          (el) => el.value,
        ),
      ).toBe('Qualified');
      expect(
        await page.$eval('li[id*="processHeaderStage"][data-active="true"]', (el) =>
          el.getAttribute('data-stage'),
        ),
      ).toBe('Develop');

      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('globalSearch');
      await page.keyboard.press('Escape');
      await page.keyboard.down('Control');
      await page.keyboard.press('s');
      await page.keyboard.up('Control');
      expect(await page.evaluate(() => document.body.dataset['lastHotkey'])).toBe('ctrl+s');
      expect(await page.$eval('#demo-toast', (el) => el.textContent)).toBe('Saved');
    },
    TIMEOUT,
  );

  it(
    'renders the script-payload record as text',
    async () => {
      const xss = findByGuid(XSS_LEAD_GUID)!;
      const name = recordName(xss);
      expect(name).toContain('<img');
      await page.goto(`${origin}/main.aspx?pagetype=entitylist&etn=lead`);
      await page.waitForSelector(`a.row-link[href*="${XSS_LEAD_GUID}"]`);
      expect(await page.$eval(`a.row-link[href*="${XSS_LEAD_GUID}"]`, (el) => el.textContent)).toBe(
        name,
      );
      await page.click(`a.row-link[href*="${XSS_LEAD_GUID}"]`);
      await waitForForm(XSS_LEAD_GUID);
      expect(await page.$eval('h1[data-id="header_title"]', (el) => el.getAttribute('title'))).toBe(
        name,
      );
      expect(await page.title()).toBe(`Lead: Information: ${name} - Dynamics 365`);
      const injected = await page.evaluate(() => ({
        img: document.querySelectorAll('img').length,
        handlers: document.querySelectorAll('[onerror], [onload]').length,
        scripts: [...document.scripts].filter((s) => !s.src).length,
      }));
      expect(injected).toEqual({ img: 0, handlers: 0, scripts: 0 });
    },
    TIMEOUT,
  );

  it(
    'serves the dashboard and the near-miss pages',
    async () => {
      await page.goto(`${origin}/main.aspx?pagetype=dashboard`);
      await page.waitForSelector('[data-id="dashboardContainer"]');
      expect(await page.title()).toBe('Dashboards: Sales Pipeline Dashboard - Dynamics 365');
      expect(await page.$(FORM)).toBeNull();

      await page.goto(
        `${origin}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead`,
      );
      await page.waitForSelector(`${FORM} h1[data-id="header_title"]`);
      expect(await page.title()).toBe('Lead: Information: New Lead - Dynamics 365');
    },
    TIMEOUT,
  );
});

describe('Copper skin (hash routing)', () => {
  const app = `${demoOrigin('copper')}/companies/${DEMO_DATA.copperAccountId}/app`;
  const contact = DEMO_DATA.contacts[4];
  const account = findByGuid(contact.accountGuid)!;

  it(
    'navigates list → contact → company → list',
    async () => {
      expect((await page.goto(`${app}#/contacts`))?.status()).toBe(200);
      await page.waitForSelector('table.c-table a');
      expect(await page.title()).toBe('People | Copper');

      await page.click(`a[href="#/contact/${contact.copperId}"]`);
      expect(new URL(page.url()).hash).toBe(`#/contact/${contact.copperId}`);
      await page.waitForSelector(`.c-record[data-record-id="${contact.copperId}"] h1`);
      expect(await page.title()).toBe(`${recordName(contact)} | Copper`);
      expect(await page.$eval('.c-record h1', (el) => el.textContent)).toBe(recordName(contact));
      expect(await page.$eval('input[placeholder="Add Email"]', (el) => el.value)).toBe(
        contact.email,
      );
      expect(await page.$eval('input[placeholder="Add Name"]', (el) => el.value)).toBe(
        recordName(contact),
      );

      await page.click('.c-field-link');
      const accountCopperId = (account as { copperId: number }).copperId;
      expect(new URL(page.url()).hash).toBe(`#/company/${accountCopperId}`);
      await page.waitForSelector(`.c-record[data-record-id="${accountCopperId}"]`);
      expect(await page.title()).toBe(`${recordName(account)} | Copper`);

      await page.click('.c-nav-item[data-type="lead"]');
      await page.waitForSelector('.c-list[data-list="lead"]');
      expect(new URL(page.url()).hash).toBe('#/leads');
      expect(await page.$('.c-record')).toBeNull();
    },
    TIMEOUT,
  );
});

describe('Salesforce Lightning skin', () => {
  const origin = demoOrigin('salesforce');
  const lead = DEMO_DATA.leads[2];
  const account = DEMO_DATA.accounts[2];
  const contact = DEMO_DATA.contacts.find((c) => c.accountGuid === account.guid)!;
  const active = '.oneContent.active';

  it(
    'navigates list → record → another record → list, with an open shadow root',
    async () => {
      expect((await page.goto(`${origin}/lightning/o/Lead/list`))?.status()).toBe(200);
      await page.waitForSelector(`${active} table a`);
      expect(await page.title()).toBe('Recently Viewed | Leads | Salesforce');

      await page.click(`${active} a[href="/lightning/r/Lead/${lead.sfId}/view"]`);
      expect(new URL(page.url()).pathname).toBe(`/lightning/r/Lead/${lead.sfId}/view`);
      await page.waitForSelector(`${active} records-highlights2`);
      expect(await page.title()).toBe(`${recordName(lead)} | Lead | Salesforce`);
      const read = await page.$eval(active, (view) => {
        const highlights = view.querySelector('records-highlights2')!;
        return {
          lightDomName: highlights.querySelector('lightning-formatted-name'),
          shadowName: highlights.shadowRoot?.querySelector('lightning-formatted-name')?.textContent,
          email: view.querySelector('records-record-layout-item[field-label="Email"] a')
            ?.textContent,
          status: view.querySelector(
            '[data-target-selection-name="sfdc:RecordField.Lead.Status"] .test-id__field-value',
          )?.textContent,
        };
      });
      expect(read).toEqual({
        lightDomName: null,
        shadowName: recordName(lead),
        email: lead.email,
        status: 'Closed - Converted',
      });

      await page.goto(`${origin}/lightning/r/Account/${account.sfId}/view`);
      await page.waitForSelector(`${active} records-highlights2`);
      await page.click(`${active} a[href="/lightning/r/Contact/${contact.sfId}/view"]`);
      await page.waitForFunction(
        (title) => document.title === title,
        {},
        `${recordName(contact)} | Contact | Salesforce`,
      );
      // Lightning keeps the previous view in the DOM, hidden.
      const views = await page.$$eval('.oneContent', (els) =>
        els.map((el) => ({
          active: el.classList.contains('active'),
          shown: el.getClientRects().length > 0,
        })),
      );
      expect(views).toEqual([
        { active: false, shown: false },
        { active: true, shown: true },
      ]);

      await page.click('.slds-context-bar__item[data-object="Opportunity"] a');
      await page.waitForFunction(
        () => document.title === 'Recently Viewed | Opportunities | Salesforce',
      );
      expect(new URL(page.url()).pathname).toBe('/lightning/o/Opportunity/list');
    },
    TIMEOUT,
  );
});

describe('local index', () => {
  it(
    'lists the skins',
    async () => {
      await page.goto(`${server!.origin}/`);
      const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(
        links.some((href) => href.startsWith(`https://${DEMO_HOSTS.dynamics}/main.aspx`)),
      ).toBe(true);
      expect(links.some((href) => href.startsWith(`https://${DEMO_HOSTS.copper}/companies/`))).toBe(
        true,
      );
      expect(
        links.some((href) => href.startsWith(`https://${DEMO_HOSTS.salesforce}/lightning/`)),
      ).toBe(true);
    },
    TIMEOUT,
  );
});
