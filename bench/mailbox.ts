/**
 * The mailbox content script's cost (issue #20):
 * - mailbox-script-gzip: what a connected Gmail or Outlook tab downloads and parses (≤ 10 KB).
 * - mailbox-read-100-gmail / mailbox-read-100-outlook: one read of a 100-row message list in real
 *   Chromium (≤ 5 ms), with the same reader code the content script runs (bundled here with
 *   Vite), on the Gmail and Outlook stand-ins under their real host names. The note says how many
 *   long tasks (> 50 ms) the reads caused: the target is none.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import type { Page } from 'puppeteer-core';

import { EXTENSION_PATH } from '../tests/e2e/support/extension';
import { pageBundle } from './page-bundle';
import type { BenchSession } from './session';
import { summarize, type MetricResult } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'tests/fixtures/mailbox');
const RUNS = 40;

export function mailboxScriptGzip(): MetricResult {
  const bytes = readFileSync(join(EXTENSION_PATH, 'content-scripts/mailbox.js'));
  const gz = gzipSync(bytes, { level: 9 }).length;
  return summarize(
    [gz],
    'bytes',
    `content-scripts/mailbox.js ${bytes.length} B raw / ${gz} B gzip (gzip -9)`,
  );
}

/** The first row of a fixture, as HTML, to copy 100 times. */
function fixtureRow(name: string, selector: RegExp): string {
  const html = readFileSync(join(FIXTURES, `${name}.html`), 'utf8');
  const match = selector.exec(html);
  if (!match) throw new Error(`no row in ${name}`);
  return match[0];
}

async function measure(
  page: Page,
  client: 'gmail' | 'outlook',
): Promise<{ samples: number[]; longTasks: number; messages: number }> {
  return page.evaluate(
    async (which, runs) => {
      const longTasks: number[] = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      const readers = (window as any).UpnextMailReaders;
      const read = which === 'gmail' ? readers.readGmail : readers.readOutlook;
      const samples: number[] = [];
      let messages = 0;
      for (let i = 0; i < runs + 5; i++) {
        const start = performance.now();
        const result = read(document, location.href, Date.now());
        const took = performance.now() - start;
        if (i >= 5) samples.push(took);
        messages = result.messages.length;
        // One read per idle period, as the content script does.
        await new Promise((done) => setTimeout(done, 20));
      }
      return { samples, longTasks: longTasks.length, messages };
    },
    client,
    RUNS,
  );
}

async function read100(
  session: BenchSession,
  client: 'gmail' | 'outlook',
  url: string,
  row: string,
  container: string,
): Promise<MetricResult> {
  const page = await session.browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(
      (html, into) => {
        const target = document.querySelector(into);
        if (target === null) throw new Error(`no ${into}`);
        for (let i = 0; i < 100; i++) {
          const template = document.createElement('template');
          // Each row its own id, as in a real list.
          template.innerHTML = html
            .replace(/18c0a1b2c3d4e5f6/g, `18c0a1b2c3d4${String(1000 + i)}`)
            .replace(/AAQkADAwATM0MDAAMS1iNjc2LTg3ZGYtMDACLTAwCgAQAJ7v/g, `conv${String(i)}`);
          target.append(template.content);
        }
      },
      row,
      container,
    );
    await page.addScriptTag({
      content: await pageBundle('bench/mailbox-readers-entry.ts', 'UpnextMailReaders'),
    });
    const { samples, longTasks, messages } = await measure(page, client);
    if (messages !== 100) throw new Error(`read ${String(messages)} of 100 rows`);
    return summarize(
      samples,
      'ms',
      `100 rows, ${String(RUNS)} reads; long tasks during the reads: ${String(longTasks)}`,
    );
  } finally {
    await page.close();
  }
}

export function mailboxRead100Gmail(session: BenchSession): Promise<MetricResult> {
  return read100(
    session,
    'gmail',
    'https://mail.google.com/mail/u/0/#inbox',
    fixtureRow('gmail-inbox', /<tr class="zA zE"[\s\S]*?<\/tr>/),
    '[role="main"] tbody',
  );
}

export function mailboxRead100Outlook(session: BenchSession): Promise<MetricResult> {
  return read100(
    session,
    'outlook',
    'https://outlook.office.com/mail/inbox',
    fixtureRow('outlook-inbox', /<div role="option"[\s\S]*?<\/div>/),
    '[role="listbox"]',
  );
}
