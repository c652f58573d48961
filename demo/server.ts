/**
 * The Upnext demo CRM: a small HTTPS server that looks like real web CRMs to the extension.
 *
 * The browser is started with `--host-resolver-rules` that map real SaaS CRM host names
 * (`upnext-demo.crm.dynamics.com`, `app.copper.com`, `upnext-demo.lightning.force.com`) to
 * this server, so the production build of the extension runs unmodified. The skin is chosen
 * by the `Host` header and the path:
 * - `*.crm*.dynamics.com`: Dynamics 365 Unified Interface (`/main.aspx?...`),
 * - `app.copper.com`: Copper (`/companies/{id}/app#/...`),
 * - `*.lightning.force.com`: Salesforce Lightning (`/lightning/r/...`),
 * - `suitecrm.acme.example`: a self-hosted SuiteCRM 7 with its AJAX UI (`/index.php?...`),
 * - `127.0.0.1` / `localhost`: all three by path, plus an index page at `/`.
 *
 * The server is stateless: it serves static files from `demo/public/`, HTML shells and the
 * records from `data.ts`. Pages render the records in the browser with DOM APIs (no build step).
 * Edits made in the demo live in the page's `sessionStorage`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, createPublicKey } from 'node:crypto';
import { demoCertificatePem } from './certificate';
import { DEMO_DATA } from './data';

export interface DemoServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /**
   * Delay in ms between a route change and the record appearing, like a real CRM fetching data.
   * Pages can override it with `?latency=N`. Default: 50–150 ms (100 ms ± 50 %).
   */
  latencyMs?: number;
  /**
   * The body of the stand-in Gmail inbox feed (`mail.google.com/mail/u/0/feed/atom`), asked for
   * on every request; default: an empty feed.
   */
  gmailFeed?: () => string;
}

export interface DemoServer {
  port: number;
  /** `https://127.0.0.1:{port}` (or the chosen host). */
  origin: string;
  close(): Promise<void>;
}

export type DemoSkin =
  'dynamics' | 'copper' | 'salesforce' | 'suitecrm' | 'local' | 'gmail' | 'outlook';

const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
const PUBLIC_DIR = path.join(DEMO_DIR, 'public');

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/**
 * Security headers for every response. There is deliberately no `script-src`/`style-src`
 * restriction: the script-payload record is a canary that must fire if anyone (the demo or the
 * extension) renders record data as HTML, and extension-injected styles must not be blocked.
 * Content scripts are not subject to the page CSP anyway.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // No HSTS: the demo borrows real host names; pinning them in a browser profile would be rude.
};

/** Which skin serves a request, from the Host header (port stripped, lower-cased). */
export function skinForHost(hostHeader: string | undefined): DemoSkin | undefined {
  const host = (hostHeader ?? '')
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '');
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return 'local';
  if (/^[a-z0-9-]+\.crm\d*\.dynamics\.com$/.test(host)) return 'dynamics';
  // A self-hosted (on-premises) Dynamics, for custom-CRM tests: not a built-in host.
  if (host === 'crm.acme.example') return 'dynamics';
  if (host === 'app.copper.com') return 'copper';
  if (/^[a-z0-9-]+(?:\.sandbox)?\.lightning\.force\.com$/.test(host)) return 'salesforce';
  // A self-hosted SuiteCRM: Upnext recognises it once added as an instance.
  if (host === 'suitecrm.acme.example') return 'suitecrm';
  // Mailbox stand-ins (issue #20): the page shapes Upnext reads, nothing more.
  if (host === 'mail.google.com') return 'gmail';
  if (host === 'outlook.office.com' || host === 'outlook.live.com') return 'outlook';
  return undefined;
}

/**
 * SHA-256 of the demo certificate's public key (base64), for Chromium's
 * `--ignore-certificate-errors-spki-list`, a narrower alternative to `--ignore-certificate-errors`.
 */
export function demoCertSpkiHash(): string {
  const der = createPublicKey(demoCertificatePem()).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function shell(options: {
  title: string;
  css: string;
  script: string;
  latencyMs: number | undefined;
  bodyClass: string;
}): string {
  const latency =
    options.latencyMs === undefined
      ? ''
      : `\n    <meta name="upnext-demo-latency" content="${escapeHtml(String(options.latencyMs))}" />`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />${latency}
    <title>${escapeHtml(options.title)}</title>
    <link rel="icon" href="/_demo/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/_demo/common/base.css" />
    <link rel="stylesheet" href="${escapeHtml(options.css)}" />
    <script type="module" src="${escapeHtml(options.script)}"></script>
  </head>
  <body class="${escapeHtml(options.bodyClass)}">
    <div id="app" aria-busy="true"><div class="boot-spinner" role="progressbar" aria-label="Loading"></div></div>
  </body>
</html>
`;
}

function indexPage(origin: string): string {
  const { leads, contacts, accounts, opportunities, appId, copperAccountId } = DEMO_DATA;
  const lead = leads[0];
  const contact = contacts[0];
  const account = accounts[0];
  const opportunity = opportunities[0];
  const dyn = (pagetype: string, rest: string) =>
    `/main.aspx?appid=${appId}&pagetype=${pagetype}${rest}`;
  const copper = `/companies/${copperAccountId}/app`;
  const rows: [string, string, string][] = [
    ['Dynamics 365', 'Lead record', dyn('entityrecord', `&etn=lead&id=${lead.guid}`)],
    ['Dynamics 365', 'Lead list', dyn('entitylist', '&etn=lead')],
    [
      'Dynamics 365',
      'Opportunity record',
      dyn('entityrecord', `&etn=opportunity&id=${opportunity.guid}`),
    ],
    ['Dynamics 365', 'Dashboard', '/main.aspx?pagetype=dashboard'],
    ['Copper', 'People list', `${copper}#/contacts`],
    ['Copper', 'Contact record', `${copper}#/contact/${contact.copperId}`],
    ['Salesforce', 'Lead list', '/lightning/o/Lead/list'],
    ['Salesforce', 'Lead record', `/lightning/r/Lead/${lead.sfId}/view`],
    ['Salesforce', 'Account record', `/lightning/r/Account/${account.sfId}/view`],
    ['SuiteCRM', 'Lead list', '/index.php?module=Leads&action=index'],
    ['SuiteCRM', 'Lead record', `/index.php?module=Leads&action=DetailView&record=${lead.guid}`],
  ];
  const mapped: Record<string, string> = {
    'Dynamics 365': 'https://upnext-demo.crm.dynamics.com',
    Copper: 'https://app.copper.com',
    Salesforce: 'https://upnext-demo.lightning.force.com',
    SuiteCRM: 'https://suitecrm.acme.example',
  };
  const list = rows
    .map(([crm, label, href]) => {
      const real = `${mapped[crm] ?? ''}${href}`;
      return `<tr><td>${escapeHtml(crm)}</td><td>${escapeHtml(label)}</td><td><a href="${escapeHtml(real)}">${escapeHtml(real)}</a></td><td><a href="${escapeHtml(href)}">local</a></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Upnext demo CRM</title>
    <link rel="icon" href="/_demo/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/_demo/common/base.css" />
    <link rel="stylesheet" href="/_demo/common/index.css" />
  </head>
  <body>
    <main class="index">
      <h1>Upnext demo CRM</h1>
      <p>A local stand-in for real web CRMs, served at <code>${escapeHtml(origin)}</code>.
      The real host names only reach this server when the browser maps them with
      <code>--host-resolver-rules</code> (see <code>demo/README.md</code>); the "local" links work in any browser.</p>
      <table>
        <thead><tr><th>CRM skin</th><th>Page</th><th>Real-shaped URL (needs host mapping)</th><th></th></tr></thead>
        <tbody>
${list}
        </tbody>
      </table>
    </main>
  </body>
</html>
`;
}

/** Serves a file from demo/public, refusing anything outside it. */
async function serveStatic(res: ServerResponse, relative: string): Promise<void> {
  const file = path.normalize(path.join(PUBLIC_DIR, relative));
  if (!file.startsWith(PUBLIC_DIR + path.sep)) {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  try {
    const body = await readFile(file);
    send(res, 200, body, MIME[path.extname(file)] ?? 'application/octet-stream', 'no-cache');
  } catch {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  cacheControl = 'no-store',
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Cache-Control': cacheControl,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { ...SECURITY_HEADERS, Location: location, 'Content-Length': 0 });
  res.end();
}

const DATA_MODULE = `// Generated by demo/server.ts from demo/data.ts.\nexport const DEMO_DATA = ${JSON.stringify(DEMO_DATA)};\n`;

const EMPTY_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Gmail - Inbox for sam.seller@example.com</title><fullcount>0</fullcount></feed>
`;

function createHandler(
  latencyMs: number | undefined,
  originOf: () => string,
  gmailFeed: (() => string) | undefined,
) {
  const html = (skin: 'dynamics' | 'copper' | 'salesforce' | 'suitecrm'): string => {
    switch (skin) {
      case 'dynamics':
        return shell({
          title: 'Dynamics 365',
          css: '/_demo/dynamics/app.css',
          // Real UCI pages load scripts from /uclient/scripts, which some tools use for detection.
          script: '/uclient/scripts/app.mjs',
          latencyMs,
          bodyClass: 'skin-dynamics',
        });
      case 'copper':
        return shell({
          title: 'Copper',
          css: '/_demo/copper/app.css',
          script: '/_demo/copper/app.mjs',
          latencyMs,
          bodyClass: 'skin-copper',
        });
      case 'salesforce':
        return shell({
          title: 'Lightning Experience | Salesforce',
          css: '/_demo/salesforce/app.css',
          script: '/_demo/salesforce/app.mjs',
          latencyMs,
          bodyClass: 'skin-salesforce',
        });
      case 'suitecrm':
        return shell({
          title: 'SuiteCRM',
          css: '/_demo/suitecrm/app.css',
          script: '/_demo/suitecrm/app.mjs',
          // The AJAX UI's own timing (150–300 ms) unless a test fixes it with ?latency=N.
          latencyMs: undefined,
          bodyClass: 'skin-suitecrm',
        });
    }
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const skin = skinForHost(req.headers.host);
    if (!skin) {
      send(res, 421, 'This demo server does not serve that host.', 'text/plain; charset=utf-8');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://demo.invalid');
    } catch {
      send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
      return;
    }
    const lower = pathname.toLowerCase();
    const local = skin === 'local';

    // Shared assets, on every host.
    if (pathname === '/_demo/data.js') {
      send(res, 200, DATA_MODULE, MIME['.js'], 'no-cache');
      return;
    }
    if (pathname === '/_demo/data.json') {
      send(res, 200, JSON.stringify(DEMO_DATA), MIME['.json'], 'no-cache');
      return;
    }
    if (pathname === '/_demo/health') {
      send(res, 200, 'ok', 'text/plain; charset=utf-8');
      return;
    }
    if (pathname.startsWith('/_demo/')) {
      await serveStatic(res, pathname.slice('/_demo/'.length));
      return;
    }
    if (pathname === '/favicon.ico') {
      redirect(res, '/_demo/favicon.svg');
      return;
    }

    // Mailbox stand-ins: Gmail at /mail/… (and its inbox feed), Outlook at /mail/….
    if (skin === 'gmail') {
      if (pathname === '/mail/u/0/feed/atom' || pathname === '/mail/feed/atom') {
        send(res, 200, gmailFeed?.() ?? EMPTY_FEED, 'application/atom+xml; charset=utf-8');
        return;
      }
      if (pathname === '/' || pathname === '/mail' || pathname.startsWith('/mail/')) {
        await serveStatic(res, 'mail/gmail.html');
        return;
      }
    }
    if (skin === 'outlook' && (pathname === '/' || pathname.startsWith('/mail'))) {
      await serveStatic(res, 'mail/outlook.html');
      return;
    }

    // Dynamics 365: /main.aspx (case-insensitive, optionally under an org path segment like
    // on-premises `/{org}/main.aspx`) and its script folder.
    if (skin === 'dynamics' || local) {
      if (lower.startsWith('/uclient/scripts/')) {
        await serveStatic(res, path.join('dynamics', pathname.slice('/uclient/scripts/'.length)));
        return;
      }
      if (/^(?:\/[^/]+)?\/main\.aspx$/.test(lower)) {
        send(res, 200, html('dynamics'), MIME['.html']);
        return;
      }
      if (skin === 'dynamics' && pathname === '/') {
        redirect(res, `/main.aspx?appid=${DEMO_DATA.appId}&pagetype=dashboard`);
        return;
      }
    }
    // Copper: /companies/{accountId}/app, routed by hash in the browser.
    if (skin === 'copper' || local) {
      if (/^\/companies\/\d+\/app\/?$/.test(pathname)) {
        send(res, 200, html('copper'), MIME['.html']);
        return;
      }
      if (skin === 'copper' && pathname === '/') {
        redirect(res, `/companies/${DEMO_DATA.copperAccountId}/app#/contacts`);
        return;
      }
    }
    // Salesforce Lightning: everything under /lightning/ is the one-page app.
    if (skin === 'salesforce' || local) {
      if (pathname === '/lightning' || pathname.startsWith('/lightning/')) {
        send(res, 200, html('salesforce'), MIME['.html']);
        return;
      }
      if (skin === 'salesforce' && pathname === '/') {
        redirect(res, '/lightning/page/home');
        return;
      }
    }
    // SuiteCRM 7: everything is index.php, the page named by its query or the AJAX UI's hash.
    if (skin === 'suitecrm' || local) {
      if (lower === '/index.php') {
        send(res, 200, html('suitecrm'), MIME['.html']);
        return;
      }
      if (skin === 'suitecrm' && pathname === '/') {
        redirect(res, '/index.php?module=Leads&action=index');
        return;
      }
    }
    if (local && pathname === '/') {
      send(res, 200, indexPage(originOf()), MIME['.html']);
      return;
    }
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  };
}

/** Starts the demo CRM over HTTPS with this machine's self-signed demo certificate. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const handler = createHandler(options.latencyMs, () => origin, options.gmailFeed);
  const pem = demoCertificatePem();
  const server: Server = createServer({ cert: pem, key: pem }, (req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain; charset=utf-8');
      else res.destroy();
      console.error('[demo] request failed:', error);
    });
  });
  // Browsers probe and keep idle TLS connections; don't let them pin the process or close().
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    port,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
