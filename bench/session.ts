/**
 * The benchmark's browser session: the demo CRM and Chromium with the production build, plus
 * helpers to talk to the background from an extension page. Reuses tests/e2e/support.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

import type { Browser, Page } from 'puppeteer-core';

import { startDemoServer, type DemoServer } from '../demo/server';
import { segmentInputOf } from '../lib/store/segment-inputs';
import type { RecordDoc } from '../lib/store/types';
import { launchDemoBrowser } from '../tests/e2e/support/demo-browser';
import {
  EXTENSION_PATH,
  openExtensionPage,
  sendFromPage,
  serviceWorker,
} from '../tests/e2e/support/extension';

export interface BenchSession {
  demo: DemoServer;
  browser: Browser;
  extensionId: string | null;
  /** An options.html page kept open to send messages from. */
  control: Page | null;
  close(): Promise<void>;
}

/** The limit-probe extension (bench/probe-extension): probes a and b run in the same browser. */
const PROBE_EXTENSION = resolve(import.meta.dirname, 'probe-extension');

/**
 * The probe extension's id: Chromium names an unpacked extension after its folder's absolute
 * path (the first 32 hex digits of its SHA-256, each digit 0-f written as a letter a-p).
 */
export const PROBE_EXTENSION_ID = createHash('sha256')
  .update(PROBE_EXTENSION)
  .digest('hex')
  .slice(0, 32)
  .replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + parseInt(digit, 16)));

/** Limit probe e's extension (bench/probe-frame-extension): a static page in a frame, alone. */
const PROBE_FRAME_EXTENSION = resolve(import.meta.dirname, 'probe-frame-extension');

export async function startBench(options: {
  demo?: DemoServer;
  extension: boolean;
  /** Also load the limit-probe extension next to Upnext. */
  probes?: boolean;
  /** Without Upnext: load only the frame probe's extension (bench/host.ts). */
  frameProbe?: boolean;
}): Promise<BenchSession> {
  const demo = options.demo ?? (await startDemoServer({ latencyMs: 0 }));
  const ownDemo = options.demo === undefined;
  const browser = await launchDemoBrowser({
    port: demo.port,
    ...(options.extension ? { extensionPath: EXTENSION_PATH } : {}),
    ...(!options.extension && options.frameProbe === true
      ? { extensionPath: PROBE_FRAME_EXTENSION }
      : {}),
    ...(options.extension && options.probes === true
      ? { launch: { pipe: true, enableExtensions: [EXTENSION_PATH, PROBE_EXTENSION] } }
      : {}),
  });
  try {
    let extensionId: string | null = null;
    let control: Page | null = null;
    if (options.extension) {
      extensionId = (await serviceWorker(browser)).id;
      control = await openExtensionPage(browser, extensionId, 'options.html');
    }
    return {
      demo,
      browser,
      extensionId,
      control,
      async close() {
        await browser.close();
        if (ownDemo) await demo.close();
      },
    };
  } catch (error) {
    await browser.close();
    if (ownDemo) await demo.close();
    throw error;
  }
}

interface Reply<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

/** Sends a protocol message and throws on an error reply. */
export async function call<T = unknown>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = (await sendFromPage(page, type, payload)) as Reply<T> | undefined;
  if (!reply?.ok) {
    throw new Error(`${type} failed: ${JSON.stringify(reply?.error ?? reply).slice(0, 300)}`);
  }
  return reply.data as T;
}

/** Replaces all extension data with a backup, through the background's `restoreData`. */
export async function restore(page: Page, backupText: string): Promise<void> {
  await call(page, 'restoreData', { text: backupText });
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Writes documents as they are into the extension's IndexedDB (created by the background) from
 * an extension page, 4,000 at a time: data this large does not fit one runtime message
 * (`restoreData`). Returns the JSON size written and a count per store.
 */
export async function writeStores(
  page: Page,
  stores: Record<string, unknown[]>,
): Promise<{ jsonBytes: number; counts: string[] }> {
  let jsonBytes = 0;
  const counts: string[] = [];
  // The record transaction writes what segments read of a record with the record
  // (lib/store/segment-inputs.ts); records written here get their rows the same way.
  const records = stores['records'] as RecordDoc[] | undefined;
  const all =
    records === undefined || stores['segmentInputs'] !== undefined
      ? stores
      : { ...stores, segmentInputs: records.flatMap((doc) => segmentInputOf(doc) ?? []) };
  for (const [store, values] of Object.entries(all)) {
    counts.push(`${store} ${values.length}`);
    for (let i = 0; i < values.length; i += 4000) {
      const chunk = values.slice(i, i + 4000);
      jsonBytes += Buffer.byteLength(JSON.stringify(chunk)) - 2;
      await page.evaluate(
        (name, items) =>
          new Promise<void>((done, failed) => {
            const open = indexedDB.open('upnext');
            open.onerror = () => failed(open.error ?? new Error('open failed'));
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(name, 'readwrite');
              for (const item of items) tx.objectStore(name).put(item);
              tx.oncomplete = () => {
                db.close();
                done();
              };
              tx.onerror = () => failed(tx.error ?? new Error('write failed'));
            };
          }),
        store,
        chunk,
      );
    }
  }
  return { jsonBytes, counts };
}
