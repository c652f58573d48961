/**
 * Launching Chromium against the demo CRM (demo/server.ts) under real CRM host names.
 *
 * Chromium's `--host-resolver-rules` sends the SaaS CRM hosts to the local HTTPS demo server,
 * so pages load at e.g. `https://upnext-demo.crm.dynamics.com/main.aspx?...` and the extension's
 * production match patterns apply. `MAP host 127.0.0.1:PORT` replaces the port as well, so the
 * URLs keep the default port 443. The demo certificate is self-signed, hence
 * `--ignore-certificate-errors`.
 */
import puppeteer, { type Browser, type LaunchOptions } from 'puppeteer-core';

/** Host names that the demo CRM serves (see demo/README.md). */
export const DEMO_HOSTS = {
  dynamics: 'upnext-demo.crm.dynamics.com',
  copper: 'app.copper.com',
  salesforce: 'upnext-demo.lightning.force.com',
  /** A self-hosted Dynamics that only a custom CRM instance makes Upnext recognise. */
  selfHosted: 'crm.acme.example',
  /** A self-hosted SuiteCRM 7 with its AJAX UI (an instance makes Upnext recognise it). */
  suitecrm: 'suitecrm.acme.example',
  /** Mailbox stand-ins (issue #20). */
  gmail: 'mail.google.com',
  outlook: 'outlook.office.com',
  outlookPersonal: 'outlook.live.com',
  /**
   * Twenty's own site: inside the built-in `*.twenty.com` host permission, but not a CRM (the
   * detector's `exclude_matches`). The demo does not serve it, so it shows the server's refusal.
   */
  twentySite: 'www.twenty.com',
} as const;

/** `https://{host}` for one of the demo hosts, e.g. `demoOrigin('dynamics')`. */
export function demoOrigin(skin: keyof typeof DEMO_HOSTS): string {
  return `https://${DEMO_HOSTS[skin]}`;
}

/**
 * The `--host-resolver-rules` value that maps every demo host to the local server and every
 * other host name, except this machine's own (127.0.0.1, localhost), to "not found", so nothing
 * the browser loads can leave the machine (the demo borrows real CRM host names; without the
 * catch-all, an unmapped one would reach the real vendor). The first MAP that matches wins.
 */
function hostResolverRules(port: number, address = '127.0.0.1'): string {
  return [
    ...Object.values(DEMO_HOSTS).map((host) => `MAP ${host} ${address}:${port}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE 127.0.0.1',
    'EXCLUDE localhost',
  ].join(', ');
}

export const CHROME_PATH = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

/**
 * Flags for running Chromium as root in a container without network: no sandbox (it refuses to
 * start as root otherwise), no GPU, /tmp instead of a small /dev/shm, and no QUIC or background
 * networking that would only time out.
 */
const BASE_CHROME_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--ignore-certificate-errors',
];

export interface LaunchDemoBrowserOptions {
  /** Port of the running demo server (`startDemoServer().port`). */
  port: number;
  /**
   * Absolute path of an unpacked extension to load (e.g. `.output/chrome-mv3`). Loaded with
   * `pipe: true` + `enableExtensions`; puppeteer does not wait for it, so wait for the service
   * worker target (`browser.waitForTarget(t => t.type() === 'service_worker')`) before use.
   */
  extensionPath?: string;
  /** Extra launch options merged over the defaults (e.g. `headless: false`, `slowMo`). */
  launch?: LaunchOptions;
  /** Extra Chromium flags. */
  args?: readonly string[];
}

/**
 * Launches Chromium with the demo host mapping. Puppeteer creates and deletes a fresh profile per
 * launch; always `await browser.close()` (in `finally`/`afterAll`).
 */
export async function launchDemoBrowser(options: LaunchDemoBrowserOptions): Promise<Browser> {
  const args = [
    ...BASE_CHROME_ARGS,
    `--host-resolver-rules=${hostResolverRules(options.port)}`,
    ...(options.args ?? []),
  ];
  return puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    defaultViewport: { width: 1440, height: 900 },
    args,
    ...(options.extensionPath ? { pipe: true, enableExtensions: [options.extensionPath] } : {}),
    ...options.launch,
  });
}
