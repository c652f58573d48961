/**
 * Driving the Up next panel as a seller does. The panel is an extension page in an iframe inside
 * a closed shadow root (docs/architecture.md, "The panel frame"): the CRM page (and so
 * `page.evaluate`) cannot see inside it. The tests find that frame through DevTools (Chromium
 * runs it out of process; puppeteer lists it among the page's frames) and reach the panel the
 * way assistive technology does, through the accessibility tree (`aria/` queries), acting on it
 * with real mouse and keyboard input, which is trusted.
 */
import type { CDPSession, ElementHandle, Frame, Page } from 'puppeteer-core';

import { PANEL_FRAME_PATH } from '../../../lib/panel-frame-link';

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

/**
 * What puppeteer keeps internal on a frame but an out-of-process frame needs: its own DevTools
 * session and accessibility tree (the page's answer only for the page's own process).
 */
interface FrameInternals {
  client: CDPSession;
  accessibility: Page['accessibility'];
}
export const frameInternals = (frame: Frame): FrameInternals => frame as unknown as FrameInternals;

/**
 * The panel's frame on `page` (the extension's panel page, in the `upnext-panel` host), or null
 * while the page has none. A page with two (an old copy's frame during an update) gives the
 * newest.
 */
export function panelFrame(page: Page): Frame | null {
  const frames = page
    .frames()
    .filter(
      (frame) =>
        !frame.detached && new URL(frame.url(), 'about:blank').pathname === PANEL_FRAME_PATH,
    );
  return frames.at(-1) ?? null;
}

/** Waits for the panel's frame to be on the page. */
export async function waitForPanelFrame(page: Page, timeout = 15_000): Promise<Frame> {
  return waitFor('the Up next panel frame', () => Promise.resolve(panelFrame(page)), {
    timeout,
    interval: 50,
  });
}

/** Each panel frame's iframe element on the CRM page. */
const owners = new WeakMap<Frame, ElementHandle>();

/**
 * The panel's frame if the mount shows it now, else null. A frame the mount keeps hidden (no
 * record on screen) shows no panel, and the browser does not render it, so its accessibility
 * tree would never answer.
 */
async function shownFrame(page: Page): Promise<Frame | null> {
  const frame = panelFrame(page);
  if (frame === null) return null;
  try {
    // One DevTools round trip per check once the iframe element is known (tests time clicks).
    let owner = owners.get(frame);
    if (owner === undefined) {
      owner = (await frame.frameElement()) ?? undefined;
      if (owner !== undefined) owners.set(frame, owner);
    }
    const shown = await owner?.evaluate((element) => getComputedStyle(element).display !== 'none');
    return shown === true ? frame : null;
  } catch (error) {
    // The frame went (a reload, an update) between finding it and asking it: none now.
    if (frame.detached) return null;
    throw error;
  }
}

/** The panel's landmark if it is on the page now, else null. */
export async function findPanel(page: Page): Promise<ElementHandle | null> {
  const frame = await shownFrame(page);
  if (frame === null) return null;
  try {
    return await bounded(frame.$(PANEL_LANDMARK), 'the panel');
  } catch (error) {
    // The frame went (a reload, an update) between finding it and asking it: no panel now.
    if (frame.detached) return null;
    throw error;
  }
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
      const frame = await shownFrame(page);
      if (frame === null) return null;
      for (const handle of await bounded(frame.$$(`aria/${name}[role="${role}"]`), name)) {
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
      const frame = await shownFrame(page);
      if (frame === null) return null;
      for (const handle of await frame.$$('aria/[role="radio"]')) {
        const node = await frameInternals(frame).accessibility.snapshot({
          root: handle,
          interestingOnly: false,
        });
        const label = node?.name ?? '';
        // Drawn, as `panelControl` asks: a radio of a list still being laid out has no box,
        // and puppeteer refuses to click it ("not clickable").
        if (
          (label === name || label.startsWith(`${name} `)) &&
          (await handle.boundingBox()) !== null
        )
          return handle;
      }
      return null;
    },
    { timeout, interval: 50 },
  );
  await radio.click();
}

/**
 * The panel's frame, once its landmark (or a modal dialog, which takes everything else out of
 * the tree) shows. Only for what has no accessible form: which element has focus, whether a
 * dialog is modal.
 */
async function shownPanelFrame(page: Page): Promise<Frame> {
  return waitFor(
    'the Up next panel',
    async () => {
      const frame = await shownFrame(page);
      if (frame === null) return null;
      const shown = (await findPanel(page)) ?? (await frame.$('aria/[role="dialog"]'));
      return shown === null ? null : frame;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** What has the keyboard focus inside the panel: its role-relevant bits, or null. */
export async function panelFocus(
  page: Page,
): Promise<{ text: string | null; popup: string | null; inDialog: boolean; modal: boolean }> {
  const frame = await shownPanelFrame(page);
  return frame.evaluate(() => {
    // Nothing focused in the panel's page leaves the focus on its body.
    const active = document.activeElement === document.body ? null : document.activeElement;
    const dialog = document.querySelector('dialog');
    return {
      text: active?.textContent.trim() ?? null,
      popup: active?.getAttribute('aria-haspopup') ?? null,
      inDialog: dialog?.contains(active) ?? false,
      modal: dialog?.matches(':modal') ?? false,
    };
  });
}

/** The record the panel is about (its first heading), or null when no panel is shown. */
export async function panelRecordName(page: Page): Promise<string | null> {
  const panel = await findPanel(page);
  if (panel === null) return null;
  const heading = await panel.$('aria/[role="heading"]');
  return heading === null ? null : heading.evaluate((element) => element.textContent.trim());
}
