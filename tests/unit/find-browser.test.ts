/** Which browser the tests, `npm start` and the benchmark use, and what a wrong CHROME_PATH says. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { locateBrowser } from '../../scripts/find-browser.mjs';

const dir = mkdtempSync(join(tmpdir(), 'upnext-browser-'));
const saved = process.env['CHROME_PATH'];

afterEach(() => {
  if (saved === undefined) delete process.env['CHROME_PATH'];
  else process.env['CHROME_PATH'] = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('locateBrowser', () => {
  it('uses CHROME_PATH when it is an executable', () => {
    const browser = join(dir, 'chrome');
    writeFileSync(browser, '#!/bin/sh\n');
    chmodSync(browser, 0o755);
    process.env['CHROME_PATH'] = browser;
    expect(locateBrowser()).toEqual({ path: browser });
  });

  it.each([
    ['missing', (path: string) => path, 'there is no file there'],
    ['a folder', () => dir, 'that is a folder, not the browser executable'],
    [
      'not executable',
      (path: string) => {
        writeFileSync(path, 'text');
        chmodSync(path, 0o644);
        return path;
      },
      'that file is not executable',
    ],
  ])('names a CHROME_PATH that is %s, and says what to do', (_, make, why) => {
    const path = make(join(dir, `browser-${String(why.length)}`));
    process.env['CHROME_PATH'] = path;
    const found = locateBrowser();
    expect(found).toEqual({
      problem: `CHROME_PATH is set to ${JSON.stringify(path)}, but ${why}. Point it at a Chromium or Chrome executable (for example /usr/bin/chromium), or unset it to use the one installed on this machine.`,
    });
  });
});
