/**
 * The manager's side of segments (issue #17): what the console lists, saves, activates,
 * reorders, copies and deletes, the import's writes, the simulation over every known record,
 * the fields and values seen per kind of record (the why log's reader: segment-log.ts). Each
 * operation is one transaction; a segment is only active while its sequence can take records.
 */
import { t } from '../i18n';
import {
  compileSegmentCondition,
  rankSegments,
  recordView,
  segmentConditionHoldsFor,
} from '../engine/segments';
import type { ImportPlan } from '../sequence/plan';
import { validatePackValue } from '../sequence/parse';
import type { Problem } from '../sequence/problem';
import { segmentActivationProblems, type SegmentTarget } from '../sequence/segment-activation';
import { CRM_IDS, PACK_FORMAT, type Entity, type Segment } from '../sequence/types';
import type { Database } from './db';
import { segmentsInOrder, touchSegments } from './segment-cache';
import { putSegmentInput, entityRange, readSegmentInputs, segmentInputOf } from './segment-inputs';
import { quotedIds, readCustomCrms, StoreError } from './sequences-repo';
import type { RecordDoc, SegmentDoc, SequenceDoc } from './types';

/** A segment as the console lists it. */
export interface SegmentSummary {
  id: string;
  definition: Segment;
  state: 'active' | 'inactive';
  /** The target sequence's name; null when it does not exist. */
  sequenceName: string | null;
  /** Why it cannot be active (its sequence is missing, for another kind, or not active); empty when it can. */
  problems: string[];
  /** Records in the segment now. */
  members: number;
  updatedAt: number;
}

function targetOf(sequences: readonly SequenceDoc[]): (id: string) => SegmentTarget | undefined {
  const byId = new Map(sequences.map((doc) => [doc.id, doc]));
  return (id) => {
    const doc = byId.get(id);
    return doc === undefined
      ? undefined
      : { name: doc.definition.name, entity: doc.definition.entity, state: doc.state };
  };
}

/** The CRM ids a segment may name: the built-in ones and the stored custom CRMs. */
export async function knownCrmIds(db: Database): Promise<string[]> {
  return [...CRM_IDS, ...(await readCustomCrms(db)).map((crm) => crm.id)];
}

/** Every stored segment, in priority order per kind (then their order), with members and problems. */
export async function listSegmentSummaries(db: Database): Promise<SegmentSummary[]> {
  const [docs, sequences] = await Promise.all([db.getAll('segments'), db.getAll('sequences')]);
  const target = targetOf(sequences);
  const members = await Promise.all(
    docs.map((doc) => db.countFromIndex('records', 'bySegment', doc.id)),
  );
  const withMembers = docs.map((doc, index) => ({ doc, members: members[index] ?? 0 }));
  withMembers.sort(
    (a, b) =>
      a.doc.definition.entity.localeCompare(b.doc.definition.entity) ||
      a.doc.definition.priority - b.doc.definition.priority ||
      a.doc.order - b.doc.order,
  );
  return withMembers.map(({ doc, members: count }) => ({
    id: doc.id,
    definition: doc.definition,
    state: doc.definition.state ?? 'inactive',
    sequenceName: target(doc.definition.sequence)?.name ?? null,
    problems: segmentActivationProblems(doc.definition, target),
    members: count,
    updatedAt: doc.updatedAt,
  }));
}

/** Segments a pack asks for that cannot be active after the import stay inactive (the plan says why). */
function stateAfterImport(
  plan: ImportPlan['segments'][number] & { action: 'create' | 'update' },
): Segment {
  const definition = { ...plan.definition };
  if (plan.state === 'active' && plan.activationProblems.length > 0) definition.state = 'inactive';
  else definition.state = plan.state;
  return definition;
}

/**
 * The segment writes of an import, in the import's transaction: created ones come after the
 * stored ones, in the pack's order; updated ones keep their place.
 */
export async function writeImportedSegments(
  store: {
    getAll(): Promise<SegmentDoc[]>;
    put(value: SegmentDoc): Promise<unknown>;
  },
  settings: Parameters<typeof touchSegments>[0],
  plan: ImportPlan,
  now: number,
): Promise<void> {
  const changed = plan.segments.flatMap((item) => (item.action === 'unchanged' ? [] : [item]));
  if (changed.length === 0) return;
  const stored = new Map((await store.getAll()).map((doc) => [doc.id, doc]));
  let order = Math.max(-1, ...[...stored.values()].map((doc) => doc.order)) + 1;
  const writes: Promise<unknown>[] = [touchSegments(settings)];
  for (const item of changed) {
    const definition = stateAfterImport(item);
    const current = stored.get(item.id);
    writes.push(
      store.put(
        current === undefined
          ? { id: item.id, definition, order: order++, createdAt: now, updatedAt: now }
          : { ...current, definition, updatedAt: now },
      ),
    );
  }
  await Promise.all(writes);
}

/** Stored segments as a pack holds them (in their order), for export and the import's plan. */
export async function readSegments(db: Database): Promise<Segment[]> {
  return segmentsInOrder(await db.getAll('segments'));
}

function invalid(problems: Problem[], message: string): StoreError {
  return new StoreError('invalid-pack', message, problems);
}

/**
 * Saves a segment from the console's builder: checked exactly like a segment in a pack (one
 * rule, `lib/sequence`), then, when it is to be active, whether its sequence can take records.
 * `create`: the id must be new; otherwise it must exist (and keeps its place).
 */
export async function saveSegment(
  db: Database,
  definition: Segment,
  options: { create: boolean; now: number },
): Promise<SegmentDoc> {
  const sequences = await db.getAll('sequences');
  const checked = validatePackValue(
    { format: PACK_FORMAT, sequences: [], segments: [definition] },
    { existing: sequences, knownCrms: await knownCrmIds(db) },
  );
  if (!checked.ok) {
    throw invalid(
      checked.problems.map((problem) => ({
        ...problem,
        path: problem.path.replace(/^segments\[0\]\.?/, ''),
      })),
      t('errSegmentHasProblems'),
    );
  }
  const segment = checked.pack.segments?.[0] ?? definition;
  if (segment.state === 'active') {
    const problems = segmentActivationProblems(segment, targetOf(sequences));
    if (problems.length > 0) throw new StoreError('rejected', problems.join('. '), problems);
  }
  const tx = db.transaction(['segments', 'settings'], 'readwrite');
  const store = tx.objectStore('segments');
  const current = await store.get(segment.id);
  if (options.create && current !== undefined) {
    throw new StoreError('rejected', t('errSegmentIdTaken', segment.id));
  }
  if (!options.create && current === undefined) {
    throw new StoreError('not-found', t('errSegmentMissing', segment.id));
  }
  const all = await store.getAll();
  const doc: SegmentDoc =
    current === undefined
      ? {
          id: segment.id,
          definition: segment,
          order: Math.max(-1, ...all.map((d) => d.order)) + 1,
          createdAt: options.now,
          updatedAt: options.now,
        }
      : { ...current, definition: segment, updatedAt: options.now };
  await Promise.all([store.put(doc), touchSegments(tx.objectStore('settings'))]);
  await tx.done;
  return doc;
}

/**
 * Activates or deactivates a segment. Activation is refused, with the reason, while its
 * sequence is missing, for another kind of record, or not active.
 */
export async function setSegmentState(
  db: Database,
  id: string,
  state: 'active' | 'inactive',
  now: number,
): Promise<void> {
  const tx = db.transaction(['segments', 'sequences', 'settings'], 'readwrite');
  const doc = await tx.objectStore('segments').get(id);
  if (doc === undefined) throw new StoreError('not-found', t('errSegmentMissing', id));
  if (state === 'active') {
    const problems = segmentActivationProblems(
      doc.definition,
      targetOf(await tx.objectStore('sequences').getAll()),
    );
    if (problems.length > 0) throw new StoreError('rejected', problems.join('. '), problems);
  }
  await Promise.all([
    tx
      .objectStore('segments')
      .put({ ...doc, definition: { ...doc.definition, state }, updatedAt: now }),
    touchSegments(tx.objectStore('settings')),
  ]);
  await tx.done;
}

/**
 * The manager's order for one kind of record: `ids` best first. Priorities become 1, 2, 3… in
 * that order (and the order breaks no ties any more). Ids of other kinds or unknown ids are an
 * error; segments of that kind left out keep their place after the ones given.
 */
export async function reorderSegments(
  db: Database,
  entity: Entity,
  ids: readonly string[],
  now: number,
): Promise<void> {
  const tx = db.transaction(['segments', 'settings'], 'readwrite');
  const store = tx.objectStore('segments');
  const all = await store.getAll();
  const ofKind = all
    .filter((doc) => doc.definition.entity === entity)
    .sort((a, b) => a.definition.priority - b.definition.priority || a.order - b.order);
  const byId = new Map(ofKind.map((doc) => [doc.id, doc]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new StoreError('not-found', t('errSegmentsMissingForEntity', quotedIds(unknown)));
  }
  const ordered = [
    ...ids.flatMap((id) => byId.get(id) ?? []),
    ...ofKind.filter((doc) => !ids.includes(doc.id)),
  ];
  const orders = ordered.map((doc) => doc.order).sort((a, b) => a - b);
  await Promise.all([
    touchSegments(tx.objectStore('settings')),
    ...ordered.map((doc, index) =>
      store.put({
        ...doc,
        order: orders[index] ?? doc.order,
        definition: { ...doc.definition, priority: index + 1 },
        updatedAt: doc.definition.priority === index + 1 ? doc.updatedAt : now,
      }),
    ),
  ]);
  await tx.done;
}

/** A free id from `base`: `base-copy`, `base-copy-2`… (at most 64 characters). */
function freeId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** An inactive copy of a segment, last in its kind's order. */
export async function copySegment(db: Database, id: string, now: number): Promise<SegmentDoc> {
  const tx = db.transaction(['segments', 'settings'], 'readwrite');
  const store = tx.objectStore('segments');
  const all = await store.getAll();
  const doc = all.find((d) => d.id === id);
  if (doc === undefined) throw new StoreError('not-found', t('errSegmentMissing', id));
  const sameKind = all.filter((d) => d.definition.entity === doc.definition.entity);
  const copy: SegmentDoc = {
    id: freeId(id, new Set(all.map((d) => d.id))),
    definition: {
      ...structuredClone(doc.definition),
      name: `${doc.definition.name} (copy)`.slice(0, 160),
      state: 'inactive',
      priority: Math.max(...sameKind.map((d) => d.definition.priority)) + 1,
    },
    order: Math.max(...all.map((d) => d.order)) + 1,
    createdAt: now,
    updatedAt: now,
  };
  copy.definition.id = copy.id;
  await Promise.all([store.put(copy), touchSegments(tx.objectStore('settings'))]);
  await tx.done;
  return copy;
}

/**
 * Deletes a segment. Its members leave it (they stay connected to its sequence: a record never
 * leaves a sequence because of a segment's end); their why log stays.
 */
export async function deleteSegment(db: Database, id: string): Promise<{ released: number }> {
  const tx = db.transaction(
    ['segments', 'records', 'segmentInputs', 'segmentInputPacks', 'settings'],
    'readwrite',
  );
  if ((await tx.objectStore('segments').getKey(id)) === undefined) {
    throw new StoreError('not-found', t('errSegmentMissing', id));
  }
  await Promise.all([
    tx.objectStore('segments').delete(id),
    touchSegments(tx.objectStore('settings')),
  ]);
  let released = 0;
  let cursor = await tx.objectStore('records').index('bySegment').openCursor(id);
  while (cursor) {
    const next: RecordDoc = { ...cursor.value };
    delete next.segment;
    // What segments read of the record says it is in no segment now, like the record.
    const input = segmentInputOf(next);
    await Promise.all([
      cursor.update(next),
      ...(input === null ? [] : putSegmentInput(tx.objectStore('segmentInputs'), tx, input)),
    ]);
    released += 1;
    cursor = await cursor.continue();
  }
  await tx.done;
  return { released };
}

/** A record in a simulation's result. */
interface SimulatedRecord {
  key: string;
  name: string;
  url: string;
  /** The higher-priority active segment that holds it (it matches that one first), or its current segment it would not leave. */
  heldBy: { id: string; name: string; why: 'higher-priority' | 'stays-in-segment' } | null;
}

export interface SimulationResult {
  /** Records of the segment's kind this browser has seen. */
  total: number;
  /** Records whose fields match the criteria. */
  matching: number;
  /** Of those, the records the segment would get. */
  wouldEnter: number;
  /** Of those, the records another segment holds. */
  held: number;
  /** The first 200 matching records the segment would get, then the first 200 held apart. */
  records: SimulatedRecord[];
  heldRecords: SimulatedRecord[];
}

const SIMULATION_LIST_LIMIT = 200;

/**
 * "Simulate results": which of the records this browser has seen match `segment` (as written
 * in the builder, saved or not), and which of them another segment holds: a higher-priority
 * active segment that matches too, or the segment a record is in, unless this one allows moving
 * in. Changes nothing.
 */
export async function simulateSegment(
  db: Database,
  segment: Segment,
  clock: { now: number; timeZone: string },
): Promise<SimulationResult> {
  // What segments read of each record of the kind (not the full records: their segment too) and
  // the stored segments, in one snapshot.
  const { rows, segments: stored } = await readSegmentInputs(db, segment.entity, true);
  // The simulated segment takes its own place: where it is stored, else after every other one.
  const asActive: Segment = { ...segment, state: 'active' };
  const index = stored.findIndex((other) => other.id === segment.id);
  const others =
    index < 0 ? [...stored, asActive] : stored.map((other, i) => (i === index ? asActive : other));
  const ahead = rankSegments(others, segment.entity);
  const better = ahead.slice(
    0,
    ahead.findIndex((s) => s.id === segment.id),
  );
  // Compiled before the first record view, so each view decides a shared condition once.
  compileSegmentCondition(segment.where);
  for (const other of better) compileSegmentCondition(other.where);
  const names = new Map(stored.map((other) => [other.id, other.name]));
  const result: SimulationResult = {
    total: rows.length,
    matching: 0,
    wouldEnter: 0,
    held: 0,
    records: [],
    heldRecords: [],
  };
  for (const row of rows) {
    const view = recordView(
      { crm: row.crm, entity: row.entity, id: row.key, host: row.host, fields: row.fields },
      clock,
    );
    if (!segmentConditionHoldsFor(segment.where, view)) continue;
    result.matching += 1;
    const first = better.find((other) => segmentConditionHoldsFor(other.where, view));
    const current = row.segment;
    const stays =
      current !== null &&
      current !== segment.id &&
      names.has(current) &&
      segment.allowMoveIn !== true;
    const heldBy =
      first !== undefined
        ? { id: first.id, name: first.name, why: 'higher-priority' as const }
        : stays
          ? { id: current, name: names.get(current) ?? current, why: 'stays-in-segment' as const }
          : null;
    const item: SimulatedRecord = { key: row.key, name: row.name, url: row.url, heldBy };
    if (heldBy === null) {
      result.wouldEnter += 1;
      if (result.records.length < SIMULATION_LIST_LIMIT) result.records.push(item);
    } else {
      result.held += 1;
      if (result.heldRecords.length < SIMULATION_LIST_LIMIT) result.heldRecords.push(item);
    }
  }
  return result;
}

/** A field Upnext has seen on records of one kind, how often, and its most common values. */
export interface SeenField {
  key: string;
  records: number;
  values: string[];
}

const VALUES_PER_FIELD = 25;

/** The fields (and their most frequent values) seen on records of `entity`: the builder's picker. */
export async function seenFields(db: Database, entity: Entity): Promise<SeenField[]> {
  const { rows } = await readSegmentInputs(db, entity);
  const counts = new Map<string, { records: number; values: Map<string, number> }>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row.fields)) {
      const entry = counts.get(key) ?? { records: 0, values: new Map<string, number>() };
      entry.records += 1;
      if (value !== null && value !== '') {
        const text = String(value);
        entry.values.set(text, (entry.values.get(text) ?? 0) + 1);
      }
      counts.set(key, entry);
    }
  }
  return [...counts.entries()]
    .map(([key, entry]) => ({
      key,
      records: entry.records,
      values: [...entry.values.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, VALUES_PER_FIELD)
        .map(([value]) => value),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * One batch of "Run now": the keys of up to `limit` known records of `entity` after the key
 * `after` (null: from the first), in key order, whether more follow, and how many records of
 * that kind there are.
 */
export async function recordKeysBatch(
  db: Database,
  entity: Entity,
  after: string | null,
  limit: number,
): Promise<{ total: number; keys: string[]; more: boolean }> {
  const tx = db.transaction('segmentInputs', 'readonly');
  const [total, keys] = await Promise.all([
    tx.store.count(entityRange(entity)),
    // One key more than the batch says whether another batch follows.
    tx.store.getAllKeys(entityRange(entity, after), limit + 1),
  ]);
  await tx.done;
  return { total, keys: keys.slice(0, limit).map(([, key]) => key), more: keys.length > limit };
}
