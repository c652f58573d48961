/**
 * The benchmark's browser session: the demo CRM and Chromium with the production build, plus
 * helpers to talk to the background from an extension page. Reuses tests/e2e/support.
 */
import type { Browser, Page } from 'puppeteer-core';

import { startDemoServer, type DemoServer } from '../demo/server';
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

export async function startBench(options: {
  demo?: DemoServer;
  extension: boolean;
}): Promise<BenchSession> {
  const demo = options.demo ?? (await startDemoServer({ latencyMs: 0 }));
  const ownDemo = options.demo === undefined;
  const browser = await launchDemoBrowser({
    port: demo.port,
    ...(options.extension ? { extensionPath: EXTENSION_PATH } : {}),
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
