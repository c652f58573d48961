/**
 * Driving the Up next panel as a seller does. Its shadow root is closed: the page (and so
 * `page.evaluate`) cannot see inside it. The tests reach it the way assistive technology does,
 * through the accessibility tree (puppeteer's `aria/` queries go through DevTools, which sees
 * closed roots), and act on it with real mouse and keyboard input, which is trusted.
 */
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';

import { waitFor } from './wait';

/** The panel's landmark: an `<aside>` labelled "Up next" (expanded or collapsed). */
const PANEL_LANDMARK = 'aria/Up next[role="complementary"]';

/**
 * DevTools' accessibility queries wait for the page to update its tree, which a tab behind
 * another never does: fail clearly instead of hanging.
 */
function bounded<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      fail(
        new Error(`The accessibility tree did not answer for ${what}: is the tab behind another?`),
      );
    }, 5_000);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The panel's landmark if it is on the page now, else null. */
export async function findPanel(page: Page): Promise<ElementHandle | null> {
  return bounded(page.$(PANEL_LANDMARK), 'the panel');
}

/** Waits for the panel's landmark to be on the page and returns it. */
export async function waitForPanel(page: Page, timeout = 15_000): Promise<ElementHandle> {
  return waitFor('the Up next panel', () => findPanel(page), { timeout, interval: 50 });
}

/** Everything the panel says now (its text, as a screen reader would read it); '' without one. */
export async function panelText(page: Page): Promise<string> {
  const panel = await findPanel(page);
  if (panel === null) return '';
  return panel.evaluate((element) => element.textContent);
}

export async function waitForPanelText(page: Page, text: string, timeout = 10_000): Promise<void> {
  await waitFor(`the panel to say “${text}”`, async () => (await panelText(page)).includes(text), {
    timeout,
    interval: 50,
  });
}

/** Waits until the panel no longer says `text`. */
export async function waitForPanelTextGone(
  page: Page,
  text: string,
  timeout = 10_000,
): Promise<void> {
  await waitFor(
    `the panel to stop saying “${text}”`,
    async () => {
      const said = await panelText(page);
      return said !== '' && !said.includes(text);
    },
    { timeout, interval: 50 },
  );
}

/**
 * Waits until a sequence card's current step is `name`: the card's step is a region named by
 * its step name (upcoming and completed steps are list items, never regions).
 */
export async function waitForCurrentStep(
  page: Page,
  name: string,
  timeout = 10_000,
): Promise<void> {
  await panelControl(page, 'region', name, timeout);
}

/**
 * A control of the panel by its role and accessible name, once it is shown (it has a box).
 * Polls on a timer, not on animation frames: a tab in the background gets none.
 */
export async function panelControl(
  page: Page,
  role: 'button' | 'radio' | 'textbox' | 'checkbox' | 'link' | 'menuitem' | 'dialog' | 'region',
  name: string,
  timeout = 10_000,
): Promise<ElementHandle> {
  return waitFor(
    `a ${role} named “${name}” in the panel`,
    async () => {
      for (const handle of await bounded(page.$$(`aria/${name}[role="${role}"]`), name)) {
        if ((await handle.boundingBox()) !== null) return handle;
      }
      return null;
    },
    { timeout, interval: 50 },
  );
}

/**
 * Clicks a button by its accessible name (a real, trusted mouse click), once it accepts clicks:
 * not while an action is in flight or just after its step changed (`aria-disabled`).
 */
export async function press(page: Page, name: string, timeout = 10_000): Promise<void> {
  const button = await panelControl(page, 'button', name, timeout);
  await acceptsClicks(button);
  await button.click();
}

/** Waits until a button accepts clicks (it is not `aria-disabled`). */
export async function acceptsClicks(button: ElementHandle): Promise<void> {
  await waitFor('the button to accept clicks', () =>
    button.evaluate((element) => element.getAttribute('aria-disabled') !== 'true'),
  );
}

/**
 * Chooses a radio button (a sequence to connect, a call outcome) by the start of its accessible
 * name: a sequence's radio is named by its whole label ("Panel journey 6 steps").
 */
export async function choose(page: Page, name: string, timeout = 10_000): Promise<void> {
  const radio = await waitFor(
    `a radio button named “${name}…”`,
    async () => {
      for (const handle of await page.$$('aria/[role="radio"]')) {
        const node = await page.accessibility.snapshot({ root: handle, interestingOnly: false });
        const label = node?.name ?? '';
        if (label === name || label.startsWith(`${name} `)) return handle;
      }
      return null;
    },
    { timeout, interval: 50 },
  );
  await radio.click();
}

/**
 * The panel's shadow root, reached from its landmark (an element's `getRootNode()` is its root,
 * closed or not). Only for what has no accessible form: which element has focus, whether a
 * dialog is modal, axe's audit.
 */
async function panelRoot(page: Page): Promise<JSHandle<ShadowRoot>> {
  // While a modal dialog is open, everything outside it (the landmark too) leaves the tree.
  const panel = await waitFor(
    'the Up next panel',
    async () => (await findPanel(page)) ?? (await page.$('aria/[role="dialog"]')),
    { timeout: 15_000, interval: 50 },
  );
  return panel.evaluateHandle((element) => element.getRootNode() as ShadowRoot);
}

/** What has the keyboard focus inside the panel: its role-relevant bits, or null. */
export async function panelFocus(
  page: Page,
): Promise<{ text: string | null; popup: string | null; inDialog: boolean; modal: boolean }> {
  const root = await panelRoot(page);
  return root.evaluate((shadow) => {
    const active = shadow.activeElement;
    const dialog = shadow.querySelector('dialog');
    return {
      text: active?.textContent.trim() ?? null,
      popup: active?.getAttribute('aria-haspopup') ?? null,
      inDialog: dialog?.contains(active) ?? false,
      modal: dialog?.matches(':modal') ?? false,
    };
  });
}

/**
 * For tools outside the tests (axe, the benchmark, screenshots, an in-page observer) that read
 * the panel with in-page code: makes `upnext-panel.shadowRoot` answer with the closed root in
 * the page's main world, for this page only. It goes through DevTools (`DOM.describeNode` with
 * `pierce` sees closed roots) and not through the accessibility tree, so a benchmark that
 * reveals the root does not turn accessibility on for the page. A page script cannot do this.
 */
export async function revealPanelRoot(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForSelector('upnext-panel', { timeout });
  const client = await page.createCDPSession();
  try {
    const { result: host } = await client.send('Runtime.evaluate', {
      expression: "document.querySelector('upnext-panel')",
    });
    const { node } = await client.send('DOM.describeNode', {
      objectId: host.objectId!,
      depth: 1,
      pierce: true,
    });
    const root = node.shadowRoots?.[0];
    if (root === undefined) throw new Error('The Up next panel has no shadow root.');
    const { object } = await client.send('DOM.resolveNode', { backendNodeId: root.backendNodeId });
    await client.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function () {
        const root = this;
        Object.defineProperty(root.host, 'shadowRoot', { configurable: true, get: () => root });
      }`,
    });
  } finally {
    await client.detach();
  }
}

/** The record the panel is about (its first heading), or null when no panel is shown. */
export async function panelRecordName(page: Page): Promise<string | null> {
  const panel = await findPanel(page);
  if (panel === null) return null;
  const heading = await panel.$('aria/[role="heading"]');
  return heading === null ? null : heading.evaluate((element) => element.textContent.trim());
}
