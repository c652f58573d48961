/**
 * `npm run zip`: the store packages and Firefox's source zip carry no private key (the demo
 * CRM's TLS key is made on each machine, demo/certificate.ts) and nothing git ignores; each
 * browser's package carries the background it needs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import { DEMO_PEM_PATH, demoCertificatePem } from '../../demo/certificate';

const ROOT = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'upnext-zip-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every file in a zip archive with its uncompressed content (stored or deflated entries). */
function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

describe('npm run zip', { timeout: 240_000 }, () => {
  it('packs no private key and nothing git ignores, even with the demo key on disk', () => {
    // The demo key exists on any machine that ran the demo: it must still stay out.
    demoCertificatePem();
    expect(readFileSync(DEMO_PEM_PATH, 'utf8')).toContain('PRIVATE KEY');
    const run = spawnSync('npm', ['run', 'zip'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, UPNEXT_OUT_DIR: out },
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const zips = readdirSync(out).filter((name) => name.endsWith('.zip'));
    expect(zips.sort()).toEqual([
      'upnext-0.1.0-chrome.zip',
      'upnext-0.1.0-firefox.zip',
      'upnext-0.1.0-sources.zip',
    ]);
    for (const name of zips) {
      const files = unzip(join(out, name));
      expect(files.size, name).toBeGreaterThan(10);
      const withKeys = [...files]
        .filter(([, content]) => content.includes('PRIVATE KEY-----'))
        .map(([file]) => file);
      expect(withKeys, name).toEqual([]);
      expect(
        [...files.keys()].filter((file) =>
          /^(demo\/certs|node_modules|\.output|coverage)\//.test(file),
        ),
        name,
      ).toEqual([]);
    }
    // The sources are there: a reviewer can rebuild from them.
    const sources = unzip(join(out, 'upnext-0.1.0-sources.zip'));
    for (const file of [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'demo/certificate.ts',
    ])
      expect(sources.has(file), file).toBe(true);
    // Chrome's worker imports its rare work on demand (scripts/vite-background-rare.ts); Firefox's
    // background page is built whole, with nothing to import and nothing more to list.
    // 'hitMaxScore': the custom-CRM pattern check's verdict, which only the rare work reads.
    const chrome = unzip(join(out, 'upnext-0.1.0-chrome.zip'));
    expect(chrome.get('background-rare.js')?.toString()).toContain('hitMaxScore');
    expect(chrome.get('background.js')?.toString()).not.toContain('hitMaxScore');
    const firefox = unzip(join(out, 'upnext-0.1.0-firefox.zip'));
    expect(firefox.has('background-rare.js')).toBe(false);
    expect(firefox.get('background.js')?.toString()).toContain('hitMaxScore');
    // Chrome's worker imports webextension-polyfill's script only where the browser has no native
    // `browser` (scripts/vite-background-polyfill.ts); Firefox's background bundles it as before.
    // 'fallbackToNoCallback': a key of the polyfill's API table.
    expect(chrome.get('browser-polyfill.js')?.toString()).toContain('fallbackToNoCallback');
    expect(chrome.get('background.js')?.toString()).not.toContain('fallbackToNoCallback');
    expect(firefox.has('browser-polyfill.js')).toBe(false);
    expect(firefox.get('background.js')?.toString()).toContain('fallbackToNoCallback');
    expect(JSON.parse(firefox.get('manifest.json')!.toString()).background).toEqual({
      scripts: ['background.js'],
    });
  });
});
