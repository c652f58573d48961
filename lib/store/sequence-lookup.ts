/**
 * The engine reads sequences synchronously; IndexedDB is asynchronous. So a transaction first
 * loads exactly what one record can need, and hands the engine an in-memory lookup:
 * the versions its connections run on, the current version of a sequence it connects to, and
 * the targets of `move-to-sequence` steps in the sequences it is in.
 *
 * Definitions always come from the `versions` store (what was activated), never from a
 * sequence's working copy, which a manager may be editing while connections run. What the
 * worker kept from earlier reads (lib/store/kept-copy.ts) is not read again.
 */
import type { IDBPTransaction, StoreNames } from 'idb';

import type { RecordState, SequenceVersion } from '../engine/types';
import { walkSteps } from '../sequence/steps';
import type { Sequence } from '../sequence/types';
import type { UpnextDB } from './db';
import { keptSequences, type KeptSequence, type KeptSequences } from './kept-copy';
import type { SequenceDoc, VersionDoc } from './types';

export type SequenceLookup = (id: string, version?: number) => SequenceVersion | undefined;

type ReadTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readonly' | 'readwrite'>;

const versionKey = (id: string, version: number) => `${id}@${version}`;

/** A sequence and one of its versions, by id and version number. */
export type SequenceVersionRef = readonly [sequenceId: string, version: number];

/**
 * Reads of sequences and versions started early in a transaction, before the record that says
 * which ones it needs has been read (`prefetchSequences`), so both arrive in one round trip.
 * Being reads in the same transaction, they are what a read at the time of use would return.
 */
interface SequencePrefetch {
  sequences: Map<string, Promise<SequenceDoc | undefined>>;
  versions: Map<string, Promise<VersionDoc | undefined>>;
}

/**
 * Starts reading `refs` (a guess at what a record's lookup will need, e.g. what it needed last
 * time) in `tx`, but for what the worker kept. A wrong guess costs a read; what the guess missed
 * is read as usual.
 */
export function prefetchSequences(
  tx: ReadTx,
  refs: readonly SequenceVersionRef[],
): SequencePrefetch {
  const prefetch: SequencePrefetch = { sequences: new Map(), versions: new Map() };
  const known = keptSequences(tx.db);
  // A guess nobody uses must not surface as an unhandled rejection (an aborted transaction).
  const quiet = <T>(read: Promise<T>): Promise<T> => {
    read.catch(() => undefined);
    return read;
  };
  for (const [id, version] of refs) {
    if (!prefetch.sequences.has(id) && known.sequence(id) === undefined)
      prefetch.sequences.set(id, quiet(readSequence(tx, known, id)));
    const key = versionKey(id, version);
    if (!prefetch.versions.has(key) && known.version(id, version) === undefined)
      prefetch.versions.set(key, quiet(readVersion(tx, known, id, version)));
  }
  return prefetch;
}

/** Reads a `sequences` row in `tx`, kept for later reads unless a write overlapped. */
function readSequence(
  tx: ReadTx,
  known: KeptSequences,
  id: string,
): Promise<SequenceDoc | undefined> {
  const keep = known.readingSequence(id);
  return tx
    .objectStore('sequences')
    .get(id)
    .then((doc) => {
      keep(doc);
      return doc;
    });
}

/** Reads a `versions` row in `tx`, its definition kept for later reads unless a write overlapped. */
function readVersion(
  tx: ReadTx,
  known: KeptSequences,
  id: string,
  version: number,
): Promise<VersionDoc | undefined> {
  const keep = known.readingVersion(id, version);
  return tx
    .objectStore('versions')
    .get([id, version])
    .then((doc) => {
      keep(doc?.definition);
      return doc;
    });
}

/**
 * What the engine can need for a record in `state`: the versions its connections run on, the
 * current version of `extraSequenceIds` (sequences it connects to) and of the sequences its
 * active ones can move it to. `prefetch`: reads already started in `tx` (`prefetchSequences`).
 */
export async function loadSequenceLookup(
  tx: ReadTx,
  state: RecordState,
  extraSequenceIds: readonly string[] = [],
  prefetch?: SequencePrefetch,
): Promise<SequenceLookup> {
  const records = new Map<string, KeptSequence>();
  const versions = new Map<string, Sequence>();
  const known = keptSequences(tx.db);

  const loadRecord = async (id: string): Promise<KeptSequence | undefined> => {
    if (!records.has(id)) {
      const record =
        known.sequence(id) ?? (await (prefetch?.sequences.get(id) ?? readSequence(tx, known, id)));
      if (record) records.set(id, record);
    }
    return records.get(id);
  };
  const loadVersion = async (id: string, version: number): Promise<Sequence | undefined> => {
    const key = versionKey(id, version);
    if (!versions.has(key)) {
      const definition =
        known.version(id, version) ??
        (await (prefetch?.versions.get(key) ?? readVersion(tx, known, id, version)))?.definition;
      if (definition) versions.set(key, definition);
    }
    return versions.get(key);
  };
  const loadCurrent = async (id: string): Promise<Sequence | undefined> => {
    const record = await loadRecord(id);
    return record && record.version > 0 ? loadVersion(id, record.version) : undefined;
  };

  const pending: Promise<unknown>[] = [];
  for (const connection of state.connections) {
    pending.push(
      loadRecord(connection.sequenceId),
      loadVersion(connection.sequenceId, connection.version),
    );
  }
  for (const id of extraSequenceIds) pending.push(loadCurrent(id));
  await Promise.all(pending);

  // Second round: where the record's active sequences (or the one it connects to) can move it.
  const targets = new Set<string>();
  const scan = (definition: Sequence | undefined) => {
    if (!definition) return;
    for (const { step } of walkSteps(definition.steps)) {
      if (step.type === 'move-to-sequence') targets.add(step.sequence);
    }
  };
  for (const connection of state.connections) {
    if (connection.status === 'active')
      scan(versions.get(versionKey(connection.sequenceId, connection.version)));
  }
  for (const id of extraSequenceIds) {
    const record = records.get(id);
    if (record) scan(versions.get(versionKey(id, record.version)));
  }
  await Promise.all([...targets].map(loadCurrent));

  return (id, version) => {
    const record = records.get(id);
    const wanted = version ?? record?.version;
    if (wanted === undefined) return undefined;
    const definition = versions.get(versionKey(id, wanted));
    if (!definition) return undefined;
    const active = record?.state === 'active' && record.version === wanted;
    return { version: wanted, definition, active };
  };
}
