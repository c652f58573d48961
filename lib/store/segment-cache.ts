/**
 * The stored segments, compiled for routing and kept between record transactions (issue #17):
 * reading and deserialising every segment on each capture costs more than evaluating them, so
 * the background keeps them in memory, keyed by a revision token that every write to the
 * `segments` store replaces in the same transaction (`touchSegments`).
 *
 * The cache is only an optimisation. A transaction compares the stored token with the cached
 * one before using it (reads are transactional, so it never sees a half-written change); no
 * token (a reset database, or one from before tokens) means "read the store". A service worker
 * killed at any moment starts empty and reads the store once.
 */
import type { IDBPTransaction, StoreNames } from 'idb';

import { rankSegments, segmentFieldKeys, segmentsReadHost } from '../engine/segments';
import type { Entity, Segment } from '../sequence/types';
import type { UpnextDB } from './db';
import { readSetting, settingDoc } from './settings';
import type { SegmentDoc } from './types';

/** Stored segments in their order (ties in priority go to the earlier one). */
export function segmentsInOrder(docs: readonly SegmentDoc[]): Segment[] {
  return [...docs].sort((a, b) => a.order - b.order).map((doc) => doc.definition);
}

/** What routing needs of one kind of record, computed once per revision. */
interface EntitySegments {
  /** Active segments of the kind, best first (`rankSegments`). */
  ranked: readonly Segment[];
  /** The field keys they read (`segmentFieldKeys`): a capture changing none needs no evaluation. */
  keys: readonly string[];
  /** Whether any of them has a `host` condition (`segmentsReadHost`). */
  readsHost: boolean;
}

export interface CompiledSegments {
  /** Every stored segment in its order. */
  all: readonly Segment[];
  /** A segment's name by id. */
  names: ReadonlyMap<string, string>;
  /** Per kind of record, computed on first use. */
  of(entity: Entity): EntitySegments;
}

function compile(docs: readonly SegmentDoc[]): CompiledSegments {
  const all = segmentsInOrder(docs);
  const names = new Map(all.map((segment) => [segment.id, segment.name]));
  const byEntity = new Map<Entity, EntitySegments>();
  return {
    all,
    names,
    of(entity) {
      let entry = byEntity.get(entity);
      if (entry === undefined) {
        const ranked = rankSegments(all, entity);
        entry = {
          ranked,
          keys: segmentFieldKeys(all, entity),
          readsHost: segmentsReadHost(ranked),
        };
        byEntity.set(entity, entry);
      }
      return entry;
    },
  };
}

type SegmentsTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], IDBTransactionMode>;

/** One cache per open database (tests open many). */
const cache = new WeakMap<object, { revision: string; compiled: CompiledSegments }>();

/**
 * The stored segments, compiled, as `tx` (which must cover `segments` and `settings`) sees
 * them: from memory when the stored revision is the one cached, else read and cached.
 */
export async function loadSegments(tx: SegmentsTx): Promise<CompiledSegments> {
  const revision = await readSetting(tx.objectStore('settings'), 'segmentsRevision');
  const cached = cache.get(tx.db);
  if (revision !== undefined && cached?.revision === revision) return cached.compiled;
  const compiled = compile(await tx.objectStore('segments').getAll());
  if (revision !== undefined) cache.set(tx.db, { revision, compiled });
  else if (tx.mode === 'readwrite') {
    // No token (a restore or a reset forgot it): mark what was just read, in this transaction,
    // so the following captures use the cache instead of reading every segment again.
    const fresh = crypto.randomUUID();
    await (tx as IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readwrite'>)
      .objectStore('settings')
      .put(settingDoc('segmentsRevision', fresh));
    cache.set(tx.db, { revision: fresh, compiled });
  }
  return compiled;
}

/**
 * Marks the stored segments as changed: every transaction that writes the `segments` store
 * calls it (its `settings` store), so no cached copy of the old ones is used again.
 */
/**
 * Drops the token (a restore: the file's token, if any, says nothing about this database's
 * cache); the next read-write transaction that routes reads the store and marks it anew.
 */
export function forgetSegmentsRevision(settings: {
  delete(key: 'segmentsRevision'): Promise<unknown>;
}): Promise<unknown> {
  return settings.delete('segmentsRevision');
}

export function touchSegments(settings: {
  put(value: ReturnType<typeof settingDoc>): Promise<unknown>;
}): Promise<unknown> {
  return settings.put(settingDoc('segmentsRevision', crypto.randomUUID()));
}
