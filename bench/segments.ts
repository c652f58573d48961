/**
 * Segments (issue #17).
 *
 * In the extension, driven from an extension page and timed around sendMessage:
 * segment-eval-250x10 (what routing by 250 active segments × 10 conditions adds to one record's
 * evaluation), simulate-10k ("Simulate results" over 10 000 known records) and run-now-10k
 * ("Run now" over them in the console's batches).
 *
 * growth-segments-simulate: the `upnext segments` command (cli/segments.ts) run in-process on
 * `upnext example segments` and a records file of n leads (copies of the example records with
 * their own ids and names), with `--json`. It reads and validates both files and evaluates every
 * record with the real evaluation (lib/engine/segments.ts), in Node.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Page } from 'puppeteer-core';

import { runExample } from '../cli/example';
import { runSegments } from '../cli/segments';
import { RUN_BATCH } from '../lib/models/console/segments-model';
import { call, writeStores, type BenchSession } from './session';
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

const RECORDS = 10_000;
const SEGMENTS = 250;
const NOW = Date.parse('2026-03-02T09:00:00Z');

const SEQUENCE = {
  id: 'bench-seg-target',
  name: 'Bench segment target',
  entity: 'lead',
  steps: [{ id: 't1', type: 'task', name: 'First task' }],
};

/** 250 active segments of 10 conditions each: 9 hold for every record, the 10th holds for none, so each evaluates all 10. */
function segmentPack(): string {
  const segments = Array.from({ length: SEGMENTS }, (_, i) => ({
    id: `bench-seg-${i}`,
    name: `Bench segment ${i}`,
    entity: 'lead',
    priority: i + 1,
    state: 'active',
    sequence: SEQUENCE.id,
    where: {
      all: [
        { field: 'name', op: 'is-not-empty' },
        { field: 'jobTitle', op: 'not-contains', value: 'Intern' },
        { field: 'company', op: 'begins-with', value: 'Co' },
        { field: 'email', op: 'ends-with', value: '.example' },
        { field: 'country', op: 'in', value: ['DE', 'AT', 'US', 'FR'] },
        { field: 'employees', op: 'greater-than', value: 10 },
        { field: 'stage', op: 'not-equals', value: 'Closed' },
        { any: [{ crm: ['dynamics365', 'salesforce'] }, { host: ['*.example.com'] }] },
        { field: 'owner', op: 'equals', value: `nobody-${i}` },
      ],
    },
  }));
  return JSON.stringify({ format: 'upnext/v1', sequences: [SEQUENCE], segments });
}

/** `count` lead records as stored, none connected, with the fields the segments read. */
function leadRecords(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    const ref = {
      crm: 'dynamics365',
      entity: 'lead',
      id: `bench-lead-${String(i).padStart(5, '0')}`,
    };
    const fields = {
      name: `Lead ${i}`,
      jobTitle: i % 7 === 0 ? 'VP Sales' : 'Buyer',
      company: `Contoso ${i % 50}`,
      email: `lead${i}@contoso.example`,
      country: ['DE', 'US', 'FR', 'GB'][i % 4],
      employees: String(20 + (i % 500)),
      stage: 'Qualify',
      owner: 'Priya',
    };
    return {
      key: `${ref.crm}|${ref.entity}|${ref.id}`,
      ref,
      url: `https://bench.crm.dynamics.com/main.aspx?etn=lead&id=${ref.id}`,
      title: `Lead ${i}`,
      name: `Lead ${i}`,
      captured: fields,
      firstSeenAt: NOW,
      lastSeenAt: NOW,
      state: { record: ref, fields, fieldsUpdatedAt: NOW, connections: [] },
      updatedAt: NOW,
    };
  });
}

async function timed(
  page: Page,
  type: string,
  payload: unknown,
): Promise<{ ms: number; data: unknown }> {
  const { ms, reply } = await page.evaluate(
    async (message) => {
      const runtime = (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
        }
      ).chrome.runtime;
      const t0 = performance.now();
      const answer = (await runtime.sendMessage(message)) as {
        ok: boolean;
        data?: unknown;
        error?: unknown;
      };
      return { ms: performance.now() - t0, reply: answer };
    },
    { upnext: 1, type, payload },
  );
  if (!reply.ok) throw new Error(`${type} failed: ${JSON.stringify(reply.error).slice(0, 300)}`);
  return { ms, data: reply.data };
}

async function seed(page: Page, records: number, withSegments: boolean): Promise<void> {
  await call(page, 'resetData', { confirm: 'reset' });
  // 10 000 records do not fit one message (`restoreData`): written as stored, in chunks.
  await writeStores(page, { records: leadRecords(records) });
  await call(page, 'importPack', {
    text: JSON.stringify({ format: 'upnext/v1', sequences: [SEQUENCE] }),
  });
  await call(page, 'setSequenceState', { ids: [SEQUENCE.id], state: 'active' });
  if (withSegments) await call(page, 'importPack', { text: segmentPack() });
}

/**
 * segment-eval-250x10: the same record's evaluation ("Run now" on one record: the capture's
 * transaction with routing) with 250 active segments × 10 conditions, minus with none.
 */
export async function segmentEvalAdded(session: BenchSession, runs = 30): Promise<MetricResult> {
  const page = session.control!;
  const once = async () =>
    (await timed(page, 'runSegments', { entity: 'lead', after: null, limit: 1 })).ms;
  await seed(page, 1, false);
  const without = await repeat(runs, 5, once);
  await seed(page, 1, true);
  const withSegments = await repeat(runs, 5, once);
  await call(page, 'resetData', { confirm: 'reset' });
  const base = [...without].sort((a, b) => a - b)[Math.floor(without.length / 2)] ?? 0;
  return summarize(
    withSegments.map((ms) => Math.max(0, ms - base)),
    'ms',
    `one record's evaluation in its transaction with 250 active segments × 10 conditions (each evaluates all 10), minus the same with no segment (median ${base.toFixed(2)} ms)`,
  );
}

/**
 * Drops the packs of what segments read (lib/store/segment-inputs.ts), as any write of a row
 * does: the next Simulate reads the 10,000 rows and packs them again.
 */
async function dropPacks(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done, failed) => {
        const open = indexedDB.open('upnext');
        open.onerror = () => failed(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('segmentInputPacks', 'readwrite');
          tx.objectStore('segmentInputPacks').clear();
          tx.oncomplete = () => {
            db.close();
            done();
          };
          tx.onerror = () => failed(tx.error ?? new Error('clear failed'));
        };
      }),
  );
}

/**
 * simulate-10k-first, simulate-10k and run-now-10k on 10 000 known leads with 250 active
 * segments. `simulate-10k` is a Simulate again (the console's button pressed while editing the
 * criteria: it reads the kind's packs); `simulate-10k-first` the first one after a row of the
 * kind changed (the packs dropped), which reads the 10,000 rows and packs them.
 */
export async function segmentsOver10k(
  session: BenchSession,
  runs = 5,
): Promise<[MetricResult, MetricResult, MetricResult]> {
  const page = session.control!;
  await seed(page, RECORDS, true);
  const draft = JSON.parse(segmentPack()).segments[0] as Record<string, unknown>;
  const probe = {
    ...draft,
    id: 'bench-simulated',
    where: { field: 'jobTitle', op: 'contains', value: 'VP' },
  };
  const simulateOnce = async () => {
    const { ms, data } = await timed(page, 'simulateSegment', {
      definition: probe,
    });
    const { total } = data as { total: number };
    if (total !== RECORDS) throw new Error(`simulated ${total} records`);
    return ms;
  };
  // The first is the worker's first Simulate too (its code not yet run).
  const first = await repeat(3, 0, async () => {
    await dropPacks(page);
    return simulateOnce();
  });
  const simulate = await repeat(runs, 1, simulateOnce);
  const runNow = await repeat(3, 0, async () => {
    const t0 = performance.now();
    let after: string | null = null;
    let done = 0;
    do {
      const reply = await timed(page, 'runSegments', { entity: 'lead', after, limit: RUN_BATCH });
      const data = reply.data as { next: string | null; processed: number };
      done += data.processed;
      after = data.next;
    } while (after !== null);
    if (done !== RECORDS) throw new Error(`Run now evaluated ${done} records`);
    return performance.now() - t0;
  });
  await call(page, 'resetData', { confirm: 'reset' });
  return [
    summarize(
      first,
      'ms',
      'simulateSegment over 10 000 known leads, the first after a row changed: reads the rows and packs them (information)',
    ),
    summarize(
      simulate,
      'ms',
      'simulateSegment over 10 000 known leads (a VP criterion; 250 active segments ranked ahead)',
    ),
    summarize(
      runNow,
      'ms',
      `"Run now" over 10 000 leads in the console's batches of ${RUN_BATCH} (one transaction each), 250 active segments × 10 conditions, none matching`,
    ),
  ];
}
