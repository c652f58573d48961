/**
 * growth-segments-simulate: Simulate for segments at n records, as it exists today: the
 * `upnext segments` command (cli/segments.ts) run in-process on `upnext example segments` and a
 * records file of n leads (copies of the example records with their own ids and names), with
 * `--json`. It reads and validates both files and evaluates every record with the real
 * evaluation (lib/engine/segments.ts). Node, not the browser: the extension does not store
 * segments yet; when it does, its own Simulate gets a row here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { runExample } from '../cli/example';
import { runSegments } from '../cli/segments';
import { repeat, summarize, type MetricResult } from './stats';

const EXAMPLES = resolve(import.meta.dirname, '../cli/examples');

export async function segmentsSimulate(size: number): Promise<MetricResult> {
  const examples = JSON.parse(readFileSync(join(EXAMPLES, 'records.json'), 'utf8')) as {
    id: string;
    fields: Record<string, unknown>;
  }[];
  const records = Array.from({ length: size }, (_, n) => {
    const example = examples[n % examples.length]!;
    return {
      ...example,
      id: `${example.id}-${String(n)}`,
      fields: { ...example.fields, name: `Lead ${String(n)}` },
    };
  });
  const dir = mkdtempSync(join(tmpdir(), 'upnext-bench-segments-'));
  try {
    const recordsPath = join(dir, 'records.json');
    writeFileSync(recordsPath, JSON.stringify(records));
    // The example pack with its two segments, as `upnext example segments` prints it.
    let packText = '';
    const packIo = {
      out: (text: string) => (packText += text),
      err: () => undefined,
      now: Date.now,
      timeZone: () => 'UTC',
    };
    if ((await runExample(['segments'], packIo)) !== 0)
      throw new Error('upnext example segments failed');
    const packPath = join(dir, 'segments.json');
    writeFileSync(packPath, packText);
    let printed = 0;
    const io = {
      out: (text: string) => {
        printed += text.length;
      },
      err: (text: string) => {
        throw new Error(`upnext segments: ${text.slice(0, 300)}`);
      },
      now: () => Date.UTC(2026, 10, 2, 9),
      timeZone: () => 'UTC',
    };
    const samples = await repeat(size >= 100_000 ? 3 : 5, 1, async () => {
      printed = 0;
      const t0 = performance.now();
      const code = await runSegments([packPath, recordsPath, '--json'], io);
      const ms = performance.now() - t0;
      if (code !== 0 || printed === 0) throw new Error(`upnext segments exited ${String(code)}`);
      return ms;
    });
    return summarize(
      samples,
      'ms',
      `upnext segments --json in-process (read, validate, evaluate, print) on ${String(size)} records; Node ${process.version}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
