/**
 * The demo CRM's TLS certificate: self-signed, made on this machine the first time the demo
 * starts (with the `openssl` command), and kept in `demo/certs/demo.pem` (key and certificate in
 * one file), which git ignores and no zip carries. Browsers started for the demo trust it through
 * `--ignore-certificate-errors` (or the narrower SPKI list, see demo/README.md); nothing else
 * should ever trust it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO_CERT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'certs');
export const DEMO_PEM_PATH = path.join(DEMO_CERT_DIR, 'demo.pem');

/** The names the certificate covers: the demo hosts and the machine itself. */
const SUBJECT_ALT_NAMES = [
  'DNS:*.crm.dynamics.com',
  'DNS:upnext-demo.crm.dynamics.com',
  'DNS:*.lightning.force.com',
  'DNS:app.hubspot.com',
  'DNS:app.copper.com',
  'DNS:crm.acme.example',
  'DNS:localhost',
  'IP:127.0.0.1',
];

const DAY_MS = 86_400_000;

/** The stored PEM when it holds a key and a certificate valid for at least another day. */
function usable(file: string, now: number): string | null {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    createPrivateKey(pem);
    const certificate = new X509Certificate(pem);
    return Date.parse(certificate.validTo) > now + DAY_MS ? pem : null;
  } catch {
    return null;
  }
}

function generate(): void {
  mkdirSync(DEMO_CERT_DIR, { recursive: true });
  const work = mkdtempSync(path.join(DEMO_CERT_DIR, '.new-'));
  try {
    const key = path.join(work, 'key.pem');
    const cert = path.join(work, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        '/CN=upnext-demo',
        '-addext',
        `subjectAltName=${SUBJECT_ALT_NAMES.join(',')}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const combined = path.join(work, 'demo.pem');
    writeFileSync(combined, readFileSync(key, 'utf8') + readFileSync(cert, 'utf8'), {
      mode: 0o600,
    });
    // One rename: a concurrent start never reads a key and a certificate that do not match.
    renameSync(combined, DEMO_PEM_PATH);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'The demo CRM makes its TLS certificate with the openssl command, which is not installed (Debian/Ubuntu: sudo apt-get install openssl).'
        : `Could not make the demo CRM's TLS certificate with openssl: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The demo's key and certificate, as one PEM text (Node's TLS reads each from it). Made the
 * first time, and again when the stored one is unreadable or about to expire.
 */
export function demoCertificatePem(now = Date.now()): string {
  const stored = usable(DEMO_PEM_PATH, now);
  if (stored !== null) return stored;
  generate();
  const made = usable(DEMO_PEM_PATH, now);
  if (made === null) throw new Error(`The demo certificate in ${DEMO_PEM_PATH} is not usable.`);
  return made;
}
