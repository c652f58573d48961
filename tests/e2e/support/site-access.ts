/**
 * Self-hosted CRMs in real Chromium, through the product's own path.
 *
 * Adding a self-hosted CRM asks the browser for access to its address (`permissions.request`
 * from the console's "Add a self-hosted CRM" form). Headless Chromium cannot show or click that
 * prompt, and no launch flag answers it. What Chromium does do: when the seller has already
 * allowed the site for the extension on chrome://extensions ("Site access" → "Add a site"), the
 * request resolves `true` at once, without a prompt, and the origin becomes an active optional
 * host permission like any answered prompt. `allowSiteAccess` is that one step, done the way the
 * chrome://extensions page does it (its `developerPrivate.addHostPermission`); everything after
 * it is the real path: the console form, the click (a real user gesture), `permissions.request`,
 * `saveInstance`, content-script registration, detection, the panel. The shipped build is used
 * unchanged (nothing test-only in its manifest).
 *
 * `launchWithProfile` loads the build with `--load-extension` into a profile directory the test
 * owns, so the browser can be closed and started again on the same profile: granted permissions
 * and registered content scripts must survive that, as they do for a seller.
 */
import type { Browser, Page } from 'puppeteer-core';

import { launchDemoBrowser } from './demo-browser';
import { EXTENSION_PATH, openExtensionPage, serviceWorker } from './extension';

export async function launchWithProfile(options: {
  port: number;
  userDataDir: string;
  extensionPath?: string;
}): Promise<{ browser: Browser; extensionId: string }> {
  const browser = await launchDemoBrowser({
    port: options.port,
    args: [`--load-extension=${options.extensionPath ?? EXTENSION_PATH}`],
    launch: { userDataDir: options.userDataDir, enableExtensions: true, pipe: true },
  });
  const { id } = await serviceWorker(browser);
  return { browser, extensionId: id };
}

/** The seller allows the extension on `pattern` from chrome://extensions (see above). */
export async function allowSiteAccess(
  browser: Browser,
  extensionId: string,
  pattern: string,
): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${extensionId}`);
    await page.evaluate(
      (id, host) =>
        (
          chrome as unknown as {
            developerPrivate: { addHostPermission: (id: string, host: string) => Promise<void> };
          }
        ).developerPrivate.addHostPermission(id, host),
      extensionId,
      pattern,
    );
  } finally {
    await page.close();
  }
}

/** Whether the extension holds host access to `pattern`, asked from one of its pages. */
export function hasAccess(page: Page, pattern: string): Promise<boolean> {
  return page.evaluate((origin) => chrome.permissions.contains({ origins: [origin] }), pattern);
}

/**
 * Adds a self-hosted CRM the way a seller does: the console's "Add a self-hosted CRM" form, its
 * address and CRM, and a click on "Grant access and add". Resolves with the console's notice.
 */
export async function addSelfHostedCrm(
  browser: Browser,
  extensionId: string,
  origin: string,
  crm: string,
): Promise<{ console: Page; notice: string }> {
  const page = await openExtensionPage(browser, extensionId, 'options.html#crms');
  // The form is labelled by its heading, so its accessible name finds it.
  const form = await page.waitForSelector('form::-p-aria(Add a self-hosted CRM)', {
    visible: true,
  });
  if (form === null) throw new Error('No "Add a self-hosted CRM" form in the console.');
  const address = await form.waitForSelector('input[type="url"]');
  await address?.type(origin);
  const select = await form.waitForSelector('select');
  await select?.select(crm);
  const submit = await form.waitForSelector('button[type="submit"]');
  await submit?.click();
  const notice = await page.waitForFunction(
    (added) =>
      [...document.querySelectorAll('[role="status"], [role="alert"]')]
        .map((element) => element.textContent ?? '')
        .find((text) => text.includes(added)) ?? false,
    { timeout: 15_000 },
    `Added ${new URL(origin).origin}`,
  );
  return { console: page, notice: String(await notice.jsonValue()) };
}
