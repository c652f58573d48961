/**
 * The engine reads sequences synchronously; IndexedDB is asynchronous. So a transaction first
 * loads exactly what one record can need, and hands the engine an in-memory lookup:
 * the versions its connections run on, the current version of a sequence it connects to, and
 * the targets of `move-to-sequence` steps in the sequences it is in.
 *
 * Definitions always come from the `versions` store (what was activated), never from a
 * sequence's working copy, which a manager may be editing while connections run.
 */
import type { IDBPTransaction, StoreNames } from 'idb';

import type { RecordState, SequenceVersion } from '../engine/types';
import { walkSteps } from '../sequence/steps';
import type { UpnextDB } from './db';
import type { SequenceDoc, VersionDoc } from './types';

export type SequenceLookup = (id: string, version?: number) => SequenceVersion | undefined;

type ReadTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readonly' | 'readwrite'>;

export async function loadSequenceLookup(
  tx: ReadTx,
  state: RecordState,
  extraSequenceIds: readonly string[] = [],
): Promise<SequenceLookup> {
  const records = new Map<string, SequenceDoc>();
  const versions = new Map<string, VersionDoc>();
  const versionKey = (id: string, version: number) => `${id}@${version}`;

  const loadRecord = async (id: string): Promise<SequenceDoc | undefined> => {
    if (!records.has(id)) {
      const record = await tx.objectStore('sequences').get(id);
      if (record) records.set(id, record);
    }
    return records.get(id);
  };
  const loadVersion = async (id: string, version: number): Promise<VersionDoc | undefined> => {
    const key = versionKey(id, version);
    if (!versions.has(key)) {
      const doc = await tx.objectStore('versions').get([id, version]);
      if (doc) versions.set(key, doc);
    }
    return versions.get(key);
  };
  const loadCurrent = async (id: string): Promise<VersionDoc | undefined> => {
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
  const scan = (doc: VersionDoc | undefined) => {
    if (!doc) return;
    for (const { step } of walkSteps(doc.definition.steps)) {
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
    const doc = versions.get(versionKey(id, wanted));
    if (!doc) return undefined;
    const active = record?.state === 'active' && record.version === wanted;
    return { version: doc.version, definition: doc.definition, active };
  };
}
