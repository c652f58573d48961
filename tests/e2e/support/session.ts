/**
 * One e2e session: the demo CRM server and Chromium with the built extension, ready to use.
 */
import type { Browser } from 'puppeteer-core';

import { startDemoServer, type DemoServer } from '../../../demo/server';
import { DEMO_DATA } from '../../../demo/data';
import { demoOrigin, launchDemoBrowser } from './demo-browser';
import { EXTENSION_PATH, serviceWorker } from './extension';

export interface Session {
  demo: DemoServer;
  browser: Browser;
  extensionId: string;
  close(): Promise<void>;
}

export async function startSession(options: { latencyMs?: number } = {}): Promise<Session> {
  const demo = await startDemoServer(
    options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs },
  );
  let browser: Browser | undefined;
  try {
    browser = await launchDemoBrowser({ port: demo.port, extensionPath: EXTENSION_PATH });
    const { id } = await serviceWorker(browser);
    return {
      demo,
      browser,
      extensionId: id,
      async close() {
        await browser?.close();
        await demo.close();
      },
    };
  } catch (error) {
    // Started part-way: close what was started, so a failed start leaks no server or browser.
    await browser?.close();
    await demo.close();
    throw error;
  }
}

/** The Dynamics-shaped URL of a demo record. */
export function dynamicsRecordUrl(
  entity: 'lead' | 'contact' | 'account' | 'opportunity',
  guid: string,
): string {
  return `${demoOrigin('dynamics')}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${entity}&id=${guid}`;
}

export const demoLeads = DEMO_DATA.leads;
