/**
 * What the CRM content script decided on a page, read from its isolated world (the page's own
 * scripts cannot see it, so the test goes through DevTools). It is the positive signal that a
 * page without a panel was looked at and declined: `checked.record === null` for that address.
 */
import type { Page } from 'puppeteer-core';

import { BRIDGE_KEY_NAME } from '../../../lib/panel-bridge';

import { waitFor } from './wait';

export interface DetectorVerdict {
  href: string;
  record: { crm: string; entity: string; id: string } | null;
}

interface ExecutionContext {
  id: number;
  origin: string;
  auxData?: { frameId?: string; type?: string };
}

/** The detector's last verdict in the page's main frame, or null before the script ran. */
async function readVerdict(page: Page, extensionId: string): Promise<DetectorVerdict | null> {
  const cdp = await page.createCDPSession();
  try {
    const contexts: ExecutionContext[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      contexts.push(context as ExecutionContext);
    });
    // Enabling replays an event for every context that exists already.
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const world = contexts.find(
      (context) =>
        context.origin === `chrome-extension://${extensionId}` &&
        context.auxData?.type === 'isolated' &&
        context.auxData.frameId === frameTree.frame.id,
    );
    if (world === undefined) return null;
    const { result } = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      returnByValue: true,
      expression: `globalThis[Symbol.for(${JSON.stringify(BRIDGE_KEY_NAME)})]?.checked ?? null`,
    });
    return (result.value as DetectorVerdict | null | undefined) ?? null;
  } finally {
    await cdp.detach();
  }
}

/** Waits until the content script has checked `href` (the page's address) and returns its verdict. */
export function detectorVerdict(
  page: Page,
  extensionId: string,
  href: string,
): Promise<DetectorVerdict> {
  return waitFor(`the content script to check ${href}`, async () => {
    const verdict = await readVerdict(page, extensionId);
    return verdict?.href === href ? verdict : null;
  });
}
