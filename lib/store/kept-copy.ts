/**
 * What the worker keeps of the database between messages, per open connection, and the one rule
 * that makes keeping it safe: every transaction that writes what is kept forgets it as it
 * starts and again when it settles (`forgetKept`), and a read that overlapped such a write is
 * not kept. Kept: of the `sequences` and `versions` stores, each sequence's current version and
 * state and the activated versions' definitions, as a record message last read them
 * (`loadSequenceLookup`, lib/store/sequence-lookup.ts); of `settings`, what every record message
 * reads and rarely changes (`KeptValues`: the CRM state of the sender check).
 *
 * Every seller's action and every panel read needs the versions its record's connections run
 * on, and they change only when a manager imports, edits, activates or deletes sequences, or a
 * backup is restored. Reading them again was two requests of every record transaction's first
 * round (bench action-round-trip) and of the panel's read after a navigation. The keeping is safe
 * because every transaction that writes either store calls `forgetKept` when it starts
 * (with its `done`, so it forgets again once committed or aborted), and a read that overlapped
 * such a write is not kept (a count of writes begun or ended). Only the
 * worker opens the database, so no other writer exists; a worker that restarts keeps nothing
 * and reads anew. Kept per open database connection.
 */
import { unwrap } from 'idb';

import type { CrmState } from '../crm/custom-registry';
import type { Sequence } from '../sequence/types';
import type { Database } from './db';
import type { SequenceDoc } from './types';

/** What a sequence lookup uses of a `sequences` row. */
export type KeptSequence = Readonly<Pick<SequenceDoc, 'version' | 'state'>>;

interface Kept {
  writes: number;
  sequences: Map<string, KeptSequence>;
  /** By `${sequenceId}@${version}`: the version's definition, frozen (callers share it). */
  versions: Map<string, Sequence>;
  settings: Map<string, unknown>;
}

const kept = new WeakMap<object, Kept>();

/** The browser's own database object behind `db` (a test may wrap idb's wrapper again). */
function rawDatabase(db: Database): object {
  let raw: object = db;
  for (;;) {
    const inner = unwrap(raw as Database) as object | undefined;
    if (inner === undefined) return raw;
    raw = inner;
  }
}

function keptFor(db: Database): Kept {
  const key = rawDatabase(db);
  let entry = kept.get(key);
  if (entry === undefined) {
    entry = { writes: 0, sequences: new Map(), versions: new Map(), settings: new Map() };
    kept.set(key, entry);
  }
  return entry;
}

const versionKey = (id: string, version: number) => `${id}@${version}`;

/** The kept copy of `db`: what is known now, and how to keep what a read returns. */
export interface KeptSequences {
  sequence(id: string): KeptSequence | undefined;
  version(id: string, version: number): Sequence | undefined;
  /**
   * Call when a read of `id`'s row is issued; give the row (or undefined: none) to what it
   * returns once the read is back. It is kept only if no write to the stores began or ended
   * in between.
   */
  readingSequence(id: string): (doc: SequenceDoc | undefined) => void;
  readingVersion(id: string, version: number): (definition: Sequence | undefined) => void;
}

/** The kept copy of `db`'s sequences and versions (see the module's comment). */
export function keptSequences(db: Database): KeptSequences {
  const entry = keptFor(db);
  return {
    sequence: (id) => entry.sequences.get(id),
    version: (id, version) => entry.versions.get(versionKey(id, version)),
    readingSequence(id) {
      const writes = entry.writes;
      return (doc) => {
        if (doc === undefined || entry.writes !== writes) return;
        entry.sequences.set(id, Object.freeze({ version: doc.version, state: doc.state }));
      };
    },
    readingVersion(id, version) {
      const writes = entry.writes;
      return (definition) => {
        if (definition === undefined || entry.writes !== writes) return;
        entry.versions.set(versionKey(id, version), deepFreeze(definition));
      };
    },
  };
}

/**
 * Forgets everything kept of `db` now, and again when `done` settles: every transaction that
 * writes the `sequences` or `versions` store, or a kept `settings` row (`KeptSettingKey`), calls
 * it as it starts, with its `done` (committed or aborted, what it wrote is then what a read
 * sees); so does a restore or a reset. A read that ran in between (even one inside the writing
 * transaction) is not kept.
 */
export function forgetKept(db: Database, done?: Promise<unknown>): void {
  const entry = keptFor(db);
  const forget = (): void => {
    entry.writes += 1;
    entry.sequences.clear();
    entry.versions.clear();
    entry.settings.clear();
  };
  forget();
  done?.then(forget, forget);
}

/**
 * What is kept of `settings`, by name: rows that every record message reads and that change
 * rarely (bench action-round-trip, panel-after-navigation).
 * - `crmState`: the five CRM rows of the sender check (lib/store/crm-settings.ts, whose writers
 *   forget it).
 */
export interface KeptValues {
  crmState: CrmState;
}

/** The kept value `key` of `db`, or undefined: then read it and keep it with `readingValue`. */
export function keptValue<K extends keyof KeptValues>(
  db: Database,
  key: K,
): KeptValues[K] | undefined {
  return keptFor(db).settings.get(key) as KeptValues[K] | undefined;
}

/**
 * Call as the read of `key` is issued; give what comes back to the function it returns, which
 * keeps it unless a write began or ended in between, and returns it frozen (callers share it).
 */
export function readingValue<K extends keyof KeptValues>(
  db: Database,
  key: K,
): (value: KeptValues[K]) => KeptValues[K] {
  const entry = keptFor(db);
  const writes = entry.writes;
  return (value) => {
    const frozen = deepFreeze(value);
    if (entry.writes === writes) entry.settings.set(key, frozen);
    return frozen;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
