/**
 * `npm run bench -- --profile`: where the extension's main-thread time on a CRM page goes. A CDP
 * CPU profile (100 µs sampling) of the host scenario (record page load + one SPA navigation,
 * 0.8 s idle after each) with the extension, summed by script and by function, for
 * docs/performance.md ("Where the main-thread time goes"). The JS the page runs for us is in the
 * same isolate as the page's, so the profile sees both; style, layout and paint caused by our DOM
 * are not JS and are not in it (host-main-thread-ms counts them).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Protocol } from 'puppeteer-core';

import { DEMO_DATA } from '../demo/data';
import { dynamicsUrl } from './dataset';
import { sleep, type BenchSession } from './session';

interface Line {
  what: string;
  ms: number;
}

export async function profileHost(session: BenchSession, rounds = 5): Promise<string> {
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (let round = 0; round < rounds + 1; round++) {
    const [a, b] = [DEMO_DATA.leads[round % 5]!, DEMO_DATA.leads[(round + 1) % 5]!];
    const page = await session.browser.newPage();
    try {
      const cdp = await page.createCDPSession();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.goto(dynamicsUrl('lead', a.guid), { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('upnext-panel') !== null, {
        timeout: 15_000,
      });
      await sleep(800);
      await page.evaluate(
        (url) => {
          history.pushState({}, '', url);
          dispatchEvent(new PopStateEvent('popstate'));
        },
        dynamicsUrl('lead', b.guid),
      );
      await sleep(800);
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      // The first round warms the browser's caches; it is left out.
      if (round > 0) totalMs += add(profile, bySource, byFunction);
    } finally {
      await page.close();
    }
  }
  const top = (map: Map<string, number>, n: number): Line[] =>
    [...map.entries()]
      .map(([what, ms]) => ({ what, ms: ms / rounds }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, n);
  const lines = [
    `CPU profile, record load + 1 SPA navigation, mean of ${String(rounds)} rounds (JS self time; all sampled time ${(totalMs / rounds).toFixed(1)} ms per round)`,
    '',
    'By script:',
    ...top(bySource, 12).map((l) => `  ${l.ms.toFixed(1).padStart(7)} ms  ${l.what}`),
    '',
    'Extension functions:',
    ...top(byFunction, 25).map((l) => `  ${l.ms.toFixed(1).padStart(7)} ms  ${l.what}`),
  ];
  const text = lines.join('\n');
  writeFileSync(resolve(import.meta.dirname, 'profile-host.txt'), `${text}\n`);
  return text;
}

/** Adds one profile's self time by script and by extension function; returns its total ms. */
function add(
  profile: Protocol.Profiler.Profile,
  bySource: Map<string, number>,
  byFunction: Map<string, number>,
): number {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  const samples = profile.samples ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the delta to the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    selfMs.set(samples[i]!, (selfMs.get(samples[i]!) ?? 0) + ms);
  }
  let total = 0;
  for (const [id, ms] of selfMs) {
    const frame = nodes.get(id)!.callFrame;
    const url = frame.url;
    const source = url.startsWith('chrome-extension://')
      ? `extension: ${url.replace(/^chrome-extension:\/\/[^/]+\//, '')}`
      : url === ''
        ? frame.functionName || '(native)'
        : `page: ${url.replace(/^https:\/\/[^/]+\//, '').slice(0, 60)}`;
    bySource.set(source, (bySource.get(source) ?? 0) + ms);
    if (url.startsWith('chrome-extension://')) {
      const name = `${frame.functionName || '(anonymous)'} ${url.replace(/^chrome-extension:\/\/[^/]+\//, '')}:${String(frame.lineNumber + 1)}:${String(frame.columnNumber + 1)}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    }
    total += ms;
  }
  return total;
}
