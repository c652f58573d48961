/**
 * The web origins Upnext can be allowed on: a custom CRM's `origins` (docs/sequence-format.md,
 * "Custom CRMs") and a self-hosted instance's address. One rule, because both become a host
 * permission and a content-script match pattern, which have no wildcards in the middle of a host,
 * no credentials and no path. Free of zod: the content script uses `normaliseOrigin` to match.
 */

/**
 * `https://Crm.Acme.example:443/x` → `https://crm.acme.example`; null for anything that is not
 * an http(s) origin a match pattern can express (credentials, wildcards, opaque origins).
 */
export function normaliseOrigin(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname === '' || url.hostname.includes('*')) return null;
  return url.origin;
}

/**
 * Why `origin` is not exactly an http(s) origin such as `https://crm.example.com` (what a pack
 * must list), or undefined. The words follow "Origin 'x' of custom CRM 'y' …".
 */
export function originProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'is not a web address; write it like "https://crm.example.com"';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must start with https:// or http://';
  }
  if (url.hostname.includes('*')) {
    return 'has a wildcard (*): list each host of the CRM on its own, like "https://crm.example.com"';
  }
  if (url.origin !== origin) {
    return `must be just the scheme and host (and port), without a path or a trailing slash: "${url.origin}"`;
  }
  return undefined;
}
