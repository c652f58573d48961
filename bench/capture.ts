/**
 * capture-wait-*: what the proof-of-record wait costs after an in-app navigation. Upnext reads a
 * record's fields only once the page shows that record (lib/crm/record-proof.ts), so the figure
 * is the time from the CRM having rendered the record (the demo's `upnext-demo:rendered` event)
 * to the panel showing the record's captured name: the wait's detection (container observer,
 * <title> observer, debounce, timed checks), the read, `recordSeen` and the panel render.
 *
 * Every sample is a record seen for the first time (a fresh profile, each record once), so the
 * panel's title stays neutral until the capture lands. Demo latency is the skins' own (50–150 ms;
 * SuiteCRM's AJAX UI 150–300 ms) because the race with the CRM's render is the point; it is
 * subtracted. Timing happens in the page with performance.now().
 */
import type { Page } from 'puppeteer-core';

import { DEMO_DATA, type DemoRecord } from '../demo/data';
import { demoOrigin } from '../tests/e2e/support/demo-browser';
import { waitForPanelFrame } from '../tests/e2e/support/panel';
import { addSelfHostedCrm, allowSiteAccess } from '../tests/e2e/support/site-access';
import type { BenchSession } from './session';
import { summarize, type MetricResult } from './stats';

const SUITE = 'https://suitecrm.acme.example';
const SF_OBJECT = {
  lead: 'Lead',
  contact: 'Contact',
  account: 'Account',
  opportunity: 'Opportunity',
};
const SUITE_MODULE = {
  lead: 'Leads',
  contact: 'Contacts',
  account: 'Accounts',
  opportunity: 'Opportunities',
};

export type CaptureSkin = 'dynamics' | 'salesforce' | 'suitecrm';

interface SkinPlan {
  url: (record: DemoRecord) => string;
  /** In-page code that navigates in-app to the record (a function body). */
  go: (record: DemoRecord) => string;
  name: (record: DemoRecord) => string;
}

const person = (record: DemoRecord): string =>
  record.entity === 'lead' || record.entity === 'contact'
    ? `${record.firstName} ${record.lastName}`
    : record.name;
const pushState = (path: string) =>
  `history.pushState({}, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'));`;
const suitePath = (record: DemoRecord) =>
  `index.php?module=${SUITE_MODULE[record.entity]}&action=DetailView&record=${record.guid}`;
const dynamicsPath = (record: DemoRecord) =>
  `/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${record.entity}&id=${record.guid}`;
const sfPath = (record: DemoRecord) =>
  `/lightning/r/${SF_OBJECT[record.entity]}/${record.sfId}/view`;

const PLANS: Record<CaptureSkin, SkinPlan> = {
  dynamics: {
    url: (record) => `${demoOrigin('dynamics')}${dynamicsPath(record)}`,
    go: (record) => pushState(dynamicsPath(record)),
    name: person,
  },
  salesforce: {
    url: (record) => `${demoOrigin('salesforce')}${sfPath(record)}`,
    go: (record) => pushState(sfPath(record)),
    name: person,
  },
  suitecrm: {
    url: (record) => `${SUITE}/${suitePath(record)}`,
    go: (record) =>
      `location.hash = ${JSON.stringify(`ajaxUILoc=${encodeURIComponent(suitePath(record))}`)};`,
    name: (record) =>
      record.entity === 'lead' || record.entity === 'contact'
        ? [record.salutation, record.firstName, record.lastName].filter(Boolean).join(' ')
        : record.name,
  },
};

/**
 * The panel is an extension page in its own frame (docs/architecture.md, "The panel frame"), so
 * the two ends are seen in two processes, both on the machine's clock
 * (`performance.timeOrigin + now()`): the CRM's render in the page (CAPTURE_START), the name in
 * the panel's frame (CAPTURE_END, installed first).
 */
const CAPTURE_END = `
  (name, timeoutMs) => {
    window.__benchEnd = new Promise((resolve, reject) => {
      let finished = false;
      const check = () => {
        if (finished) return;
        if ((document.querySelector('.record')?.textContent ?? '').trim() !== name) return;
        finished = true;
        observer.disconnect();
        resolve(performance.timeOrigin + performance.now());
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, characterData: true });
      const poll = () => { if (!finished) { check(); requestAnimationFrame(poll); } };
      setTimeout(() => { if (!finished) { finished = true; observer.disconnect(); reject(new Error('timeout: ' + name)); } }, timeoutMs);
      requestAnimationFrame(poll);
    });
  }`;
const CAPTURE_START = `
  (go, timeoutMs) => new Promise((resolve, reject) => {
    const onRendered = () => {
      document.removeEventListener('upnext-demo:rendered', onRendered);
      resolve(performance.timeOrigin + performance.now());
    };
    document.addEventListener('upnext-demo:rendered', onRendered);
    setTimeout(() => reject(new Error('timeout: no render')), timeoutMs);
    go();
  })`;

/** Makes the self-hosted SuiteCRM skin known to Upnext, the way a seller adds it. */
export async function addSuiteCrm(session: BenchSession): Promise<void> {
  await allowSiteAccess(session.browser, session.extensionId!, `${SUITE}/*`);
  const { console } = await addSelfHostedCrm(
    session.browser,
    session.extensionId!,
    SUITE,
    'suitecrm',
  );
  await console.close();
}

/**
 * `runs` navigations to records seen for the first time (contacts, accounts, opportunities and
 * leads in turn), after one warm-up navigation.
 */
export async function captureWait(
  session: BenchSession,
  skin: CaptureSkin,
  runs = 12,
): Promise<MetricResult> {
  const plan = PLANS[skin];
  const records: DemoRecord[] = [];
  const lists = [DEMO_DATA.contacts, DEMO_DATA.accounts, DEMO_DATA.opportunities, DEMO_DATA.leads];
  for (let index = 0; records.length < runs + 2; index++) {
    const list = lists[index % lists.length]!;
    const record = list[Math.floor(index / lists.length)];
    if (record) records.push(record);
  }
  const page: Page = await session.browser.newPage();
  try {
    const [start, warmUp, ...measured] = records;
    await page.goto(plan.url(start!), { waitUntil: 'domcontentloaded' });
    const frame = await waitForPanelFrame(page);
    await frame.waitForFunction(
      (name) => document.querySelector('.record')?.textContent.trim() === name,
      { timeout: 15_000 },
      plan.name(start!),
    );
    const samples: number[] = [];
    for (const record of [warmUp!, ...measured]) {
      await frame.evaluate(`(${CAPTURE_END})(${JSON.stringify(plan.name(record))}, 10000)`);
      const rendered = (await page.evaluate(
        `(${CAPTURE_START})(() => { ${plan.go(record)} }, 10000)`,
      )) as number;
      const ms = ((await frame.evaluate('window.__benchEnd')) as number) - rendered;
      if (record !== warmUp) samples.push(ms);
    }
    return summarize(
      samples,
      'ms',
      `${skin}: the CRM rendered a record seen for the first time → its captured name in the panel (proof-of-record wait + read + recordSeen + render)`,
    );
  } finally {
    await page.close();
  }
}
