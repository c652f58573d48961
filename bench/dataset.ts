/**
 * Generated datasets for the benchmark, built by the app's own store and engine code
 * (`importPack`, `setState`, `runRecordCommand`) running in Node on
 * fake-indexeddb, with a simulated clock. The result is a backup text that the benchmark hands
 * to the background's own `restoreData` message, so what lands in the extension's IndexedDB is
 * exactly what the background would have written had a seller done all of it by hand.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

import type { FlowRollup } from '../lib/engine/flow-rollup';
import type { DayRollup } from '../lib/engine/rollup';
import type { Command, RecordRef, RecordState } from '../lib/engine/types';
import { BACKUP_STORES, DERIVED_STORES } from '../lib/store/backup';
import { openDatabase, type Database } from '../lib/store/db';
import { RETENTION } from '../lib/store/retention';
import { ROLLUP_STORES, foldWrites, writeRows, type RollupDeltaDoc } from '../lib/store/rollups';
import { runRecordCommand, type CommandContext } from '../lib/store/record-tx';
import { setState } from '../lib/store/sequences-repo';
import { settingDoc } from '../lib/store/settings';
import { importPack } from '../lib/use-cases/import-pack';

const BUILT_IN_PACK = readFileSync(
  resolve(import.meta.dirname, '../lib/sequence/templates/built-in-pack.json'),
  'utf8',
);

const DAY = 86_400_000;

/** A fresh, private fake-indexeddb database with the app's schema. */
async function freshDatabase(): Promise<Database> {
  // openDatabase uses the global `indexedDB`; give every dataset its own factory.
  (globalThis as { indexedDB?: unknown }).indexedDB = new IDBFactory();
  return openDatabase();
}

function context(now: number): CommandContext {
  return { now, timeZone: 'UTC', away: [], newId: randomUUID, seller: { name: 'Bench Seller' } };
}

export function dynamicsUrl(entity: string, guid: string): string {
  return `https://upnext-demo.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=${entity}&id=${guid}`;
}

/** A deterministic GUID-shaped id from a number. */
function fakeGuid(n: number, prefix = 'b'): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.repeat(8)}-0000-4000-8000-${hex}`;
}

export interface SeedRecord {
  ref: RecordRef;
  name: string;
  fields?: Record<string, string>;
}

/** Imports and activates a pack; returns the ids of its sequences by entity. */
async function importAndActivate(
  db: Database,
  packText: string,
  now: number,
): Promise<Map<string, string[]>> {
  const { plan } = await importPack(db, packText, now);
  const ids = plan.sequences.map((item) => item.id);
  const results = await setState(db, ids, 'active', now);
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) throw new Error(`activation failed: ${JSON.stringify(failed[0])}`);
  const byEntity = new Map<string, string[]>();
  for (const item of plan.sequences) {
    if (!('definition' in item)) continue;
    const entity = item.definition.entity;
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), item.id]);
  }
  return byEntity;
}

async function command(
  db: Database,
  record: SeedRecord,
  commands: Command[],
  now: number,
  sighting = false,
): Promise<RecordState | null> {
  const outcome = await runRecordCommand(
    db,
    record.ref,
    commands,
    context(now),
    sighting
      ? {
          url: dynamicsUrl(record.ref.entity, record.ref.id),
          title: `${record.name} - Dynamics 365`,
          fields: record.fields ?? { name: record.name },
          edit: false,
        }
      : undefined,
  );
  if (outcome.result.kind === 'rejected') {
    throw new Error(`${commands[0]?.type ?? '?'} rejected: ${outcome.result.message}`);
  }
  return outcome.doc?.state ?? null;
}

/**
 * Records, each seen once and connected to one active sequence of its entity, so each has an
 * active connection whose current step shows in the panel and the work list. `extraRecords`
 * generated leads are added (for the 10k work list). Returns the backup text for `restoreData`.
 */
export async function connectedRecordsBackup(
  records: SeedRecord[],
  now: number,
  options: { extraRecords?: number; pack?: string } = {},
): Promise<string> {
  const seed = await freshDatabase();
  const byEntity = await importAndActivate(seed, options.pack ?? BUILT_IN_PACK, now - 2 * DAY);
  const memory = await MemoryDatabase.from(seed);
  seed.close();
  const db = memory.asDatabase();
  const all = [...records];
  for (let i = 0; i < (options.extraRecords ?? 0); i++) {
    all.push({
      ref: { crm: 'dynamics365', entity: 'lead', id: fakeGuid(i) },
      name: `Bench Lead ${String(i).padStart(5, '0')}`,
      fields: { name: `Bench Lead ${i}`, email: `lead${i}@bench.example`, phone: '+1 555 0100' },
    });
  }
  let i = 0;
  for (const record of all) {
    const candidates = byEntity.get(record.ref.entity) ?? [];
    const sequenceId = candidates[i++ % candidates.length];
    if (sequenceId === undefined) throw new Error(`no sequence for ${record.ref.entity}`);
    // Spread connect times over the last two days so due times differ.
    const at = now - 2 * DAY + ((i * 7919) % (2 * DAY));
    await command(db, record, [{ type: 'connect', sequenceId }], at, true);
  }
  return JSON.stringify(memory.backupObject(now));
}

/** One lead sequence of `steps` task steps named "Bench task N": Complete always moves on. */
export function taskPack(steps = 40): string {
  return JSON.stringify({
    format: 'upnext/v1',
    sequences: [
      {
        id: 'bench-tasks',
        name: 'Bench tasks',
        entity: 'lead',
        steps: Array.from({ length: steps }, (_, n) => ({
          id: `t${n}`,
          type: 'task',
          name: `Bench task ${n}`,
        })),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// In-memory stand-in for the subset of idb's API that `runRecordCommand` uses (get, getAll, put,
// the by-record indexes' getAll, stats by sequence, tx.done, tx.commit). fake-indexeddb costs ~1.5 ms per command; a simulated year
// of use is ~100k commands, so the record commands run on Maps instead. The code that runs is
// still the app's own runRecordCommand, engine and projection.

const KEY_PATHS: Record<string, string[]> = {
  sequences: ['id'],
  versions: ['id', 'version'],
  records: ['key'],
  connections: ['id'],
  events: ['id'],
  stats: ['sequenceId', 'stepId'],
  settings: ['key'],
  // A sighting evaluates the record's segments (none here), and every command adds its insight
  // roll-ups: the product keeps both stores, so the year does too.
  segments: ['id'],
  segmentLog: ['id'],
  rollups: ['sequenceId', 'version', 'day'],
  // What segments read of each record (lib/store/segment-inputs.ts), written with the record.
  segmentInputs: ['entity', 'key'],
  // Their packs (lib/store/segment-inputs.ts): a record's write deletes its kind's.
  segmentInputPacks: ['entity', 'n'],
  // The flow roll-ups every command adds with the daily ones (lib/engine/flow-rollup.ts).
  flowRollups: ['sequenceId', 'version', 'day'],
};

/**
 * Indexes by record the record transaction reads: store → index name and field, as in
 * lib/store/db.ts. A document without the field is not in the index (the events' index holds only
 * `fields-recorded` events, lib/store/index-fields.ts).
 */
const BY_RECORD: Record<string, { index: string; field: string }> = {
  connections: { index: 'byRecord', field: 'recordKey' },
  events: { index: 'byCaptures', field: 'capturesOf' },
};

/**
 * What a command appends for the roll-ups (lib/store/rollups.ts): folded into the rows at once,
 * as the worker's follow-ups do a moment after each command, so the year holds the rows the
 * product keeps and no delta is left waiting.
 */
const DELTAS = 'rollupDeltas';

/** Stores a backup file does not hold (lib/store/backup.ts). */
const NOT_BACKED_UP: ReadonlySet<string> = new Set([...ROLLUP_STORES, ...DERIVED_STORES]);

class MemoryDatabase {
  readonly stores = new Map<string, Map<string, unknown>>();
  /** The stores it has: `runRecordCommand` writes roll-ups only where the store exists. */
  readonly objectStoreNames = {
    contains: (name: string) => this.stores.has(name) || name === DELTAS,
  };
  /** The `BY_RECORD` indexes: store → recordKey → keys */
  private readonly byRecord = new Map<string, Map<string, Set<string>>>();

  constructor() {
    for (const name of Object.keys(KEY_PATHS)) this.stores.set(name, new Map());
    for (const name of Object.keys(BY_RECORD)) this.byRecord.set(name, new Map());
  }

  static async from(db: Database): Promise<MemoryDatabase> {
    const memory = new MemoryDatabase();
    for (const name of Object.keys(KEY_PATHS)) {
      for (const value of await db.getAll(name as never)) memory.put(name, value);
    }
    return memory;
  }

  private keyOf(name: string, value: unknown): string {
    const object = value as Record<string, unknown>;
    return JSON.stringify(KEY_PATHS[name]!.map((path) => object[path]));
  }

  put(name: string, value: unknown): void {
    const key = this.keyOf(name, value);
    this.stores.get(name)!.set(key, value);
    const field = BY_RECORD[name]?.field;
    const recordKey = field === undefined ? undefined : (value as Record<string, string>)[field];
    if (recordKey !== undefined) {
      const index = this.byRecord.get(name)!;
      const keys = index.get(recordKey) ?? new Set();
      keys.add(key);
      index.set(recordKey, keys);
    }
  }

  get(name: string, query: unknown): unknown {
    const key = JSON.stringify(Array.isArray(query) ? query : [query]);
    const value = this.stores.get(name)!.get(key);
    return value;
  }

  delete(name: string, query: unknown): void {
    // Only roll-up rows are deleted by a record command (a day that counts nothing): no index.
    this.stores.get(name)!.delete(JSON.stringify(Array.isArray(query) ? query : [query]));
  }

  /** One command's roll-up delta, folded into the rows with the app's own fold. */
  private async fold(doc: RollupDeltaDoc): Promise<void> {
    const store = <Row>(name: string) => ({
      get: (key: [string, number, number]) => Promise.resolve(this.get(name, key) as Row),
      put: (row: Row) => Promise.resolve(this.put(name, row)),
      delete: (key: [string, number, number]) => Promise.resolve(this.delete(name, key)),
    });
    const stores = { day: store<DayRollup>('rollups'), flow: store<FlowRollup>('flowRollups') };
    const writes = await foldWrites(stores, [doc]);
    await Promise.all([
      ...writeRows(stores.day, writes.day),
      ...writeRows(stores.flow, writes.flow),
    ]);
  }

  transaction(): unknown {
    const objectStore = (name: string) => ({
      add: (value: unknown) =>
        name === DELTAS
          ? this.fold(value as RollupDeltaDoc)
          : Promise.reject(new Error(`no add on ${name}`)),
      get: (query: unknown) => Promise.resolve(this.get(name, query)),
      getKey: (query: unknown) =>
        Promise.resolve(this.get(name, query) === undefined ? undefined : query),
      getAll: () => Promise.resolve([...this.stores.get(name)!.values()]),
      put: (value: unknown) => Promise.resolve(this.put(name, value)),
      delete: (query: unknown) => Promise.resolve(this.delete(name, query)),
      index: (index: string) => ({
        getAll: (recordKey: string) => {
          // A seller's action reads its sequence's step statistics ahead (lib/store/record-tx.ts).
          if (name === 'stats' && index === 'bySequence')
            return Promise.resolve(
              [...this.stores.get(name)!.values()].filter(
                (doc) => (doc as { sequenceId: string }).sequenceId === recordKey,
              ),
            );
          const byRecord = this.byRecord.get(name);
          if (byRecord === undefined || index !== BY_RECORD[name]?.index)
            return Promise.reject(new Error(`no ${index}`));
          const store = this.stores.get(name)!;
          return Promise.resolve([...(byRecord.get(recordKey) ?? [])].map((key) => store.get(key)));
        },
      }),
    });
    // `db` and `mode`: the segments' cache is kept per database, and marked in a readwrite one;
    // `objectStoreNames`: the flow roll-ups are written where the transaction has their store.
    return {
      objectStore,
      objectStoreNames: this.objectStoreNames,
      done: Promise.resolve(),
      // A command commits once every write is requested; here each write is done already.
      commit: () => undefined,
      db: this,
      mode: 'readwrite',
    };
  }

  asDatabase(): Database {
    return this as unknown as Database;
  }

  /** The backup file shape (`createBackup`), from memory. */
  backupObject(now: number): { stores: Record<string, unknown[]> } & Record<string, unknown> {
    return {
      format: 'upnext-backup/v1',
      schemaVersion: 1,
      exportedAt: now,
      // Only the stores a backup holds: derived ones (roll-ups, segment inputs) are rebuilt.
      stores: Object.fromEntries(
        BACKUP_STORES.filter((name) => this.stores.has(name)).map((name) => [
          name,
          [...this.stores.get(name)!.values()],
        ]),
      ),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Generated packs

const TYPES = ['email', 'call', 'task', 'linkedin', 'wait'] as const;

function step(sequence: number, index: number, type: (typeof TYPES)[number]): unknown {
  const id = `s${index}`;
  switch (type) {
    case 'wait':
      return { id, type: 'wait', days: 1 + (index % 3) };
    case 'email':
      return {
        id,
        type: 'email',
        name: `Email ${index} of sequence ${sequence}`,
        template: {
          subject: `Quick question about {{company}}, {{firstName}}`,
          body: `Hi {{firstName}},\n\nFollowing up (${index}). Worth a short call this week?\n\n{{seller.name}}`,
        },
      };
    case 'call':
      return { id, type: 'call', name: `Call ${index}`, description: 'Short check-in call.' };
    case 'linkedin':
      return { id, type: 'linkedin', name: `LinkedIn touch ${index}`, action: 'introduction' };
    default:
      return { id, type: 'task', name: `Task ${index}`, description: 'Research the account.' };
  }
}

/** A pack of `sequences` lead sequences with `steps` steps each (no two waits in a row). */
export function generatePack(sequences: number, steps: number, prefix = 'bench'): string {
  const list = [];
  for (let s = 0; s < sequences; s++) {
    const stepList = [];
    for (let i = 0; i < steps; i++) {
      let type = TYPES[(s + i) % TYPES.length]!;
      if (type === 'wait' && (i === 0 || i === steps - 1)) type = 'task';
      stepList.push(step(s, i, type));
    }
    list.push({
      id: `${prefix}-${s}`,
      name: `${prefix} sequence ${s}`,
      description: `Generated for the benchmark: ${steps} steps.`,
      entity: 'lead',
      tags: ['bench', `group-${s % 10}`],
      exitOnReply: true,
      steps: stepList,
    });
  }
  return JSON.stringify({ format: 'upnext/v1', sequences: list });
}

// ---------------------------------------------------------------------------------------------
// A simulated year of heavy use

export interface YearOptions {
  sequences: number;
  stepsPerSequence: number;
  records: number;
  sequencesPerRecord: number;
  now: number;
}

/**
 * 50 sequences; 5,000 records; every record goes through several sequences one after another
 * over the past year: connect, then the seller completes (calls with an outcome), sometimes
 * skips or snoozes, adds a note now and then; waits end by time (`tick`) or are skipped; some
 * emails get opened/replied events. Returns the backup-shaped object (too big for one message).
 */
export async function simulateYear(options: YearOptions): Promise<{
  backup: { stores: Record<string, unknown[]> };
  commands: number;
}> {
  const start = options.now - 365 * DAY;
  const seed = await freshDatabase();
  await importAndActivate(
    seed,
    generatePack(options.sequences, options.stepsPerSequence, 'year'),
    start,
  );
  const memory = await MemoryDatabase.from(seed);
  seed.close();
  // A heavy year has insights open now and then: the roll-ups are built and kept live.
  memory.put('settings', settingDoc('rollupBuild', { state: 'built', builtAt: start }));
  const db = memory.asDatabase();
  let commands = 0;
  let rng = 12345;
  const random = () => {
    rng = (rng * 1103515245 + 12345) % 2147483648;
    return rng / 2147483648;
  };
  for (let r = 0; r < options.records; r++) {
    const record: SeedRecord = {
      ref: { crm: 'dynamics365', entity: 'lead', id: fakeGuid(r, 'c') },
      name: `Year Lead ${r}`,
      fields: {
        name: `Year Lead ${r}`,
        firstName: 'Year',
        company: `Company ${r % 700}`,
        email: `lead${r}@year.example`,
        phone: '+1 555 0100',
      },
    };
    // Start somewhere in the year; each sequence takes a few weeks.
    let now = start + Math.floor(random() * 300 * DAY);
    let first = true;
    for (let k = 0; k < options.sequencesPerRecord && now < options.now; k++) {
      const sequenceId = `year-${Math.floor(random() * options.sequences)}`;
      let state = await command(db, record, [{ type: 'connect', sequenceId }], now, first);
      commands++;
      first = false;
      for (let guard = 0; guard < options.stepsPerSequence * 3 && now < options.now; guard++) {
        const connection = state?.connections.find(
          (c) => c.sequenceId === sequenceId && c.status === 'active',
        );
        if (connection === undefined) break;
        const current = connection.current;
        if (current === null) break;
        const row = memory.get('connections', connection.id) as {
          kind: string | null;
          stepType: string | null;
          stepId: string | null;
        };
        const target = {
          connectionId: connection.id,
          stepId: row.stepId ?? '',
          revision: connection.revision,
        };
        now += Math.floor((0.2 + random()) * DAY);
        let next: Command;
        const roll = random();
        if (row.kind === 'waiting') {
          next = roll < 0.3 ? { type: 'skip-wait', ...target } : { type: 'tick' };
          if (next.type === 'tick') now += 3 * DAY;
        } else if (row.kind === 'needs-answer') {
          next = { type: 'answer-condition', answer: 'yes', ...target };
        } else if (roll < 0.05) {
          next = { type: 'snooze', until: now + DAY, ...target };
        } else if (roll < 0.1) {
          next = {
            type: 'add-note',
            note: `Spoke to the assistant; try again on ${new Date(now).toDateString()}.`,
            ...target,
          };
        } else if (roll < 0.2) {
          next = { type: 'skip', ...target };
        } else if (row.stepType === 'call') {
          next = { type: 'complete', outcome: roll < 0.6 ? 'no-answer' : 'voicemail', ...target };
        } else {
          next = { type: 'complete', ...target };
        }
        try {
          state = await command(db, record, [next], now);
        } catch {
          // Rejected (e.g. a snooze the engine refuses): the seller completes instead.
          state = await command(
            db,
            record,
            [{ type: 'complete', outcome: 'no-answer', ...target }],
            now,
          ).catch(() => state);
        }
        commands++;
        if (row.stepType === 'email' && next.type === 'complete' && random() < 0.3) {
          state = await command(
            db,
            record,
            [{ type: 'record-email-event', connectionId: connection.id, event: 'opened' }],
            now + 3_600_000,
          );
          commands++;
        }
      }
      now += Math.floor(random() * 10 * DAY);
    }
  }
  const backup = memory.backupObject(options.now);
  // Written store by store (not restored), so the year keeps its roll-ups and derived stores.
  for (const name of NOT_BACKED_UP) {
    const store = memory.stores.get(name);
    if (store !== undefined) backup.stores[name] = [...store.values()];
  }
  // The background's daily job (lib/store/retention.ts) keeps the event log within its window;
  // a year of use is measured as the database stands after it ran.
  const oldest = options.now - RETENTION.maxAgeMs;
  backup.stores['events'] = (backup.stores['events'] ?? []).filter(
    (event) => (event as { at: number }).at >= oldest,
  );
  return { backup, commands };
}

/** Records generated by the app's own code for a growth run; larger sizes are copies of them. */
const GROWTH_BASE = 1000;

/**
 * The stores for `count` connected leads, for the growth curves. Up to 1,000 leads come from
 * `connectedRecordsBackup` (the app's own code, one `connect` each, about 2.5 ms per lead).
 * Beyond that, those documents are copied with new identities (record GUID, lead number and
 * e-mail, connection and event ids) and the step statistics scaled, so 100,000 leads take seconds
 * instead of minutes; every copy is still a document the background wrote.
 * Lead n is named `Bench Lead n` (six digits) and its GUID is `fakeGuid(n)`.
 */
export async function growthStores(count: number, now: number): Promise<Record<string, unknown[]>> {
  const base = Math.min(count, GROWTH_BASE);
  const backup = JSON.parse(await connectedRecordsBackup([], now, { extraRecords: base })) as {
    stores: Record<string, { recordKey?: string; key?: string; id?: string }[]>;
  };
  const stores = backup.stores;
  const keyOf = (n: number) => `dynamics365|lead|${fakeGuid(n)}`;
  const grouped = (store: string) => {
    const map = new Map<string, unknown[]>();
    for (const doc of stores[store] ?? []) {
      const key = doc.recordKey ?? doc.key;
      if (key === undefined) continue;
      map.set(key, [...(map.get(key) ?? []), doc]);
    }
    return map;
  };
  const records = grouped('records');
  const connections = grouped('connections');
  const events = grouped('events');
  const out: Record<string, unknown[]> = {
    ...stores,
    records: [],
    connections: [],
    events: (stores['events'] ?? []).filter((event) => event.recordKey === undefined),
  };
  const rename = (text: string, from: number, to: number, ids: string[]): string => {
    let next = text
      .replaceAll(fakeGuid(from), fakeGuid(to))
      .replace(/Bench Lead \d+/g, `Bench Lead ${String(to).padStart(6, '0')}`)
      .replace(/lead\d+@bench\.example/g, `lead${String(to)}@bench.example`);
    // Copies get ids of their own: the copy number over the last four hex digits (event keys
    // start with their instant, lib/store/event-keys.ts, and keep it).
    const copy = Math.floor(to / base);
    if (copy > 0) {
      for (const id of ids)
        next = next.replaceAll(id, `${id.slice(0, -4)}${copy.toString(16).padStart(4, '0')}`);
    }
    return next;
  };
  for (let n = 0; n < count; n++) {
    const from = n % base;
    const key = keyOf(from);
    const docs = {
      records: records.get(key) ?? [],
      connections: connections.get(key) ?? [],
      events: events.get(key) ?? [],
    };
    const ids = [...docs.connections, ...docs.events].map((doc) => (doc as { id: string }).id);
    for (const [store, list] of Object.entries(docs)) {
      for (const doc of list)
        out[store]!.push(JSON.parse(rename(JSON.stringify(doc), from, n, ids)));
    }
  }
  // Step statistics count every lead: scale them with the copies.
  const factor = count / base;
  out['stats'] = (stores['stats'] ?? []).map((row) => {
    const scaled: Record<string, unknown> = { ...row };
    for (const [field, value] of Object.entries(row)) {
      if (typeof value === 'number') scaled[field] = Math.round(value * factor);
    }
    return scaled;
  });
  return out;
}
