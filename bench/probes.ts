/**
 * The limit probes (issue #22): what the platform itself needs for the same work, measured in the
 * same browser and run as the product metrics they divide.
 *
 * - a `probe-message-round-trip`: a bare message from a content script on a CRM page to a service
 *   worker with an empty handler and back (bench/probe-extension, loaded next to Upnext).
 * - b `probe-idb-transaction`: one IndexedDB read-write transaction in that worker, reading and
 *   writing one record as large as what a step action stores for the record (its record
 *   document and connection rows, measured from Upnext's own database in this run).
 * - c `probe-panel-render`: Preact rendering the panel's own components and styles from the same
 *   stored record views, switching records as a navigation does, with no messaging.
 * - a and b after a pause, `probe-message-round-trip-idle` and `probe-idb-transaction-idle`
 *   (information): the same work with `IDLE_MS` of idleness before each, as a seller's clicks
 *   come (`action-round-trip` leaves 100 ms after each click). Back to back, each round trip
 *   finds the worker, the database and the cores just busy with the one before; a seller's
 *   click finds them idle. The target stays on the back-to-back probes.
 * - d `probe-host-main-thread`: the CRM page's own main-thread time for the record load + one SPA
 *   navigation, without the extension (bench/host.ts measures it with the "with" runs).
 */
import type { Page } from 'puppeteer-core';

import type { RecordSighting } from '../lib/messaging/protocol';
import type { RecordView } from '../lib/views/record-view';
import { readStore } from '../tests/e2e/support/extension';
import { pageBundle } from './page-bundle';
import type { Seeded } from './panel';
import { call, type BenchSession } from './session';
import { repeat, summarize, type MetricResult } from './stats';

const RUNS = 30;
const WARM_UP = 5;
/** The idleness before each idle probe: the pause `action-round-trip` leaves after each click. */
const IDLE_MS = 100;

/** What one step action stores for the record: its record document and connection rows. */
export async function actionBytes(session: BenchSession, seeded: Seeded): Promise<number> {
  const lead = seeded.leads.at(-1)!;
  const key = `dynamics365|lead|${lead.guid}`;
  const records = (await readStore(session.control!, 'records')) as { key: string }[];
  const connections = (await readStore(session.control!, 'connections')) as {
    recordKey: string;
  }[];
  const docs = [
    ...records.filter((doc) => doc.key === key),
    ...connections.filter((row) => row.recordKey === key),
  ];
  if (docs.length < 2) throw new Error(`no stored record and connection for ${key}`);
  return docs.reduce((sum, doc) => sum + JSON.stringify(doc).length, 0);
}

/** Probes a and b, from the probe extension's content script on a CRM page. */
export async function messageAndTransaction(
  session: BenchSession,
  bytes: number,
): Promise<{
  message: MetricResult;
  transaction: MetricResult;
  messageIdle: MetricResult;
  transactionIdle: MetricResult;
}> {
  const page = await session.browser.newPage();
  try {
    // A CRM page that is not a record: the probe's content script runs, Upnext's panel does not.
    await page.goto('https://upnext-demo.crm.dynamics.com/', { waitUntil: 'load' });
    const text = await page.evaluate(
      (request) =>
        new Promise<string>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error('the probe extension did not answer')),
            30_000,
          );
          document.addEventListener(
            'upnext-bench:probe-result',
            (event) => {
              clearTimeout(timer);
              resolve((event as CustomEvent<string>).detail);
            },
            { once: true },
          );
          document.dispatchEvent(new CustomEvent('upnext-bench:probe', { detail: request }));
        }),
      JSON.stringify({ runs: RUNS, warmUp: WARM_UP, bytes, idleMs: IDLE_MS }),
    );
    const result = JSON.parse(text) as {
      message?: number[];
      idb?: number[];
      messageIdle?: number[];
      idbIdle?: number[];
      error?: string;
    };
    const { message, idb, messageIdle, idbIdle } = result;
    if (result.error !== undefined || !message || !idb || !messageIdle || !idbIdle) {
      throw new Error(`probe extension: ${result.error ?? 'no samples'}`);
    }
    const afterIdle = `${String(IDLE_MS)} ms of idleness before each (as between a seller's clicks)`;
    return {
      messageIdle: summarize(
        messageIdle,
        'ms',
        `probe a with ${afterIdle}; ${String(WARM_UP)} warm-ups excluded`,
      ),
      transactionIdle: summarize(
        idbIdle,
        'ms',
        `probe b with ${afterIdle}; timed in the worker; ${String(WARM_UP)} warm-ups excluded`,
      ),
      message: summarize(
        message,
        'ms',
        `content script → service worker with an empty handler → content script (a separate probe extension in the same browser); ${String(WARM_UP)} warm-up round trips excluded`,
      ),
      transaction: summarize(
        idb,
        'ms',
        `one IndexedDB read-write transaction in a service worker: read one record, write it back with ${String(bytes)} B (what a step action stores for the record); timed in the worker; ${String(WARM_UP)} warm-ups excluded`,
      ),
    };
  } finally {
    await page.close();
  }
}

/** Probe c: the panel's components rendered from the stored views, record after record. */
export async function panelRender(session: BenchSession, seeded: Seeded): Promise<MetricResult> {
  const items: { sighting: RecordSighting; view: RecordView }[] = [];
  for (const lead of seeded.leads) {
    const record = { crm: 'dynamics365', entity: 'lead', id: lead.guid } as const;
    const { view } = await call<{ view: RecordView | null }>(session.control!, 'getRecordView', {
      record,
    });
    if (view === null) throw new Error(`no stored view for ${lead.name}`);
    items.push({
      sighting: {
        record,
        url: lead.url,
        title: `${lead.name} - Dynamics 365`,
        fields: { name: lead.name },
      },
      view,
    });
  }
  const page: Page = await session.browser.newPage();
  try {
    await page.goto('https://upnext-demo.crm.dynamics.com/', { waitUntil: 'load' });
    await page.addScriptTag({
      content: await pageBundle('bench/panel-render-entry.tsx', 'UpnextPanelProbe'),
    });
    let at = 0;
    const samples = await repeat(RUNS, WARM_UP, async () => {
      at = (at + 1) % items.length;
      const item = items[at]!;
      return page.evaluate(
        (sighting, view, now) =>
          (
            window as unknown as {
              UpnextPanelProbe: { renderPanel: (s: unknown, v: unknown, n: number) => number };
            }
          ).UpnextPanelProbe.renderPanel(sighting, view, now),
        item.sighting,
        item.view,
        Date.now(),
      );
    });
    return summarize(
      samples,
      'ms',
      `Preact render of the panel's components (with its styles, in a shadow root) from one stored record view to the next record's, DOM committed; no messaging; ${String(WARM_UP)} warm-ups excluded`,
    );
  } finally {
    await page.close();
  }
}
